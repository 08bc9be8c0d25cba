/**
 * CPython's own AST for a file, converted into tsrs's node objects (src/python/ast.ts). Lets the
 * scope model and the unparser be tested against trees that come straight from CPython, and serves
 * as a structural cross-check of our parser.
 */
import { readFileSync } from "node:fs";
import { ELLIPSIS, PyComplex, PyStr, type ConstantValue, type Module } from "../../src/python/ast.js";
import { decodeSource, type SourceFile } from "../../src/python/source.js";
import { oracle } from "./oracle.js";

export interface BridgedTree {
  path: string;
  source: SourceFile;
  module: Module;
}

function parseFloatRepr(r: string): number {
  if (r === "inf") return Infinity;
  if (r === "-inf") return -Infinity;
  if (r === "nan" || r === "-nan") return NaN;
  return Number(r);
}

function constant(v: unknown): ConstantValue {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  const o = v as Record<string, unknown>;
  if ("$i" in o) return BigInt(o.$i as string);
  if ("$s" in o) {
    // A str with surrogate code points: a PyStr only where a high one is followed by a low one.
    const cps = o.$s as number[];
    const split = cps.some((c, i) => c >= 0xd800 && c <= 0xdbff && (cps[i + 1] ?? 0) >= 0xdc00 && (cps[i + 1] ?? 0) <= 0xdfff);
    return split ? new PyStr(cps) : cps.map((c) => String.fromCodePoint(c)).join("");
  }
  if ("$f" in o) return parseFloatRepr(o.$f as string);
  if ("$c" in o) {
    const [re, im] = o.$c as [string, string];
    return new PyComplex(parseFloatRepr(re), parseFloatRepr(im));
  }
  if ("$b" in o) return Uint8Array.from(Buffer.from(o.$b as string, "hex"));
  if ("$e" in o) return ELLIPSIS;
  throw new Error(`bridge: unknown constant ${JSON.stringify(v)}`);
}

function convert(v: unknown, source: SourceFile): unknown {
  if (Array.isArray(v)) return v.map((x) => convert(x, source));
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = { _type: o._type };
  for (const [k, x] of Object.entries(o)) {
    if (k === "_type" || k === "_p") continue;
    if (k === "value" && (o._type === "Constant" || o._type === "MatchSingleton")) out[k] = constant(x);
    else out[k] = convert(x, source);
  }
  if (Array.isArray(o._p)) {
    const [l, c, el, ec] = o._p as [number, number, number, number];
    out.start = source.offsetOf(l, c);
    out.end = source.offsetOf(el, ec);
  }
  return out;
}

/** CPython (3.11 via python3, 3.14 via pyodide) parses each file; files it rejects are left out. */
export async function cpythonTrees(minor: 11 | 14, files: string[]): Promise<BridgedTree[]> {
  const records = await oracle(minor, "tree", files);
  const out: BridgedTree[] = [];
  for (const r of records) {
    if (!r.ok) continue;
    const source = decodeSource(readFileSync(r.path), r.path);
    out.push({ path: r.path, source, module: convert(r.tree, source) as Module });
  }
  return out;
}
