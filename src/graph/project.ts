/**
 * The project's own code as the import system sees it: its Python files, the module name of each,
 * and the folders that act as `sys.path` roots.
 *
 * A file's root is the first folder above it without an `__init__.py` — the folder Python puts on
 * `sys.path` when the file runs as a script, and the one pytest's default import mode inserts for a
 * test file. The code folder itself and its `src/` folder (src layout) are roots too.
 *
 * Any folder is importable (PEP 420: a folder without `__init__.py` is a namespace package), so a
 * file has other names too: the dotted path from each folder above it up to the code folder
 * (`acme/tool/x.py` under `src/` is `tool.x` and `acme.tool.x`; `tests/test_a.py` is `test_a` and
 * `tests.test_a`). The module name is the package's for a file in a regular package, the longest
 * (from the code folder, or from `src/`) for one in a folder without `__init__.py`, so relative
 * imports in namespace packages climb as far as they can; the others are aliases, and every name
 * of every file is registered. When a regular package holds a folder without `__init__.py`
 * (Flask's `flask/sansio/`), the name goes on through it to the package (`flask.sansio.scaffold`).
 *
 * Walking skips VCS and cache folders, hidden folders, and any folder holding a `pyvenv.cfg`
 * (a virtual environment inside the project is not project code).
 */
import { existsSync, readdirSync, statSync, type Dirent } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { DEFAULT_SKIP_DIRS } from "../files/collect.js";
import { isStdlibModule } from "../venv/stdlib.js";

/** Whether a dotted name's top-level module is in the standard library of some Python 3.8–3.14. */
function isStdlibName(name: string): boolean {
  return isStdlibModule(name, 8) || isStdlibModule(name, 14);
}

export interface ProjectFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the code folder, POSIX separators (for reports). */
  rel: string;
  /** Dotted module name (`pkg.mod`, `pkg` for `pkg/__init__.py`). */
  module: string;
  /** Other names the file can be imported by (through namespace folders; sorted). */
  aliases: string[];
  isPackage: boolean;
  /** The `sys.path` root the module name is relative to. */
  root: string;
  /** Under a `tests`/`test` folder, or named `test_*.py`, `*_test.py`, `conftest.py`. */
  isTest: boolean;
}

export interface Project {
  codeDir: string;
  files: ProjectFile[];
  /** Search roots in order: the code folder, `src/`, then other roots (sorted). */
  roots: string[];
  /** Folders or files that could not be read. */
  problems: { path: string; reason: string }[];
}

const SKIP = new Set([...DEFAULT_SKIP_DIRS, "site-packages", "__pypackages__"]);

/** A file named as a test (`test_x.py`, `x_test.py`) or pytest's `conftest.py`. */
function isTestFileName(file: string): boolean {
  return /^test_.*\.py$/.test(file) || /_test\.py$/.test(file) || file === "conftest.py";
}

function isTestFolderName(name: string): boolean {
  return name === "tests" || name === "test";
}

/**
 * The `test`/`tests` folders of a set of files (relative paths) that hold tests: some file at or
 * below them is named as one. A folder of that name with no such file is a package like any
 * other (gcloud's `api_lib/firebase/test`, the "firebase test" commands' code).
 */
export function testFolders(rels: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const rel of rels) {
    const parts = rel.split("/");
    if (!isTestFileName(parts[parts.length - 1]!)) continue;
    for (let i = 0; i < parts.length - 1; i++) if (isTestFolderName(parts[i]!)) out.add(parts.slice(0, i + 1).join("/"));
  }
  return out;
}

/** Whether a file is test code: named as a test, or inside a folder of `folders` (see testFolders). */
export function isTestPath(rel: string, folders: ReadonlySet<string>): boolean {
  const parts = rel.split("/");
  if (isTestFileName(parts[parts.length - 1]!)) return true;
  for (let i = 0; i < parts.length - 1; i++) if (isTestFolderName(parts[i]!) && folders.has(parts.slice(0, i + 1).join("/"))) return true;
  return false;
}

/** Paths (relative to the code folder) that are not runtime code by default. */
export const DEFAULT_EXCLUDES: readonly string[] = ["setup.py", "noxfile.py", "docs", "doc"];

/**
 * Python files under `codeDir` with their module names. `exclude` holds paths relative to the
 * code folder (files or folders) or absolute folders to skip.
 */
export function collectProject(codeDir: string, options: { exclude?: readonly string[] } = {}): Project {
  const root = resolve(codeDir);
  const exclude = new Set((options.exclude ?? []).map((d) => resolve(root, d)));
  const problems: Project["problems"] = [];
  const paths: string[] = [];
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: dir, reason: (e as Error).message });
      return;
    }
    if (dir !== root && entries.some((e) => e.name === "pyvenv.cfg")) return;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !exclude.has(full)) walk(full);
      } else if (e.isFile() && e.name.endsWith(".py") && !exclude.has(full)) paths.push(full);
    }
  };
  walk(root);
  return describeFiles(root, paths, problems);
}

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** Describes given files (entry points) relative to a code folder. */
export function describeFiles(codeDir: string, paths: readonly string[], problems: Project["problems"] = []): Project {
  const root = resolve(codeDir);
  const initCache = new Map<string, boolean>();
  const hasInit = (dir: string): boolean => {
    let v = initCache.get(dir);
    if (v === undefined) {
      v = existsSync(join(dir, "__init__.py"));
      initCache.set(dir, v);
    }
    return v;
  };
  const roots = new Set<string>([root]);
  const src = join(root, "src");
  try {
    if (statSync(src).isDirectory()) roots.add(src);
  } catch {
    /* no src layout */
  }
  const files: ProjectFile[] = [];
  const rels = paths.map((p) => relative(root, resolve(p)).split(sep).join("/"));
  const folders = testFolders(rels);
  for (const [k, p] of paths.entries()) {
    const abs = resolve(p);
    let dir = dirname(abs);
    const parts: string[] = [];
    const file = basename(abs);
    const isPackage = file === "__init__.py";
    if (!isPackage) parts.push(file.replace(/\.py$/, ""));
    /** Prepends to `name` the folders of the package chain from `from` up; returns the folder above it. */
    const climb = (from: string, name: string[]): string => {
      let at = from;
      while (hasInit(at) && at !== dirname(at)) {
        name.unshift(basename(at));
        at = dirname(at);
      }
      return at;
    };
    dir = climb(dir, parts);
    roots.add(dir);
    // Above the root: the names through namespace folders, up to the code folder.
    const names: string[][] = [];
    const more = [...parts];
    let longest: string[] | null = null;
    let packageAbove: string[] | null = null;
    for (let up = dir; up !== root && up.startsWith(root + sep) && isIdentifier(basename(up)); up = dirname(up)) {
      more.unshift(basename(up));
      names.push([...more]);
      if (up !== src) longest = [...more];
      if (!packageAbove && hasInit(dirname(up))) {
        packageAbove = [...more];
        climb(dirname(up), packageAbove);
      }
    }
    // In a regular package the name is the package's (relative imports resolve from it); a file
    // in a folder without `__init__.py` takes the longest.
    const inPackage = isPackage || parts.length > 1;
    const module = (packageAbove ?? (inPackage ? parts : (longest ?? parts))).join(".");
    // An alias never takes a standard-library name: `tests/data/cases/collections.py` (black's
    // formatter input) is not what the project's `import collections` loads.
    const aliases = [...new Set([parts, ...names].map((n) => n.join(".")))].filter((n) => n !== module && n !== "" && !isStdlibName(n)).sort();
    const rel = rels[k]!;
    files.push({ path: abs, rel, module, aliases, isPackage, root: dir, isTest: isTestPath(rel, folders) });
  }
  const ordered = [...roots].sort((a, b) => {
    const rank = (x: string): number => (x === root ? 0 : x === src ? 1 : 2);
    return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  });
  return { codeDir: root, files, roots: ordered, problems };
}
