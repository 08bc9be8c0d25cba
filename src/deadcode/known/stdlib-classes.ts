/**
 * The standard library's classes and the attribute names each has (inherited ones included), from
 * the generated table in ../data/stdlib-classes.ts. A project class deriving from one of them
 * overrides a base method when it defines a method of such a name, and the base machinery may call
 * it (`json.JSONEncoder.default`, `threading.Thread.run`, `unittest.TestCase.setUp`).
 */
import { STDLIB_CLASS_ROWS } from "../data/stdlib-classes.js";
import { STDLIB_EXTRA_HOOKS, STDLIB_PREFIX_HOOKS } from "./protocols.js";

interface Row {
  keys: string[];
  bases: number[];
  own: string[];
}

let rows: Row[] | null = null;
let byKey: Map<string, number> | null = null;
const namesMemo = new Map<number, ReadonlySet<string>>();

function load(): { rows: Row[]; byKey: Map<string, number> } {
  if (rows && byKey) return { rows, byKey };
  rows = [];
  byKey = new Map();
  for (const text of STDLIB_CLASS_ROWS) {
    const [keys = "", bases = "", own = ""] = text.split("|");
    const row: Row = { keys: keys ? keys.split(",") : [], bases: bases ? bases.split(",").map(Number) : [], own: own ? own.split(" ") : [] };
    for (const k of row.keys) byKey.set(k, rows.length);
    rows.push(row);
  }
  return { rows, byKey };
}

function rowNames(i: number): ReadonlySet<string> {
  const hit = namesMemo.get(i);
  if (hit) return hit;
  const { rows } = load();
  const r = rows[i]!;
  const out = new Set<string>(r.own);
  for (const b of r.bases) for (const n of rowNames(b)) out.add(n);
  for (const k of r.keys) for (const n of STDLIB_EXTRA_HOOKS.get(k) ?? []) out.add(n);
  namesMemo.set(i, out);
  return out;
}

/** The attribute names of a stdlib class given as `module.Name`, or null when it is not one. */
export function stdlibClassNames(dotted: string): ReadonlySet<string> | null {
  const { byKey } = load();
  const i = byKey.get(dotted);
  return i === undefined ? null : rowNames(i);
}

/** Name prefixes the base machinery calls by computed name, for a stdlib class and its bases. */
export function stdlibPrefixHooks(dotted: string): string[] {
  const { rows, byKey } = load();
  const out: string[] = [...(STDLIB_PREFIX_HOOKS.get(dotted) ?? [])];
  const start = byKey.get(dotted);
  if (start === undefined) return out;
  const seen = new Set<number>();
  const visit = (i: number): void => {
    if (seen.has(i)) return;
    seen.add(i);
    for (const k of rows[i]!.keys) for (const p of STDLIB_PREFIX_HOOKS.get(k) ?? []) if (!out.includes(p)) out.push(p);
    for (const b of rows[i]!.bases) visit(b);
  };
  visit(start);
  return out;
}
