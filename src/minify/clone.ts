/**
 * A deep copy of an AST (constant values are immutable and shared): the safety net's copy of the
 * original tree, taken before any transform runs.
 *
 * Written out per node type rather than driven by NODE_SPECS: every node is built as one object
 * literal with the parser's property order, so copies share the parser's hidden classes and the
 * copy runs several times faster than a generic walk. tests/minify/clone.test.ts checks that every
 * field of every node type is copied.
 */
import type * as A from "../python/ast.js";

export function cloneTree<T extends A.Node>(node: T): T {
  return copy(node) as T;
}

function list<T extends A.Node>(xs: readonly T[]): T[] {
  const out = new Array<T>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = copy(xs[i]!) as T;
  return out;
}

function optional<T extends A.Node>(x: T | null): T | null {
  return x === null ? null : (copy(x) as T);
}

function optionals<T extends A.Node>(xs: readonly (T | null)[]): (T | null)[] {
  const out = new Array<T | null>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    out[i] = x === null ? null : (copy(x) as T);
  }
  return out;
}

function copy(n: A.Node): A.Node {
  // The node types of most code, most frequent first; the rest in copyRare, so that this function's
  // type feedback is complete early and its optimized code is not thrown away when a rare node
  // type turns up.
  switch (n._type) {
    case "Name":
      return { _type: "Name", id: n.id, ctx: n.ctx, start: n.start, end: n.end };
    case "Constant":
      return { _type: "Constant", value: n.value, kind: n.kind, start: n.start, end: n.end };
    case "Attribute":
      return { _type: "Attribute", value: copy(n.value) as A.Expr, attr: n.attr, ctx: n.ctx, start: n.start, end: n.end };
    case "Call":
      return { _type: "Call", func: copy(n.func) as A.Expr, args: list(n.args), keywords: list(n.keywords), start: n.start, end: n.end };
    case "Expr":
      return { _type: "Expr", value: copy(n.value) as A.Expr, start: n.start, end: n.end };
    case "Assign":
      return { _type: "Assign", targets: list(n.targets), value: copy(n.value) as A.Expr, type_comment: n.type_comment, start: n.start, end: n.end };
    case "arg":
      return { _type: "arg", arg: n.arg, annotation: optional(n.annotation), type_comment: n.type_comment, start: n.start, end: n.end };
    case "arguments":
      return {
        _type: "arguments", posonlyargs: list(n.posonlyargs), args: list(n.args), vararg: optional(n.vararg), kwonlyargs: list(n.kwonlyargs),
        kw_defaults: optionals(n.kw_defaults), kwarg: optional(n.kwarg), defaults: list(n.defaults),
      };
    case "FunctionDef":
      return {
        _type: "FunctionDef", name: n.name, args: copy(n.args) as A.Arguments, body: list(n.body), decorator_list: list(n.decorator_list),
        returns: optional(n.returns), type_comment: n.type_comment, type_params: list(n.type_params), start: n.start, end: n.end,
      };
    case "Tuple":
      return { _type: "Tuple", elts: list(n.elts), ctx: n.ctx, start: n.start, end: n.end };
    case "keyword":
      return { _type: "keyword", arg: n.arg, value: copy(n.value) as A.Expr, start: n.start, end: n.end };
    case "BinOp":
      return { _type: "BinOp", left: copy(n.left) as A.Expr, op: n.op, right: copy(n.right) as A.Expr, start: n.start, end: n.end };
    case "If":
      return { _type: "If", test: copy(n.test) as A.Expr, body: list(n.body), orelse: list(n.orelse), start: n.start, end: n.end };
    case "Subscript":
      return { _type: "Subscript", value: copy(n.value) as A.Expr, slice: copy(n.slice) as A.Expr, ctx: n.ctx, start: n.start, end: n.end };
    case "Compare":
      return { _type: "Compare", left: copy(n.left) as A.Expr, ops: n.ops.slice(), comparators: list(n.comparators), start: n.start, end: n.end };
    case "List":
      return { _type: "List", elts: list(n.elts), ctx: n.ctx, start: n.start, end: n.end };
    case "Return":
      return { _type: "Return", value: optional(n.value), start: n.start, end: n.end };
    case "alias":
      return { _type: "alias", name: n.name, asname: n.asname, start: n.start, end: n.end };
    case "UnaryOp":
      return { _type: "UnaryOp", op: n.op, operand: copy(n.operand) as A.Expr, start: n.start, end: n.end };
    case "ClassDef":
      return {
        _type: "ClassDef", name: n.name, bases: list(n.bases), keywords: list(n.keywords), body: list(n.body), decorator_list: list(n.decorator_list),
        type_params: list(n.type_params), start: n.start, end: n.end,
      };
    case "withitem":
      return { _type: "withitem", context_expr: copy(n.context_expr) as A.Expr, optional_vars: optional(n.optional_vars) };
    case "With":
      return { _type: "With", items: list(n.items), body: list(n.body), type_comment: n.type_comment, start: n.start, end: n.end };
    case "For":
      return {
        _type: "For", target: copy(n.target) as A.Expr, iter: copy(n.iter) as A.Expr, body: list(n.body), orelse: list(n.orelse),
        type_comment: n.type_comment, start: n.start, end: n.end,
      };
    case "Import":
      return { _type: "Import", names: list(n.names), start: n.start, end: n.end };
    case "Try":
      return { _type: "Try", body: list(n.body), handlers: list(n.handlers), orelse: list(n.orelse), finalbody: list(n.finalbody), start: n.start, end: n.end };
    case "Dict":
      return { _type: "Dict", keys: optionals(n.keys), values: list(n.values), start: n.start, end: n.end };
    case "Raise":
      return { _type: "Raise", exc: optional(n.exc), cause: optional(n.cause), start: n.start, end: n.end };
    case "ExceptHandler":
      return { _type: "ExceptHandler", type: optional(n.type), name: n.name, body: list(n.body), start: n.start, end: n.end };
    case "BoolOp":
      return { _type: "BoolOp", op: n.op, values: list(n.values), start: n.start, end: n.end };
    case "Pass":
      return { _type: "Pass", start: n.start, end: n.end };
    case "ImportFrom":
      return { _type: "ImportFrom", module: n.module, names: list(n.names), level: n.level, start: n.start, end: n.end };
    case "Slice":
      return { _type: "Slice", lower: optional(n.lower), upper: optional(n.upper), step: optional(n.step), start: n.start, end: n.end };
    default:
      return copyRare(n);
  }
}

function copyRare(n: A.Node): A.Node {
  switch (n._type) {
    case "Set":
      return { _type: "Set", elts: list(n.elts), start: n.start, end: n.end };
    case "NamedExpr":
      return { _type: "NamedExpr", target: copy(n.target) as A.Name, value: copy(n.value) as A.Expr, start: n.start, end: n.end };
    case "Lambda":
      return { _type: "Lambda", args: copy(n.args) as A.Arguments, body: copy(n.body) as A.Expr, start: n.start, end: n.end };
    case "IfExp":
      return { _type: "IfExp", test: copy(n.test) as A.Expr, body: copy(n.body) as A.Expr, orelse: copy(n.orelse) as A.Expr, start: n.start, end: n.end };
    case "ListComp":
      return { _type: "ListComp", elt: copy(n.elt) as A.Expr, generators: list(n.generators), start: n.start, end: n.end };
    case "SetComp":
      return { _type: "SetComp", elt: copy(n.elt) as A.Expr, generators: list(n.generators), start: n.start, end: n.end };
    case "DictComp":
      return { _type: "DictComp", key: copy(n.key) as A.Expr, value: copy(n.value) as A.Expr, generators: list(n.generators), start: n.start, end: n.end };
    case "GeneratorExp":
      return { _type: "GeneratorExp", elt: copy(n.elt) as A.Expr, generators: list(n.generators), start: n.start, end: n.end };
    case "comprehension":
      return { _type: "comprehension", target: copy(n.target) as A.Expr, iter: copy(n.iter) as A.Expr, ifs: list(n.ifs), is_async: n.is_async };
    case "Await":
      return { _type: "Await", value: copy(n.value) as A.Expr, start: n.start, end: n.end };
    case "Yield":
      return { _type: "Yield", value: optional(n.value), start: n.start, end: n.end };
    case "YieldFrom":
      return { _type: "YieldFrom", value: copy(n.value) as A.Expr, start: n.start, end: n.end };
    case "FormattedValue":
      return { _type: "FormattedValue", value: copy(n.value) as A.Expr, conversion: n.conversion, format_spec: optional(n.format_spec), start: n.start, end: n.end };
    case "Interpolation":
      return { _type: "Interpolation", value: copy(n.value) as A.Expr, str: n.str, conversion: n.conversion, format_spec: optional(n.format_spec), start: n.start, end: n.end };
    case "JoinedStr":
      return { _type: "JoinedStr", values: list(n.values), start: n.start, end: n.end };
    case "TemplateStr":
      return { _type: "TemplateStr", values: list(n.values), start: n.start, end: n.end };
    case "Starred":
      return { _type: "Starred", value: copy(n.value) as A.Expr, ctx: n.ctx, start: n.start, end: n.end };
    case "AsyncFunctionDef":
      return {
        _type: "AsyncFunctionDef", name: n.name, args: copy(n.args) as A.Arguments, body: list(n.body), decorator_list: list(n.decorator_list),
        returns: optional(n.returns), type_comment: n.type_comment, type_params: list(n.type_params), start: n.start, end: n.end,
      };
    case "AugAssign":
      return { _type: "AugAssign", target: copy(n.target) as A.AugAssign["target"], op: n.op, value: copy(n.value) as A.Expr, start: n.start, end: n.end };
    case "AnnAssign":
      return {
        _type: "AnnAssign", target: copy(n.target) as A.AnnAssign["target"], annotation: copy(n.annotation) as A.Expr, value: optional(n.value),
        simple: n.simple, start: n.start, end: n.end,
      };
    case "AsyncFor":
      return {
        _type: "AsyncFor", target: copy(n.target) as A.Expr, iter: copy(n.iter) as A.Expr, body: list(n.body), orelse: list(n.orelse),
        type_comment: n.type_comment, start: n.start, end: n.end,
      };
    case "While":
      return { _type: "While", test: copy(n.test) as A.Expr, body: list(n.body), orelse: list(n.orelse), start: n.start, end: n.end };
    case "AsyncWith":
      return { _type: "AsyncWith", items: list(n.items), body: list(n.body), type_comment: n.type_comment, start: n.start, end: n.end };
    case "TryStar":
      return { _type: "TryStar", body: list(n.body), handlers: list(n.handlers), orelse: list(n.orelse), finalbody: list(n.finalbody), start: n.start, end: n.end };
    case "Assert":
      return { _type: "Assert", test: copy(n.test) as A.Expr, msg: optional(n.msg), start: n.start, end: n.end };
    case "Delete":
      return { _type: "Delete", targets: list(n.targets), start: n.start, end: n.end };
    case "Global":
      return { _type: "Global", names: n.names.slice(), start: n.start, end: n.end };
    case "Nonlocal":
      return { _type: "Nonlocal", names: n.names.slice(), start: n.start, end: n.end };
    case "Break":
      return { _type: "Break", start: n.start, end: n.end };
    case "Continue":
      return { _type: "Continue", start: n.start, end: n.end };
    case "TypeAlias":
      return { _type: "TypeAlias", name: copy(n.name) as A.Name, type_params: list(n.type_params), value: copy(n.value) as A.Expr, start: n.start, end: n.end };
    case "Match":
      return { _type: "Match", subject: copy(n.subject) as A.Expr, cases: list(n.cases), start: n.start, end: n.end };
    case "match_case":
      return { _type: "match_case", pattern: copy(n.pattern) as A.Pattern, guard: optional(n.guard), body: list(n.body) };
    case "MatchValue":
      return { _type: "MatchValue", value: copy(n.value) as A.Expr, start: n.start, end: n.end };
    case "MatchSingleton":
      return { _type: "MatchSingleton", value: n.value, start: n.start, end: n.end };
    case "MatchSequence":
      return { _type: "MatchSequence", patterns: list(n.patterns), start: n.start, end: n.end };
    case "MatchMapping":
      return { _type: "MatchMapping", keys: list(n.keys), patterns: list(n.patterns), rest: n.rest, start: n.start, end: n.end };
    case "MatchClass":
      return {
        _type: "MatchClass", cls: copy(n.cls) as A.Expr, patterns: list(n.patterns), kwd_attrs: n.kwd_attrs.slice(), kwd_patterns: list(n.kwd_patterns),
        start: n.start, end: n.end,
      };
    case "MatchStar":
      return { _type: "MatchStar", name: n.name, start: n.start, end: n.end };
    case "MatchAs":
      return { _type: "MatchAs", pattern: optional(n.pattern), name: n.name, start: n.start, end: n.end };
    case "MatchOr":
      return { _type: "MatchOr", patterns: list(n.patterns), start: n.start, end: n.end };
    case "TypeVar":
      return { _type: "TypeVar", name: n.name, bound: optional(n.bound), default_value: optional(n.default_value), start: n.start, end: n.end };
    case "ParamSpec":
      return { _type: "ParamSpec", name: n.name, default_value: optional(n.default_value), start: n.start, end: n.end };
    case "TypeVarTuple":
      return { _type: "TypeVarTuple", name: n.name, default_value: optional(n.default_value), start: n.start, end: n.end };
    case "Module":
      return { _type: "Module", body: list(n.body), type_ignores: list(n.type_ignores) };
    case "Interactive":
      return { _type: "Interactive", body: list(n.body) };
    case "Expression":
      return { _type: "Expression", body: copy(n.body) as A.Expr };
    case "FunctionType":
      return { _type: "FunctionType", argtypes: list(n.argtypes), returns: copy(n.returns) as A.Expr };
    case "TypeIgnore":
      return { _type: "TypeIgnore", lineno: n.lineno, tag: n.tag };
    default:
      throw new Error(`cloneTree: unknown node type ${n._type}`);
  }
}
