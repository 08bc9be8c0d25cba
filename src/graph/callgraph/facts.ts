/**
 * What one module contributes to the whole-program call graph, reduced from its AST and semantic
 * model to a compact JSON-serialisable record (cacheable by content hash, like module facts):
 *
 * - definitions: functions, classes, methods, properties, module-level variables and imports, with
 *   their spans (for edits), name positions (for reports), parents, flags and decorators;
 * - edges `owner → target`: the code of `owner` (a definition, or -1 for module-level code) uses
 *   `target`. Targets are resolved as far as one file allows: a local definition, an absolute
 *   dotted path (imports, `mod.attr` chains, dotted strings) the linker resolves across modules, an
 *   attribute name (`x.attr` on an unknown receiver), a name prefix (`getattr(self, "do_" + cmd)`),
 *   or an unresolved global (star imports);
 * - evidence: identifier-like strings, dynamic attribute access, tainted module scope.
 *
 * Ownership follows what removing a definition removes: its decorators, defaults, annotations,
 * bases and body belong to it; the value of a module-level `X = <pure expression>` belongs to X.
 */
import type * as A from "../../python/ast.js";
import { parseModule } from "../../python/parser.js";
import { forEachChild, lastName } from "../../python/walk.js";
import type { SourceFile } from "../../python/source.js";
import { ReferenceContext, ResolutionKind, ScopeKind, SymbolFlag } from "../../semantic/flags.js";
import type { SemanticModel } from "../../semantic/model.js";

export const DefKind = {
  Function: 1,
  Class: 2,
  Method: 3,
  Property: 4,
  Variable: 5,
  Import: 6,
} as const;
export type DefKind = (typeof DefKind)[keyof typeof DefKind];

export const DEF_KIND_NAMES: Record<DefKind, string> = {
  1: "function",
  2: "class",
  3: "method",
  4: "property",
  5: "variable",
  6: "import",
};

export const DefFlag = {
  /** Defined directly in a class body. */
  Member: 1 << 0,
  /** Defined inside a function (a local). */
  Nested: 1 << 1,
  /** Has at least one decorator. */
  Decorated: 1 << 2,
  /** Under `if TYPE_CHECKING:`. */
  TypeChecking: 1 << 3,
  /** An import inside `try:` (or its handler) catching ImportError: an availability check. */
  OptionalImport: 1 << 4,
  /** `# tsrs: keep` on its line or the line above. */
  Keep: 1 << 5,
  /** A variable whose value has no side effects (the statement can go with it). */
  Pure: 1 << 6,
  /** `import x as x` / `from m import x as x`: an explicit re-export. */
  ReExport: 1 << 7,
  /** `import a.b` / `import a.b as c`: binds a module object. */
  ModuleImport: 1 << 8,
  /** Under `if __name__ == "__main__":`. */
  InMain: 1 << 9,
  /** Under an `if`/`try`/`with`/loop at its level (one of possibly several variants). */
  Conditional: 1 << 10,
  /** A function that only wraps its argument (a decorator that registers nothing). */
  PureDecorator: 1 << 11,
  /** A function returning a nested pure decorator (`@deco(arg)` registers nothing). */
  PureDecoratorFactory: 1 << 12,
  /** Its statement shares a line with another statement (`a = 1; b = 2`): not removable by edits. */
  SharesLine: 1 << 13,
  /** The binding is one of several targets (`a = b = 1`, `a, b = t`): the statement is not removable alone. */
  MultiTarget: 1 << 14,
  /** A method whose first decorator is `staticmethod`/`classmethod`. */
  Static: 1 << 15,
  /** The function body is only `...`/`pass`/docstring/`raise NotImplementedError` (an interface stub). */
  Stub: 1 << 16,
  /** Defined after a `return`/`raise` in its block: never runs, yet shapes the enclosing scope (cells). */
  Unreachable: 1 << 17,
  /** Defined under `with pytest.raises(...)`/`assertRaises`/`warns`: defining it is what is tested. */
  InRaises: 1 << 18,
  /** A comment on it, above it or in its first lines says it is kept for compatibility (a historical alias). */
  CompatNote: 1 << 19,
  /** Defined in a function whose body only defines things (classes, imports): defining them is its point. */
  OnlyDefinitions: 1 << 20,
  /** `X = X` at module level: pyflakes' way to mark an imported name as used (re-exported, read by C code). */
  SelfAssigned: 1 << 21,
} as const;

export const EdgeKind = {
  /** `num` is a definition of this file. */
  Def: 0,
  /** `str` is an attribute name read or written on an unknown receiver. */
  Attr: 1,
  /** `str` is an attribute name on an instance or class (`self.x`, `cls.x`, `Cls.x`): class members only. */
  Member: 2,
  /** `str` is an absolute dotted path (`pkg.mod.f`), resolved by the linker. */
  Path: 3,
  /** `str` is a name prefix reached by a computed name (`getattr(self, "visit_" + kind)`). */
  Prefix: 4,
  /** `str` is a global name with no binding in this module (star imports may provide it). */
  Global: 5,
  /** Like Def, but the reference is a string naming the definition (`__all__`, `globals()["x"]`). */
  StringDef: 6,
  /** Like Path, from a dotted string (`"pkg.mod:func"`). */
  StringPath: 7,
  /** `str` is a module an import statement loads (its code runs): `a.b` loads `a` and `a.b`. */
  Load: 8,
  /** `num` is a class of this file whose members are reached by computed names on `self`/`cls`. */
  DynamicMembers: 9,
  /**
   * A call passing an identifier string positionally: `str` is `<callee>\0<index>\0<string>`
   * (callee: `def:N` or a dotted path). If the callee builds attribute names from that parameter
   * (`prefixParams`), the lead + string + separator is a prefix reached.
   */
  ArgString: 10,
} as const;
export type EdgeKind = (typeof EdgeKind)[keyof typeof EdgeKind];

export const FileFlag = {
  /** `if __name__ == "__main__":` at module level. */
  ScriptMain: 1 << 0,
  /** Module-level `__getattr__` (PEP 562). */
  ModuleGetattr: 1 << 1,
  /** The module scope is reached by name at run time (`globals()`, `eval`, `exec`, `vars()`…). */
  DynamicGlobals: 1 << 2,
  /** Some `getattr`/`hasattr`/`setattr` takes a computed name. */
  DynamicAttr: 1 << 3,
  /** The file could not be parsed: its identifiers are kept as attribute uses. */
  Unparsed: 1 << 4,
  /** Module-level statements that do something when run (calls, loops): a script, not just definitions. */
  TopLevelEffects: 1 << 5,
  /** Calls `reveal_type`/`assert_type`: input for a type checker, whose names it checks rather than uses. */
  TypeCheckerInput: 1 << 6,
} as const;

export interface FileFacts {
  /** Dotted module name. */
  module: string;
  isPackage: boolean;
  flags: number;
  // ---- definitions (parallel arrays)
  defKind: DefKind[];
  defName: string[];
  /** Qualified name within the module (`Cache.clear`, `f.<locals>.g`). */
  defQual: string[];
  /** Enclosing definition (class for members, function for locals), -1 at module level. */
  defParent: number[];
  defFlags: number[];
  /** Span of the whole statement, decorators included (UTF-16 offsets). */
  defStart: number[];
  defEnd: number[];
  /** For imports: span of the alias within the statement; else the statement span. */
  defItemStart: number[];
  defItemEnd: number[];
  /** 1-based line and column (code points) of the name. */
  defLine: number[];
  defCol: number[];
  /** Decorator descriptors (see `describeCallable`), one list per definition. */
  defDecorators: string[][];
  /** Class bases: descriptors (`def:<i>`, `path:<dotted>`, `builtins.X`, `?`), and `meta:<descriptor>` for a metaclass. */
  defBases: string[][];
  /** Imports: absolute dotted target (`pkg.mod.f`), "" when it cannot be anchored. */
  defTarget: string[];
  // ---- edges
  edgeFrom: number[];
  edgeKind: EdgeKind[];
  edgeNum: number[];
  edgeStr: string[];
  /** Absolute module names of `from m import *`. */
  starImports: string[];
  /**
   * Functions that build a name they get or test as an attribute from a parameter
   * (`getattr(self, '%s_%s' % (basename, kind))`: SymPy's dispatch_method; `"_" + name + "_" + state`):
   * `<def>\0<index>\0<lead>\0<separator>`.
   */
  prefixParams: string[];
  /** Identifier-like string constants (evidence that a name is reached by string). */
  strings: string[];
}

/**
 * The module a call returns, when it is one named by a constant: `pytest.importorskip("matplotlib")`,
 * `importlib.import_module("a.b")` (absolute names only); else null.
 */
function moduleLoaded(e: A.Expr): string | null {
  if (e._type !== "Call" || e.args.length === 0) return null;
  const callee = lastName(e.func);
  if (callee !== "importorskip" && callee !== "import_module") return null;
  const arg = e.args[0]!;
  return arg._type === "Constant" && typeof arg.value === "string" && MODULE_NAME.test(arg.value) ? arg.value : null;
}
const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * A name spelled as `lead + param + sep + …`: `'_%s_%s' % (param, x)`, `f"_{param}_{x}"`,
 * `"_" + param + "_" + x` (the lead may be empty; something must follow the separator).
 */
function parameterSpelling(e: A.Expr): { param: A.Name; lead: string; sep: string } | null {
  const str = (x: A.Node | undefined): x is A.Constant => x !== undefined && x._type === "Constant" && typeof x.value === "string";
  if (e._type === "BinOp" && e.op === "Mod" && str(e.left) && e.right._type === "Tuple") {
    const m = /^([^%]*)%s([^%]*)%/.exec(e.left.value as string);
    const first = e.right.elts[0];
    if (m && e.right.elts.length >= 2 && first!._type === "Name") return { param: first as A.Name, lead: m[1]!, sep: m[2]! };
    return null;
  }
  if (e._type === "JoinedStr") {
    const v = e.values;
    const i = str(v[0]) ? 1 : 0;
    const value = v[i];
    if (v.length >= i + 3 && value!._type === "FormattedValue" && value!.conversion === -1 && !value!.format_spec && value!.value._type === "Name" && str(v[i + 1])) {
      return { param: value!.value, lead: i ? (v[0] as A.Constant).value as string : "", sep: (v[i + 1] as A.Constant).value as string };
    }
    return null;
  }
  if (e._type === "BinOp" && e.op === "Add") {
    // The operands of a left-nested `a + b + c + …`.
    const ops: A.Expr[] = [];
    let cur: A.Expr = e;
    while (cur._type === "BinOp" && cur.op === "Add") {
      ops.unshift(cur.right);
      cur = cur.left;
    }
    ops.unshift(cur);
    let i = 0;
    let lead = "";
    while (i < ops.length && str(ops[i])) lead += (ops[i++] as A.Constant).value as string;
    const param = ops[i];
    const sep = ops[i + 1];
    if (param?._type === "Name" && str(sep) && ops.length > i + 2) return { param, lead, sep: sep.value as string };
  }
  return null;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+(?::[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?$/;
const COLON_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** A path relative to the file's package (`"._path.svnwc:SvnWCCommandPath"`: apipkg's export tables, lazy loaders). */
const RELATIVE_PATH = /^(\.+)([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?(?::([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*))?$/;
const KEEP_COMMENT = /#\s*tsrs:\s*keep\b/;
/** A PEP 484 type comment: its type. */
const TYPE_COMMENT = /^#\s*type:\s*(.*)$/;
/** Library functions that read their caller's module globals (and locals) by name. */
const CALLER_GLOBALS_READERS = new Set(["ply.lex.lex", "ply.yacc.yacc"]);
const CALLER_GLOBALS_READER_NAMES = new Set([...CALLER_GLOBALS_READERS].map((p) => p.slice(p.lastIndexOf(".") + 1)));
/** A comment saying code stays for old callers: "backward compatibility", "historical name", "legacy", "deprecated alias". */
const COMPAT_COMMENT = /#.*\b(?:backwards?[- ]?compat\w*|compat(?:ibility)?|historical|legacy|deprecated|kept for)\b/i;
/** A cheap first look for COMPAT_COMMENT. */
const COMPAT_WORD = /compat|histor|legacy|deprecat|kept for/i;
/** Lines of a definition (from its first) where a compatibility comment counts. */
const COMPAT_LINES = 4;
/** Lines above a definition, in its paragraph, where a comment-only line saying so counts. */
const COMPAT_PARAGRAPH = 30;
/**
 * `# noqa` (bare) or `# noqa: F401` (flake8/ruff: unused import, kept on purpose) or vulture's
 * `# noqa: V1xx`: the author says this is used.
 */
const NOQA_COMMENT = /#\s*noqa(?!\s*:)|#\s*noqa\s*:[^#\n]*\b(?:F401|F811|V1\d\d)\b/i;
/** In code held by a string: a name called (`name(`) or read as an attribute (`.name`). */
const CODE_NAME = /\.\s*([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;
/** A string holding a call (`"create_app('x')"`, `"pkg.mod:factory()"`). */
const CALL_STRING = /^\s*([A-Za-z_][A-Za-z0-9_.]*)(?::([A-Za-z_][A-Za-z0-9_.]*))?\s*\(/;

/** Calls whose result is a fresh value without side effects (a module-level `X = f(...)` stays removable). */
const PURE_CALLS = new Set([
  "builtins.dict", "builtins.list", "builtins.set", "builtins.frozenset", "builtins.tuple", "builtins.object",
  "builtins.str", "builtins.int", "builtins.float", "builtins.bytes", "builtins.bool", "builtins.len",
  "builtins.range", "builtins.sorted", "builtins.property", "builtins.staticmethod", "builtins.classmethod",
  "typing.TypeVar", "typing.NewType", "typing.ParamSpec", "typing.TypeVarTuple", "typing.NamedTuple",
  "typing.TypedDict", "typing.cast", "typing_extensions.TypeVar", "typing_extensions.ParamSpec",
  "collections.namedtuple", "collections.OrderedDict", "collections.defaultdict", "collections.deque",
  "re.compile", "logging.getLogger", "object",
]);

/** Names the walker needs to see as the builtins they are (getattr family). */
const GETATTR_FAMILY = new Set(["getattr", "hasattr", "setattr", "delattr"]);
/** The attribute-access slots callable by name (`object.__getattribute__(self, name)`). */
const SLOT_WRAPPERS = new Set(["__getattribute__", "__getattr__", "__setattr__", "__delattr__"]);

/** `super()` / `super(C, self)`. */
function isSuperCall(e: A.Expr): boolean {
  return e._type === "Call" && e.func._type === "Name" && e.func.id === "super";
}

interface Ctx {
  owner: number;
  /** Semantic scope of the code being walked. */
  scope: number;
  /** Inside an annotation (strings are parsed as expressions). */
  annotation: boolean;
}

function isDocstring(s: A.Stmt | undefined): s is A.ExprStmt & { value: A.Constant & { value: string } } {
  return s !== undefined && s._type === "Expr" && s.value._type === "Constant" && typeof s.value.value === "string";
}

/** `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:`. */
function isTypeCheckingTest(e: A.Expr): boolean {
  return (e._type === "Name" && e.id === "TYPE_CHECKING") || (e._type === "Attribute" && e.attr === "TYPE_CHECKING");
}

/** `if __name__ == "__main__":` (either order). */
function isMainTest(e: A.Expr): boolean {
  if (e._type !== "Compare" || e.ops.length !== 1 || e.ops[0] !== "Eq") return false;
  const a = e.left;
  const b = e.comparators[0]!;
  const isName = (x: A.Expr): boolean => x._type === "Name" && x.id === "__name__";
  const isMain = (x: A.Expr): boolean => x._type === "Constant" && x.value === "__main__";
  return (isName(a) && isMain(b)) || (isMain(a) && isName(b));
}

const IMPORT_ERRORS = new Set(["ImportError", "ModuleNotFoundError", "Exception", "BaseException"]);

function catchesImportError(h: A.ExceptHandler): boolean {
  if (h.type === null) return true;
  const names = h.type._type === "Tuple" ? h.type.elts : [h.type];
  return names.some((n) => (n._type === "Name" && IMPORT_ERRORS.has(n.id)) || (n._type === "Attribute" && IMPORT_ERRORS.has(n.attr)));
}

/** Whether a function body is an interface stub: docstring, `...`, `pass`, `raise NotImplementedError`. */
function isStubBody(body: readonly A.Stmt[]): boolean {
  for (const s of body) {
    if (isDocstring(s) || s._type === "Pass") continue;
    if (s._type === "Expr" && s.value._type === "Constant" && s.value.value !== null && typeof s.value.value === "object" && !(s.value.value instanceof Uint8Array)) continue; // Ellipsis
    if (s._type === "Raise" && s.exc) {
      const e = s.exc._type === "Call" ? s.exc.func : s.exc;
      if ((e._type === "Name" && e.id === "NotImplementedError") || (e._type === "Attribute" && e.attr === "NotImplementedError")) continue;
    }
    return false;
  }
  return true;
}

/** The literal prefix of a computed name (`"do_" + x`, `f"visit_{k}"`, `"on_%s" % e`, `"x_{}".format(e)`). */
export function computedPrefix(e: A.Expr): string | null {
  let p: string | null = null;
  if (e._type === "BinOp" && e.op === "Add" && e.left._type === "Constant" && typeof e.left.value === "string") p = e.left.value;
  else if (e._type === "BinOp" && e.op === "Mod" && e.left._type === "Constant" && typeof e.left.value === "string") p = e.left.value.split("%")[0]!;
  else if (e._type === "JoinedStr" && e.values.length > 1 && e.values[0]!._type === "Constant" && typeof e.values[0]!.value === "string") p = e.values[0]!.value;
  else if (e._type === "Call" && e.func._type === "Attribute" && e.func.attr === "format" && e.func.value._type === "Constant" && typeof e.func.value.value === "string") p = e.func.value.value.split("{")[0]!;
  if (p === null || p.length < 3 || !IDENT.test(p)) return null;
  return p;
}

export interface ExtractOptions {
  module: string;
  isPackage: boolean;
  comments: readonly { start: number; end: number }[];
}

class Extractor {
  readonly f: FileFacts;
  /** Reference id of each Name node the semantic model recorded. */
  private readonly refOf = new Map<A.Node, number>();
  /** Definition of each binding id (-1 if none). */
  private readonly defOfBinding: Int32Array;
  /** Definition index per def/class/alias/target node. */
  private readonly defOfNode = new Map<A.Node, number>();
  private readonly keepLines = new Set<number>();
  /** Lines holding a comment that says something is kept for compatibility. */
  private readonly compatLines = new Set<number>();
  /** Whether the file's text spells `global` (else no function's symbols need a look for declarations). */
  private readonly hasGlobalStatements: boolean;
  /** The types of the file's PEP 484 type comments (after `# type:`). */
  private readonly typeComments: string[] = [];
  private readonly strings = new Set<string>();
  private readonly prefixes: { owner: number; prefix: string }[] = [];
  /** `import a.b.c` (no `as`): the def binding `a`, and `a.b`, the first submodule the statement loads. */
  private readonly submoduleImports: { def: number; submodule: string }[] = [];
  /** Attribute paths read through a name bound to a module object (`sp.stats.pearsonr` with `import scipy as sp`), by reading owner. */
  private readonly moduleReads: { from: number; path: string }[] = [];
  /** Module-level variables holding a module: `mpl = pytest.importorskip("matplotlib")`, `m = importlib.import_module("a.b")`. */
  private readonly moduleOfVariable = new Map<number, string>();
  private readonly edgeSeen = new Set<string>();
  private readonly defEdgeSeen = new Set<number>();
  /** Functions whose local namespace is read by name (`locals()`, `vars()`, `eval`, `exec`). */
  private readonly dynamicLocals = new Set<number>();
  /** Statements sharing a line with a sibling or with their block header (`a = 1; b = 2`, `if x: y()`). */
  private readonly sharedLine = new Set<A.Stmt>();

  constructor(
    private readonly model: SemanticModel,
    private readonly source: SourceFile,
    private readonly options: ExtractOptions,
  ) {
    this.f = {
      module: options.module,
      isPackage: options.isPackage,
      flags: 0,
      defKind: [], defName: [], defQual: [], defParent: [], defFlags: [], defStart: [], defEnd: [],
      defItemStart: [], defItemEnd: [], defLine: [], defCol: [], defDecorators: [], defBases: [], defTarget: [],
      edgeFrom: [], edgeKind: [], edgeNum: [], edgeStr: [], starImports: [], prefixParams: [], strings: [],
    };
    const nodes = model.data.referenceNode;
    for (let r = 0; r < nodes.length; r++) this.refOf.set(nodes[r]!, r);
    this.defOfBinding = new Int32Array(model.bindingCount).fill(-1);
    this.hasGlobalStatements = /\bglobal[ \t]/.test(source.text);
    for (const c of options.comments) {
      const text = source.text.slice(c.start, c.end);
      if (KEEP_COMMENT.test(text) || NOQA_COMMENT.test(text)) this.keepLines.add(source.lineOf(c.start));
      if (COMPAT_WORD.test(text) && COMPAT_COMMENT.test(text)) this.compatLines.add(source.lineOf(c.start));
      if (text.includes("type:")) {
        const type = TYPE_COMMENT.exec(text);
        if (type && !/^ignore\b/.test(type[1]!)) this.typeComments.push(type[1]!.split("#")[0]!.trim());
      }
    }
  }

  run(): FileFacts {
    const m = this.model.module;
    this.declare(m.body, -1, "", 0, 0);
    const bk = this.model.data.bindingNode;
    for (let b = 0; b < bk.length; b++) {
      const d = this.defOfNode.get(bk[b]!);
      if (d !== undefined) this.defOfBinding[b] = d;
    }
    this.markPureDecorators();
    if (m.body.some((st) => st._type === "For" || st._type === "AsyncFor" || st._type === "While" || (st._type === "Expr" && (st.value._type === "Call" || st.value._type === "Await")))) {
      this.f.flags |= FileFlag.TopLevelEffects;
    }
    const ctx: Ctx = { owner: -1, scope: 0, annotation: false };
    this.stmts(m.body, ctx, true);
    // PEP 484 type comments (`# type: (IO, Text) -> None`, `x = []  # type: List[FS]`): the names in
    // them are used (imports under TYPE_CHECKING often serve only these), read from the module.
    for (const t of this.typeComments) {
      const arrow = t.startsWith("(") ? t.lastIndexOf("->") : -1;
      const parts = arrow >= 0 ? [t.slice(0, arrow).trim().slice(1, -1).replace(/\*/g, ""), t.slice(arrow + 2)] : [t];
      for (const part of parts) if (part.trim()) this.annotationString(part, { owner: -1, scope: 0, annotation: true });
    }
    if (this.f.flags & FileFlag.DynamicAttr) {
      for (const p of this.prefixes) this.edge(p.owner, EdgeKind.Prefix, 0, p.prefix);
    }
    this.linkSubmoduleImports();
    if (this.source.text.includes(">>>")) this.doctests(m);
    if (this.dynamicLocals.size > 0) {
      const parents = this.f.defParent;
      for (let d = 0; d < parents.length; d++) if (this.dynamicLocals.has(parents[d]!)) this.edge(parents[d]!, EdgeKind.StringDef, d, "");
    }
    this.f.strings = [...this.strings].sort();
    return this.f;
  }

  /**
   * `import scipy as sp` + `import scipy.stats` + `sp.stats.pearsonr(x, y)` (networkx, SciPy's own
   * style): the dotted import binds `scipy`, which nothing reads, but it is what loads the
   * submodule the code reads through another name of the package. A read of a path under the
   * first submodule an `import a.b.c` loads (`a.b`, `a.b.…`) through a name bound to a module
   * (`import a as x`, `import a`) uses that import — from the reading code, so it goes with it when
   * that code is dead. (A name from `from a.b import y` needs no such import: that loads `a.b` itself.)
   */
  private linkSubmoduleImports(): void {
    for (const { def, submodule } of this.submoduleImports) {
      for (const r of this.moduleReads) {
        if (r.path === submodule || r.path.startsWith(`${submodule}.`)) this.edge(r.from, EdgeKind.Def, def, "");
      }
    }
  }

  // ------------------------------------------------------------ pass 1: definitions

  /** Records which statements of a block share a line with a sibling or with the block header. */
  private markSharedLines(body: readonly A.Stmt[]): void {
    const text = this.source.text;
    const gapHasNewline = (from: number, to: number): boolean => {
      for (let i = from; i < to; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 13) return true;
      }
      return false;
    };
    for (let i = 0; i < body.length; i++) {
      const s = body[i]!;
      const start = this.stmtStart(s);
      let shared = false;
      if (i > 0 && !gapHasNewline(body[i - 1]!.end, start)) shared = true;
      else if (i + 1 < body.length && !gapHasNewline(s.end, this.stmtStart(body[i + 1]!))) shared = true;
      else if (i === 0) {
        // On the header's line (`class C: x = 1`): something other than white space precedes it.
        for (let k = start - 1; k >= 0; k--) {
          const c = text.charCodeAt(k);
          if (c === 10 || c === 13) break;
          if (c !== 32 && c !== 9 && c !== 12) {
            shared = true;
            break;
          }
        }
      }
      if (shared) this.sharedLine.add(s);
    }
  }

  /** Start of a statement including its decorators (the `@` of the first one). */
  private stmtStart(s: A.Stmt): number {
    if ((s._type === "FunctionDef" || s._type === "AsyncFunctionDef" || s._type === "ClassDef") && s.decorator_list.length > 0) {
      const text = this.source.text;
      let i = s.decorator_list[0]!.start - 1;
      while (i >= 0 && text[i] !== "@") i--;
      return Math.max(0, i);
    }
    return s.start;
  }

  private addDef(kind: DefKind, name: string, qual: string, parent: number, flags: number, stmt: A.Stmt, itemStart: number, itemEnd: number, nameAt: number): number {
    const f = this.f;
    const i = f.defKind.length;
    const start = this.stmtStart(stmt);
    const pos = this.source.errorPosition(nameAt);
    const firstLine = this.source.lineOf(start);
    const nameLine = pos.line;
    const lastLine = kind === DefKind.Import ? this.source.lineOf(stmt.end) : firstLine;
    if (this.keepLines.has(firstLine) || this.keepLines.has(nameLine) || this.keepLines.has(lastLine) || (this.keepLines.has(firstLine - 1) && this.commentOnlyLine(firstLine - 1))) flags |= DefFlag.Keep;
    if (this.sharedLine.has(stmt)) flags |= DefFlag.SharesLine;
    if (this.compatLines.size > 0 && this.compatNote(firstLine, Math.min(this.source.lineOf(stmt.end), firstLine + COMPAT_LINES - 1))) flags |= DefFlag.CompatNote;
    f.defKind.push(kind);
    f.defName.push(name);
    f.defQual.push(qual);
    f.defParent.push(parent);
    f.defFlags.push(flags);
    f.defStart.push(start);
    f.defEnd.push(stmt.end);
    f.defItemStart.push(itemStart);
    f.defItemEnd.push(itemEnd);
    f.defLine.push(pos.line);
    f.defCol.push(pos.col);
    f.defDecorators.push([]);
    f.defBases.push([]);
    f.defTarget.push("");
    return i;
  }

  /**
   * A compatibility comment on lines `first`…`last`, or on a comment-only line heading the
   * paragraph `first` is in (no blank line between, at most COMPAT_PARAGRAPH lines up): SQLAlchemy's
   * `# old names for compatibility` above a block of aliases.
   */
  private compatNote(first: number, last: number): boolean {
    for (let l = first; l <= last; l++) if (this.compatLines.has(l)) return true;
    for (let l = first - 1; l >= 1 && l >= first - COMPAT_PARAGRAPH; l--) {
      const text = this.source.lineText(l).trim();
      if (text === "") break;
      if (text.startsWith("#") && this.compatLines.has(l)) return true;
    }
    return false;
  }

  private commentOnlyLine(line: number): boolean {
    return this.source.lineText(line).trimStart().startsWith("#");
  }

  /**
   * Declares the definitions of a block. `parent`: enclosing def (-1 module); `prefix`: qualname
   * prefix; `level`: 0 module, 1 class body, 2 function body; `ctxFlags`: inherited flags.
   */
  private declare(body: readonly A.Stmt[], parent0: number, prefix0: string, level: number, ctxFlags: number, globals: ReadonlyMap<string, number> | null = null): void {
    const inClass = level === 1;
    const inFunction = level === 2;
    const nestFlags0 = (inClass ? DefFlag.Member : 0) | (inFunction ? DefFlag.Nested : 0);
    // A def, class or import of a name the function declares `global` binds the module's name
    // (matplotlib's qt_compat sets QtGui, _isdeleted in a setup function; other modules import them).
    let parent = parent0;
    let prefix = prefix0;
    let nestFlags = nestFlags0;
    const placeFor = (name: string): void => {
      const sym = globals?.get(name);
      const global = sym !== undefined && (this.model.symbolFlags(sym) & SymbolFlag.DefGlobal) !== 0;
      parent = global ? -1 : parent0;
      prefix = global ? "" : prefix0;
      nestFlags = global ? 0 : nestFlags0;
    };
    this.markSharedLines(body);
    let afterExit = 0;
    for (const s of body) {
      placeFor("");
      if (afterExit) ctxFlags |= DefFlag.Unreachable;
      if (s._type === "Return" || s._type === "Raise") afterExit = 1;
      switch (s._type) {
        case "FunctionDef":
        case "AsyncFunctionDef": {
          placeFor(s.name);
          const decos = s.decorator_list;
          let kind: DefKind = inClass ? DefKind.Method : DefKind.Function;
          let flags = ctxFlags | nestFlags | (decos.length > 0 ? DefFlag.Decorated : 0);
          if (inClass && decos.some((d) => isPropertyDecorator(d))) kind = DefKind.Property;
          if (inClass && decos.some((d) => d._type === "Name" && (d.id === "staticmethod" || d.id === "classmethod"))) flags |= DefFlag.Static;
          if (isStubBody(s.body)) flags |= DefFlag.Stub;
          const qual = prefix + s.name;
          if (level === 0 && s.name === "__getattr__") this.f.flags |= FileFlag.ModuleGetattr;
          const d = this.addDef(kind, s.name, qual, parent, flags, s, s.start, s.end, this.nameOffset(s));
          this.defOfNode.set(s, d);
          const definesOnly = s.body.every(
            (st) => st._type === "ClassDef" || st._type === "Import" || st._type === "ImportFrom" || st._type === "Pass" || (st._type === "Expr" && st.value._type === "Constant"),
          );
          // The scope model knows the names the function declares `global`.
          const fnScope = this.hasGlobalStatements ? this.model.scopeOfNode(s) : -1;
          this.declare(s.body, d, `${qual}.<locals>.`, 2, (ctxFlags & (DefFlag.TypeChecking | DefFlag.InMain)) | (definesOnly ? DefFlag.OnlyDefinitions : 0), fnScope >= 0 ? this.model.symbolsOf(fnScope) : null);
          break;
        }
        case "ClassDef": {
          placeFor(s.name);
          const flags = ctxFlags | nestFlags | (s.decorator_list.length > 0 ? DefFlag.Decorated : 0);
          const qual = prefix + s.name;
          const d = this.addDef(DefKind.Class, s.name, qual, parent, flags, s, s.start, s.end, this.nameOffset(s));
          this.defOfNode.set(s, d);
          this.declare(s.body, d, `${qual}.`, 1, ctxFlags & (DefFlag.TypeChecking | DefFlag.InMain));
          break;
        }
        case "Import":
        case "ImportFrom": {
          if (inClass) break;
          if (s._type === "ImportFrom" && s.module === "__future__") break;
          for (const a of s.names) {
            if (a.name === "*") {
              const target = this.absoluteModule(s._type === "ImportFrom" ? s.module : null, s._type === "ImportFrom" ? s.level : 0);
              if (target && level === 0) this.f.starImports.push(target);
              continue;
            }
            let name: string;
            let target: string;
            let flags = ctxFlags | nestFlags;
            if (s._type === "Import") {
              name = a.asname ?? a.name.split(".")[0]!;
              target = a.asname ? a.name : name;
              flags |= DefFlag.ModuleImport;
              if (a.asname && a.asname === a.name) flags |= DefFlag.ReExport;
            } else {
              name = a.asname ?? a.name;
              const base = this.absoluteModule(s.module, s.level);
              target = base === null ? "" : base ? `${base}.${a.name}` : a.name;
              if (a.asname && a.asname === a.name) flags |= DefFlag.ReExport;
            }
            if (s.names.length > 1) flags |= DefFlag.MultiTarget;
            placeFor(name);
            if (parent !== parent0) flags &= ~DefFlag.Nested;
            const d = this.addDef(DefKind.Import, name, prefix + name, parent, flags, s, a.start, a.end, this.nameOffset(a));
            this.f.defTarget[d] = target;
            this.defOfNode.set(a, d);
          }
          break;
        }
        case "Assign":
        case "AnnAssign":
        case "TypeAlias": {
          if (level !== 0) break;
          const targets = s._type === "Assign" ? s.targets : s._type === "AnnAssign" ? (s.value ? [s.target] : []) : [s.name];
          const names: A.Name[] = [];
          for (const t of targets) collectTargetNames(t, names);
          const value = s._type === "TypeAlias" ? s.value : s.value;
          let flags = ctxFlags;
          if (value && this.isPure(value)) flags |= DefFlag.Pure;
          if (names.length > 1 || targets.some((t) => t._type !== "Name")) flags |= DefFlag.MultiTarget;
          else if (value?._type === "Name" && names.length === 1 && value.id === names[0]!.id) flags |= DefFlag.SelfAssigned;
          const loaded = names.length === 1 && value ? moduleLoaded(value) : null;
          for (const n of names) {
            const d = this.addDef(DefKind.Variable, n.id, prefix + n.id, parent, flags, s, n.start, n.end, n.start);
            this.defOfNode.set(n, d);
            if (loaded) this.moduleOfVariable.set(d, loaded);
          }
          break;
        }
        case "If": {
          let f = ctxFlags | DefFlag.Conditional;
          if (isTypeCheckingTest(s.test)) {
            this.declare(s.body, parent0, prefix0, level, f | DefFlag.TypeChecking, globals);
            this.declare(s.orelse, parent0, prefix0, level, f, globals);
            break;
          }
          if (level === 0 && isMainTest(s.test)) {
            this.f.flags |= FileFlag.ScriptMain;
            f |= DefFlag.InMain;
          }
          this.declare(s.body, parent0, prefix0, level, f, globals);
          this.declare(s.orelse, parent0, prefix0, level, ctxFlags | DefFlag.Conditional, globals);
          break;
        }
        case "Try":
        case "TryStar": {
          const optional = s.handlers.some(catchesImportError) ? DefFlag.OptionalImport : 0;
          const f = ctxFlags | DefFlag.Conditional;
          this.declare(s.body, parent0, prefix0, level, f | optional, globals);
          for (const h of s.handlers) this.declare(h.body, parent0, prefix0, level, f | (catchesImportError(h) ? optional : 0), globals);
          this.declare(s.orelse, parent0, prefix0, level, f, globals);
          this.declare(s.finalbody, parent0, prefix0, level, f, globals);
          break;
        }
        case "For":
        case "AsyncFor":
        case "While":
          this.declare(s.body, parent0, prefix0, level, ctxFlags | DefFlag.Conditional, globals);
          this.declare(s.orelse, parent0, prefix0, level, ctxFlags | DefFlag.Conditional, globals);
          break;
        case "With":
        case "AsyncWith": {
          const raises = s.items.some((it) => isRaisesContext(it.context_expr)) ? DefFlag.InRaises : 0;
          this.declare(s.body, parent0, prefix0, level, ctxFlags | DefFlag.Conditional | raises, globals);
          break;
        }
        case "Match":
          for (const c of s.cases) this.declare(c.body, parent0, prefix0, level, ctxFlags | DefFlag.Conditional, globals);
          break;
      }
    }
  }

  /** Offset of the identifier a def/class binds (after `async`, `def`/`class` and white space), or an alias binds. */
  private nameOffset(node: A.Node & A.Located): number {
    if (node._type === "alias") return node.asname !== null ? node.end - node.asname.length : node.start;
    const text = this.source.text;
    let i = node.start;
    const skipWord = (): void => {
      while (i < node.end && /[A-Za-z_]/.test(text[i]!)) i++;
    };
    const skipSpace = (): void => {
      // White space, line continuations and comments are not allowed between `def` and the name
      // except spaces, tabs, form feeds and backslash continuations.
      while (i < node.end && (text[i] === " " || text[i] === "\t" || text[i] === "\f" || text[i] === "\\" || text[i] === "\n" || text[i] === "\r")) i++;
    };
    if (node._type === "AsyncFunctionDef") {
      skipWord();
      skipSpace();
    }
    skipWord();
    skipSpace();
    return i < node.end ? i : node.start;
  }

  /** The absolute module of a relative import, or null when it cannot be anchored. */
  private absoluteModule(module: string | null, level: number): string | null {
    if (level === 0) return module ?? "";
    const own = this.options.module;
    let pkg = this.options.isPackage ? own : own.includes(".") ? own.slice(0, own.lastIndexOf(".")) : "";
    for (let i = 1; i < level; i++) {
      if (!pkg) return null;
      pkg = pkg.includes(".") ? pkg.slice(0, pkg.lastIndexOf(".")) : "";
    }
    if (!pkg) return null;
    return module ? `${pkg}.${module}` : pkg;
  }

  /** Whether evaluating `e` has no side effects worth keeping (literals, names, containers, pure calls). */
  private isPure(e: A.Expr): boolean {
    switch (e._type) {
      case "Constant":
      case "Name":
      case "Lambda":
        return true;
      case "Attribute":
        return this.isPure(e.value);
      case "Tuple":
      case "List":
      case "Set":
        return e.elts.every((x) => this.isPure(x));
      case "Starred":
        return this.isPure(e.value);
      case "Dict":
        return e.keys.every((k) => k === null || this.isPure(k)) && e.values.every((v) => this.isPure(v));
      case "BinOp":
        return this.isPure(e.left) && this.isPure(e.right);
      case "UnaryOp":
        return this.isPure(e.operand);
      case "BoolOp":
        return e.values.every((v) => this.isPure(v));
      case "Compare":
        return this.isPure(e.left) && e.comparators.every((c) => this.isPure(c));
      case "IfExp":
        return this.isPure(e.test) && this.isPure(e.body) && this.isPure(e.orelse);
      case "Subscript":
        return this.isPure(e.value) && this.isPure(e.slice);
      case "Slice":
        return (!e.lower || this.isPure(e.lower)) && (!e.upper || this.isPure(e.upper)) && (!e.step || this.isPure(e.step));
      case "JoinedStr":
        return e.values.every((v) => v._type === "Constant" || (this.isPure(v.value) && (!v.format_spec || this.isPure(v.format_spec))));
      case "Call": {
        const d = this.describe(e.func);
        if (!PURE_CALLS.has(d)) return false;
        return e.args.every((a) => this.isPure(a)) && e.keywords.every((k) => this.isPure(k.value));
      }
      default:
        return false;
    }
  }

  // ------------------------------------------------------------ names and descriptors

  /** Definitions a Name node (recorded by the model, or parsed from a string in `scope`) refers to. */
  private defsOfName(n: A.Name, scope: number): { defs: number[]; kind: ResolutionKind } {
    const ref = this.refOf.get(n);
    const res = ref !== undefined ? this.model.resolveReference(ref) : this.model.lookup(scope, n.id);
    if (res.symbol < 0) return { defs: [], kind: res.kind };
    const out: number[] = [];
    for (const b of this.model.bindingsOf(res.symbol)) {
      const d = this.defOfBinding[b]!;
      if (d >= 0 && !out.includes(d)) out.push(d);
    }
    // In a class body a name bound in the class is read from the enclosing scope until the class
    // binds it (`_template = _template`): the outer definition is used too.
    if (res.scope >= 0 && this.model.scopeKind(res.scope) === ScopeKind.Class && n.ctx === "Load") {
      const outer = this.model.lookup(this.model.parentOf(res.scope), n.id);
      if (outer.symbol >= 0) {
        for (const b of this.model.bindingsOf(outer.symbol)) {
          const d = this.defOfBinding[b]!;
          if (d >= 0 && !out.includes(d)) out.push(d);
        }
      }
    }
    return { defs: out, kind: res.kind };
  }

  /**
   * A stable descriptor of what a Name/Attribute chain names, for decorators, bases and pure-call
   * checks: `builtins.X`, an absolute dotted import path (`functools.lru_cache`), `def:<i>[.rest]`
   * for a definition of this file, `?name` when unknown.
   */
  describe(e: A.Expr, scope = -1): string {
    const parts: string[] = [];
    let cur = e;
    while (cur._type === "Attribute") {
      parts.unshift(cur.attr);
      cur = cur.value;
    }
    if (cur._type === "Call") return "?call";
    if (cur._type !== "Name") return "?";
    const rest = parts.length ? "." + parts.join(".") : "";
    const { defs, kind } = this.defsOfName(cur, scope < 0 ? 0 : scope);
    if (defs.length === 0) {
      if (kind === ResolutionKind.Builtin) return `builtins.${cur.id}${rest}`;
      return `?${cur.id}${rest}`;
    }
    const d = defs[defs.length - 1]!;
    if (this.f.defKind[d] === DefKind.Import && this.f.defTarget[d]) return this.f.defTarget[d] + rest;
    return `def:${d}${rest}`;
  }

  // ------------------------------------------------------------ decorators that register nothing

  /**
   * A function is a pure decorator when its first parameter is only called, returned, wrapped
   * (`functools.wraps(fn)`) or read for metadata (`fn.__name__`) — it stores it nowhere.
   */
  private markPureDecorators(): void {
    const f = this.f;
    const fnNodes: (A.FunctionDef | A.AsyncFunctionDef)[] = [];
    for (const [node, d] of this.defOfNode) {
      if ((node._type === "FunctionDef" || node._type === "AsyncFunctionDef") && (f.defKind[d] === DefKind.Function || f.defKind[d] === DefKind.Method)) fnNodes.push(node);
    }
    const pure = new Set<A.Node>();
    for (const fn of fnNodes) if (mayBeDecorator(fn) && this.isPureDecorator(fn)) pure.add(fn);
    for (const fn of fnNodes) {
      const d = this.defOfNode.get(fn)!;
      if (pure.has(fn)) f.defFlags[d]! |= DefFlag.PureDecorator;
      // Factory: returns a nested function that is a pure decorator.
      const nested = new Map<string, A.Node>();
      for (const s of fn.body) if ((s._type === "FunctionDef" || s._type === "AsyncFunctionDef") && pure.has(s)) nested.set(s.name, s);
      if (nested.size === 0) continue;
      const returns: A.Return[] = [];
      collectReturns(fn.body, returns);
      if (returns.length > 0 && returns.every((r) => r.value && r.value._type === "Name" && nested.has(r.value.id))) f.defFlags[d]! |= DefFlag.PureDecoratorFactory;
    }
  }

  private isPureDecorator(fn: A.FunctionDef | A.AsyncFunctionDef): boolean {
    const params = [...fn.args.posonlyargs, ...fn.args.args];
    if (params.length === 0) return false;
    const first = fn.args.posonlyargs.length + fn.args.args.length > 1 && (params[0]!.arg === "self" || params[0]!.arg === "cls") ? params[1]! : params[0]!;
    const name = first.arg;
    let ok = true;
    let returnsSomething = false;
    const visit = (n: A.Node, parent: A.Node | null, grand: A.Node | null): void => {
      if (!ok) return;
      if (n._type === "Return" && n.value) returnsSomething = true;
      if (n._type === "Name" && n.id === name) {
        if (n.ctx !== "Load") {
          ok = false;
          return;
        }
        const allowed =
          (parent?._type === "Call" && parent.func === n) ||
          (parent?._type === "Return") ||
          (parent?._type === "Attribute" && /^__\w+__$/.test(parent.attr)) ||
          (parent?._type === "Call" && isWrapsCall(parent)) ||
          (parent?._type === "Starred" && grand?._type === "Call") ||
          (parent?._type === "Await");
        if (!allowed) ok = false;
        return;
      }
      forEachChild(n, (c) => visit(c, n, parent));
    };
    for (const s of fn.body) visit(s, null, null);
    for (const d of fn.decorator_list) visit(d, null, null);
    if (!ok || !returnsSomething) return false;
    // What it hands back is the function or a wrapper of it — not what a call made of it
    // (`return pytest.fixture(scope=s)(wrapper)` registers the wrapper: SQLAlchemy's
    // metadata_fixture; `return fn()` runs it).
    const nested = new Set<string>();
    for (const st of fn.body) if (st._type === "FunctionDef" || st._type === "AsyncFunctionDef" || st._type === "ClassDef") nested.add(st.name);
    const returns: A.Return[] = [];
    collectReturns(fn.body, returns);
    const handsBack = returns.every((r) => !r.value || (r.value._type === "Name" && (r.value.id === name || nested.has(r.value.id))) || (r.value._type === "Call" && (isWrapsCall(r.value) || (r.value.func._type === "Call" && isWrapsCall(r.value.func)))));
    if (!handsBack) return false;
    // The wrapper goes nowhere else: stored in a table (`table[op] = wrapper`: matplotlib's dviread
    // dispatch) or handed to a call, it is registered.
    let escapes = false;
    const look = (n: A.Node, parent: A.Node | null): void => {
      if (escapes) return;
      if (n._type === "Name" && n.ctx === "Load" && nested.has(n.id)) {
        const fine =
          parent?._type === "Return" ||
          (parent?._type === "Call" && isWrapsCall(parent)) || // update_wrapper(wrapper, fn)
          (parent?._type === "Attribute" && /^__\w+__$/.test(parent.attr)); // wrapper.__wrapped__ = fn
        if (!fine) escapes = true;
      }
      forEachChild(n, (c) => look(c, n));
    };
    if (nested.size > 0) for (const st of fn.body) if (st._type !== "FunctionDef" && st._type !== "AsyncFunctionDef" && st._type !== "ClassDef") look(st, null);
    return !escapes;
  }

  // ------------------------------------------------------------ pass 2: references

  private edge(from: number, kind: EdgeKind, num: number, str: string): void {
    if (kind === EdgeKind.Def || kind === EdgeKind.StringDef || kind === EdgeKind.DynamicMembers) {
      const key = ((from + 1) * 16 + kind) * 16777216 + num;
      if (this.defEdgeSeen.has(key)) return;
      this.defEdgeSeen.add(key);
    } else {
      const key = `${from}|${kind}|${str}`;
      if (this.edgeSeen.has(key)) return;
      this.edgeSeen.add(key);
    }
    this.f.edgeFrom.push(from);
    this.f.edgeKind.push(kind);
    this.f.edgeNum.push(num);
    this.f.edgeStr.push(str);
  }

  private stmts(body: readonly A.Stmt[], ctx: Ctx, docAllowed: boolean): void {
    for (let i = 0; i < body.length; i++) {
      const s = body[i]!;
      if (i === 0 && docAllowed && isDocstring(s)) continue;
      this.stmt(s, ctx);
    }
  }

  private stmt(s: A.Stmt, ctx: Ctx): void {
    switch (s._type) {
      case "FunctionDef":
      case "AsyncFunctionDef": {
        const d = this.defOfNode.get(s);
        const owner = d ?? ctx.owner;
        const outer: Ctx = { owner, scope: ctx.scope, annotation: false };
        for (const deco of s.decorator_list) {
          if (d !== undefined) this.f.defDecorators[d]!.push(this.describe(deco._type === "Call" ? deco.func : deco, ctx.scope) + (deco._type === "Call" ? "()" : ""));
          this.expr(deco, outer);
        }
        const inner = this.model.scopeOfNode(s);
        const annScope = ctx.scope;
        this.arguments(s.args, outer, annScope);
        if (s.returns) this.expr(s.returns, { ...outer, annotation: true });
        for (const tp of s.type_params) this.node(tp, outer);
        this.stmts(s.body, { owner, scope: inner >= 0 ? inner : ctx.scope, annotation: false }, true);
        return;
      }
      case "ClassDef": {
        const d = this.defOfNode.get(s);
        const owner = d ?? ctx.owner;
        const outer: Ctx = { owner, scope: ctx.scope, annotation: false };
        for (const deco of s.decorator_list) {
          if (d !== undefined) this.f.defDecorators[d]!.push(this.describe(deco._type === "Call" ? deco.func : deco, ctx.scope) + (deco._type === "Call" ? "()" : ""));
          this.expr(deco, outer);
        }
        for (const b of s.bases) {
          if (d !== undefined) this.f.defBases[d]!.push(this.baseDescriptor(b, ctx.scope));
          this.expr(b, outer);
        }
        for (const k of s.keywords) {
          if (d !== undefined && k.arg === "metaclass") this.f.defBases[d]!.push(`meta:${this.describe(k.value, ctx.scope)}`);
          this.expr(k.value, outer);
        }
        for (const tp of s.type_params) this.node(tp, outer);
        const inner = this.model.scopeOfNode(s);
        this.stmts(s.body, { owner, scope: inner >= 0 ? inner : ctx.scope, annotation: false }, true);
        return;
      }
      case "Import":
      case "ImportFrom": {
        // Running the statement loads modules, whether or not the names it binds are used.
        const base = s._type === "ImportFrom" ? this.absoluteModule(s.module, s.level) : null;
        if (base) this.edge(ctx.owner, EdgeKind.Load, 0, base);
        for (const a of s.names) {
          if (s._type === "Import") this.edge(ctx.owner, EdgeKind.Load, 0, a.name);
          else if (base && a.name !== "*") this.edge(ctx.owner, EdgeKind.Load, 0, `${base}.${a.name}`);
          const d = this.defOfNode.get(a);
          if (d === undefined) {
            // Not a definition of ours (an import in a class body: `_engines = {"openpyxl":
            // OpenpyxlReader}` beside it): what it names is used by the code around it.
            if (s._type === "ImportFrom" && base && a.name !== "*") this.edge(ctx.owner, EdgeKind.Path, 0, `${base}.${a.name}`);
            else if (s._type === "Import") this.edge(ctx.owner, EdgeKind.Path, 0, a.name);
            continue;
          }
          const target = this.f.defTarget[d]!;
          if (target) this.edge(d, EdgeKind.Path, 0, target);
          if (s._type === "Import" && !a.asname && a.name.includes(".")) {
            this.edge(d, EdgeKind.Path, 0, a.name);
            const parts = a.name.split(".");
            this.submoduleImports.push({ def: d, submodule: `${parts[0]}.${parts[1]}` });
          }
        }
        return;
      }
      case "Assign":
      case "AnnAssign":
      case "TypeAlias": {
        // The value of a module-level `X = <pure>` belongs to X (gone when X goes).
        let owner = ctx.owner;
        if (ctx.owner === -1) {
          const t = s._type === "Assign" ? (s.targets.length === 1 ? s.targets[0]! : null) : s._type === "AnnAssign" ? s.target : s.name;
          const d = t && t._type === "Name" ? this.defOfNode.get(t) : undefined;
          if (d !== undefined && this.f.defFlags[d]! & DefFlag.Pure && !(this.f.defFlags[d]! & DefFlag.MultiTarget)) owner = d;
        }
        const vctx: Ctx = { ...ctx, owner };
        if (s._type === "Assign") {
          for (const t of s.targets) this.expr(t, ctx);
          this.expr(s.value, vctx);
        } else if (s._type === "AnnAssign") {
          this.expr(s.target, ctx);
          this.expr(s.annotation, { ...ctx, annotation: true });
          // `X: TypeAlias = "list[Y]"`: the value is a type expression (strings in it are too).
          const alias = (s.annotation._type === "Name" || s.annotation._type === "Attribute") && /^typing(?:_extensions)?\.TypeAlias$/.test(this.describe(s.annotation, ctx.scope));
          if (s.value) this.expr(s.value, alias ? { ...vctx, annotation: true } : vctx);
        } else {
          for (const tp of s.type_params) this.node(tp, vctx);
          this.expr(s.value, { ...vctx, annotation: true });
        }
        return;
      }
      case "AugAssign":
        if (s.target._type === "Name") this.name(s.target, ctx, true);
        else this.expr(s.target, ctx);
        this.expr(s.value, ctx);
        return;
      case "Expr":
        // A bare string statement is a comment-like docstring (attribute docstrings).
        if (s.value._type === "Constant" && typeof s.value.value === "string") return;
        this.expr(s.value, ctx);
        return;
      default:
        this.node(s, ctx);
    }
  }

  private arguments(a: A.Arguments, ctx: Ctx, annScope: number): void {
    for (const d of a.defaults) this.expr(d, ctx);
    for (const d of a.kw_defaults) if (d) this.expr(d, ctx);
    const ann: Ctx = { owner: ctx.owner, scope: annScope, annotation: true };
    for (const p of [...a.posonlyargs, ...a.args, ...a.kwonlyargs]) if (p.annotation) this.expr(p.annotation, ann);
    if (a.vararg?.annotation) this.expr(a.vararg.annotation, ann);
    if (a.kwarg?.annotation) this.expr(a.kwarg.annotation, ann);
  }

  /** Generic walk: statements go through `stmt`, expressions through `expr`. */
  private node(n: A.Node, ctx: Ctx): void {
    forEachChild(n, (c) => {
      if (isStmt(c)) this.stmt(c, ctx);
      else if (c._type === "Lambda" || isExprType(c._type)) this.expr(c as A.Expr, ctx);
      else if (c._type === "arguments") this.arguments(c, ctx, ctx.scope);
      else if (c._type === "ExceptHandler") {
        if (c.type) this.expr(c.type, ctx);
        this.stmts(c.body, ctx, false);
      } else this.node(c, ctx);
    });
  }

  private expr(e: A.Expr, ctx: Ctx): void {
    switch (e._type) {
      case "Name":
        this.name(e, ctx);
        return;
      case "Attribute":
        this.attribute(e, ctx);
        return;
      case "Constant":
        if (typeof e.value === "string") this.string(e.value, ctx);
        return;
      case "Call":
        this.call(e, ctx);
        return;
      case "BinOp":
      case "JoinedStr": {
        const p = computedPrefix(e);
        if (p !== null) this.prefixes.push({ owner: ctx.owner, prefix: p });
        this.node(e, ctx);
        return;
      }
      case "Subscript": {
        // `Optional["Foo"]`, `t.Union["ssl.SSLContext", ...]`: strings in a typing subscript are
        // type expressions (a type alias outside an annotation too).
        this.expr(e.value, ctx);
        const typing = !ctx.annotation && (e.value._type === "Name" || e.value._type === "Attribute") && isTypingDescriptor(this.describe(e.value, ctx.scope));
        this.expr(e.slice, typing ? { ...ctx, annotation: true } : ctx);
        return;
      }
      case "Lambda": {
        const inner = this.model.scopeOfNode(e);
        this.arguments(e.args, ctx, ctx.scope);
        this.expr(e.body, { ...ctx, scope: inner >= 0 ? inner : ctx.scope });
        return;
      }
      case "ListComp":
      case "SetComp":
      case "DictComp":
      case "GeneratorExp": {
        const inner = this.model.scopeOfNode(e);
        this.node(e, { ...ctx, scope: inner >= 0 ? inner : ctx.scope });
        return;
      }
      default:
        this.node(e, ctx);
    }
  }

  /** `use`: count a store as a use (`x += 1` reads x; removing x's definition would break it). */
  private name(n: A.Name, ctx: Ctx, use = false): void {
    const ref = this.refOf.get(n);
    if (!use) {
      // A plain store is not a use; `del x` is.
      if (ref !== undefined ? this.model.data.referenceContext[ref] === ReferenceContext.Store : n.ctx === "Store") return;
    }
    const { defs, kind } = this.defsOfName(n, ctx.scope);
    for (const d of defs) this.edge(ctx.owner, EdgeKind.Def, d, "");
    if (defs.length === 0 && (kind === ResolutionKind.Unresolved || (kind === ResolutionKind.Builtin && this.f.starImports.length > 0))) {
      this.edge(ctx.owner, EdgeKind.Global, 0, n.id);
    }
  }

  private attribute(e: A.Attribute, ctx: Ctx): void {
    const parts: string[] = [];
    let cur: A.Expr = e;
    while (cur._type === "Attribute") {
      parts.unshift(cur.attr);
      cur = cur.value;
    }
    if (cur._type === "Name") {
      const root = cur;
      this.name(root, ctx);
      const { defs } = this.defsOfName(root, ctx.scope);
      let handled = false;
      for (const d of defs) {
        const k = this.f.defKind[d];
        if (k === DefKind.Import && this.f.defTarget[d]) {
          const path = `${this.f.defTarget[d]}.${parts.join(".")}`;
          this.edge(ctx.owner, EdgeKind.Path, 0, path);
          if (this.f.defFlags[d]! & DefFlag.ModuleImport) this.moduleReads.push({ from: ctx.owner, path });
          handled = true;
        } else if (k === DefKind.Variable && this.moduleOfVariable.has(d)) {
          this.moduleReads.push({ from: ctx.owner, path: `${this.moduleOfVariable.get(d)!}.${parts.join(".")}` });
        } else if (k === DefKind.Class) {
          // `Cls.__dict__`: every member is reached by name.
          if (parts[0] === "__dict__") this.edge(ctx.owner, EdgeKind.DynamicMembers, d, "");
          this.edge(ctx.owner, EdgeKind.Member, 0, parts[0]!);
          for (let i = 1; i < parts.length; i++) this.edge(ctx.owner, EdgeKind.Attr, 0, parts[i]!);
          handled = true;
        }
      }
      if (defs.length > 0 && defs.every((d) => this.f.defKind[d] === DefKind.Import || this.f.defKind[d] === DefKind.Class)) {
        if (handled) return;
      }
      if (!handled && this.isSelfOrCls(root, ctx)) {
        this.edge(ctx.owner, EdgeKind.Member, 0, parts[0]!);
        for (let i = 1; i < parts.length; i++) this.edge(ctx.owner, EdgeKind.Attr, 0, parts[i]!);
        return;
      }
      for (const p of parts) this.edge(ctx.owner, EdgeKind.Attr, 0, p);
      return;
    }
    this.expr(cur, ctx);
    for (const p of parts) this.edge(ctx.owner, EdgeKind.Attr, 0, p);
  }

  /**
   * Calls that reach the module's globals by name: `globals()`, `eval`/`exec` without an explicit
   * namespace, `vars()`/`locals()`/`dir()` at module level, `sys._getframe()`; and those that
   * reach a function's locals by name (`locals()`, `vars()`, `eval`, `exec` in its body).
   */
  private noteDynamicGlobals(e: A.Call, ctx: Ctx): void {
    const f = e.func;
    let dynamic = false;
    if (f._type === "Name") {
      const builtin = this.defsOfName(f, ctx.scope).kind === ResolutionKind.Builtin;
      if (!builtin) return;
      const noNamespace = e.args.length < 2 && !e.keywords.some((k) => k.arg === "globals" || k.arg === null);
      const evalHere = (f.id === "eval" || f.id === "exec") && noNamespace;
      const namespaceHere = (f.id === "vars" || f.id === "locals") && e.args.length === 0;
      if (f.id === "globals" || evalHere) dynamic = true;
      else if ((namespaceHere || (f.id === "dir" && e.args.length === 0)) && ctx.scope === 0) dynamic = true;
      // In a function, `locals()`/`vars()`/`eval`/`exec` hand its namespace out by name: the
      // functions, classes and imports defined in it are reached whenever it runs
      // (`def decorators(): def append(fn): …; return locals()`).
      if ((namespaceHere || evalHere) && this.ownerFunction(ctx)) this.dynamicLocals.add(ctx.owner);
    } else if (f._type === "Attribute" && f.attr === "_getframe") dynamic = true;
    if (dynamic) this.f.flags |= FileFlag.DynamicGlobals;
  }

  /**
   * Calls that read the calling module's names by name (CALLER_GLOBALS_READERS): PLY builds a
   * lexer from its `t_*` and `tokens`, a parser from its `p_*` functions and `precedence` — of the
   * calling function too (lexers built in a closure), or of the module or object it is given
   * (`lex.lex(module=m)`, `yacc.yacc(object=parser)`: by name, of a class's instances too, whose
   * class is not known here).
   */
  private noteCallerGlobalsReader(e: A.Call, ctx: Ctx): void {
    const f = e.func;
    if (f._type !== "Name" && f._type !== "Attribute") return;
    if (!CALLER_GLOBALS_READER_NAMES.has(lastName(f)!) || !CALLER_GLOBALS_READERS.has(this.describe(f, ctx.scope))) return;
    this.f.flags |= FileFlag.DynamicGlobals;
    if (this.ownerFunction(ctx)) this.dynamicLocals.add(ctx.owner);
    for (const k of e.keywords) if ((k.arg === "module" || k.arg === "object") && k.value._type === "Name") this.namespaceOf(k.value, ctx);
    for (const prefix of ["t_", "p_"]) this.edge(ctx.owner, EdgeKind.Prefix, 0, prefix);
  }

  /** The function whose body `ctx` is in, when it is `ctx.owner` itself (not a class or a lambda in it); else null. */
  private ownerFunction(ctx: Ctx): A.FunctionDef | A.AsyncFunctionDef | null {
    if (ctx.scope === 0 || ctx.owner < 0 || this.model.scopeKind(ctx.scope) !== ScopeKind.Function) return null;
    const fn = this.model.nodeOf(ctx.scope);
    return fn && (fn._type === "FunctionDef" || fn._type === "AsyncFunctionDef") && this.defOfNode.get(fn) === ctx.owner ? fn : null;
  }

  /** `self`/`cls` as the first parameter of a method of the enclosing class. */
  private isSelfOrCls(n: A.Name, ctx: Ctx): boolean {
    if (n.id !== "self" && n.id !== "cls") return false;
    const s = ctx.scope;
    if (s <= 0 || this.model.scopeKind(s) !== ScopeKind.Function) return false;
    const parent = this.model.parentOf(s);
    return parent >= 0 && this.model.scopeKind(parent) === ScopeKind.Class;
  }

  /** The class definition whose method body `ctx` is in, or -1. */
  private enclosingClassDef(ctx: Ctx): number {
    const cls = this.model.parentOf(ctx.scope);
    if (cls < 0 || this.model.scopeKind(cls) !== ScopeKind.Class) return -1;
    return this.defOfNode.get(this.model.nodeOf(cls)) ?? -1;
  }

  /**
   * The object and the attribute name of a call that reads or writes an attribute by name:
   * `getattr(obj, name)` and its family, `object.__getattribute__(obj, name)` (the unbound slot
   * wrappers of `object`/`type`), `obj.__getattribute__(name)`, `super().__getattribute__(name)`.
   */
  private attributeAccess(e: A.Call, ctx: Ctx): { obj: A.Expr; name: A.Expr } | null {
    const f = e.func;
    if (f._type === "Name") {
      if (!GETATTR_FAMILY.has(f.id) || e.args.length < 2) return null;
      const { defs, kind } = this.defsOfName(f, ctx.scope);
      return defs.length === 0 && kind === ResolutionKind.Builtin ? { obj: e.args[0]!, name: e.args[1]! } : null;
    }
    if (f._type !== "Attribute" || !SLOT_WRAPPERS.has(f.attr) || e.args.some((a) => a._type === "Starred")) return null;
    const r = f.value;
    const unbound = r._type === "Name" && (r.id === "object" || r.id === "type") && this.defsOfName(r, ctx.scope).kind === ResolutionKind.Builtin;
    if (unbound) return e.args.length >= 2 ? { obj: e.args[0]!, name: e.args[1]! } : null;
    return e.args.length >= 1 ? { obj: r, name: e.args[0]! } : null;
  }

  /**
   * `vars(x)`, `dir(x)`, `inspect.getmembers(x)`: a module's or a class's namespace read whole,
   * the way `x.__dict__` reads it (`{fn.__name__: fn for fn in vars(formats).values()}`).
   */
  private noteNamespaceRead(e: A.Call, ctx: Ctx): void {
    const f = e.func;
    const arg = e.args[0];
    if (arg === undefined || arg._type !== "Name" || e.args.length > 2) return;
    let reads = false;
    if (f._type === "Name" && (f.id === "vars" || f.id === "dir")) reads = e.args.length === 1 && this.defsOfName(f, ctx.scope).kind === ResolutionKind.Builtin;
    else if (f._type === "Name" && f.id === "getmembers") reads = this.defsOfName(f, ctx.scope).defs.some((d) => this.f.defTarget[d] === "inspect.getmembers");
    else if (f._type === "Attribute" && f.attr === "getmembers" && f.value._type === "Name") {
      reads = this.defsOfName(f.value, ctx.scope).defs.some((d) => this.f.defKind[d] === DefKind.Import && this.f.defTarget[d] === "inspect");
    }
    if (reads) this.namespaceOf(arg, ctx);
  }

  /**
   * `getattr(obj, '%s_%s' % (basename, kind))`, `f"{basename}_{kind}"`, `basename + "_" + kind` with
   * `basename` a parameter of the function: the names start with whatever callers pass there
   * (SymPy's `dispatch_method(self, '_apply_operator', ket)`), recorded for the linker. The name
   * may start with a constant (`"_" + name + "_" + self._state`) and the parameter may be one of an
   * enclosing function's (Twisted's `makeStatefulDispatcher("connectionLost", …)` returns a method
   * calling `_connectionLost_<state>`).
   */
  private noteParameterPrefix(nameArg: A.Expr, ctx: Ctx): void {
    const fn = this.ownerFunction(ctx);
    // Through a local assigned the name just before (`method_name = '%s_%s' % (...)`).
    if (nameArg._type === "Name") {
      if (!fn) return;
      const local = (nameArg as A.Name).id;
      let value: A.Expr | null = null;
      const look = (n: A.Node): void => {
        if (n._type === "FunctionDef" || n._type === "AsyncFunctionDef" || n._type === "ClassDef" || n._type === "Lambda") return;
        if (n._type === "Assign" && n.targets.length === 1 && n.targets[0]!._type === "Name" && n.targets[0]!.id === local) value = n.value;
        forEachChild(n, look);
      };
      for (const st of fn.body) look(st);
      if (!value) return;
      nameArg = value;
    }
    const built = parameterSpelling(nameArg);
    if (!built) return;
    // The function whose parameter it is: this one, or one it is nested in.
    const r = this.model.lookup(ctx.scope, built.param.id);
    if (r.scope < 0 || this.model.scopeKind(r.scope) !== ScopeKind.Function) return;
    const owner = this.model.nodeOf(r.scope);
    if (owner._type !== "FunctionDef" && owner._type !== "AsyncFunctionDef") return;
    const def = this.defOfNode.get(owner);
    const index = [...owner.args.posonlyargs, ...owner.args.args].findIndex((a) => a.arg === built.param.id);
    if (def !== undefined && index >= 0) this.f.prefixParams.push(`${def}\0${index}\0${built.lead}\0${built.sep}`);
  }

  /** `name` (a module or a class) is read whole by name. */
  private namespaceOf(arg: A.Name, ctx: Ctx): void {
    for (const d of this.defsOfName(arg, ctx.scope).defs) {
      const k = this.f.defKind[d];
      if (k === DefKind.Import && this.f.defTarget[d]) this.edge(ctx.owner, EdgeKind.Path, 0, `${this.f.defTarget[d]}.__dict__`);
      else if (k === DefKind.Class) this.edge(ctx.owner, EdgeKind.DynamicMembers, d, "");
    }
  }

  private call(e: A.Call, ctx: Ctx): void {
    const f = e.func;
    this.noteDynamicGlobals(e, ctx);
    this.noteCallerGlobalsReader(e, ctx);
    const called = lastName(f);
    if (called === "reveal_type" || called === "assert_type") this.f.flags |= FileFlag.TypeCheckerInput;
    if (!ctx.annotation && (f._type === "Name" || f._type === "Attribute")) {
      const last = f._type === "Name" ? f.id : f.attr;
      if (last === "cast" || last === "TypeVar" || last === "NewType" || last === "TypeAliasType") {
        const d = this.describe(f, ctx.scope);
        if (isTypingDescriptor(d)) {
          // Type expressions in strings: cast("Foo", x), TypeVar("T", bound="Foo").
          const ann: Ctx = { ...ctx, annotation: true };
          if (last === "cast" && e.args[0]) this.expr(e.args[0], ann);
          for (const k of e.keywords) if (k.arg === "bound") this.expr(k.value, ann);
          if (last === "TypeVar") for (const a of e.args.slice(1)) this.expr(a, ann);
        }
      }
    }
    this.noteNamespaceRead(e, ctx);
    const access = this.attributeAccess(e, ctx);
    if (access !== null) {
      const { obj, name: nameArg } = access;
      if (nameArg._type === "Constant" && typeof nameArg.value === "string") {
        const objDefs = obj._type === "Name" ? this.defsOfName(obj, ctx.scope).defs : [];
        const imp = objDefs.find((d) => this.f.defKind[d] === DefKind.Import && this.f.defTarget[d]);
        if (imp !== undefined) this.edge(ctx.owner, EdgeKind.Path, 0, `${this.f.defTarget[imp]}.${nameArg.value}`);
        if (IDENT.test(nameArg.value)) this.edge(ctx.owner, EdgeKind.Attr, 0, nameArg.value);
      } else {
        const p = computedPrefix(nameArg);
        if (p !== null) this.edge(ctx.owner, EdgeKind.Prefix, 0, p);
        else this.noteParameterPrefix(nameArg, ctx);
        this.f.flags |= FileFlag.DynamicAttr;
        // `getattr(self, request.method.lower())`: any member of the class (or a subclass) may be called.
        const onSelf = (obj._type === "Name" && this.isSelfOrCls(obj, ctx)) || isSuperCall(obj);
        const cls = p === null && onSelf ? this.enclosingClassDef(ctx) : -1;
        if (cls >= 0) this.edge(ctx.owner, EdgeKind.DynamicMembers, cls, "");
      }
    } else if ((f._type === "Name" || f._type === "Attribute") && e.args.length >= 1) {
      const last = f._type === "Name" ? f.id : f.attr;
      if (last === "attrgetter" || last === "methodcaller") {
        for (const a of last === "attrgetter" ? e.args : e.args.slice(0, 1)) {
          if (a._type === "Constant" && typeof a.value === "string") {
            for (const p of a.value.split(".")) if (IDENT.test(p)) this.edge(ctx.owner, EdgeKind.Attr, 0, p);
          }
        }
      }
    }
    // Identifier strings handed to a call: the callee may build attribute names from them.
    if (f._type === "Name" || f._type === "Attribute") {
      let callee: string | null = null;
      for (let i = 0; i < e.args.length && i < 8; i++) {
        const a = e.args[i]!;
        if (a._type !== "Constant" || typeof a.value !== "string" || a.value.length > 80 || !IDENT.test(a.value)) continue;
        callee ??= this.describe(f, ctx.scope);
        if (callee.startsWith("?") || callee.startsWith("builtins.")) break;
        this.edge(ctx.owner, EdgeKind.ArgString, 0, `${callee}\0${i}\0${a.value}`);
      }
    }
    this.node(e, ctx);
  }

  private string(s: string, ctx: Ctx): void {
    if (ctx.annotation) {
      this.annotationString(s, ctx);
      return;
    }
    if (s.length > 200) {
      this.codeEvidence(s);
      return;
    }
    if (IDENT.test(s)) {
      this.strings.add(s);
      // A string naming a module-level definition of this file (`__all__`, `globals()["x"]`…).
      const sym = this.model.symbolsOf(0).get(s);
      if (sym !== undefined) {
        for (const b of this.model.bindingsOf(sym)) {
          const d = this.defOfBinding[b]!;
          if (d >= 0) this.edge(ctx.owner, EdgeKind.StringDef, d, "");
        }
      }
      return;
    }
    if (DOTTED.test(s) || COLON_PATH.test(s)) {
      const path = s.replace(":", ".");
      this.edge(ctx.owner, EdgeKind.StringPath, 0, path);
      this.strings.add(path.slice(path.lastIndexOf(".") + 1));
      return;
    }
    const rel = RELATIVE_PATH.exec(s);
    if (rel && (rel[2] || rel[3])) {
      const base = this.absoluteModule(rel[2] ?? null, rel[1]!.length);
      if (base) {
        const path = rel[3] ? `${base}.${rel[3]}` : base;
        this.edge(ctx.owner, EdgeKind.StringPath, 0, path);
        this.strings.add(path.slice(path.lastIndexOf(".") + 1));
      }
      return;
    }
    this.codeEvidence(s);
    // Code in a string (`"pkg.mod:create_app('dev')"`, `'helper(1)'`): the called name is evidence.
    const call = CALL_STRING.exec(s);
    if (call) {
      const path = (call[1]! + (call[2] ? `.${call[2]}` : "")).replace(/\s+/g, "");
      this.strings.add(path.slice(path.lastIndexOf(".") + 1));
      if (path.includes(".")) this.edge(ctx.owner, EdgeKind.StringPath, 0, path);
    }
  }

  /**
   * Code in a string (`"self._encode(kwargs)"`, templates compiled at run time): the names it calls
   * or reads as attributes are evidence that they are used.
   */
  private codeEvidence(s: string): void {
    if (s.length > 100_000 || (!s.includes("(") && !s.includes("."))) return;
    for (const m of s.matchAll(CODE_NAME)) this.strings.add(m[1] ?? m[2]!);
  }

  /**
   * Doctest examples in the module's, classes' and functions' docstrings (`>>> humanize_bytes(1)`):
   * a doctest is a test of the module, run with the module's globals, so what its examples name is
   * used — from the module, not from the function documented (httpie's humanize_bytes is tested by
   * its own doctest only). Examples that do not parse are skipped.
   */
  private doctests(m: A.Module): void {
    const ctx: Ctx = { owner: -1, scope: 0, annotation: false };
    const visit = (body: readonly A.Stmt[]): void => {
      const first = body[0];
      const doc = isDocstring(first) ? first.value.value : null;
      if (doc !== null && doc.includes(">>>")) {
        // The examples of one docstring share their globals: what one imports, the next uses.
        const imported = new Map<string, string>();
        for (const example of doctestExamples(doc)) this.doctestExample(example, ctx, imported);
      }
      for (const st of body) {
        if (st._type === "FunctionDef" || st._type === "AsyncFunctionDef" || st._type === "ClassDef") visit(st.body);
      }
    };
    visit(m.body);
  }

  /** One example; `imported`: the names the docstring's examples imported so far (`from m import x`: x → m.x). */
  private doctestExample(code: string, ctx: Ctx, imported: Map<string, string>): void {
    let tree: A.Module;
    try {
      tree = parseModule(code, { minor: this.model.minor }).module;
    } catch {
      return;
    }
    const walk = (n: A.Node): void => {
      // `import m` in an example loads m, mostly to hand it to doctest or inspect (which read it
      // whole): that says nothing of which of its names are used, so only `from m import x` counts.
      if (n._type === "Import") return;
      if (n._type === "ImportFrom") {
        if (n.level === 0 && n.module) {
          for (const a of n.names) {
            if (a.name === "*") continue;
            this.edge(ctx.owner, EdgeKind.Path, 0, `${n.module}.${a.name}`);
            imported.set(a.asname ?? a.name, `${n.module}.${a.name}`);
          }
        }
        return;
      }
      if (EXPR_TYPES.has(n._type)) {
        // An imported name handed to a call (`DocTestFinder().find(doctest_lineno)`, `inspect.getmembers(m)`):
        // when it is a module or a class, whatever it holds may be read.
        if (n._type === "Call") for (const arg of n.args) if (arg._type === "Name" && imported.has(arg.id)) this.edge(ctx.owner, EdgeKind.Path, 0, `${imported.get(arg.id)!}.__dict__`);
        this.expr(n as A.Expr, ctx);
        return;
      }
      forEachChild(n, walk);
    };
    walk(tree);
  }

  /** A string annotation (`"Foo"`, `"list[pkg.Bar]"`): its names are references in `ctx.scope`. */
  private annotationString(s: string, ctx: Ctx): void {
    if (s.length > 2000) return;
    let tree: A.Module;
    try {
      tree = parseModule(`(${s.trim()})`, { minor: 14 }).module;
    } catch {
      if (IDENT.test(s)) this.strings.add(s);
      return;
    }
    const first = tree.body[0];
    if (!first || first._type !== "Expr") return;
    this.expr(first.value, ctx);
  }

  private baseDescriptor(b: A.Expr, scope: number): string {
    let e = b;
    if (e._type === "Subscript") e = e.value;
    if (e._type === "Call") return "?call";
    const d = this.describe(e, scope);
    if (d.startsWith("def:") || d.startsWith("builtins.") || d.startsWith("?")) return d;
    return `path:${d}`;
  }
}

/**
 * The source of each example of a docstring: a `>>>` line and the `...` lines after it, prompts
 * removed (doctest's own layout: the prompt, one space, the code).
 */
function doctestExamples(doc: string): string[] {
  const out: string[] = [];
  let current: string[] | null = null;
  for (const raw of doc.split(/\r\n|\r|\n/)) {
    const line = raw.trimStart();
    if (line === ">>>" || line.startsWith(">>> ")) {
      if (current) out.push(current.join("\n") + "\n");
      current = [line.slice(4)];
    } else if (current && (line === "..." || line.startsWith("... "))) {
      current.push(line.slice(4));
    } else if (current) {
      out.push(current.join("\n") + "\n");
      current = null;
    }
  }
  if (current) out.push(current.join("\n") + "\n");
  return out;
}

const RAISES = new Set(["raises", "warns", "deprecated_call", "assertRaises", "assertRaisesRegex", "assertWarns", "assertWarnsRegex"]);

/** `pytest.raises(...)`, `self.assertRaises(...)`, `pytest.warns(...)`. */
function isRaisesContext(e: A.Expr): boolean {
  if (e._type !== "Call") return false;
  const f = e.func;
  const name = lastName(f) ?? "";
  return RAISES.has(name);
}

/** Whether a descriptor names a typing construct whose subscript or arguments are type expressions. */
function isTypingDescriptor(d: string): boolean {
  return (
    d.startsWith("typing.") ||
    d.startsWith("typing_extensions.") ||
    d.startsWith("collections.abc.") ||
    d === "builtins.list" || d === "builtins.dict" || d === "builtins.tuple" || d === "builtins.set" ||
    d === "builtins.frozenset" || d === "builtins.type"
  );
}

function isPropertyDecorator(d: A.Expr): boolean {
  if (d._type === "Name") return d.id === "property" || d.id === "cached_property" || d.id === "abstractproperty";
  if (d._type === "Attribute") return d.attr === "setter" || d.attr === "getter" || d.attr === "deleter" || d.attr === "cached_property" || d.attr === "abstractproperty";
  return false;
}

/**
 * Cheap filter before the walk of `isPureDecorator`: a decorator returns its argument or a nested
 * function (a wrapper, or for a factory the decorator itself).
 */
function mayBeDecorator(fn: A.FunctionDef | A.AsyncFunctionDef): boolean {
  if (fn.args.args.length + fn.args.posonlyargs.length === 0) return false;
  for (const st of fn.body) if (st._type === "FunctionDef" || st._type === "AsyncFunctionDef" || st._type === "ClassDef") return true;
  const last = fn.body[fn.body.length - 1];
  return last !== undefined && last._type === "Return" && last.value !== null && (last.value._type === "Name" || last.value._type === "Lambda" || last.value._type === "Call");
}

function isWrapsCall(c: A.Call): boolean {
  const f = c.func;
  const name = lastName(f);
  return name === "wraps" || name === "update_wrapper" || name === "partial";
}

function collectTargetNames(t: A.Expr, out: A.Name[]): void {
  if (t._type === "Name") out.push(t);
  else if (t._type === "Tuple" || t._type === "List") for (const x of t.elts) collectTargetNames(x, out);
  else if (t._type === "Starred") collectTargetNames(t.value, out);
}

function collectReturns(body: readonly A.Stmt[], out: A.Return[]): void {
  const visit = (n: A.Node): void => {
    if (n._type === "Return") out.push(n);
    if (n._type === "FunctionDef" || n._type === "AsyncFunctionDef" || n._type === "ClassDef" || n._type === "Lambda") return;
    forEachChild(n, visit);
  };
  for (const s of body) visit(s);
}

const STMT_TYPES = new Set<string>([
  "FunctionDef", "AsyncFunctionDef", "ClassDef", "Return", "Delete", "Assign", "TypeAlias", "AugAssign",
  "AnnAssign", "For", "AsyncFor", "While", "If", "With", "AsyncWith", "Match", "Raise", "Try", "TryStar",
  "Assert", "Import", "ImportFrom", "Global", "Nonlocal", "Expr", "Pass", "Break", "Continue",
]);
const EXPR_TYPES = new Set<string>([
  "BoolOp", "NamedExpr", "BinOp", "UnaryOp", "Lambda", "IfExp", "Dict", "Set", "ListComp", "SetComp",
  "DictComp", "GeneratorExp", "Await", "Yield", "YieldFrom", "Compare", "Call", "FormattedValue",
  "Interpolation", "JoinedStr", "TemplateStr", "Constant", "Attribute", "Subscript", "Starred", "Name",
  "List", "Tuple", "Slice",
]);

function isStmt(n: A.Node): n is A.Stmt {
  return STMT_TYPES.has(n._type);
}
function isExprType(t: string): boolean {
  return EXPR_TYPES.has(t);
}

/** Extracts the call-graph facts of one parsed module. */
export function extractFileFacts(model: SemanticModel, source: SourceFile, options: ExtractOptions): FileFacts {
  return new Extractor(model, source, options).run();
}

/** Facts for a file that does not parse: every identifier in it counts as an attribute use. */
export function unparsedFileFacts(text: string, options: Omit<ExtractOptions, "comments">): FileFacts {
  const idents = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) idents.add(m[0]);
  const names = [...idents].sort();
  return {
    module: options.module,
    isPackage: options.isPackage,
    flags: FileFlag.Unparsed,
    defKind: [], defName: [], defQual: [], defParent: [], defFlags: [], defStart: [], defEnd: [],
    defItemStart: [], defItemEnd: [], defLine: [], defCol: [], defDecorators: [], defBases: [], defTarget: [],
    edgeFrom: names.map(() => -1),
    edgeKind: names.map(() => EdgeKind.Attr),
    edgeNum: names.map(() => 0),
    edgeStr: names,
    starImports: [],
    prefixParams: [],
    strings: names,
  };
}

