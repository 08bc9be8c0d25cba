/**
 * The Python AST, mirroring CPython's `ast` module (3.14 node set; older targets use a subset).
 *
 * Conventions:
 * - `_type` is the CPython class name (`"FunctionDef"`, `"arg"`, `"comprehension"`…). It cannot clash
 *   with a Python field, since no ASDL field starts with an underscore.
 * - Every other property is a CPython field with the same name and meaning. Optional fields (`?` in
 *   the ASDL) are `null` when absent; sequences are arrays (never null).
 * - Operators and expression contexts are string literals (`"Add"`, `"Load"`): CPython uses
 *   singletons for them, and `ast.dump` prints them as `Add()`.
 * - Positions are `start`/`end` offsets (UTF-16 code units) into `SourceFile.text`, the decoded source
 *   with its original line endings. CPython's `lineno`/`col_offset` (UTF-8 bytes) are computed from
 *   them on demand (`SourceFile.position`). Nodes CPython gives no position (arguments, comprehension,
 *   withitem, match_case, mods) have none here either.
 * - Constant values: `None` → null, bool → boolean, int → bigint, float → number,
 *   complex → {@link PyComplex}, str → string, bytes → Uint8Array, `...` → {@link ELLIPSIS}.
 *   A str that holds a high and a low surrogate as two separate code points (`'\ud834\udd1e'`),
 *   which a JS string cannot tell from one astral character, is a {@link PyStr} instead.
 */

export type ExprContext = "Load" | "Store" | "Del";
export type BoolOperator = "And" | "Or";
export type Operator =
  | "Add" | "Sub" | "Mult" | "MatMult" | "Div" | "Mod" | "Pow"
  | "LShift" | "RShift" | "BitOr" | "BitXor" | "BitAnd" | "FloorDiv";
export type UnaryOperator = "Invert" | "Not" | "UAdd" | "USub";
export type CmpOperator = "Eq" | "NotEq" | "Lt" | "LtE" | "Gt" | "GtE" | "Is" | "IsNot" | "In" | "NotIn";

/** A complex literal such as `2j`. Literals never have a real part; folding is not done by the parser. */
export class PyComplex {
  constructor(readonly real: number, readonly imag: number) {}
}

/** The `Ellipsis` singleton (`...`). */
export class PyEllipsis {
  static readonly instance = new PyEllipsis();
  private constructor() {}
}
export const ELLIPSIS: PyEllipsis = PyEllipsis.instance;

/**
 * A Python str given as code points, used only when a JS string would change its meaning: when it
 * holds a high surrogate followed by a low surrogate as two code points (both written as escapes).
 * Every other str is a plain JS string.
 */
export class PyStr {
  constructor(readonly codePoints: readonly number[]) {}
  /** Length in code points, as Python's len(). */
  get length(): number {
    return this.codePoints.length;
  }
  /** The JS string of the same code units (surrogates adjacent in it read as one character). */
  toJsString(): string {
    let s = "";
    for (const cp of this.codePoints) s += cp > 0xffff ? String.fromCodePoint(cp) : String.fromCharCode(cp);
    return s;
  }
}

export type ConstantValue = null | boolean | bigint | number | string | PyStr | Uint8Array | PyComplex | PyEllipsis;

/** A node CPython gives `lineno`, `col_offset`, `end_lineno`, `end_col_offset`. */
export interface Located {
  /** Offset of the first UTF-16 code unit of the node in `SourceFile.text`. */
  start: number;
  /** Offset just past the node. */
  end: number;
}

// ---------------------------------------------------------------- modules

export interface Module { _type: "Module"; body: Stmt[]; type_ignores: TypeIgnore[] }
export interface Interactive { _type: "Interactive"; body: Stmt[] }
export interface Expression { _type: "Expression"; body: Expr }
export interface FunctionType { _type: "FunctionType"; argtypes: Expr[]; returns: Expr }
export type Mod = Module | Interactive | Expression | FunctionType;

export interface TypeIgnore { _type: "TypeIgnore"; lineno: number; tag: string }

// ---------------------------------------------------------------- statements

export interface FunctionDef extends Located {
  _type: "FunctionDef";
  name: string;
  args: Arguments;
  body: Stmt[];
  decorator_list: Expr[];
  returns: Expr | null;
  type_comment: string | null;
  type_params: TypeParam[];
}
export interface AsyncFunctionDef extends Located {
  _type: "AsyncFunctionDef";
  name: string;
  args: Arguments;
  body: Stmt[];
  decorator_list: Expr[];
  returns: Expr | null;
  type_comment: string | null;
  type_params: TypeParam[];
}
export interface ClassDef extends Located {
  _type: "ClassDef";
  name: string;
  bases: Expr[];
  keywords: Keyword[];
  body: Stmt[];
  decorator_list: Expr[];
  type_params: TypeParam[];
}
export interface Return extends Located { _type: "Return"; value: Expr | null }
export interface Delete extends Located { _type: "Delete"; targets: Expr[] }
export interface Assign extends Located { _type: "Assign"; targets: Expr[]; value: Expr; type_comment: string | null }
export interface TypeAlias extends Located { _type: "TypeAlias"; name: Name; type_params: TypeParam[]; value: Expr }
export interface AugAssign extends Located { _type: "AugAssign"; target: Name | Attribute | Subscript; op: Operator; value: Expr }
export interface AnnAssign extends Located {
  _type: "AnnAssign";
  target: Name | Attribute | Subscript;
  annotation: Expr;
  value: Expr | null;
  /** 1 when the target is a bare name (not parenthesised), else 0. */
  simple: number;
}
export interface For extends Located {
  _type: "For";
  target: Expr;
  iter: Expr;
  body: Stmt[];
  orelse: Stmt[];
  type_comment: string | null;
}
export interface AsyncFor extends Located {
  _type: "AsyncFor";
  target: Expr;
  iter: Expr;
  body: Stmt[];
  orelse: Stmt[];
  type_comment: string | null;
}
export interface While extends Located { _type: "While"; test: Expr; body: Stmt[]; orelse: Stmt[] }
export interface If extends Located { _type: "If"; test: Expr; body: Stmt[]; orelse: Stmt[] }
export interface With extends Located { _type: "With"; items: WithItem[]; body: Stmt[]; type_comment: string | null }
export interface AsyncWith extends Located { _type: "AsyncWith"; items: WithItem[]; body: Stmt[]; type_comment: string | null }
export interface Match extends Located { _type: "Match"; subject: Expr; cases: MatchCase[] }
export interface Raise extends Located { _type: "Raise"; exc: Expr | null; cause: Expr | null }
export interface Try extends Located {
  _type: "Try";
  body: Stmt[];
  handlers: ExceptHandler[];
  orelse: Stmt[];
  finalbody: Stmt[];
}
export interface TryStar extends Located {
  _type: "TryStar";
  body: Stmt[];
  handlers: ExceptHandler[];
  orelse: Stmt[];
  finalbody: Stmt[];
}
export interface Assert extends Located { _type: "Assert"; test: Expr; msg: Expr | null }
export interface Import extends Located { _type: "Import"; names: Alias[] }
export interface ImportFrom extends Located {
  _type: "ImportFrom";
  module: string | null;
  names: Alias[];
  /** Number of leading dots; CPython always sets it (0 for absolute imports). */
  level: number;
}
export interface Global extends Located { _type: "Global"; names: string[] }
export interface Nonlocal extends Located { _type: "Nonlocal"; names: string[] }
export interface ExprStmt extends Located { _type: "Expr"; value: Expr }
export interface Pass extends Located { _type: "Pass" }
export interface Break extends Located { _type: "Break" }
export interface Continue extends Located { _type: "Continue" }

export type Stmt =
  | FunctionDef | AsyncFunctionDef | ClassDef | Return | Delete | Assign | TypeAlias | AugAssign
  | AnnAssign | For | AsyncFor | While | If | With | AsyncWith | Match | Raise | Try | TryStar
  | Assert | Import | ImportFrom | Global | Nonlocal | ExprStmt | Pass | Break | Continue;

// ---------------------------------------------------------------- expressions

export interface BoolOp extends Located { _type: "BoolOp"; op: BoolOperator; values: Expr[] }
export interface NamedExpr extends Located { _type: "NamedExpr"; target: Name; value: Expr }
export interface BinOp extends Located { _type: "BinOp"; left: Expr; op: Operator; right: Expr }
export interface UnaryOp extends Located { _type: "UnaryOp"; op: UnaryOperator; operand: Expr }
export interface Lambda extends Located { _type: "Lambda"; args: Arguments; body: Expr }
export interface IfExp extends Located { _type: "IfExp"; test: Expr; body: Expr; orelse: Expr }
/** `keys[i]` is null for a `**mapping` entry. */
export interface Dict extends Located { _type: "Dict"; keys: (Expr | null)[]; values: Expr[] }
export interface SetExpr extends Located { _type: "Set"; elts: Expr[] }
export interface ListComp extends Located { _type: "ListComp"; elt: Expr; generators: Comprehension[] }
export interface SetComp extends Located { _type: "SetComp"; elt: Expr; generators: Comprehension[] }
export interface DictComp extends Located { _type: "DictComp"; key: Expr; value: Expr; generators: Comprehension[] }
export interface GeneratorExp extends Located { _type: "GeneratorExp"; elt: Expr; generators: Comprehension[] }
export interface Await extends Located { _type: "Await"; value: Expr }
export interface Yield extends Located { _type: "Yield"; value: Expr | null }
export interface YieldFrom extends Located { _type: "YieldFrom"; value: Expr }
export interface Compare extends Located { _type: "Compare"; left: Expr; ops: CmpOperator[]; comparators: Expr[] }
export interface Call extends Located { _type: "Call"; func: Expr; args: Expr[]; keywords: Keyword[] }
export interface FormattedValue extends Located {
  _type: "FormattedValue";
  value: Expr;
  /** -1 none, 115 `!s`, 114 `!r`, 97 `!a`. */
  conversion: number;
  format_spec: JoinedStr | null;
}
export interface Interpolation extends Located {
  _type: "Interpolation";
  value: Expr;
  /** The expression's source text, as written. */
  str: string;
  conversion: number;
  format_spec: JoinedStr | null;
}
export interface JoinedStr extends Located { _type: "JoinedStr"; values: (Constant | FormattedValue)[] }
export interface TemplateStr extends Located { _type: "TemplateStr"; values: (Constant | Interpolation)[] }
export interface Constant extends Located {
  _type: "Constant";
  value: ConstantValue;
  /** "u" for a `u"…"` string, else null. */
  kind: string | null;
}
export interface Attribute extends Located { _type: "Attribute"; value: Expr; attr: string; ctx: ExprContext }
export interface Subscript extends Located { _type: "Subscript"; value: Expr; slice: Expr; ctx: ExprContext }
export interface Starred extends Located { _type: "Starred"; value: Expr; ctx: ExprContext }
export interface Name extends Located { _type: "Name"; id: string; ctx: ExprContext }
export interface List extends Located { _type: "List"; elts: Expr[]; ctx: ExprContext }
export interface Tuple extends Located { _type: "Tuple"; elts: Expr[]; ctx: ExprContext }
export interface Slice extends Located { _type: "Slice"; lower: Expr | null; upper: Expr | null; step: Expr | null }

export type Expr =
  | BoolOp | NamedExpr | BinOp | UnaryOp | Lambda | IfExp | Dict | SetExpr | ListComp | SetComp
  | DictComp | GeneratorExp | Await | Yield | YieldFrom | Compare | Call | FormattedValue
  | Interpolation | JoinedStr | TemplateStr | Constant | Attribute | Subscript | Starred | Name
  | List | Tuple | Slice;

// ---------------------------------------------------------------- other nodes

export interface Comprehension {
  _type: "comprehension";
  target: Expr;
  iter: Expr;
  ifs: Expr[];
  /** 1 for `async for`, else 0. */
  is_async: number;
}

export interface ExceptHandler extends Located {
  _type: "ExceptHandler";
  type: Expr | null;
  name: string | null;
  body: Stmt[];
}

export interface Arguments {
  _type: "arguments";
  posonlyargs: Arg[];
  args: Arg[];
  vararg: Arg | null;
  kwonlyargs: Arg[];
  /** One entry per kwonlyarg; null where it has no default. */
  kw_defaults: (Expr | null)[];
  kwarg: Arg | null;
  /** Defaults of the last positional parameters (posonlyargs + args). */
  defaults: Expr[];
}

export interface Arg extends Located { _type: "arg"; arg: string; annotation: Expr | null; type_comment: string | null }
/** `arg` is null for `**mapping`. */
export interface Keyword extends Located { _type: "keyword"; arg: string | null; value: Expr }
export interface Alias extends Located { _type: "alias"; name: string; asname: string | null }
export interface WithItem { _type: "withitem"; context_expr: Expr; optional_vars: Expr | null }
export interface MatchCase { _type: "match_case"; pattern: Pattern; guard: Expr | null; body: Stmt[] }

export interface MatchValue extends Located { _type: "MatchValue"; value: Expr }
/** `value` is null (None), true or false. */
export interface MatchSingleton extends Located { _type: "MatchSingleton"; value: null | boolean }
export interface MatchSequence extends Located { _type: "MatchSequence"; patterns: Pattern[] }
export interface MatchMapping extends Located { _type: "MatchMapping"; keys: Expr[]; patterns: Pattern[]; rest: string | null }
export interface MatchClass extends Located {
  _type: "MatchClass";
  cls: Expr;
  patterns: Pattern[];
  kwd_attrs: string[];
  kwd_patterns: Pattern[];
}
export interface MatchStar extends Located { _type: "MatchStar"; name: string | null }
export interface MatchAs extends Located { _type: "MatchAs"; pattern: Pattern | null; name: string | null }
export interface MatchOr extends Located { _type: "MatchOr"; patterns: Pattern[] }
export type Pattern =
  | MatchValue | MatchSingleton | MatchSequence | MatchMapping | MatchClass | MatchStar | MatchAs | MatchOr;

export interface TypeVar extends Located { _type: "TypeVar"; name: string; bound: Expr | null; default_value: Expr | null }
export interface ParamSpec extends Located { _type: "ParamSpec"; name: string; default_value: Expr | null }
export interface TypeVarTuple extends Located { _type: "TypeVarTuple"; name: string; default_value: Expr | null }
export type TypeParam = TypeVar | ParamSpec | TypeVarTuple;

/** Any AST node. */
export type Node =
  | Mod | Stmt | Expr | Comprehension | ExceptHandler | Arguments | Arg | Keyword | Alias | WithItem
  | MatchCase | Pattern | TypeParam | TypeIgnore;

export type NodeType = Node["_type"];
