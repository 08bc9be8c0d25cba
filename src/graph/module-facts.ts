/**
 * What one module tells the import graph, reduced from its AST to a small JSON-serialisable
 * record (cacheable by content hash): the imports it can execute, where and how (optional,
 * fallback, type-only, dynamic), plus the few facts that make a package load code no import
 * statement names — module `__getattr__`, non-literal `import_module`, `pkgutil.iter_modules`,
 * `pkgutil.extend_path` — and the distributions' metadata and entry-point groups it reads.
 *
 * Imports are found at any depth (functions, classes, `if`, `try`, `with`, comprehensions…).
 * Branches whose test is known for the target (`sys.version_info`, `sys.platform`) are pruned;
 * `if TYPE_CHECKING:` bodies are recorded as type-only.
 */
import { forEachChild, lastName } from "../python/walk.js";
import { NODE_SPECS } from "../python/ast-schema.js";
import type { Call, Expr, ExceptHandler, Module, Node, Stmt } from "../python/ast.js";
import type { SourceFile } from "../python/source.js";
import { urlDriverModules } from "./db-urls.js";
import { dottedName, evaluateStatic, isTypeChecking, type StaticTarget } from "./static-condition.js";

export const ImportFlag = {
  /**
   * Inside `try:` with an `except ImportError` (or broader) handler that does not re-raise: a
   * missing target is fine, the code copes without it.
   */
  Optional: 1,
  /** In an `except ImportError` handler: runs only when an import of its `try` failed. */
  Fallback: 2,
  /** Under `if TYPE_CHECKING:`: never executed. */
  TypeOnly: 4,
  /** From a call (`import_module`, `__import__`), not a statement. */
  Dynamic: 8,
  /** A probe (`importlib.util.find_spec`): the target is looked up, not necessarily imported. */
  Probe: 16,
  /** Inside a function or lambda body: runs only if called. */
  Deferred: 32,
  /** Relative to the module's own name (`import_module(".x", __name__)`), not its package. */
  AnchorSelf: 64,
  /** Under `if "x" in sys.modules:` and importing `x`: it is loaded already, this adds no need. */
  IfLoaded: 128,
  /** Under an `if` (or `match` case) whose test is only known at run time, or in an `except` handler. */
  Conditional: 256,
} as const;

export const ModuleFlag = {
  /** Defines a module-level `__getattr__` (PEP 562): attributes may be loaded lazily. */
  LazyGetattr: 1,
  /** Calls `import_module`/`__import__` with a name that is not a literal. */
  DynamicImport: 2,
  /** `__path__ = pkgutil.extend_path(...)` or `pkg_resources.declare_namespace(...)`. */
  ExtendsPath: 4,
  /** Lists its own package at run time (`pkgutil.iter_modules`, `walk_packages`). */
  IterModules: 8,
} as const;

export interface ImportRef {
  /** Dotted module name without leading dots ("" for `from . import x`). */
  module: string;
  /** Number of leading dots (0: absolute). */
  level: number;
  /** Names after `from … import` (`["*"]` for a star import); null for `import a.b`. */
  names: string[] | null;
  /** ImportFlag bits. */
  flags: number;
  /** The `try` statement (per module, from 1) whose handler makes this optional or a fallback; 0 if none. */
  tryId: number;
  /** Offset of the statement or call in the decoded text (lines are computed only for reports). */
  pos: number;
  /**
   * A module that must be loaded already for this import to run (`if "django.test" in
   * sys.modules:`, or after `if "django.test" not in sys.modules: return`): whoever loaded it needs
   * this import's target too, nobody else does.
   */
  guard?: string;
}

export interface ModuleFacts {
  imports: ImportRef[];
  /** ModuleFlag bits. */
  flags: number;
  /** Literal `__all__`, or null. */
  all: string[] | null;
  /** Distribution names whose metadata is read (`importlib.metadata.version("x")`). */
  metadata: string[];
  /** Entry-point groups read (`entry_points(group="x")`, `load_setuptools_entrypoints("x")`). */
  groups: string[];
  /** Packages whose submodules are imported by computed names (`import_module("pkg." + x)`). */
  dynamicPackages: string[];
  /** Offset + 1 of the first non-literal dynamic import (0 if none). */
  dynamicPos: number;
  /** Module-level string constants that look like module paths (settings naming modules: dotted, or bare names in lists). */
  dotted: string[];
}

/** Final names of the calls that matter; every other call is only walked for nested calls. */
const INTERESTING_CALLS = new Set([
  "__import__", "import_module", "find_spec", "find_loader", "version", "distribution", "metadata", "requires",
  "files", "packages_distributions", "get_distribution", "require", "get_entry_map", "get_entry_info",
  "load_entry_point", "iter_modules", "walk_packages", "extend_path", "declare_namespace", "select", "get",
  "read_text", "read_binary", "open_text", "open_binary", "path", "contents", "is_resource", "get_data",
  "resource_filename", "resource_string", "resource_stream", "resource_listdir", "resource_exists", "resource_isdir",
]);
const RESOURCE_MODULES = ["importlib.resources", "importlib_resources"];
const RESOURCE_FUNCS = new Set(["files", "read_text", "read_binary", "open_text", "open_binary", "path", "contents", "is_resource"]);
const PKG_RESOURCES_RESOURCE = new Set(["resource_filename", "resource_string", "resource_stream", "resource_listdir", "resource_exists", "resource_isdir"]);

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
/** A bare module-like name (`rest_framework`), counted only as an item of a listed setting. */
const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A file without any of these words has no call worth looking at (skips walking expressions). */
const CALL_HINT = /import_module|__import__|find_spec|find_loader|entry_?points?|entrypoints?|metadata|pkg_resources|iter_modules|walk_packages|extend_path|declare_namespace|resources|get_data/i;

function isEntryPointsName(name: string): boolean {
  const l = name.toLowerCase();
  return l.includes("entry_point") || l.includes("entrypoint");
}

const IMPORT_ERRORS = new Set(["ImportError", "ModuleNotFoundError", "Exception", "BaseException"]);
const METADATA_MODULES = ["importlib.metadata", "importlib_metadata"];
const METADATA_FUNCS = new Set(["version", "distribution", "metadata", "requires", "files", "packages_distributions"]);
const PKG_RESOURCES_METADATA = new Set(["get_distribution", "require", "get_entry_map", "get_entry_info", "load_entry_point"]);

function catchesImportError(h: ExceptHandler): boolean {
  if (h.type === null) return true;
  const names = h.type._type === "Tuple" ? h.type.elts : [h.type];
  return names.some((n) => {
    const d = dottedName(n);
    return d !== null && IMPORT_ERRORS.has(d.slice(d.lastIndexOf(".") + 1));
  });
}

/** Whether a block always leaves by `return` or `raise` at its end. */
function exits(body: readonly Stmt[]): boolean {
  const last = body[body.length - 1];
  return last !== undefined && (last._type === "Return" || last._type === "Raise");
}

function str(e: Expr | undefined): string | null {
  return e && e._type === "Constant" && typeof e.value === "string" ? e.value : null;
}

/** The literal prefix of a computed string (`"pkg." + x`, `f"pkg.{x}"`, `"pkg.%s" % x`), or null. */
function literalPrefix(e: Expr): string | null {
  if (e._type === "BinOp" && (e.op === "Add" || e.op === "Mod")) {
    const left = str(e.left) ?? literalPrefix(e.left);
    if (left === null) return null;
    return e.op === "Mod" ? left.split("%")[0]! : left;
  }
  if (e._type === "JoinedStr") {
    const first = e.values[0];
    return first && first._type === "Constant" && typeof first.value === "string" ? first.value : null;
  }
  if (e._type === "Call" && e.func._type === "Attribute" && e.func.attr === "format") return literalPrefix(e.func.value) ?? str(e.func.value)?.split("{")[0] ?? null;
  return null;
}

class Extractor {
  readonly facts: ModuleFacts = { imports: [], flags: 0, all: null, metadata: [], groups: [], dynamicPackages: [], dynamicPos: 0, dotted: [] };
  /** Local name → canonical dotted name it was imported as. */
  private readonly aliases = new Map<string, string>();
  private tryCount = 0;

  /** Whether any call can matter: the text names one of the functions we look for. */
  private readonly calls: boolean;

  constructor(
    private readonly source: SourceFile,
    private readonly target: StaticTarget,
  ) {
    this.calls = CALL_HINT.test(source.text);
  }

  canon = (dotted: string): string => {
    const dot = dotted.indexOf(".");
    const first = dot < 0 ? dotted : dotted.slice(0, dot);
    const a = this.aliases.get(first);
    if (a === undefined) return dotted;
    return dot < 0 ? a : a + dotted.slice(dot);
  };

  collectAliases(body: readonly Stmt[]): void {
    for (const n of body) {
      switch (n._type) {
        case "Import":
          for (const a of n.names) {
            if (a.asname) this.aliases.set(a.asname, a.name);
            else {
              const first = a.name.split(".")[0]!;
              this.aliases.set(first, first);
            }
          }
          break;
        case "ImportFrom":
          if (n.level > 0 || !n.module) break;
          for (const a of n.names) if (a.name !== "*") this.aliases.set(a.asname ?? a.name, `${n.module}.${a.name}`);
          break;
        case "FunctionDef":
        case "AsyncFunctionDef":
        case "ClassDef":
        case "With":
        case "AsyncWith":
          this.collectAliases(n.body);
          break;
        case "If":
        case "For":
        case "AsyncFor":
        case "While":
          this.collectAliases(n.body);
          this.collectAliases(n.orelse);
          break;
        case "Try":
        case "TryStar":
          this.collectAliases(n.body);
          for (const h of n.handlers) this.collectAliases(h.body);
          this.collectAliases(n.orelse);
          this.collectAliases(n.finalbody);
          break;
        case "Match":
          for (const c of n.cases) this.collectAliases(c.body);
          break;
      }
    }
  }

  /** Loop variables iterating over literal strings. */
  private readonly loopValues = new Map<string, string[]>();

  /** Modules known to be loaded in the current branch (`if "x" in sys.modules:`). */
  private loaded: string[] = [];

  private add(ref: Omit<ImportRef, "tryId">, flags: number, tryId: number): void {
    let f = ref.flags | flags;
    if (this.loaded.length > 0 && ref.level === 0 && this.loaded.some((l) => ref.module === l || ref.module.startsWith(l + "."))) f |= ImportFlag.IfLoaded;
    const imp: ImportRef = { ...ref, flags: f, tryId };
    if (this.loaded.length > 0 && !(f & ImportFlag.IfLoaded)) imp.guard = this.loaded[this.loaded.length - 1]!;
    this.facts.imports.push(imp);
  }

  /**
   * `"x" not in sys.modules`, alone or as one operand of an `or` (`runner is None or "x" not in
   * sys.modules`) → "x": when the test is false, x is loaded.
   */
  private notLoadedTest(e: Expr): string | null {
    if (e._type === "BoolOp" && e.op === "Or") {
      for (const v of e.values) {
        const x = this.loadedTest(v, "NotIn");
        if (x !== null) return x;
      }
      return null;
    }
    return this.loadedTest(e, "NotIn");
  }

  /** `"x" in sys.modules` → "x" (with `op` "NotIn": `"x" not in sys.modules`). */
  private loadedTest(e: Expr, op: "In" | "NotIn" = "In"): string | null {
    if (e._type !== "Compare" || e.ops.length !== 1 || e.ops[0] !== op) return null;
    const name = str(e.left);
    const right = dottedName(e.comparators[0]!);
    return name !== null && right !== null && this.canon(right) === "sys.modules" ? name : null;
  }

  /** Walks statements with the flags of their context (optional, type-only, deferred…). */
  stmts(body: readonly Stmt[], flags: number, tryId: number, moduleLevel: boolean): void {
    const depth = this.loaded.length;
    for (const s of body) {
      this.stmt(s, flags, tryId, moduleLevel);
      // `if "x" not in sys.modules: return` (or raise): the rest of the block runs with x loaded.
      if (s._type === "If" && s.orelse.length === 0 && exits(s.body)) {
        const x = this.notLoadedTest(s.test);
        if (x !== null) this.loaded.push(x);
      }
    }
    this.loaded.length = depth;
  }

  private stmt(s: Stmt, flags: number, tryId: number, moduleLevel: boolean): void {
    switch (s._type) {
      case "Import":
        for (const a of s.names) this.add({ module: a.name, level: 0, names: null, flags: 0, pos: s.start }, flags, tryId);
        return;
      case "ImportFrom":
        this.add(
          { module: s.module ?? "", level: s.level, names: s.names.map((a) => a.name), flags: 0, pos: s.start },
          flags,
          tryId,
        );
        return;
      case "If": {
        if (isTypeChecking(s.test, this.canon)) {
          this.stmts(s.body, flags | ImportFlag.TypeOnly, tryId, moduleLevel);
          this.stmts(s.orelse, flags, tryId, moduleLevel);
          return;
        }
        if (s.test._type === "UnaryOp" && s.test.op === "Not" && isTypeChecking(s.test.operand, this.canon)) {
          this.stmts(s.body, flags, tryId, moduleLevel);
          this.stmts(s.orelse, flags | ImportFlag.TypeOnly, tryId, moduleLevel);
          return;
        }
        const loaded = this.loadedTest(s.test);
        if (loaded !== null) {
          this.loaded.push(loaded);
          this.stmts(s.body, flags, tryId, moduleLevel);
          this.loaded.pop();
          this.stmts(s.orelse, flags, tryId, moduleLevel);
          return;
        }
        // `if … or "x" not in sys.modules: return False / else: …`: the `else` runs with x loaded.
        const notLoaded = s.orelse.length > 0 ? this.notLoadedTest(s.test) : null;
        if (notLoaded !== null) {
          this.expr(s.test, flags, tryId);
          this.stmts(s.body, flags | ImportFlag.Conditional, tryId, moduleLevel);
          this.loaded.push(notLoaded);
          this.stmts(s.orelse, flags | ImportFlag.Conditional, tryId, moduleLevel);
          this.loaded.pop();
          return;
        }
        const v = evaluateStatic(s.test, this.target, this.canon);
        this.expr(s.test, flags, tryId);
        const f = v === null ? flags | ImportFlag.Conditional : flags;
        if (v !== false) this.stmts(s.body, f, tryId, moduleLevel);
        if (v !== true) this.stmts(s.orelse, f, tryId, moduleLevel);
        return;
      }
      case "Try":
      case "TryStar": {
        const catching = s.handlers.filter(catchesImportError);
        if (catching.length > 0) {
          const id = ++this.tryCount;
          // `except ImportError: raise SomethingHelpful(...)` makes the import required, not optional.
          const tolerant = catching.some((h) => !h.body.some((x) => x._type === "Raise"));
          this.stmts(s.body, flags | (tolerant ? ImportFlag.Optional : 0), id, moduleLevel);
          for (const h of s.handlers) {
            if (h.type) this.expr(h.type, flags, tryId);
            // Another handler runs only when its exception happens (`except NameError: from sets import Set`).
            this.stmts(h.body, catchesImportError(h) ? flags | ImportFlag.Fallback : flags | ImportFlag.Conditional, catchesImportError(h) ? id : tryId, moduleLevel);
          }
        } else {
          this.stmts(s.body, flags, tryId, moduleLevel);
          for (const h of s.handlers) {
            if (h.type) this.expr(h.type, flags, tryId);
            this.stmts(h.body, flags | ImportFlag.Conditional, tryId, moduleLevel);
          }
        }
        this.stmts(s.orelse, flags, tryId, moduleLevel);
        this.stmts(s.finalbody, flags, tryId, moduleLevel);
        return;
      }
      case "For": {
        // `for name in ("a", "b"): __import__(name)`: the loop variable takes literal values.
        const values = s.target._type === "Name" && (s.iter._type === "Tuple" || s.iter._type === "List") ? s.iter.elts.map(str) : null;
        if (values && values.length > 0 && values.every((v) => v !== null) && s.target._type === "Name") {
          this.loopValues.set(s.target.id, values as string[]);
          this.node(s, flags, tryId);
          this.loopValues.delete(s.target.id);
          return;
        }
        this.node(s, flags, tryId);
        return;
      }
      case "FunctionDef":
      case "AsyncFunctionDef":
        if (moduleLevel && s.name === "__getattr__") this.facts.flags |= ModuleFlag.LazyGetattr;
        for (const d of s.decorator_list) this.expr(d, flags, tryId);
        this.node(s.args, flags, tryId);
        if (s.returns) this.expr(s.returns, flags, tryId);
        this.stmts(s.body, flags | ImportFlag.Deferred, tryId, false);
        return;
      case "ClassDef":
        for (const d of s.decorator_list) this.expr(d, flags, tryId);
        for (const b of s.bases) this.expr(b, flags, tryId);
        for (const k of s.keywords) this.expr(k.value, flags, tryId);
        this.stmts(s.body, flags, tryId, false);
        return;
      case "Assign":
      case "AugAssign":
      case "AnnAssign": {
        if (moduleLevel) this.noteAll(s);
        this.node(s, flags, tryId);
        return;
      }
      default:
        this.node(s, flags, tryId);
    }
  }

  private noteAll(s: Stmt): void {
    const target = s._type === "Assign" ? (s.targets.length === 1 ? s.targets[0] : undefined) : s._type === "AugAssign" || s._type === "AnnAssign" ? s.target : undefined;
    const value = s._type === "Assign" || s._type === "AugAssign" ? s.value : s._type === "AnnAssign" ? s.value : null;
    if (value) this.noteDottedStrings(value, 0);
    if (target && target._type === "Name" && target.id === "pytest_plugins" && value) {
      // pytest imports these modules by name.
      const names = value._type === "List" || value._type === "Tuple" ? value.elts.map(str) : [str(value)];
      for (const n of names) if (n) this.add({ module: n, level: 0, names: null, flags: ImportFlag.Dynamic, pos: s.start }, 0, 0);
    }
    if (!target || target._type !== "Name" || target.id !== "__all__") return;
    if (!value || (value._type !== "List" && value._type !== "Tuple")) return;
    const names: string[] = [];
    for (const e of value.elts) {
      const v = str(e);
      if (v !== null) names.push(v);
    }
    this.facts.all = s._type === "AugAssign" && this.facts.all ? [...this.facts.all, ...names] : names;
  }

  /**
   * Module-level string constants shaped like dotted module paths (`"django.contrib.admin"`,
   * `"myapp.middleware.Auth"`), and bare names listed in a list, tuple or set
   * (`INSTALLED_APPS = [..., "rest_framework", "corsheaders"]`): configuration that frameworks
   * import by name.
   */
  private noteDottedStrings(e: Expr, depth: number): void {
    if (depth > 6 || this.facts.dotted.length >= 500) return;
    switch (e._type) {
      case "Constant": {
        const v = str(e);
        const listed = depth > 0 && BARE_NAME.test(v ?? "");
        if (v !== null && v.length < 200 && (DOTTED.test(v) || listed) && !this.facts.dotted.includes(v)) this.facts.dotted.push(v);
        return;
      }
      case "List":
      case "Tuple":
      case "Set":
        for (const x of e.elts) this.noteDottedStrings(x, depth + 1);
        return;
      case "Dict":
        for (const x of e.values) this.noteDottedStrings(x, depth + 1);
        return;
      case "Call":
        for (const x of e.args) this.noteDottedStrings(x, depth + 1);
        for (const k of e.keywords) this.noteDottedStrings(k.value, depth + 1);
        return;
      default:
        return;
    }
  }

  /** Walks any node's children for nested statements and calls. */
  private node(n: Node, flags: number, tryId: number): void {
    const o = n as unknown as Record<string, unknown>;
    for (const field of childFields(n._type)) {
      const v = o[field];
      if (v === null || typeof v !== "object") continue;
      if (Array.isArray(v)) {
        for (const x of v) if (x !== null && typeof x === "object" && "_type" in x) this.child(x as Node, flags, tryId);
      } else if ("_type" in v) this.child(v as Node, flags, tryId);
    }
  }

  private child(c: Node, flags: number, tryId: number): void {
    if (!this.calls && !STMT_TYPES.has(c._type) && c._type !== "ExceptHandler" && c._type !== "match_case") return;
    switch (c._type) {
      case "Name":
      case "Constant":
        return;
      case "Call":
        this.call(c, flags, tryId);
        return;
      case "Subscript":
        this.subscript(c, flags, tryId);
        return;
      case "Lambda":
        this.node(c, flags | ImportFlag.Deferred, tryId);
        return;
      default:
        if (STMT_TYPES.has(c._type)) this.stmt(c as Stmt, flags, tryId, false);
        else this.node(c, flags, tryId);
    }
  }

  private expr(e: Expr, flags: number, tryId: number): void {
    this.child(e, flags, tryId);
  }

  private subscript(e: Expr & { _type: "Subscript" }, flags: number, tryId: number): void {
    // entry_points()["group"]
    if (e.value._type === "Call" && this.isEntryPointsCall(e.value)) {
      const g = str(e.slice);
      if (g !== null) this.addGroup(g);
    }
    this.node(e, flags, tryId);
  }

  private isEntryPointsCall(c: Call): boolean {
    const last = lastName(c.func);
    return last !== null && isEntryPointsName(last);
  }

  private addGroup(g: string): void {
    if (!this.facts.groups.includes(g)) this.facts.groups.push(g);
  }

  private addMetadata(d: string): void {
    if (!this.facts.metadata.includes(d)) this.facts.metadata.push(d);
  }

  private dynamic(line: number, prefix: string | null): void {
    if (prefix !== null && prefix.includes(".")) {
      const pkg = prefix.slice(0, prefix.lastIndexOf("."));
      if (pkg && !this.facts.dynamicPackages.includes(pkg)) this.facts.dynamicPackages.push(pkg);
      return;
    }
    this.facts.flags |= ModuleFlag.DynamicImport;
    if (!this.facts.dynamicPos) this.facts.dynamicPos = line + 1;
  }

  private call(c: Call, flags: number, tryId: number): void {
    const callee = lastName(c.func) ?? "";
    if (!INTERESTING_CALLS.has(callee) && !isEntryPointsName(callee) && !(c.func._type === "Name" && this.aliases.has(callee))) {
      this.node(c, flags, tryId);
      return;
    }
    const raw = dottedName(c.func);
    const name = raw === null ? null : this.canon(raw);
    const last = name === null ? (c.func._type === "Attribute" ? c.func.attr : "") : name.slice(name.lastIndexOf(".") + 1);
    const arg0 = c.args[0];
    const kw = (k: string): Expr | undefined => c.keywords.find((x) => x.arg === k)?.value;
    const line = c.start;

    if (name === "__import__" || last === "import_module") {
      const target = arg0 ?? kw("name");
      const lit = str(target);
      if (lit !== null) {
        let level = 0;
        while (lit[level] === ".") level++;
        const pkgArg = c.args[1] ?? kw("package");
        let anchorSelf = 0;
        let module = lit.slice(level);
        if (level > 0 && pkgArg) {
          const p = str(pkgArg);
          const d = dottedName(pkgArg);
          if (p !== null) {
            // An explicit anchor: resolve here.
            const parts = p.split(".");
            const base = parts.slice(0, parts.length - (level - 1)).join(".");
            module = module ? `${base}.${module}` : base;
            level = 0;
          } else if (d === "__name__") anchorSelf = ImportFlag.AnchorSelf;
        }
        let names: string[] | null = null;
        if (name === "__import__") {
          const fromlist = c.args[3] ?? kw("fromlist");
          if (fromlist && (fromlist._type === "List" || fromlist._type === "Tuple")) {
            names = fromlist.elts.map(str).filter((x): x is string => x !== null);
            if (names.length === 0) names = null;
          }
        }
        this.add({ module, level, names, flags: ImportFlag.Dynamic | anchorSelf, pos: line }, flags, tryId);
      } else if (target && target._type === "Name" && this.loopValues.has(target.id)) {
        for (const v of this.loopValues.get(target.id)!) {
          if (!v.startsWith(".")) this.add({ module: v, level: 0, names: null, flags: ImportFlag.Dynamic, pos: line }, flags, tryId);
        }
      } else if (target) {
        this.dynamic(line, literalPrefix(target));
      }
    } else if (name === "importlib.util.find_spec" || name === "pkgutil.find_loader" || name === "importlib.find_loader" || (last === "find_spec" && name?.startsWith("importlib"))) {
      const lit = str(arg0 ?? kw("name"));
      if (lit !== null && !lit.startsWith(".")) this.add({ module: lit, level: 0, names: null, flags: ImportFlag.Dynamic | ImportFlag.Probe, pos: line }, flags, tryId);
    } else if (
      name !== null &&
      ((RESOURCE_MODULES.some((m) => name === `${m}.${last}`) && RESOURCE_FUNCS.has(last)) ||
        name === "pkgutil.get_data" ||
        (name === `pkg_resources.${last}` && PKG_RESOURCES_RESOURCE.has(last)))
    ) {
      // Resources of a package given by name: the package is imported to find them.
      const lit = str(arg0 ?? kw("anchor") ?? kw("package"));
      if (lit !== null && !lit.startsWith(".")) this.add({ module: lit, level: 0, names: null, flags: ImportFlag.Dynamic, pos: line }, flags, tryId);
    } else if (name !== null && METADATA_MODULES.some((m) => name === `${m}.${last}`) && METADATA_FUNCS.has(last)) {
      const lit = str(arg0 ?? kw("distribution_name"));
      if (lit !== null) this.addMetadata(lit);
    } else if (name !== null && name.startsWith("pkg_resources.") && PKG_RESOURCES_METADATA.has(last)) {
      const lit = str(arg0);
      if (lit !== null) this.addMetadata(lit.split(/[<>=!~;[ ]/)[0]!);
      if (last === "load_entry_point") {
        const g = str(c.args[1]);
        if (g !== null) this.addGroup(g);
      }
    } else if (name === "pkgutil.iter_modules" || name === "pkgutil.walk_packages") {
      this.facts.flags |= ModuleFlag.IterModules;
    } else if (name === "pkgutil.extend_path" || last === "declare_namespace" || (raw === null && last === "extend_path")) {
      this.facts.flags |= ModuleFlag.ExtendsPath;
    }
    if (this.isEntryPointsCall(c)) {
      const g = str(kw("group")) ?? str(arg0);
      if (g !== null) this.addGroup(g);
    } else if (last === "select" || last === "get") {
      // entry_points().select(group="x") / entry_points().get("x", [])
      if (c.func._type === "Attribute" && c.func.value._type === "Call" && this.isEntryPointsCall(c.func.value)) {
        const g = str(kw("group")) ?? str(arg0);
        if (g !== null) this.addGroup(g);
      }
    }
    this.node(c, flags, tryId);
  }
}

const STMT_TYPES = new Set([
  "FunctionDef", "AsyncFunctionDef", "ClassDef", "Return", "Delete", "Assign", "TypeAlias", "AugAssign",
  "AnnAssign", "For", "AsyncFor", "While", "If", "With", "AsyncWith", "Match", "Raise", "Try", "TryStar",
  "Assert", "Import", "ImportFrom", "Global", "Nonlocal", "Expr", "Pass", "Break", "Continue",
]);

/** Fields that never hold nodes worth visiting (strings, numbers, operators, alias lists). */
const SKIP_FIELDS = new Set([
  "name", "attr", "id", "arg", "asname", "ctx", "op", "ops", "conversion", "kind", "level", "module", "simple",
  "is_async", "type_comment", "tag", "lineno", "str", "rest", "kwd_attrs", "names",
]);
const childFieldCache = new Map<string, readonly string[]>();

function childFields(type: Node["_type"]): readonly string[] {
  let f = childFieldCache.get(type);
  if (!f) {
    f = type === "Constant" || type === "MatchSingleton" ? [] : NODE_SPECS[type].fields.map((x) => x.name).filter((n) => !SKIP_FIELDS.has(n));
    childFieldCache.set(type, f);
  }
  return f;
}

export { forEachChild };

/** Reduces a parsed module to its import facts for a target Python and platform. */
export function extractModuleFacts(module: Module, source: SourceFile, target: StaticTarget): ModuleFacts {
  const x = new Extractor(source, target);
  x.collectAliases(module.body);
  x.stmts(module.body, 0, 0, true);
  // Drivers named by connection URLs (`create_engine("mysql+pymysql://…")`): imported by name.
  for (const m of urlDriverModules(source.text)) if (!x.facts.dotted.includes(m)) x.facts.dotted.push(m);
  return x.facts;
}
