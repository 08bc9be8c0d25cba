/**
 * `ast.dump()` emulation, byte-identical to CPython's for a given target version:
 * - ≤ 3.12: every field is shown except optional fields that are None;
 * - ≥ 3.13: empty list fields are omitted too (`show_empty=False`);
 * - `positions` adds lineno/col_offset/end_lineno/end_col_offset (`include_attributes=True`).
 * Fields and node types newer than the target are left out (e.g. `type_params` before 3.12).
 */
import type { ConstantValue, Node } from "./ast.js";
import { FieldKind, NODE_SPECS, type NodeSpec } from "./ast-schema.js";
import { DEFAULT_MINOR } from "./errors.js";
import { reprConstant, reprStr } from "./repr.js";
import type { SourceFile } from "./source.js";

export interface DumpOptions {
  /** Python 3 minor version whose `ast.dump` format to reproduce (default 14). */
  minor?: number;
  /** Include positions (`include_attributes=True`); needs the source. */
  positions?: boolean;
}

export function dumpAst(node: Node, source: SourceFile | null, options: DumpOptions = {}): string {
  const minor = options.minor ?? DEFAULT_MINOR;
  const positions = options.positions ?? false;
  if (positions && !source) throw new Error("dumpAst: positions need the source");
  const hideEmpty = minor >= 13;
  const parts: string[] = [];

  const value = (v: unknown): void => {
    if (v === null) parts.push("None");
    else if (Array.isArray(v)) {
      parts.push("[");
      for (let i = 0; i < v.length; i++) {
        if (i > 0) parts.push(", ");
        value(v[i]);
      }
      parts.push("]");
    } else if (typeof v === "object" && v !== null && "_type" in v) nodeOut(v as Node);
    else if (typeof v === "number") parts.push(Number.isInteger(v) ? String(v) : reprConstant(v));
    else if (typeof v === "string") parts.push(reprStr(v, minor));
    else parts.push(reprConstant(v as ConstantValue, minor));
  };

  const nodeOut = (n: Node): void => {
    const spec: NodeSpec | undefined = NODE_SPECS[n._type];
    if (!spec) throw new Error(`dumpAst: unknown node type ${String(n._type)}`);
    parts.push(n._type, "(");
    let first = true;
    const rec = n as unknown as Record<string, unknown>;
    for (const field of spec.fields) {
      if (field.since > minor) continue;
      const v = rec[field.name];
      if (v === null && field.kind === FieldKind.Opt) continue;
      if (hideEmpty && field.kind === FieldKind.List && (v as unknown[]).length === 0) continue;
      if (!first) parts.push(", ");
      first = false;
      parts.push(field.name, "=");
      if (n._type === "Constant" && field.name === "value") parts.push(reprConstant(v as ConstantValue, minor));
      else if (typeof v === "string" && isSingletonField(field.name)) parts.push(v, "()");
      else if (Array.isArray(v) && field.name === "ops") parts.push("[", v.map((o) => o + "()").join(", "), "]");
      else value(v);
    }
    if (positions && spec.located) {
      const located = n as unknown as { start: number; end: number };
      const a = source!.position(located.start);
      const b = source!.position(located.end);
      if (!first) parts.push(", ");
      parts.push(`lineno=${a.line}, col_offset=${a.col}, end_lineno=${b.line}, end_col_offset=${b.col}`);
    }
    parts.push(")");
  };

  nodeOut(node);
  return parts.join("");
}

/** Fields whose value is an operator or context singleton, printed as `Add()` / `Load()`. */
function isSingletonField(name: string): boolean {
  return name === "op" || name === "ctx";
}
