/** Walking syntax trees: the children of a node, the statement blocks of a statement, the last name of a dotted name. */
import { NODE_SPECS } from "./ast-schema.js";
import type { Expr, Node, Stmt } from "./ast.js";

/** Calls `fn` on each child node of `n`, in field order. */
export function forEachChild(n: Node, fn: (child: Node) => void): void {
  // Constants hold values, never nodes.
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
