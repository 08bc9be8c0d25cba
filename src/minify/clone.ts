/** A deep copy of an AST (constant values are immutable and shared). */
import type { Node } from "../python/ast.js";
import { FieldKind, NODE_SPECS } from "../python/ast-schema.js";

interface CloneSpec {
  names: string[];
  /** 0: scalar or constant, 1: node or null, 2: list. */
  kinds: number[];
  located: boolean;
}

const SPECS: Record<string, CloneSpec> = {};
for (const [type, spec] of Object.entries(NODE_SPECS)) {
  SPECS[type] = {
    names: spec.fields.map((f) => f.name),
    kinds: spec.fields.map((f) => (f.kind === FieldKind.List ? 2 : 1)),
    located: spec.located,
  };
}

export function cloneTree<T extends Node>(node: T): T {
  return copyNode(node) as T;
}

function copyNode(node: Node): Node {
  const spec = SPECS[node._type]!;
  const src = node as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { _type: node._type };
  const { names, kinds } = spec;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const v = src[name];
    if (kinds[i] === 2) {
      const list = v as unknown[] | undefined;
      if (!list) {
        out[name] = list;
        continue;
      }
      const copy = new Array<unknown>(list.length);
      for (let k = 0; k < list.length; k++) {
        const x = list[k];
        copy[k] = x !== null && typeof x === "object" && "_type" in (x as object) ? copyNode(x as Node) : x;
      }
      out[name] = copy;
    } else {
      out[name] = v !== null && typeof v === "object" && "_type" in (v as object) && node._type !== "Constant" ? copyNode(v as Node) : v;
    }
  }
  if (spec.located) {
    out.start = src.start;
    out.end = src.end;
  }
  return out as unknown as Node;
}
