/**
 * For `renameGlobals` over a tree: every name some module of the tree could use to reach another
 * module's globals — names imported with `from … import name` and attribute names (`mod.name`).
 * A private global whose name appears here is kept (over-approximation, never under). A star import
 * adds nothing: it takes only public names and those listed in `__all__`, which stay anyway.
 * Collected over a tree by its scan (tree-reads.ts).
 */
import type { Node } from "../python/ast.js";
import { FieldKind, NODE_SPECS } from "../python/ast-schema.js";

export function externalNamesOf(root: Node, out: Set<string>): void {
  const walk = (node: Node): void => {
    // `from m import *` takes m's public names and those in its `__all__` (kept anyway), never
    // a private one: "*" is no name to keep (as a key of the kept names it would mean "every one").
    if (node._type === "ImportFrom") {
      for (const a of node.names) if (a.name !== "*") out.add(a.name);
    } else if (node._type === "Attribute") out.add(node.attr);
    const rec = node as unknown as Record<string, unknown>;
    for (const f of NODE_SPECS[node._type].fields) {
      const v = rec[f.name];
      if (f.kind === FieldKind.List) {
        for (const x of (v as unknown[] | undefined) ?? []) if (x && typeof x === "object" && "_type" in x) walk(x as Node);
      } else if (v && typeof v === "object" && "_type" in v) walk(v as Node);
    }
  };
  walk(root);
}
