/**
 * Writing results safely: atomic replacement (a temporary file in the same folder, then rename),
 * file mode kept, optional backup copy; and the check that an output folder is not inside the input
 * tree (or the other way round) once `..` and symbolic links are resolved.
 */
import { existsSync, realpathSync } from "node:fs";
import { chmod, copyFile, mkdir, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";

export class OutputError extends Error {
  override readonly name = "OutputError";
}

/** Writes `bytes` to `path` atomically, with `mode` (default: the existing file's, else 0o644). */
export async function writeAtomic(path: string, bytes: Uint8Array, mode?: number): Promise<void> {
  const m = mode ?? (await stat(path).then((st) => st.mode & 0o7777, () => 0o644));
  const tmp = join(dirname(path), `.${basename(path)}.tsrs-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    await writeFile(tmp, bytes, { mode: m });
    await chmod(tmp, m); // writeFile's mode is masked by the umask
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Copies `from` to `backup` (keeping its mode), replacing an older backup. */
export async function writeBackup(from: string, backup: string): Promise<void> {
  await copyFile(from, backup);
  await chmod(backup, (await stat(from)).mode & 0o7777);
}

/**
 * Writes many files on libuv's threads, a few at a time: the calling thread goes on handing out
 * work to the minifier's threads while the disk is busy (writing a file can cost more than
 * minifying it). Each folder is created once however many files go into it.
 */
export class WriteQueue {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly folders = new Map<string, Promise<unknown>>();
  private readonly jobs: Array<Promise<void>> = [];

  constructor(private readonly limit = 16) {}

  /** Queues a write; its failure goes to `failed`, never thrown. */
  add(job: () => Promise<void>, failed: (e: Error) => void): void {
    this.jobs.push(
      this.slot()
        .then(job)
        .catch((e: unknown) => failed(e instanceof Error ? e : new Error(String(e))))
        .finally(() => this.release()),
    );
  }

  /** Writes `bytes` to `to` atomically, creating its folder. */
  write(to: string, bytes: Uint8Array, mode: number | undefined, failed: (e: Error) => void): void {
    this.add(async () => {
      await this.folder(dirname(to));
      await writeAtomic(to, bytes, mode);
    }, failed);
  }

  /** Copies a file into a mirror folder, creating its folder, keeping the mode. */
  copy(from: string, to: string, mode: number, failed: (e: Error) => void): void {
    this.add(async () => {
      await this.folder(dirname(to));
      await copyFile(from, to);
      await chmod(to, mode);
    }, failed);
  }

  /** Recreates a symbolic link (its target as written) in a mirror folder. */
  link(target: string, to: string, failed: (e: Error) => void): void {
    this.add(async () => {
      await this.folder(dirname(to));
      await rm(to, { force: true });
      await symlink(target, to);
    }, failed);
  }

  /** Waits for every queued write. */
  async drain(): Promise<void> {
    await Promise.all(this.jobs);
  }

  private folder(dir: string): Promise<unknown> {
    let made = this.folders.get(dir);
    if (!made) this.folders.set(dir, (made = mkdir(dir, { recursive: true })));
    return made;
  }

  private slot(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((go) => this.waiting.push(go));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
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
