/**
 * For `renameGlobals` over a tree: every name some module of the tree could use to reach another
 * module's globals — names imported with `from … import name` and attribute names (`mod.name`).
 * A private global whose name appears here is kept (over-approximation, never under).
 */
import { readFileSync } from "node:fs";
import type { Node } from "../python/ast.js";
import { FieldKind, NODE_SPECS } from "../python/ast-schema.js";
import { parseSource } from "../python/parser.js";
import { decodeSource } from "../python/source.js";

export function collectExternalNames(paths: readonly string[], minor: number): Set<string> {
  const names = new Set<string>();
  for (const path of paths) {
    let module: Node;
    try {
      module = parseSource(decodeSource(readFileSync(path), path), { minor }).module;
    } catch {
      continue; // unreadable files are reported by the minifier itself
    }
    externalNamesOf(module, names);
  }
  return names;
}

export function externalNamesOf(root: Node, out: Set<string>): void {
  const walk = (node: Node): void => {
    if (node._type === "ImportFrom") for (const a of node.names) out.add(a.name);
    else if (node._type === "Attribute") out.add(node.attr);
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
