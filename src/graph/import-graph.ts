/**
 * The import graph: every module reachable from some roots by what the code can execute, found by
 * a breadth-first walk (so the recorded parent of each module is on a shortest import chain).
 *
 * Per module, the edges are its import statements and literal dynamic imports, with:
 * - `import a.b.c` loading `a`, `a.b` and `a.b.c`; `from p import x` loading `p.x` when it is a
 *   sub-module (else `x` is an attribute); `from p import *` loading the sub-modules in `__all__`;
 * - type-only imports skipped, fallbacks (`except ImportError:` bodies) followed only when an
 *   import of their `try` does not resolve, missing optional imports not reported;
 * - packages that load code by computed names kept whole: module `__getattr__` in `__init__`,
 *   non-literal `import_module` (the top-level package), `import_module("pkg." + x)` (`pkg`),
 *   `pkgutil.iter_modules` (the package itself).
 *
 * The builder is incremental: roots can be added after a run and the walk resumes, which the
 * slim planner uses when a newly kept distribution brings entry points or fallbacks.
 */
import type { ModuleFacts } from "./module-facts.js";
import { ImportFlag, ModuleFlag } from "./module-facts.js";
import type { FactsError, FactsResult } from "./facts-store.js";
import type { ModuleResolver, ResolvedModule } from "./resolver.js";

export type EdgeReason =
  | "root"
  | "import"
  | "parent"
  | "lazy"
  | "dynamic"
  | "star";

export interface GraphNode {
  id: number;
  module: ResolvedModule;
  /** The node that first imported it (-1 for roots). */
  parent: number;
  reason: EdgeReason;
  /** Label of the root (a project file path, "entry point x", …) for root nodes. */
  rootLabel: string | null;
  /** Offset of the import in the parent that first reached it (0 for roots). */
  pos: number;
  /** Facts for source modules; null for namespace packages, extension and byte-code modules. */
  facts: ModuleFacts | null;
  /** Why facts are missing for a file that should have them (unreadable, syntax error). */
  error: FactsError | null;
  /**
   * Reached only through a package kept whole (lazy `__getattr__`, computed imports): it may never
   * load, so its imports that are both deferred (in a function) and optional are not followed.
   */
  speculative: boolean;
  /**
   * Reached only through imports inside functions of libraries (or from modules so reached): it
   * loads only when that function runs, so its module-level optional imports (`try: import numpy
   * except ImportError`) are optional features like the deferred ones.
   */
  deferredReach: boolean;
  /** `try` ids (see ImportRef.tryId) in which some import did not resolve: their fallbacks ran. */
  failedTries: number[];
  /** Whether `facts`/`error` are final (false while a worker may still be parsing it). */
  loaded: boolean;
}

export interface UnresolvedImport {
  /** The importing node. */
  from: number;
  /** Absolute dotted name (or `.`-prefixed relative name when the anchor is unknown). */
  module: string;
  /** Offset of the import in the importing file. */
  pos: number;
  /** ImportFlag bits of the import. */
  flags: number;
}

export interface GraphFactsSource {
  /** Facts now (computed if needed). */
  factsOf(file: string): FactsResult;
  /** Optional: start computing in the background (`packageInit`: an `__init__` file). */
  request?(file: string, packageInit: boolean): void;
  /** Optional: facts already known, without computing. */
  peek?(file: string): FactsResult | undefined;
  /** Optional: wait for background work on a file. */
  ready?(file: string): Promise<FactsResult>;
}

export class ImportGraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly unresolved: UnresolvedImport[] = [];
  /** Node key (file path, or `ns:` + name) → node id. */
  private readonly byKey = new Map<string, number>();
  private readonly queue: number[] = [];
  /** Distribution names whose metadata is read → first node reading it. */
  readonly metadata = new Map<string, number>();
  /** Entry-point groups read → first node reading it. */
  readonly groups = new Map<string, number>();
  /** Packages kept whole (by name), to do it once. */
  private readonly whole = new Set<string>();
  /** Imports waiting for their guard module (`ImportRef.guard`) to be in the graph: name → [node, import]. */
  private readonly guarded = new Map<string, Array<[number, ModuleFacts["imports"][number]]>>();
  /** Guarded imports whose guard module has just arrived, to follow at the next visit. */
  private readonly released: Array<[number, ModuleFacts["imports"][number]]> = [];

  /**
   * Follow third-party imports that are both deferred (inside a function) and optional (their
   * absence is handled). Off by default: such imports are optional features of a library.
   */
  followOptional = false;
  /** How many such imports were not followed. */
  skippedOptional = 0;
  /**
   * Whether the code of `from` may rely on `target` being installed (same distribution, or a
   * declared requirement). Null: everything counts as declared.
   */
  declared: ((from: ResolvedModule, target: ResolvedModule) => boolean) | null = null;

  /**
   * Whether `from`'s distribution requires `target`'s only for an extra (`django; extra ==
   * "django"`) and not otherwise. Null: never.
   */
  extraOnly: ((from: ResolvedModule, target: ResolvedModule) => boolean) | null = null;

  /** Nodes for which this returns true are recorded but their imports are not followed. */
  blocked: (m: ResolvedModule) => boolean = () => false;

  constructor(
    readonly resolver: ModuleResolver,
    private readonly facts: GraphFactsSource,
  ) {}

  /** Whether a module is already in the graph. */
  has(m: ResolvedModule): boolean {
    return this.byKey.has(this.key(m));
  }

  private key(m: ResolvedModule): string {
    return m.file ?? `ns:${m.name}:${m.dirs.join("|")}`;
  }

  /**
   * Adds (or finds) the node for a resolved module; new nodes are queued. `onDemand`: the edge runs
   * only when asked (an import in a library's function, a console script; see GraphNode.deferredReach).
   */
  private node(m: ResolvedModule, parent: number, reason: EdgeReason, rootLabel: string | null = null, pos = 0, onDemand = false): number {
    if (m.kind === "stdlib") return -1;
    const k = this.key(m);
    const speculative = reason === "lazy" || reason === "dynamic" || (parent >= 0 && this.nodes[parent]!.speculative);
    const deferredReach = onDemand || (parent >= 0 && this.nodes[parent]!.deferredReach);
    const existing = this.byKey.get(k);
    if (existing !== undefined) {
      const e = this.nodes[existing]!;
      if ((e.speculative && !speculative) || (e.deferredReach && !deferredReach)) {
        // Now reached for certain, or at import time: follow what was skipped.
        if (!speculative) e.speculative = false;
        if (!deferredReach) e.deferredReach = false;
        this.queue.push(existing);
      }
      return existing;
    }
    const id = this.nodes.length;
    const waiting = this.guarded.get(m.name);
    if (waiting) {
      this.guarded.delete(m.name);
      this.released.push(...waiting);
    }
    const parsed = m.file !== null && (m.kind === "source" || (m.kind === "package" && m.file.endsWith(".py")));
    this.nodes.push({ id, module: m, parent, reason, rootLabel, pos, facts: null, error: null, speculative, deferredReach, failedTries: [], loaded: !parsed });
    this.byKey.set(k, id);
    if (parsed) {
      const n = this.nodes[id]!;
      if (this.facts.request) {
        this.facts.request(m.file!, m.kind === "package");
        const known = this.facts.peek?.(m.file!);
        if (known) this.setFacts(n, known);
      } else this.setFacts(n, this.facts.factsOf(m.file!));
      if (n.facts && n.facts.flags & ModuleFlag.ExtendsPath) this.resolver.extendPath(m);
    }
    this.queue.push(id);
    return id;
  }

  private setFacts(n: GraphNode, r: FactsResult): void {
    n.loaded = true;
    if ("error" in r) {
      n.error = r;
      // A file that does not parse: its import lines stand in for its facts.
      if (r.fallback) n.facts = r.fallback;
    } else n.facts = r;
  }

  /** Makes sure a node's facts are there (computing them now if needed). */
  private ensureFacts(n: GraphNode): void {
    if (!n.loaded) this.setFacts(n, this.facts.factsOf(n.module.file!));
  }

  /** A root given by file (a project file) with its module name. */
  addFileRoot(m: ResolvedModule, label: string): number {
    const k = this.key(m);
    const existing = this.byKey.get(k);
    if (existing !== undefined) return existing;
    // Parents of a project module run first (`pkg/__init__.py` before `pkg/mod.py`).
    const dot = m.name.lastIndexOf(".");
    if (dot > 0) this.addNameRoot(m.name.slice(0, dot), label);
    return this.node(m, -1, "root", label);
  }

  /**
   * A root given by module name (`python -m x`, entry points, `.pth` imports); null if unresolved.
   * `onDemand`: code that runs only when the user runs it (a kept distribution's console script),
   * so its module-level optional imports are optional features (see GraphNode.deferredReach).
   */
  addNameRoot(name: string, label: string, onDemand = false): number | null {
    const parts = name.split(".");
    let last: number | null = null;
    for (let i = 1; i <= parts.length; i++) {
      const r = this.resolver.resolve(parts.slice(0, i).join("."));
      if (!r) return null;
      // Also for a module in the graph already: reached before only speculatively, or only from
      // functions, it is now a root (node() upgrades it and visits it again).
      last = this.node(r, -1, "root", label, 0, onDemand);
    }
    return last;
  }

  /**
   * An import of a top-level module seen outside Python source (a name in an extension module's
   * binary), made by node `from`. False if `name` does not resolve (nothing is recorded: a string
   * that names no module is not a failed import).
   */
  addImportFrom(from: number, name: string): boolean {
    const r = this.resolver.resolve(name);
    if (!r) return false;
    this.node(r, from, "import");
    return true;
  }

  /** Adds a module and, for a package, everything below it. */
  addWhole(m: ResolvedModule, parent: number, reason: EdgeReason): void {
    if (this.whole.has(m.name)) return;
    this.whole.add(m.name);
    this.node(m, parent, reason);
    for (const sub of this.resolver.submodules(m)) this.node(sub, parent, reason);
  }

  /** Processes queued nodes until the graph is closed. */
  run(): void {
    for (;;) {
      this.followReleased();
      if (this.queue.length === 0) break;
      this.visit(this.queue.shift()!);
    }
  }

  /** As `run`, letting background workers parse ahead of the walk. */
  async runAsync(): Promise<void> {
    for (;;) {
      this.followReleased();
      if (this.queue.length === 0) break;
      const id = this.queue.shift()!;
      const n = this.nodes[id]!;
      if (!n.loaded && this.facts.ready) this.setFacts(n, await this.facts.ready(n.module.file!));
      this.visit(id);
    }
  }

  /** Follows the guarded imports whose guard module is now in the graph. */
  private followReleased(): void {
    while (this.released.length > 0) {
      const [id, imp] = this.released.shift()!;
      this.follow(id, this.nodes[id]!, imp);
    }
  }

  /**
   * Whether an import runs only once another module is loaded (`ImportRef.guard`) that is not in
   * the graph yet: then it waits for it (whoever loads that module needs this import's target).
   */
  private waitsForGuard(id: number, imp: ModuleFacts["imports"][number]): boolean {
    if (imp.guard === undefined) return false;
    const g = this.resolver.resolve(imp.guard);
    if (!g) return true; // a module that cannot be loaded: the import never runs
    if (g.kind === "stdlib" || this.byKey.has(this.key(g))) return false;
    const list = this.guarded.get(g.name) ?? [];
    list.push([id, imp]);
    this.guarded.set(g.name, list);
    return true;
  }

  /** The package a relative import in this module is relative to. */
  private anchor(n: GraphNode, level: number, self: boolean): string | null {
    const name = n.module.name;
    let pkg = self || n.module.kind === "package" ? name : name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : "";
    for (let i = 1; i < level; i++) {
      if (!pkg) return null;
      pkg = pkg.includes(".") ? pkg.slice(0, pkg.lastIndexOf(".")) : "";
    }
    return pkg || null;
  }

  /** Whether an import of node `from` with these flags runs only when a library's function does. */
  private onDemandEdge(from: number, flags: number): boolean {
    return from >= 0 && this.nodes[from]!.module.origin !== "project" && (flags & ImportFlag.Deferred) !== 0;
  }

  /** Imports a dotted name and its parents; returns the leaf or null (after recording the miss). */
  private importChain(from: number, full: string, pos: number, flags: number): ResolvedModule | null {
    const parts = full.split(".");
    let r: ResolvedModule | null = null;
    for (let i = 1; i <= parts.length; i++) {
      r = this.resolver.resolve(parts.slice(0, i).join("."));
      if (!r) {
        this.unresolved.push({ from, module: full, pos, flags });
        return null;
      }
      if (r.kind === "stdlib") return r;
      this.node(r, from, i === parts.length ? "import" : "parent", null, pos, this.onDemandEdge(from, flags));
    }
    return r;
  }

  private visit(id: number): void {
    const n = this.nodes[id]!;
    this.ensureFacts(n);
    const f = n.facts;
    if (!f || this.blocked(n.module)) return;
    const failedTries = new Set<number>();
    const fallbacks: number[] = [];
    const thirdParty = n.module.origin !== "project";
    f.imports.forEach((imp, i) => {
      if (imp.flags & (ImportFlag.TypeOnly | ImportFlag.IfLoaded)) return;
      const deferred = (imp.flags & ImportFlag.Deferred) !== 0;
      if (n.speculative && deferred && imp.flags & (ImportFlag.Optional | ImportFlag.Fallback)) return;
      if (imp.flags & ImportFlag.Fallback) {
        fallbacks.push(i);
        return;
      }
      if (thirdParty && !this.followOptional && this.isOptionalFeature(n, imp)) {
        // An optional feature of a library: not a need by itself. Its fallbacks, if any, are
        // what runs without it.
        this.skippedOptional++;
        if (imp.tryId) failedTries.add(imp.tryId);
        return;
      }
      if (this.waitsForGuard(id, imp)) return;
      if (!this.follow(id, n, imp) && imp.tryId) failedTries.add(imp.tryId);
    });
    for (const i of fallbacks) {
      const imp = f.imports[i]!;
      if (!failedTries.has(imp.tryId)) continue;
      // The fallback of an optional feature is as optional as the feature (celery.backends.database's
      // `except ImportError: from sqlalchemy.ext.declarative import …`).
      if (thirdParty && !this.followOptional && this.isOptionalFeature(n, imp)) {
        this.skippedOptional++;
        continue;
      }
      if (this.waitsForGuard(id, imp)) continue;
      this.follow(id, n, imp);
    }
    n.failedTries = [...failedTries].sort((a, b) => a - b);

    const pkgOf = n.module.kind === "package" ? n.module : null;
    if (pkgOf && f.flags & ModuleFlag.LazyGetattr) this.addWhole(pkgOf, id, "lazy");
    if (f.flags & ModuleFlag.IterModules) {
      const target = pkgOf ?? this.parentPackage(n);
      if (target) this.addWhole(target, id, "dynamic");
    }
    if (f.flags & ModuleFlag.DynamicImport && n.module.origin !== "project") {
      const top = this.resolver.resolve(n.module.name.split(".")[0]!);
      if (top && top.kind !== "stdlib") this.addWhole(top, id, "dynamic");
    }
    for (const p of f.dynamicPackages) {
      let name = p;
      if (p.startsWith(".")) {
        let level = 0;
        while (p[level] === ".") level++;
        const base = this.anchor(n, level, false);
        if (!base) continue;
        name = p.length > level ? `${base}.${p.slice(level)}` : base;
      }
      const r = this.resolver.resolve(name);
      if (r && r.kind !== "stdlib") this.addWhole(r, id, "dynamic");
    }
    if (!thirdParty) {
      // Settings naming modules (`INSTALLED_APPS`, middleware paths): the longest prefix that is
      // an installed module, if any.
      for (const s of f.dotted) {
        const parts = s.split(".");
        if (this.resolver.resolve(parts[0]!)?.kind === "stdlib") continue;
        for (let k = parts.length; k >= 1; k--) {
          const r = this.resolver.resolve(parts.slice(0, k).join("."));
          if (!r) continue;
          if (r.origin !== "project" && r.kind !== "stdlib") this.importChain(id, r.name, 0, ImportFlag.Optional | ImportFlag.Dynamic);
          break;
        }
      }
    }
    for (const d of f.metadata) if (!this.metadata.has(d)) this.metadata.set(d, id);
    for (const g of f.groups) if (!this.groups.has(g)) this.groups.set(g, id);
  }

  /**
   * Whether a library's import is an optional feature rather than a need:
   * - its absence is handled (`except ImportError` without re-raise) and it does not run
   *   unconditionally at import time (it is in a function, or under a run-time `if`); or
   * - it is in a function and imports another distribution that the library does not declare as
   *   a requirement (interoperability code such as pytest's numpy support, which runs only when
   *   the caller already uses numpy).
   */
  private isOptionalFeature(n: GraphNode, imp: ModuleFacts["imports"][number]): boolean {
    const deferred = (imp.flags & ImportFlag.Deferred) !== 0;
    if (imp.flags & ImportFlag.Optional && (deferred || imp.flags & ImportFlag.Conditional || n.deferredReach || n.speculative)) return true;
    if (!(deferred || n.speculative) || !this.declared) return false;
    const full = this.absolute(n, imp);
    if (full === null) return false;
    const top = this.resolver.resolve(full.split(".")[0]!);
    if (!top || top.kind === "stdlib") return false;
    // In a function: an import of a distribution the library does not require.
    if (deferred) return !this.declared(n.module, top);
    // Anywhere in a module reached only through a package kept whole: an import of a distribution
    // the library requires only for one of its extras (hypothesis.extra.django imports django,
    // `hypothesis[django]`; kept with hypothesis because its codemods import by computed name).
    return this.extraOnly !== null && this.extraOnly(n.module, top);
  }

  /** The absolute module an import names (null if a relative import cannot be anchored). */
  private absolute(n: GraphNode, imp: ModuleFacts["imports"][number]): string | null {
    if (imp.level === 0) return imp.module || null;
    const base = this.anchor(n, imp.level, (imp.flags & ImportFlag.AnchorSelf) !== 0);
    if (base === null) return null;
    return imp.module ? `${base}.${imp.module}` : base;
  }

  private parentPackage(n: GraphNode): ResolvedModule | null {
    const name = n.module.name;
    const dot = name.lastIndexOf(".");
    return dot < 0 ? null : this.resolver.resolve(name.slice(0, dot));
  }

  /** Follows one import; false when its target (module part) does not resolve. */
  private follow(id: number, n: GraphNode, imp: ModuleFacts["imports"][number]): boolean {
    let full = imp.module;
    if (imp.level > 0) {
      const base = this.anchor(n, imp.level, (imp.flags & ImportFlag.AnchorSelf) !== 0);
      if (base === null) {
        this.unresolved.push({ from: id, module: ".".repeat(imp.level) + imp.module, pos: imp.pos, flags: imp.flags });
        return false;
      }
      full = imp.module ? `${base}.${imp.module}` : base;
    }
    if (!full) return true;
    const r = this.importChain(id, full, imp.pos, imp.flags);
    if (!r) return false;
    if (!imp.names || r.kind === "stdlib") return true;
    if (r.kind !== "package" && r.kind !== "namespace") return true;
    for (const name of imp.names) {
      if (name === "*") {
        const target = this.byKey.get(this.key(r));
        if (target !== undefined) this.ensureFacts(this.nodes[target]!);
        const all = target !== undefined ? this.nodes[target]!.facts?.all : null;
        for (const a of all ?? []) {
          const sub = this.resolver.resolve(`${r.name}.${a}`);
          if (sub) this.node(sub, id, "star", null, imp.pos, this.onDemandEdge(id, imp.flags));
        }
        continue;
      }
      const sub = this.resolver.resolve(`${r.name}.${name}`);
      if (sub) this.node(sub, id, "import", null, imp.pos, this.onDemandEdge(id, imp.flags));
    }
    return true;
  }

  /** Node ids from a root to `id` (root first). */
  chain(id: number): number[] {
    const out: number[] = [];
    for (let cur = id; cur >= 0; cur = this.nodes[cur]!.parent) {
      out.push(cur);
      if (out.length > 10_000) break;
    }
    return out.reverse();
  }
}
