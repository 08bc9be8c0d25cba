/**
 * Writing results safely: atomic replacement (a temporary file in the same folder, then rename),
 * file mode kept, optional backup copy; and the check that an output folder is not inside the input
 * tree (or the other way round) once `..` and symbolic links are resolved.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";

export class OutputError extends Error {
  override readonly name = "OutputError";
}

/** Writes `bytes` to `path` atomically, with `mode` (default: the existing file's, else 0o644). */
export function writeAtomic(path: string, bytes: Uint8Array, mode?: number): void {
  let m = mode;
  if (m === undefined) {
    try {
      m = statSync(path).mode & 0o7777;
    } catch {
      m = 0o644;
    }
  }
  const tmp = join(dirname(path), `.${basename(path)}.tsrs-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    writeFileSync(tmp, bytes, { mode: m });
    chmodSync(tmp, m); // writeFileSync's mode is masked by the umask
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Copies `from` to `backup` (keeping its mode), replacing an older backup. */
export function writeBackup(from: string, backup: string): void {
  copyFileSync(from, backup);
  chmodSync(backup, statSync(from).mode & 0o7777);
}

/** Copies a file into a mirror folder, creating folders, keeping the mode. */
export function copyInto(from: string, to: string, mode: number): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  chmodSync(to, mode);
}

/** The real path of `p`, resolving symbolic links of its existing part (the rest may not exist yet). */
export function realPathLoose(p: string): string {
  let cur = resolve(p);
  const rest: string[] = [];
  for (;;) {
    if (existsSync(cur)) {
      try {
        return join(realpathSync(cur), ...rest.reverse());
      } catch {
        return join(cur, ...rest.reverse());
      }
    }
    const up = dirname(cur);
    if (up === cur) return join(cur, ...rest.reverse());
    rest.push(basename(cur));
    cur = up;
  }
}

function within(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/** Refuses an output folder inside the input tree, equal to it, or containing it. */
export function checkOutDir(inputDir: string, outDir: string): void {
  const input = realPathLoose(inputDir);
  const output = realPathLoose(outDir);
  if (within(input, output)) throw new OutputError(`the output folder ${outDir} is inside the input folder ${inputDir} (resolved: ${output})`);
  if (within(output, input)) throw new OutputError(`the output folder ${outDir} contains the input folder ${inputDir} (resolved: ${output})`);
}
