/**
 * Field metadata for every AST node type, as CPython's `ast` module declares it (`_fields`,
 * `_field_types`, `_attributes`), with the Python minor version each node or field appeared in.
 * Generic walkers and `ast.dump` emulation are driven by this table.
 */
import type { NodeType } from "./ast.js";

export const FieldKind = {
  /** A single required value (node, string, number or constant). */
  Req: 0,
  /** `?` in the ASDL: may be null; `ast.dump` omits it when null. */
  Opt: 1,
  /** `*` in the ASDL: a list. */
  List: 2,
} as const;
export type FieldKind = (typeof FieldKind)[keyof typeof FieldKind];

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  /** Python 3 minor version that introduced the field (0: always present). */
  readonly since: number;
}

export interface NodeSpec {
  /** Whether the node has lineno/col_offset/end_lineno/end_col_offset. */
  readonly located: boolean;
  /** Python 3 minor version that introduced the node (0: always present). */
  readonly since: number;
  readonly fields: readonly FieldSpec[];
}

const F = FieldKind;
function f(name: string, kind: FieldKind, since = 0): FieldSpec {
  return { name, kind, since };
}

export const NODE_SPECS: Readonly<Record<NodeType, NodeSpec>> = {
  AnnAssign: { located: true, since: 0, fields: [f("target", F.Req), f("annotation", F.Req), f("value", F.Opt), f("simple", F.Req)] },
  Assert: { located: true, since: 0, fields: [f("test", F.Req), f("msg", F.Opt)] },
  Assign: { located: true, since: 0, fields: [f("targets", F.List), f("value", F.Req), f("type_comment", F.Opt)] },
  AsyncFor: { located: true, since: 0, fields: [f("target", F.Req), f("iter", F.Req), f("body", F.List), f("orelse", F.List), f("type_comment", F.Opt)] },
  AsyncFunctionDef: { located: true, since: 0, fields: [f("name", F.Req), f("args", F.Req), f("body", F.List), f("decorator_list", F.List), f("returns", F.Opt), f("type_comment", F.Opt), f("type_params", F.List, 12)] },
  AsyncWith: { located: true, since: 0, fields: [f("items", F.List), f("body", F.List), f("type_comment", F.Opt)] },
  Attribute: { located: true, since: 0, fields: [f("value", F.Req), f("attr", F.Req), f("ctx", F.Req)] },
  AugAssign: { located: true, since: 0, fields: [f("target", F.Req), f("op", F.Req), f("value", F.Req)] },
  Await: { located: true, since: 0, fields: [f("value", F.Req)] },
  BinOp: { located: true, since: 0, fields: [f("left", F.Req), f("op", F.Req), f("right", F.Req)] },
  BoolOp: { located: true, since: 0, fields: [f("op", F.Req), f("values", F.List)] },
  Break: { located: true, since: 0, fields: [] },
  Call: { located: true, since: 0, fields: [f("func", F.Req), f("args", F.List), f("keywords", F.List)] },
  ClassDef: { located: true, since: 0, fields: [f("name", F.Req), f("bases", F.List), f("keywords", F.List), f("body", F.List), f("decorator_list", F.List), f("type_params", F.List, 12)] },
  Compare: { located: true, since: 0, fields: [f("left", F.Req), f("ops", F.List), f("comparators", F.List)] },
  Constant: { located: true, since: 0, fields: [f("value", F.Req), f("kind", F.Opt)] },
  Continue: { located: true, since: 0, fields: [] },
  Delete: { located: true, since: 0, fields: [f("targets", F.List)] },
  Dict: { located: true, since: 0, fields: [f("keys", F.List), f("values", F.List)] },
  DictComp: { located: true, since: 0, fields: [f("key", F.Req), f("value", F.Req), f("generators", F.List)] },
  ExceptHandler: { located: true, since: 0, fields: [f("type", F.Opt), f("name", F.Opt), f("body", F.List)] },
  Expr: { located: true, since: 0, fields: [f("value", F.Req)] },
  Expression: { located: false, since: 0, fields: [f("body", F.Req)] },
  For: { located: true, since: 0, fields: [f("target", F.Req), f("iter", F.Req), f("body", F.List), f("orelse", F.List), f("type_comment", F.Opt)] },
  FormattedValue: { located: true, since: 0, fields: [f("value", F.Req), f("conversion", F.Req), f("format_spec", F.Opt)] },
  FunctionDef: { located: true, since: 0, fields: [f("name", F.Req), f("args", F.Req), f("body", F.List), f("decorator_list", F.List), f("returns", F.Opt), f("type_comment", F.Opt), f("type_params", F.List, 12)] },
  FunctionType: { located: false, since: 0, fields: [f("argtypes", F.List), f("returns", F.Req)] },
  GeneratorExp: { located: true, since: 0, fields: [f("elt", F.Req), f("generators", F.List)] },
  Global: { located: true, since: 0, fields: [f("names", F.List)] },
  If: { located: true, since: 0, fields: [f("test", F.Req), f("body", F.List), f("orelse", F.List)] },
  IfExp: { located: true, since: 0, fields: [f("test", F.Req), f("body", F.Req), f("orelse", F.Req)] },
  Import: { located: true, since: 0, fields: [f("names", F.List)] },
  ImportFrom: { located: true, since: 0, fields: [f("module", F.Opt), f("names", F.List), f("level", F.Opt)] },
  Interactive: { located: false, since: 0, fields: [f("body", F.List)] },
  Interpolation: { located: true, since: 14, fields: [f("value", F.Req), f("str", F.Req), f("conversion", F.Req), f("format_spec", F.Opt)] },
  JoinedStr: { located: true, since: 0, fields: [f("values", F.List)] },
  Lambda: { located: true, since: 0, fields: [f("args", F.Req), f("body", F.Req)] },
  List: { located: true, since: 0, fields: [f("elts", F.List), f("ctx", F.Req)] },
  ListComp: { located: true, since: 0, fields: [f("elt", F.Req), f("generators", F.List)] },
  Match: { located: true, since: 10, fields: [f("subject", F.Req), f("cases", F.List)] },
  MatchAs: { located: true, since: 10, fields: [f("pattern", F.Opt), f("name", F.Opt)] },
  MatchClass: { located: true, since: 10, fields: [f("cls", F.Req), f("patterns", F.List), f("kwd_attrs", F.List), f("kwd_patterns", F.List)] },
  MatchMapping: { located: true, since: 10, fields: [f("keys", F.List), f("patterns", F.List), f("rest", F.Opt)] },
  MatchOr: { located: true, since: 10, fields: [f("patterns", F.List)] },
  MatchSequence: { located: true, since: 10, fields: [f("patterns", F.List)] },
  MatchSingleton: { located: true, since: 10, fields: [f("value", F.Req)] },
  MatchStar: { located: true, since: 10, fields: [f("name", F.Opt)] },
  MatchValue: { located: true, since: 10, fields: [f("value", F.Req)] },
  Module: { located: false, since: 0, fields: [f("body", F.List), f("type_ignores", F.List)] },
  Name: { located: true, since: 0, fields: [f("id", F.Req), f("ctx", F.Req)] },
  NamedExpr: { located: true, since: 0, fields: [f("target", F.Req), f("value", F.Req)] },
  Nonlocal: { located: true, since: 0, fields: [f("names", F.List)] },
  ParamSpec: { located: true, since: 12, fields: [f("name", F.Req), f("default_value", F.Opt, 13)] },
  Pass: { located: true, since: 0, fields: [] },
  Raise: { located: true, since: 0, fields: [f("exc", F.Opt), f("cause", F.Opt)] },
  Return: { located: true, since: 0, fields: [f("value", F.Opt)] },
  Set: { located: true, since: 0, fields: [f("elts", F.List)] },
  SetComp: { located: true, since: 0, fields: [f("elt", F.Req), f("generators", F.List)] },
  Slice: { located: true, since: 0, fields: [f("lower", F.Opt), f("upper", F.Opt), f("step", F.Opt)] },
  Starred: { located: true, since: 0, fields: [f("value", F.Req), f("ctx", F.Req)] },
  Subscript: { located: true, since: 0, fields: [f("value", F.Req), f("slice", F.Req), f("ctx", F.Req)] },
  TemplateStr: { located: true, since: 14, fields: [f("values", F.List)] },
  Try: { located: true, since: 0, fields: [f("body", F.List), f("handlers", F.List), f("orelse", F.List), f("finalbody", F.List)] },
  TryStar: { located: true, since: 11, fields: [f("body", F.List), f("handlers", F.List), f("orelse", F.List), f("finalbody", F.List)] },
  Tuple: { located: true, since: 0, fields: [f("elts", F.List), f("ctx", F.Req)] },
  TypeAlias: { located: true, since: 12, fields: [f("name", F.Req), f("type_params", F.List), f("value", F.Req)] },
  TypeIgnore: { located: false, since: 0, fields: [f("lineno", F.Req), f("tag", F.Req)] },
  TypeVar: { located: true, since: 12, fields: [f("name", F.Req), f("bound", F.Opt), f("default_value", F.Opt, 13)] },
  TypeVarTuple: { located: true, since: 12, fields: [f("name", F.Req), f("default_value", F.Opt, 13)] },
  UnaryOp: { located: true, since: 0, fields: [f("op", F.Req), f("operand", F.Req)] },
  While: { located: true, since: 0, fields: [f("test", F.Req), f("body", F.List), f("orelse", F.List)] },
  With: { located: true, since: 0, fields: [f("items", F.List), f("body", F.List), f("type_comment", F.Opt)] },
  Yield: { located: true, since: 0, fields: [f("value", F.Opt)] },
  YieldFrom: { located: true, since: 0, fields: [f("value", F.Req)] },
  alias: { located: true, since: 0, fields: [f("name", F.Req), f("asname", F.Opt)] },
  arg: { located: true, since: 0, fields: [f("arg", F.Req), f("annotation", F.Opt), f("type_comment", F.Opt)] },
  arguments: { located: false, since: 0, fields: [f("posonlyargs", F.List), f("args", F.List), f("vararg", F.Opt), f("kwonlyargs", F.List), f("kw_defaults", F.List), f("kwarg", F.Opt), f("defaults", F.List)] },
  comprehension: { located: false, since: 0, fields: [f("target", F.Req), f("iter", F.Req), f("ifs", F.List), f("is_async", F.Req)] },
  keyword: { located: true, since: 0, fields: [f("arg", F.Opt), f("value", F.Req)] },
  match_case: { located: false, since: 10, fields: [f("pattern", F.Req), f("guard", F.Opt), f("body", F.List)] },
  withitem: { located: false, since: 0, fields: [f("context_expr", F.Req), f("optional_vars", F.Opt)] },
};


