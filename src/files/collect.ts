/**
 * Finds the Python files under the paths a user gives: files are taken as given (whatever their
 * extension); directories are walked, sorted, skipping caches, VCS folders and hidden entries.
 * Problems (missing paths, unreadable folders, broken links) come back as data.
 */
import { lstatSync, readdirSync, statSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";

export interface CollectOptions {
  /** File extensions taken when walking directories (default [".py"]). */
  extensions?: readonly string[];
  /** Directory names never entered. */
  skipDirs?: readonly string[];
  /** Enter hidden directories and take hidden files (default false). */
  includeHidden?: boolean;
  /** Follow symbolic links to directories (default false). */
  followSymlinks?: boolean;
}

export interface CollectProblem {
  path: string;
  reason: string;
}

export interface CollectResult {
  files: string[];
  problems: CollectProblem[];
}

export const DEFAULT_SKIP_DIRS: readonly string[] = [
  ".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", ".tox", ".nox", ".mypy_cache",
  ".pytest_cache", ".ruff_cache",
];

/** Collects files, sorted by path, each once. */
export function collectFiles(paths: readonly string[], options: CollectOptions = {}): CollectResult {
  const extensions = options.extensions ?? [".py"];
  const skip = new Set(options.skipDirs ?? DEFAULT_SKIP_DIRS);
  const files = new Set<string>();
  const problems: CollectProblem[] = [];

  const walk = (dir: string, seen: Set<string>): void => {
    let entries: Dirent[];
    try {
      entries = sortedEntries(dir);
    } catch (e) {
      problems.push({ path: dir, reason: describeFsError(e) });
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const hidden = entry.name.startsWith(".");
      if (entry.isSymbolicLink()) {
        let st;
        try {
          st = statSync(full);
        } catch (e) {
          if (extensions.some((x) => entry.name.endsWith(x))) problems.push({ path: full, reason: "broken symbolic link" });
          continue;
        }
        if (st.isDirectory()) {
          if (options.followSymlinks && !skip.has(entry.name) && (options.includeHidden || !hidden)) {
            const key = `${st.dev}:${st.ino}`;
            if (!seen.has(key)) walk(full, new Set(seen).add(key));
          }
          continue;
        }
        if (st.isFile() && (options.includeHidden || !hidden) && extensions.some((x) => entry.name.endsWith(x))) files.add(full);
        continue;
      }
      if (entry.isDirectory()) {
        if (skip.has(entry.name) || (hidden && !options.includeHidden)) continue;
        walk(full, seen);
      } else if (entry.isFile()) {
        if (hidden && !options.includeHidden) continue;
        if (extensions.some((x) => entry.name.endsWith(x))) files.add(full);
      }
    }
  };

  for (const p of paths) {
    let st;
    try {
      st = lstatSync(p);
    } catch (e) {
      problems.push({ path: p, reason: describeFsError(e) });
      continue;
    }
    if (st.isSymbolicLink()) {
      try {
        st = statSync(p);
      } catch {
        problems.push({ path: p, reason: "broken symbolic link" });
        continue;
      }
    }
    if (st.isDirectory()) {
      const s = statSync(p);
      walk(p, new Set([`${s.dev}:${s.ino}`]));
    } else files.add(p);
  }
  return { files: [...files].sort(), problems };
}

/** A short, user-facing reason for a file-system error. */
/** A folder's entries sorted by name (code-unit order: the same on every platform); throws as readdirSync. */
export function sortedEntries(dir: string): Dirent[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The sorted entries of a folder of a project walk, or null when it cannot be read or, below the
 * top (`depth` > 0), is a virtual environment (holds pyvenv.cfg): not the project's own code.
 */
export function projectEntries(dir: string, depth: number): Dirent[] | null {
  let entries: Dirent[];
  try {
    entries = sortedEntries(dir);
  } catch {
    return null;
  }
  return depth > 0 && entries.some((e) => e.name === "pyvenv.cfg") ? null : entries;
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "not a directory";
    case "EISDIR":
      return "is a directory";
    case "ELOOP":
      return "too many levels of symbolic links";
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** A path as shown to users: relative to `cwd` when inside it, POSIX separators. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  const shown = rel === "" ? "." : rel.startsWith("..") || rel.startsWith(sep) ? path : rel;
  return shown.split(sep).join("/");
}
