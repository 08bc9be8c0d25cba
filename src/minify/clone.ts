/** A deep copy of an AST (constant values are immutable and shared). */
import type { Node } from "../python/ast.js";

export function cloneTree<T extends Node>(node: T): T {
  return copy(node) as T;
}

function copy(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copy(v[i]);
    return out;
  }
  if (v === null || typeof v !== "object" || !("_type" in v)) return v;
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in src) {
    const x = src[k];
    out[k] = x !== null && typeof x === "object" && (Array.isArray(x) || "_type" in x) ? copy(x) : x;
  }
  return out;
}
