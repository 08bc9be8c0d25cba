/** Walking syntax trees: the children of a node, the statement blocks of a statement, the last name of a dotted name. */
import { NODE_SPECS } from "./ast-schema.js";
import type { Expr, Node, Stmt } from "./ast.js";

/**
 * Calls `fn` on each child node of `n`, in field order (the order of NODE_SPECS, as CPython's
 * `ast.iter_child_nodes`). Written out per node type: every walk of the minifier and the analysers
 * goes through here, and one monomorphic case per type is several times faster than reading the
 * fields by name from the schema (tests/python/walk.test.ts checks it against that generic walk).
 */
export function forEachChild(n: Node, fn: (child: Node) => void): void {
  switch (n._type) {
    case "AnnAssign":
      fn(n.target);
      fn(n.annotation);
      if (n.value !== null) fn(n.value);
      return;
    case "Assert":
      fn(n.test);
      if (n.msg !== null) fn(n.msg);
      return;
    case "Assign":
      list(n.targets, fn);
      fn(n.value);
      return;
    case "AsyncFor":
    case "For":
      fn(n.target);
      fn(n.iter);
      list(n.body, fn);
      list(n.orelse, fn);
      return;
    case "AsyncFunctionDef":
    case "FunctionDef":
      fn(n.args);
      list(n.body, fn);
      list(n.decorator_list, fn);
      if (n.returns !== null) fn(n.returns);
      list(n.type_params, fn);
      return;
    case "AsyncWith":
    case "With":
      list(n.items, fn);
      list(n.body, fn);
      return;
    case "Attribute":
    case "Await":
    case "Expr":
    case "MatchValue":
    case "Starred":
    case "YieldFrom":
    case "keyword":
      fn(n.value);
      return;
    case "AugAssign":
    case "NamedExpr":
      fn(n.target);
      fn(n.value);
      return;
    case "BinOp":
      fn(n.left);
      fn(n.right);
      return;
    case "BoolOp":
    case "JoinedStr":
    case "TemplateStr":
      list(n.values, fn);
      return;
    case "Break":
    case "Continue":
    case "Global":
    case "MatchStar":
    case "Name":
    case "Nonlocal":
    case "Pass":
    case "TypeIgnore":
    case "alias":
      return;
    case "Call":
      fn(n.func);
      list(n.args, fn);
      list(n.keywords, fn);
      return;
    case "ClassDef":
      list(n.bases, fn);
      list(n.keywords, fn);
      list(n.body, fn);
      list(n.decorator_list, fn);
      list(n.type_params, fn);
      return;
    case "Compare":
      fn(n.left);
      list(n.comparators, fn);
      return;
    case "Delete":
      list(n.targets, fn);
      return;
    case "Dict":
      list(n.keys, fn);
      list(n.values, fn);
      return;
    case "DictComp":
      fn(n.key);
      fn(n.value);
      list(n.generators, fn);
      return;
    case "ExceptHandler":
      if (n.type !== null) fn(n.type);
      list(n.body, fn);
      return;
    case "Expression":
      fn(n.body);
      return;
    case "FormattedValue":
    case "Interpolation":
      fn(n.value);
      if (n.format_spec !== null) fn(n.format_spec);
      return;
    case "FunctionType":
      list(n.argtypes, fn);
      fn(n.returns);
      return;
    case "GeneratorExp":
    case "ListComp":
    case "SetComp":
      fn(n.elt);
      list(n.generators, fn);
      return;
    case "If":
    case "While":
      fn(n.test);
      list(n.body, fn);
      list(n.orelse, fn);
      return;
    case "IfExp":
      fn(n.test);
      fn(n.body);
      fn(n.orelse);
      return;
    case "Import":
    case "ImportFrom":
      list(n.names, fn);
      return;
    case "Interactive":
      list(n.body, fn);
      return;
    case "Lambda":
      fn(n.args);
      fn(n.body);
      return;
    case "List":
    case "Set":
    case "Tuple":
      list(n.elts, fn);
      return;
    case "Match":
      fn(n.subject);
      list(n.cases, fn);
      return;
    case "MatchAs":
      if (n.pattern !== null) fn(n.pattern);
      return;
    case "MatchClass":
      fn(n.cls);
      list(n.patterns, fn);
      list(n.kwd_patterns, fn);
      return;
    case "MatchMapping":
      list(n.keys, fn);
      list(n.patterns, fn);
      return;
    case "MatchOr":
    case "MatchSequence":
      list(n.patterns, fn);
      return;
    case "Module":
      list(n.body, fn);
      list(n.type_ignores, fn);
      return;
    case "ParamSpec":
    case "TypeVarTuple":
      if (n.default_value !== null) fn(n.default_value);
      return;
    case "Raise":
      if (n.exc !== null) fn(n.exc);
      if (n.cause !== null) fn(n.cause);
      return;
    case "Return":
    case "Yield":
      if (n.value !== null) fn(n.value);
      return;
    case "Slice":
      if (n.lower !== null) fn(n.lower);
      if (n.upper !== null) fn(n.upper);
      if (n.step !== null) fn(n.step);
      return;
    case "Subscript":
      fn(n.value);
      fn(n.slice);
      return;
    case "Try":
    case "TryStar":
      list(n.body, fn);
      list(n.handlers, fn);
      list(n.orelse, fn);
      list(n.finalbody, fn);
      return;
    case "TypeAlias":
      fn(n.name);
      list(n.type_params, fn);
      fn(n.value);
      return;
    case "TypeVar":
      if (n.bound !== null) fn(n.bound);
      if (n.default_value !== null) fn(n.default_value);
      return;
    case "UnaryOp":
      fn(n.operand);
      return;
    case "arg":
      if (n.annotation !== null) fn(n.annotation);
      return;
    case "arguments":
      list(n.posonlyargs, fn);
      list(n.args, fn);
      if (n.vararg !== null) fn(n.vararg);
      list(n.kwonlyargs, fn);
      list(n.kw_defaults, fn);
      if (n.kwarg !== null) fn(n.kwarg);
      list(n.defaults, fn);
      return;
    case "comprehension":
      fn(n.target);
      fn(n.iter);
      list(n.ifs, fn);
      return;
    case "match_case":
      fn(n.pattern);
      if (n.guard !== null) fn(n.guard);
      list(n.body, fn);
      return;
    case "withitem":
      fn(n.context_expr);
      if (n.optional_vars !== null) fn(n.optional_vars);
      return;
    case "Constant":
    case "MatchSingleton":
      // Constants hold values, never nodes.
      return;
  }
}

/** Calls `fn` on each node of `xs` (lists may hold nulls: dict keys of `**x`, missing keyword defaults). */
function list(xs: readonly (Node | null)[], fn: (child: Node) => void): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x !== null) fn(x);
  }
}

/** The same walk read from the schema: the reference the written-out one is tested against. */
export function forEachChildGeneric(n: Node, fn: (child: Node) => void): void {
  if (n._type === "Constant" || n._type === "MatchSingleton") return;
  const spec = NODE_SPECS[n._type];
  const o = n as unknown as Record<string, unknown>;
  for (const f of spec.fields) {
    const v = o[f.name];
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === "object" && "_type" in x) fn(x as Node);
    } else if ("_type" in v) fn(v as Node);
  }
}

/**
 * The statement blocks a statement holds directly (bodies, `else`/`finally` blocks, handler and
 * `case` bodies), for walks that visit every block of a module. Empty `orelse`/`finalbody` lists are
 * not blocks and are skipped.
 */
export function forEachBlock(s: Stmt, fn: (body: Stmt[]) => void): void {
  switch (s._type) {
    case "FunctionDef":
    case "AsyncFunctionDef":
    case "ClassDef":
    case "With":
    case "AsyncWith":
      fn(s.body);
      break;
    case "If":
    case "For":
    case "AsyncFor":
    case "While":
      fn(s.body);
      if (s.orelse.length) fn(s.orelse);
      break;
    case "Try":
    case "TryStar":
      fn(s.body);
      for (const h of s.handlers) fn(h.body);
      if (s.orelse.length) fn(s.orelse);
      if (s.finalbody.length) fn(s.finalbody);
      break;
    case "Match":
      for (const c of s.cases) fn(c.body);
      break;
    default:
      break;
  }
}

/** The last name of a name or attribute: `f` of `f`, `command` of `click.command`; null for any other expression. */
export function lastName(e: Expr): string | null {
  if (e._type === "Name") return e.id;
  if (e._type === "Attribute") return e.attr;
  return null;
}
