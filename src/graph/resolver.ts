/**
 * Module resolution as CPython's import system does it, over a modelled `sys.path`:
 * project roots, then the standard library, then site folders and the folders `.pth` files add,
 * then editable-install finders (appended to `sys.meta_path`, so consulted last).
 *
 * Within one folder the order is FileFinder's: a package folder with `__init__` first, then an
 * extension module (`name.cpython-311-x86_64-linux-gnu.so`, `name.abi3.so`, `name.so`, `.pyd`),
 * then `name.py`, then `name.pyc`; a folder without `__init__` is remembered as a namespace
 * portion and used only if no entry has a regular module (PEP 420). Sub-modules are looked up in
 * the parent's `__path__`, which for a namespace package is every portion.
 *
 * Folder listings are read once and cached; results are memoised per dotted name.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export type ModuleKind = "source" | "package" | "namespace" | "extension" | "bytecode" | "stdlib";
export type EntryOrigin = "project" | "site" | "pth" | "system" | "editable";

export interface SearchPathEntry {
  dir: string;
  origin: EntryOrigin;
  /** Caller-defined tag (e.g. the index of the `.pth` file that added the entry), -1 if none. */
  tag: number;
}

export interface EditableMapping {
  /** Top-level import name. */
  name: string;
  /** Package folder or module file. */
  path: string;
  tag: number;
}

export interface ResolvedModule {
  name: string;
  kind: ModuleKind;
  /** The file executed on import (`__init__.py` for a package); null for namespace and stdlib modules. */
  file: string | null;
  /** `__path__` for packages and namespace packages; empty for plain modules. */
  dirs: string[];
  /** How the top-level package was found. */
  origin: EntryOrigin | "stdlib";
  /** Tag of the search entry (or editable mapping) that supplied the top-level name, -1 if none. */
  tag: number;
}

export interface ResolverOptions {
  projectRoots: readonly string[];
  entries: readonly SearchPathEntry[];
  editable: readonly EditableMapping[];
  stdlib: ReadonlySet<string>;
  /** Python minor version (selects valid extension-module tags). */
  minor: number;
  /** "t" for free-threaded builds. */
  abiFlags?: string;
}

interface DirListing {
  files: Set<string>;
  dirs: Set<string>;
}

export class ModuleResolver {
  private readonly listings = new Map<string, DirListing>();
  private readonly memo = new Map<string, ResolvedModule | null>();
  private readonly extTag: RegExp;
  readonly entries: SearchPathEntry[];

  constructor(private readonly options: ResolverOptions) {
    const t = options.abiFlags ?? "";
    this.extTag = new RegExp(`^\\.(?:cpython-3${options.minor}${t}(?:-[^.]+)?|abi3|cp3${options.minor}${t}-[^.]+)?\\.(?:so|pyd)$`);
    this.entries = [...options.projectRoots.map((dir) => ({ dir, origin: "project" as const, tag: -1 })), ...options.entries];
  }

  /** The folder's entries (cached); an unreadable folder is empty. */
  listing(dir: string): DirListing {
    let l = this.listings.get(dir);
    if (l) return l;
    l = { files: new Set(), dirs: new Set() };
    try {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) l.dirs.add(e.name);
        else if (e.isSymbolicLink()) {
          // A linked folder can be a package.
          try {
            if (statSync(join(dir, e.name)).isDirectory()) l.dirs.add(e.name);
            else l.files.add(e.name);
          } catch {
            /* broken link: not importable */
          }
        } else l.files.add(e.name);
      }
    } catch {
      /* missing or unreadable: nothing importable here */
    }
    this.listings.set(dir, l);
    return l;
  }

  /** Extension-module file for `name` in a listing, if any (CPython tries tagged suffixes first). */
  private extensionFile(l: DirListing, name: string): string | null {
    let plain: string | null = null;
    for (const f of l.files) {
      if (!f.startsWith(name + ".")) continue;
      const rest = f.slice(name.length);
      if (!this.extTag.test(rest)) continue;
      if (rest === ".so" || rest === ".pyd") plain = f;
      else return f;
    }
    return plain;
  }

  /**
   * One FileFinder lookup: a module or package named `name` in `dir`, or a namespace portion
   * (kind "namespace" with the folder), or null.
   */
  findIn(dir: string, name: string): { kind: ModuleKind; file: string | null; dir: string | null } | null {
    const l = this.listing(dir);
    if (l.dirs.has(name)) {
      const pkg = join(dir, name);
      const inner = this.listing(pkg);
      if (inner.files.has("__init__.py")) return { kind: "package", file: join(pkg, "__init__.py"), dir: pkg };
      const ext = this.extensionFile(inner, "__init__");
      if (ext) return { kind: "package", file: join(pkg, ext), dir: pkg };
      if (inner.files.has("__init__.pyc")) return { kind: "package", file: join(pkg, "__init__.pyc"), dir: pkg };
    }
    const ext = this.extensionFile(l, name);
    if (ext) return { kind: "extension", file: join(dir, ext), dir: null };
    if (l.files.has(name + ".py")) return { kind: "source", file: join(dir, name + ".py"), dir: null };
    if (l.files.has(name + ".pyc")) return { kind: "bytecode", file: join(dir, name + ".pyc"), dir: null };
    if (l.dirs.has(name)) return { kind: "namespace", file: null, dir: join(dir, name) };
    return null;
  }

  /** Resolves a dotted absolute module name, or null when Python would raise ModuleNotFoundError. */
  resolve(name: string): ResolvedModule | null {
    const hit = this.memo.get(name);
    if (hit !== undefined) return hit;
    let result: ResolvedModule | null;
    const dot = name.lastIndexOf(".");
    if (dot < 0) result = this.resolveTop(name);
    else {
      const parent = this.resolve(name.slice(0, dot));
      result = parent ? this.resolveSub(parent, name.slice(dot + 1), name) : null;
    }
    this.memo.set(name, result);
    return result;
  }

  private resolveTop(name: string): ResolvedModule | null {
    const portions: string[] = [];
    let portionOrigin: EntryOrigin | null = null;
    let portionTag = -1;
    let stdlibChecked = false;
    for (const e of this.entries) {
      if (!stdlibChecked && e.origin !== "project") {
        stdlibChecked = true;
        if (this.options.stdlib.has(name)) return { name, kind: "stdlib", file: null, dirs: [], origin: "stdlib", tag: -1 };
      }
      const f = this.findIn(e.dir, name);
      if (!f) continue;
      if (f.kind === "namespace") {
        portions.push(f.dir!);
        if (portionOrigin === null) {
          portionOrigin = e.origin;
          portionTag = e.tag;
        }
        continue;
      }
      return { name, kind: f.kind, file: f.file, dirs: f.dir ? [f.dir] : [], origin: e.origin, tag: e.tag };
    }
    if (!stdlibChecked && this.options.stdlib.has(name)) return { name, kind: "stdlib", file: null, dirs: [], origin: "stdlib", tag: -1 };
    if (portions.length > 0) return { name, kind: "namespace", file: null, dirs: portions, origin: portionOrigin!, tag: portionTag };
    for (const m of this.options.editable) {
      if (m.name !== name) continue;
      const l = this.listing(m.path);
      if (l.files.size > 0 || l.dirs.size > 0) {
        const init = l.files.has("__init__.py") ? join(m.path, "__init__.py") : null;
        return { name, kind: init ? "package" : "namespace", file: init, dirs: [m.path], origin: "editable", tag: m.tag };
      }
      return { name, kind: m.path.endsWith(".py") ? "source" : "extension", file: m.path, dirs: [], origin: "editable", tag: m.tag };
    }
    return null;
  }

  private resolveSub(parent: ResolvedModule, last: string, name: string): ResolvedModule | null {
    if (parent.kind === "stdlib") return { ...parent, name };
    const portions: string[] = [];
    for (const dir of parent.dirs) {
      const f = this.findIn(dir, last);
      if (!f) continue;
      if (f.kind === "namespace") {
        portions.push(f.dir!);
        continue;
      }
      return { name, kind: f.kind, file: f.file, dirs: f.dir ? [f.dir] : [], origin: parent.origin, tag: parent.tag };
    }
    if (portions.length > 0) return { name, kind: "namespace", file: null, dirs: portions, origin: parent.origin, tag: parent.tag };
    return null;
  }

  /**
   * Every module below a package (not the package itself), by dotted name, in sorted order:
   * what "keep the package whole" has to follow. A package's own test suite (`tests`, `test`,
   * `testing/tests`…) is left out: only a test runner loads it.
   */
  submodules(pkg: ResolvedModule): ResolvedModule[] {
    const out: ResolvedModule[] = [];
    const seen = new Set<string>();
    const visit = (m: ResolvedModule): void => {
      const names = new Set<string>();
      for (const dir of m.dirs) {
        const l = this.listing(dir);
        for (const f of l.files) {
          const mm = /^([A-Za-z_][A-Za-z0-9_]*)(\..+)?\.(py|pyc|so|pyd)$/.exec(f);
          if (mm && mm[1] !== "__init__" && mm[1] !== "conftest" && !/^test_/.test(mm[1]!)) names.add(mm[1]!);
        }
        for (const d of l.dirs) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(d) && d !== "__pycache__" && d !== "tests" && d !== "test") names.add(d);
      }
      for (const n of [...names].sort()) {
        const full = `${m.name}.${n}`;
        if (seen.has(full)) continue;
        seen.add(full);
        const r = this.resolve(full);
        if (!r) continue;
        if (r.kind === "namespace" && !r.dirs.some((d) => this.hasPython(d))) continue; // a data folder
        out.push(r);
        if (r.kind === "package" || r.kind === "namespace") visit(r);
      }
    };
    if (pkg.kind === "package" || pkg.kind === "namespace") visit(pkg);
    return out;
  }

  /**
   * `__path__ = pkgutil.extend_path(__path__, __name__)`: the package's path grows by every
   * same-named folder on the search path (or in the parent's path, for a sub-package).
   */
  extendPath(m: ResolvedModule): void {
    if (m.kind !== "package" && m.kind !== "namespace") return;
    const dot = m.name.lastIndexOf(".");
    const last = m.name.slice(dot + 1);
    const bases = dot < 0 ? this.entries.map((e) => e.dir) : (this.resolve(m.name.slice(0, dot))?.dirs ?? []);
    let grew = false;
    for (const b of bases) {
      if (!this.listing(b).dirs.has(last)) continue;
      const d = join(b, last);
      if (!m.dirs.includes(d)) {
        m.dirs.push(d);
        grew = true;
      }
    }
    if (!grew) return;
    // Earlier look-ups below it saw the shorter path.
    for (const k of [...this.memo.keys()]) if (k.startsWith(m.name + ".")) this.memo.delete(k);
  }

  private hasPython(dir: string, depth = 0): boolean {
    const l = this.listing(dir);
    for (const f of l.files) if (/\.(py|pyc|so|pyd)$/.test(f)) return true;
    if (depth > 3) return false;
    for (const d of l.dirs) if (d !== "__pycache__" && this.hasPython(join(dir, d), depth + 1)) return true;
    return false;
  }
}
