/**
 * The whole program: every file's facts linked into one graph with global numeric ids.
 *
 * Nodes are definitions (global id = file base + local index) and, after them, one "module code"
 * node per file (the statements that run on import). Edges come from the files' facts, resolved
 * across modules here: dotted paths (`from a import f`, `import a; a.f`, `pkg.sub.Cls.meth`,
 * re-exports through `__init__`, relative imports already made absolute) are looked up module by
 * module, following import definitions and falling back to sub-modules and star imports; what
 * stays unresolved names code outside the program (the standard library, dependencies).
 *
 * Attribute uses stay by name (`attrTargets`, `memberTargets`): which class an attribute belongs
 * to is rarely known statically, so a use of `.name` on an unknown receiver reaches every member
 * named `name` — precision over recall.
 */
import { DefFlag, DefKind, EdgeKind, FileFlag, type FileFacts } from "./facts.js";

export interface ProgramFile {
  /** Absolute path. */
  path: string;
  /** Path for reports (relative to the analysed folder, POSIX). */
  rel: string;
  module: string;
  /** Other names the file can be imported by (namespace folders, project/project.ts), if any. */
  aliases?: readonly string[];
  isPackage: boolean;
  isTest: boolean;
  /** pytest collects it (a test module by `python_files`, or `conftest.py`); absent: by the default names. */
  collected?: boolean;
  /** Code outside the project (a dependency in site-packages): linked, never reported. */
  external: boolean;
  /** Distribution owning an external file, "" otherwise. */
  dist: string;
  facts: FileFacts;
}

/** Every name a file can be imported by: its module name, then its aliases. */
export function moduleNames(f: ProgramFile): string[] {
  return [f.module, ...(f.aliases ?? [])];
}

/** How a resolved edge reached its target (for reasons and the call graph). */
export const LinkKind = { Ref: 0, String: 1, Import: 2, Star: 3 } as const;
export type LinkKind = (typeof LinkKind)[keyof typeof LinkKind];

export interface ClassInfo {
  /** Project (or linked dependency) classes among the bases, by global def id. */
  bases: number[];
  /** External bases by dotted name (`json.JSONEncoder`, `builtins.dict`). */
  external: string[];
  /** Some base is not statically known (a call, a variable, an unresolved name). */
  unknown: boolean;
  /** The `metaclass=` keyword's descriptor (`abc.ABCMeta`, `def:<i>`, `?name`), or null. */
  metaclass: string | null;
}

export class Program {
  readonly defCount: number;
  readonly nodeCount: number;
  /** Global def id → file, and → local index in the file's facts. */
  readonly defFile: Int32Array;
  readonly defLocal: Int32Array;
  readonly fileBase: Int32Array;
  /** Global id of the parent def (-1 at module level). */
  readonly defParent: Int32Array;
  /** Module name → files (several files can claim a name: scripts in different folders). */
  readonly modules = new Map<string, number[]>();
  /** Names of packages without a file (PEP 420 namespace folders): prefixes of module names that are no module. */
  readonly namespaces = new Set<string>();
  /** Functions building attribute names from a parameter (`prefixParams` of the facts), by global def id. */
  private readonly prefixParams = new Map<number, Array<{ index: number; lead: string; sep: string }>>();
  /** Per file: module-level definitions by name. */
  readonly moduleDefs: Map<string, number[]>[];
  /** Class members (methods, properties, nested classes) by name, program-wide. */
  readonly membersByName = new Map<string, number[]>();
  /** Module-level definitions by name, program-wide. */
  readonly topByName = new Map<string, number[]>();
  /** Members of each class def. */
  readonly membersOf = new Map<number, number[]>();
  /** Resolved outgoing edges per node (def ids or module-code nodes). */
  readonly defTargets: number[][];
  readonly defTargetKinds: LinkKind[][];
  readonly attrTargets: string[][];
  readonly memberTargets: string[][];
  readonly prefixTargets: string[][];
  /** Per node: modules whose code it loads (`import a.b` loads a and a.b) — file ids. */
  readonly moduleTargets: number[][];
  /** Per node: classes all of whose members (inherited ones and their subclasses' too) it may call by computed name. */
  readonly dynamicMemberTargets: number[][];
  readonly classes = new Map<number, ClassInfo>();
  /** Direct subclasses per class def. */
  readonly subclasses = new Map<number, number[]>();
  /** Identifier-like strings anywhere in the program (non-external files). */
  readonly strings = new Set<string>();
  private readonly pathMemo = new Map<string, PathResult>();

  constructor(readonly files: readonly ProgramFile[]) {
    let n = 0;
    this.fileBase = new Int32Array(files.length);
    files.forEach((f, i) => {
      this.fileBase[i] = n;
      n += f.facts.defKind.length;
    });
    this.defCount = n;
    this.nodeCount = n + files.length;
    this.defFile = new Int32Array(n);
    this.defLocal = new Int32Array(n);
    this.defParent = new Int32Array(n);
    this.moduleDefs = files.map(() => new Map());
    files.forEach((f, fi) => {
      // A top-level `__main__.py` is only ever run as a script: `import __main__` means the
      // running program, not this file.
      for (const name of moduleNames(f)) {
        if (name === "__main__") continue;
        const l = this.modules.get(name);
        if (l) l.push(fi);
        else this.modules.set(name, [fi]);
      }
      const base = this.fileBase[fi]!;
      const facts = f.facts;
      for (let i = 0; i < facts.defKind.length; i++) {
        const g = base + i;
        this.defFile[g] = fi;
        this.defLocal[g] = i;
        const p = facts.defParent[i]!;
        this.defParent[g] = p < 0 ? -1 : base + p;
        const name = facts.defName[i]!;
        if (p < 0) {
          push(this.moduleDefs[fi]!, name, g);
          push(this.topByName, name, g);
        } else if (facts.defFlags[i]! & DefFlag.Member) {
          push(this.membersByName, name, g);
          const parent = base + p;
          const list = this.membersOf.get(parent);
          if (list) list.push(g);
          else this.membersOf.set(parent, [g]);
        }
      }
      if (!f.external) for (const s of facts.strings) this.strings.add(s);
    });
    files.forEach((f, fi) => {
      for (const entry of f.facts.prefixParams ?? []) {
        const [def, index, lead, sep] = entry.split("\0") as [string, string, string, string];
        const g = this.fileBase[fi]! + Number(def);
        const list = this.prefixParams.get(g) ?? [];
        list.push({ index: Number(index), lead, sep });
        this.prefixParams.set(g, list);
      }
    });
    for (const name of this.modules.keys()) {
      for (let dot = name.indexOf("."); dot >= 0; dot = name.indexOf(".", dot + 1)) {
        const prefix = name.slice(0, dot);
        if (!this.modules.has(prefix)) this.namespaces.add(prefix);
      }
    }
    this.defTargets = Array.from({ length: this.nodeCount }, () => []);
    this.defTargetKinds = Array.from({ length: this.nodeCount }, () => []);
    this.attrTargets = Array.from({ length: this.nodeCount }, () => []);
    this.memberTargets = Array.from({ length: this.nodeCount }, () => []);
    this.prefixTargets = Array.from({ length: this.nodeCount }, () => []);
    this.moduleTargets = Array.from({ length: this.nodeCount }, () => []);
    this.dynamicMemberTargets = Array.from({ length: this.nodeCount }, () => []);
    files.forEach((_, fi) => this.linkFile(fi));
    files.forEach((_, fi) => this.linkClasses(fi));
  }

  // ------------------------------------------------------------ accessors

  facts(def: number): FileFacts {
    return this.files[this.defFile[def]!]!.facts;
  }
  kind(def: number): DefKind {
    return this.facts(def).defKind[this.defLocal[def]!]!;
  }
  name(def: number): string {
    return this.facts(def).defName[this.defLocal[def]!]!;
  }
  qual(def: number): string {
    return this.facts(def).defQual[this.defLocal[def]!]!;
  }
  flags(def: number): number {
    return this.facts(def).defFlags[this.defLocal[def]!]!;
  }
  decorators(def: number): readonly string[] {
    return this.facts(def).defDecorators[this.defLocal[def]!]!;
  }
  file(def: number): ProgramFile {
    return this.files[this.defFile[def]!]!;
  }
  /** The module-code node of a file. */
  moduleNode(file: number): number {
    return this.defCount + file;
  }
  isModuleNode(node: number): boolean {
    return node >= this.defCount;
  }
  /** A readable label: `pkg.mod.Cls.meth`, or `<module pkg.mod>` for module code. */
  label(node: number): string {
    if (node >= this.defCount) return `<module ${this.files[node - this.defCount]!.module}>`;
    return `${this.file(node).module}.${this.qual(node)}`;
  }

  // ------------------------------------------------------------ linking

  private addDef(from: number, to: number, kind: LinkKind): void {
    const list = this.defTargets[from]!;
    if (list.length < 64 ? list.includes(to) : false) return;
    list.push(to);
    this.defTargetKinds[from]!.push(kind);
  }

  private linkFile(fi: number): void {
    const f = this.files[fi]!.facts;
    const base = this.fileBase[fi]!;
    const node = (local: number): number => (local < 0 ? this.defCount + fi : base + local);
    for (let e = 0; e < f.edgeFrom.length; e++) {
      const from = node(f.edgeFrom[e]!);
      const str = f.edgeStr[e]!;
      switch (f.edgeKind[e]) {
        case EdgeKind.Def:
          this.addDef(from, base + f.edgeNum[e]!, LinkKind.Ref);
          break;
        case EdgeKind.StringDef:
          this.addDef(from, base + f.edgeNum[e]!, LinkKind.String);
          break;
        case EdgeKind.Attr:
          this.attrTargets[from]!.push(str);
          break;
        case EdgeKind.Member:
          this.memberTargets[from]!.push(str);
          break;
        case EdgeKind.Prefix:
          this.prefixTargets[from]!.push(str);
          break;
        case EdgeKind.ArgString: {
          // `dispatch_method(self, '_apply_operator', ket)` where dispatch_method builds names from
          // that parameter: the string and the separator make a prefix.
          if (this.prefixParams.size === 0) break;
          const [callee, index, value] = str.split("\0") as [string, string, string];
          let targets: number[] = [];
          if (/^def:\d+$/.test(callee)) targets = [base + Number(callee.slice(4))];
          else if (!callee.startsWith("def:")) {
            const r = this.resolvePath(callee);
            targets = [...r.defs, ...r.end];
          }
          for (const t of targets) {
            for (const pp of this.prefixParams.get(t) ?? []) if (pp.index === Number(index)) this.prefixTargets[from]!.push(pp.lead + value + pp.sep);
          }
          break;
        }
        case EdgeKind.Path:
        case EdgeKind.StringPath: {
          const r = this.resolvePath(str);
          const isImport = f.edgeFrom[e]! >= 0 && f.defKind[f.edgeFrom[e]!] === DefKind.Import;
          const kind = f.edgeKind[e] === EdgeKind.StringPath ? LinkKind.String : isImport ? LinkKind.Import : LinkKind.Ref;
          for (const d of r.defs) this.addDef(from, d, kind);
          for (const a of r.attrs) this.attrTargets[from]!.push(a);
          for (const m of r.members) this.memberTargets[from]!.push(m);
          for (const m of r.modules) if (!this.moduleTargets[from]!.includes(m)) this.moduleTargets[from]!.push(m);
          break;
        }
        case EdgeKind.Load: {
          const parts = str.split(".");
          for (let k = 1; k <= parts.length; k++) {
            for (const m of this.modules.get(parts.slice(0, k).join(".")) ?? []) if (!this.moduleTargets[from]!.includes(m)) this.moduleTargets[from]!.push(m);
          }
          break;
        }
        case EdgeKind.DynamicMembers:
          this.dynamicMemberTargets[from]!.push(base + f.edgeNum[e]!);
          break;
        case EdgeKind.Global:
          for (const d of this.starLookup(fi, str, 0)) this.addDef(from, d, LinkKind.Star);
          break;
      }
    }
  }

  /** Module-level definitions named `name` that `from m import *` in file `fi` brings in. */
  private starLookup(fi: number, name: string, depth: number): number[] {
    if (depth > 8) return [];
    const out: number[] = [];
    for (const m of this.files[fi]!.facts.starImports) {
      for (const sf of this.modules.get(m) ?? []) {
        const defs = this.moduleDefs[sf]!.get(name);
        if (defs) out.push(...defs);
        else out.push(...this.starLookup(sf, name, depth + 1));
      }
    }
    return out;
  }

  /**
   * Resolves an absolute dotted path: the definitions it names along the way (imports in
   * `__init__` that re-export are definitions too), modules it reaches, and what is left as
   * attribute names when the path goes into a class or an object.
   */
  resolvePath(path: string): PathResult {
    const hit = this.pathMemo.get(path);
    if (hit) return hit;
    const result: PathResult = { defs: [], attrs: [], members: [], modules: [], end: [] };
    this.pathMemo.set(path, result); // guards cycles (re-exports importing each other)
    const parts = path.split(".");
    type Item = { file: number } | { def: number } | { ns: string };
    let cur: Item[] = (this.modules.get(parts[0]!) ?? []).map((file) => ({ file }));
    if (cur.length === 0 && this.namespaces.has(parts[0]!)) cur = [{ ns: parts[0]! }];
    if (cur.length === 0) return result;
    for (const c of cur) if ("file" in c && parts.length === 1) result.modules.push(c.file);
    const seenDefs = new Set<number>();
    const take = (d: number): void => {
      if (seenDefs.has(d)) return;
      seenDefs.add(d);
      result.defs.push(d);
    };
    for (let i = 1; i < parts.length && cur.length > 0; i++) {
      const name = parts[i]!;
      const next: Item[] = [];
      /** Into the submodules or the namespace package called `full`; whether there are any. */
      const descend = (full: string): boolean => {
        const subs = this.modules.get(full) ?? [];
        for (const s of subs) {
          next.push({ file: s });
          if (!result.modules.includes(s)) result.modules.push(s);
        }
        const namespace = this.namespaces.has(full);
        if (namespace) next.push({ ns: full });
        return subs.length > 0 || namespace;
      };
      for (const item of cur) {
        if ("ns" in item) {
          // A namespace package: its submodules and sub-namespaces only.
          descend(`${item.ns}.${name}`);
        } else if ("file" in item) {
          const file = this.files[item.file]!;
          if (name === "__dict__") {
            // `mod.__dict__` (or `vars(mod)`): the module's namespace read whole.
            for (const defs of this.moduleDefs[item.file]!.values()) defs.forEach(take);
            continue;
          }
          const defs = this.moduleDefs[item.file]!.get(name) ?? [];
          for (const d of defs) {
            take(d);
            for (const x of this.follow(d)) next.push(x);
          }
          const sub = descend(`${file.module}.${name}`);
          if (defs.length === 0 && !sub) {
            const star = this.starLookup(item.file, name, 0);
            for (const d of star) {
              take(d);
              for (const x of this.follow(d)) next.push(x);
            }
            if (star.length === 0 && file.facts.flags & FileFlag.ModuleGetattr) {
              // PEP 562: the module's __getattr__ provides it, from anywhere: keep it by name.
              for (const g of this.moduleDefs[item.file]!.get("__getattr__") ?? []) if (!seenDefs.has(g)) result.defs.push(g);
              for (let j = i; j < parts.length; j++) result.attrs.push(parts[j]!);
            }
          }
        } else {
          // Into a class (members) or an object (any attribute): the rest stays by name.
          const k = this.kind(item.def);
          if (k === DefKind.Class) result.members.push(name);
          else result.attrs.push(name);
          for (let j = i + 1; j < parts.length; j++) result.attrs.push(parts[j]!);
        }
      }
      cur = dedupeItems(next);
    }
    for (const c of cur) {
      if ("def" in c) result.end.push(c.def);
    }
    return result;
  }

  /** What a definition stands for when a path goes through it: imports lead to their targets. */
  private follow(d: number): ({ file: number } | { def: number })[] {
    if (this.kind(d) !== DefKind.Import) return [{ def: d }];
    const target = this.facts(d).defTarget[this.defLocal[d]!]!;
    if (!target) return [];
    const r = this.resolvePath(target);
    const out: ({ file: number } | { def: number })[] = [];
    const parts = target.split(".");
    // The path's final items: modules named by the whole target, or the definitions it ends at.
    for (const m of this.modules.get(target) ?? []) out.push({ file: m });
    for (const e of r.end) out.push({ def: e });
    if (out.length === 0 && parts.length === 1) for (const m of r.modules) out.push({ file: m });
    return out;
  }

  private linkClasses(fi: number): void {
    const f = this.files[fi]!.facts;
    const base = this.fileBase[fi]!;
    for (let i = 0; i < f.defKind.length; i++) {
      if (f.defKind[i] !== DefKind.Class) continue;
      const g = base + i;
      const info: ClassInfo = { bases: [], external: [], unknown: false, metaclass: null };
      for (const b of f.defBases[i]!) {
        if (b.startsWith("meta:")) {
          info.metaclass = b.slice(5);
          continue;
        }
        if (b.startsWith("def:")) {
          const rest = b.slice(4);
          const dot = rest.indexOf(".");
          const local = Number(dot < 0 ? rest : rest.slice(0, dot));
          const d = base + local;
          if (dot < 0 && this.kind(d) === DefKind.Class) info.bases.push(d);
          else if (dot >= 0 && this.kind(d) === DefKind.Class) {
            // `Outer.Inner`: a nested class by name.
            const inner = (this.membersOf.get(d) ?? []).filter((m) => this.name(m) === rest.slice(dot + 1) && this.kind(m) === DefKind.Class);
            if (inner.length > 0) info.bases.push(...inner);
            else info.unknown = true;
          } else info.unknown = true;
        } else if (b.startsWith("path:")) {
          const p = b.slice(5);
          const r = this.resolvePath(p);
          const classes = r.end.filter((d) => this.kind(d) === DefKind.Class);
          if (classes.length > 0) info.bases.push(...classes);
          else if (r.defs.length > 0 || r.modules.length > 0 || r.end.length > 0) info.unknown = true;
          else info.external.push(p);
        } else if (b.startsWith("builtins.")) {
          info.external.push(b);
        } else {
          info.unknown = true;
        }
      }
      this.classes.set(g, info);
      for (const b of info.bases) {
        const l = this.subclasses.get(b);
        if (l) l.push(g);
        else this.subclasses.set(b, [g]);
      }
    }
  }
}

export interface PathResult {
  /** Definitions named along the path (all of them count as used). */
  defs: number[];
  /** Attribute names left when the path goes into an object. */
  attrs: string[];
  /** Attribute names left when the path goes into a class. */
  members: string[];
  /** Modules the path reaches. */
  modules: number[];
  /** Definitions the whole path ends at (after following imports). */
  end: number[];
}

function push<K>(m: Map<K, number[]>, k: K, v: number): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function dedupeItems<T extends { file: number } | { def: number } | { ns: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const i of items) {
    const k = "file" in i ? `f${i.file}` : "def" in i ? `d${i.def}` : `n${i.ns}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(i);
  }
  return out;
}
