/**
 * The files of a directory tree for `minify-dir`, `minify-plan-dir` and `apply-plan-dir`: walked in
 * sorted order; VCS folders, caches, virtual environments and `node_modules` skipped; hidden folders
 * entered only on request, hidden files listed but minified only on request (a package may read
 * its `.config`: a mirror must have it); symbolic links followed only on request (loops detected),
 * otherwise listed as links (a mirror recreates them); `.gitignore` files honoured on request.
 * Each file is either minified (matches an include glob and no exclude glob; excludes win) or, in
 * mirror mode, copied as it is.
 */
import { readFileSync, readlinkSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import { join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { describeFsError, sortedEntries } from "../files/collect.js";

export const DEFAULT_SKIP = [".git", ".hg", ".svn", "__pycache__", ".venv", "node_modules", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache"];

export interface TreeOptions {
  /** Globs (relative to the root, POSIX) of files to minify; default `**\/*.py`. */
  include?: readonly string[];
  /** Globs of files never minified (copied as they are in mirror mode). */
  exclude?: readonly string[];
  respectGitignore?: boolean;
  includeHidden?: boolean;
  followSymlinks?: boolean;
  /** Directory levels below the root to enter (0: the root's own files only); default unlimited. */
  maxDepth?: number;
  /** Directories to leave out entirely (absolute paths), e.g. an output folder inside the tree. */
  skipPaths?: readonly string[];
}

export interface TreeEntry {
  /** Absolute path. */
  path: string;
  /** Relative to the root, POSIX separators. */
  rel: string;
  /** Minify it (true) or copy it (false). */
  minify: boolean;
  mode: number;
  /** Size in bytes. */
  size: number;
  /**
   * A symbolic link that is not followed: its target as written (never minified; a mirror
   * recreates the link).
   */
  link?: string;
}

export interface TreeProblem {
  path: string;
  reason: string;
}

export interface TreeListing {
  files: TreeEntry[];
  problems: TreeProblem[];
}

export function listTree(root: string, options: TreeOptions = {}): TreeListing {
  const include = picomatch(options.include && options.include.length ? [...options.include] : ["**/*.py"], { dot: true });
  const excludeGlobs = options.exclude ?? [];
  const exclude = excludeGlobs.length ? picomatch([...excludeGlobs], { dot: true }) : null;
  const skip = new Set(DEFAULT_SKIP);
  const skipPaths = new Set(options.skipPaths ?? []);
  const maxDepth = options.maxDepth ?? Infinity;
  const files: TreeEntry[] = [];
  const problems: TreeProblem[] = [];
  const ignores: Array<{ base: string; ig: Ignore }> = [];

  const ignored = (rel: string, isDir: boolean): boolean => {
    for (const { base, ig } of ignores) {
      if (base && !rel.startsWith(base + "/")) continue;
      const sub = base ? rel.slice(base.length + 1) : rel;
      if (ig.ignores(isDir ? sub + "/" : sub)) return true;
    }
    return false;
  };

  const linkEntry = (full: string, rel: string): void => {
    try {
      files.push({ path: full, rel, minify: false, mode: 0o777, size: 0, link: readlinkSync(full) });
    } catch (e) {
      problems.push({ path: full, reason: describeFsError(e) });
    }
  };

  const walk = (dir: string, rel: string, depth: number, seen: Set<string>): void => {
    let entries: Dirent[];
    try {
      entries = sortedEntries(dir);
    } catch (e) {
      problems.push({ path: dir, reason: describeFsError(e) });
      return;
    }
    let pushed = false;
    if (options.respectGitignore && entries.some((e) => e.name === ".gitignore" && e.isFile())) {
      try {
        ignores.push({ base: rel, ig: ignore().add(readFileSync(join(dir, ".gitignore"), "utf8")) });
        pushed = true;
      } catch (e) {
        problems.push({ path: join(dir, ".gitignore"), reason: describeFsError(e) });
      }
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const hidden = entry.name.startsWith(".") && !options.includeHidden;
      let st: Stats;
      try {
        st = statSync(full);
      } catch {
        problems.push({ path: full, reason: "broken symbolic link" });
        continue;
      }
      if (st.isDirectory()) {
        if (hidden || skip.has(entry.name) || skipPaths.has(full)) continue;
        if (depth >= maxDepth) continue;
        if (options.respectGitignore && ignored(childRel, true)) continue;
        if (entry.isSymbolicLink() && !options.followSymlinks) {
          linkEntry(full, childRel);
          continue;
        }
        let key: string;
        try {
          key = realpathSync(full);
        } catch (e) {
          problems.push({ path: full, reason: describeFsError(e) });
          continue;
        }
        if (seen.has(key)) {
          problems.push({ path: full, reason: "symbolic link loop (skipped)" });
          continue;
        }
        walk(full, childRel, depth + 1, new Set(seen).add(key));
        continue;
      }
      if (!st.isFile()) continue;
      if (options.respectGitignore && ignored(childRel, false)) continue;
      if (entry.isSymbolicLink() && !options.followSymlinks) {
        linkEntry(full, childRel);
        continue;
      }
      const minify = !hidden && include(childRel) && !(exclude && exclude(childRel));
      files.push({ path: full, rel: childRel, minify, mode: st.mode & 0o7777, size: st.size });
    }
    if (pushed) ignores.pop();
  };

  let rootKey: string;
  try {
    rootKey = realpathSync(root);
    if (!statSync(root).isDirectory()) {
      problems.push({ path: root, reason: "not a directory" });
      return { files, problems };
    }
  } catch (e) {
    problems.push({ path: root, reason: describeFsError(e) });
    return { files, problems };
  }
  walk(root, "", 0, new Set([rootKey]));
  return { files, problems };
}

/** Reads a glob list file: one glob per line, blank lines and `#` comments ignored. */
export function readGlobFile(path: string): string[] {
  return readFileSync(path, "utf8")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

/** `rel` as a path under `root` when it stays inside it, else null. */
export function insideRoot(root: string, rel: string): string | null {
  const full = join(root, rel);
  const back = relative(root, full);
  if (back === "" || back.startsWith("..") || back.startsWith(sep) || /^[A-Za-z]:/.test(back)) return null;
  return full;
}
