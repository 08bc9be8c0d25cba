/**
 * Applies new names to the tree: every reference (`Name`) and every binding site (parameters,
 * `except … as`, `import … as`, match captures, `global`/`nonlocal` lists) of each renamed variable.
 */
import type { Arg, Assign, AsyncFunctionDef, FunctionDef, Name, Node } from "../../python/ast.js";
import { BindingKind, type SemanticModel } from "../../semantic/index.js";
import type { ParameterAlias, RenamedIdentifier } from "../transform.js";

export function applyRenames(model: SemanticModel, names: ReadonlyMap<number, string>, log: RenamedIdentifier[]): void {
  const d = model.data;
  let start = 0;
  let end = 0;
  const set = (node: Node, field: string, index: number, to: string): void => {
    const rec = node as unknown as Record<string, unknown>;
    if (index >= 0) {
      const list = rec[field] as string[];
      const from = list[index]!;
      if (from === to) return;
      list[index] = to;
      log.push({ node, field, index, from, to, start, end });
    } else {
      const from = rec[field] as string;
      if (from === to) return;
      rec[field] = to;
      log.push({ node, field, index, from, to, start, end });
    }
  };
  // `global a, b` lists: positions are looked up in the list as it was before any renaming.
  const originalNames = new Map<Node, string[]>();
  for (const [symbol, to] of names) {
    for (const r of model.referencesOfSymbol(symbol)) {
      start = d.referenceStart[r]!;
      end = d.referenceEnd[r]!;
      set(d.referenceNode[r]!, "id", -1, to);
    }
    for (const b of model.bindingsOf(symbol)) {
      const node = d.bindingNode[b]!;
      start = d.bindingStart[b]!;
      end = d.bindingEnd[b]!;
      const from = d.bindingName[b]!;
      switch (d.bindingKind[b]) {
        case BindingKind.Parameter:
          set(node, "arg", -1, to);
          break;
        case BindingKind.ExceptHandler:
          set(node, "name", -1, to);
          break;
        case BindingKind.Import:
        case BindingKind.ImportFrom:
          set(node, "asname", -1, to);
          break;
        case BindingKind.MatchCapture:
          if (node._type === "MatchMapping") set(node, "rest", -1, to);
          else set(node, "name", -1, to);
          break;
        case BindingKind.Global:
        case BindingKind.Nonlocal: {
          let list = originalNames.get(node);
          if (!list) originalNames.set(node, (list = [...(node as { names: string[] }).names]));
          const i = list.indexOf(from);
          if (i >= 0) set(node, "names", i, to);
          break;
        }
        case BindingKind.FunctionDef:
        case BindingKind.ClassDef:
          set(node, "name", -1, to);
          break;
        default:
          if (node._type === "Name") set(node, "id", -1, to);
          break;
      }
    }
  }
}

/**
 * Gives a parameter a short alias: `alias=param` goes first in the body (after leading string
 * statements, which may be the docstring), and every read of the parameter reads the alias.
 */
export function applyAlias(
  model: SemanticModel,
  symbol: number,
  fn: FunctionDef | AsyncFunctionDef,
  arg: Arg,
  alias: string,
  /** Aliases already inserted in this body (they stay in parameter order). */
  before: number,
  renamed: RenamedIdentifier[],
  aliases: ParameterAlias[],
): void {
  const d = model.data;
  for (const r of model.referencesOfSymbol(symbol)) {
    const node = d.referenceNode[r] as Name;
    renamed.push({ node, field: "id", index: -1, from: node.id, to: alias, start: d.referenceStart[r]!, end: d.referenceEnd[r]! });
    node.id = alias;
  }
  let first = 0;
  while (first < fn.body.length && isStringStatement(fn.body[first]!)) first++;
  const at = first + before;
  const pos = fn.body[at]?.start ?? fn.body[fn.body.length - 1]!.end;
  const stmt: Assign = {
    _type: "Assign",
    targets: [{ _type: "Name", id: alias, ctx: "Store", start: pos, end: pos }],
    value: { _type: "Name", id: arg.arg, ctx: "Load", start: pos, end: pos },
    type_comment: null,
    start: pos,
    end: pos,
  };
  fn.body.splice(at, 0, stmt);
  aliases.push({ arg, stmt, fn, at: first });
}

function isStringStatement(s: Node): boolean {
  return s._type === "Expr" && s.value._type === "Constant" && typeof s.value.value === "string";
}
