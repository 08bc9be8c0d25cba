/**
 * Writing a cache file so that readers never see half of it: the bytes go to a temporary file
 * beside it (a name of this process and a random suffix, so concurrent runs do not collide), which
 * then replaces the file. A failure leaves no temporary file behind and is only reported: caches
 * are an optimisation, never a reason to fail.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Writes `data` to `file` atomically (making its folder); false when it could not. */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): boolean {
  const tmp = `${file}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, file);
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}
