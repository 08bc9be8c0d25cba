/**
 * The statement blocks a statement holds directly (bodies, `else`/`finally` blocks, handler and
 * `case` bodies), for walks that visit every block of a module. Empty `orelse`/`finalbody` lists are
 * not blocks and are skipped.
 */
import type { Stmt } from "./ast.js";

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
