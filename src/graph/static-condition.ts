/**
 * Evaluates the few `if` tests whose outcome is known before the program runs, for a given target:
 * `sys.version_info` comparisons (tuples, `[:2]`, `[0]`, `.major`/`.minor`), `sys.platform`
 * (`==`, `!=`, `.startswith(…)`), `os.name`, and `typing.TYPE_CHECKING` (false at run time), joined
 * with `not`, `and`, `or`. Anything else is unknown (null), and both branches count.
 *
 * Why: `if sys.version_info >= (3, 11): import tomllib / else: import tomli` must not keep `tomli`
 * in a 3.11 venv, and imports under `if TYPE_CHECKING:` are never executed.
 */
import type { Expr } from "../python/ast.js";

export interface StaticTarget {
  major: number;
  minor: number;
  /** Null when unknown (comparisons that need it are unknown). */
  micro: number | null;
  sysPlatform: string;
  osName: string;
}

/** Dotted name of a Name/Attribute chain (`sys.version_info`), else null. */
export function dottedName(e: Expr): string | null {
  if (e._type === "Name") return e.id;
  if (e._type === "Attribute") {
    const base = dottedName(e.value);
    return base === null ? null : `${base}.${e.attr}`;
  }
  return null;
}

/** Canonical dotted name, with the first segment replaced through import aliases. */
export type AliasLookup = (dotted: string) => string;

function intConst(e: Expr): number | null {
  if (e._type === "Constant" && typeof e.value === "bigint") return Number(e.value);
  return null;
}

function strConst(e: Expr): string | null {
  return e._type === "Constant" && typeof e.value === "string" ? e.value : null;
}

/** A version tuple operand: `(3, 8)` → [3, 8]. */
function tupleConst(e: Expr): number[] | null {
  if (e._type !== "Tuple") return null;
  const out: number[] = [];
  for (const x of e.elts) {
    const n = intConst(x);
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

type Operand = { kind: "version"; parts: (number | null)[] } | { kind: "int"; value: number | null } | { kind: "str"; value: string } | null;

function operand(e: Expr, t: StaticTarget, canon: AliasLookup): Operand {
  const vi = [t.major, t.minor, t.micro];
  const name = dottedName(e);
  if (name !== null) {
    const c = canon(name);
    if (c === "sys.version_info") return { kind: "version", parts: vi };
    if (c === "sys.version_info.major") return { kind: "int", value: t.major };
    if (c === "sys.version_info.minor") return { kind: "int", value: t.minor };
    if (c === "sys.platform") return { kind: "str", value: t.sysPlatform };
    if (c === "os.name") return { kind: "str", value: t.osName };
    return null;
  }
  if (e._type === "Subscript") {
    const base = dottedName(e.value);
    if (base === null || canon(base) !== "sys.version_info") return null;
    const idx = intConst(e.slice);
    if (idx !== null) return idx >= 0 && idx < 3 ? { kind: "int", value: vi[idx] ?? null } : null;
    if (e.slice._type === "Slice" && e.slice.lower === null && e.slice.step === null && e.slice.upper) {
      const upper = intConst(e.slice.upper);
      if (upper !== null) return { kind: "version", parts: vi.slice(0, upper) };
    }
    return null;
  }
  const tup = tupleConst(e);
  if (tup) return { kind: "version", parts: tup };
  const n = intConst(e);
  if (n !== null) return { kind: "int", value: n };
  const s = strConst(e);
  if (s !== null) return { kind: "str", value: s };
  return null;
}

/** Python's tuple ordering, unknown when an unknown part decides it. */
function compareTuples(a: (number | null)[], b: (number | null)[]): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || y === null || x === undefined || y === undefined) return null;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function applyOp(op: string, c: number): boolean | null {
  switch (op) {
    case "Eq":
      return c === 0;
    case "NotEq":
      return c !== 0;
    case "Lt":
      return c < 0;
    case "LtE":
      return c <= 0;
    case "Gt":
      return c > 0;
    case "GtE":
      return c >= 0;
    default:
      return null;
  }
}

/** True, false, or null when the outcome depends on run time. `TYPE_CHECKING` counts as false. */
export function evaluateStatic(e: Expr, t: StaticTarget, canon: AliasLookup): boolean | null {
  switch (e._type) {
    case "UnaryOp": {
      if (e.op !== "Not") return null;
      const v = evaluateStatic(e.operand, t, canon);
      return v === null ? null : !v;
    }
    case "BoolOp": {
      let unknown = false;
      for (const v of e.values) {
        const r = evaluateStatic(v, t, canon);
        if (r === null) unknown = true;
        else if (e.op === "And" && !r) return false;
        else if (e.op === "Or" && r) return true;
      }
      return unknown ? null : e.op === "And";
    }
    case "Name":
    case "Attribute": {
      const name = dottedName(e);
      if (name === null) return null;
      const c = canon(name);
      return c === "typing.TYPE_CHECKING" || c === "typing_extensions.TYPE_CHECKING" || c === "TYPE_CHECKING" ? false : null;
    }
    case "Call": {
      // sys.platform.startswith("win")
      if (e.func._type !== "Attribute" || e.func.attr !== "startswith" || e.args.length !== 1 || e.keywords.length) return null;
      const base = operand(e.func.value, t, canon);
      const arg = e.args[0]!;
      if (base?.kind !== "str") return null;
      if (arg._type === "Tuple") {
        const parts = arg.elts.map(strConst);
        if (parts.some((p) => p === null)) return null;
        return parts.some((p) => base.value.startsWith(p!));
      }
      const s = strConst(arg);
      return s === null ? null : base.value.startsWith(s);
    }
    case "Compare": {
      if (e.ops.length !== 1) return null;
      const l = operand(e.left, t, canon);
      const r = operand(e.comparators[0]!, t, canon);
      const op = e.ops[0]!;
      if (!l || !r) return null;
      if (l.kind === "version" && r.kind === "version") {
        const c = compareTuples(l.parts, r.parts);
        return c === null ? null : applyOp(op, c);
      }
      if (l.kind === "int" && r.kind === "int") {
        if (l.value === null || r.value === null) return null;
        return applyOp(op, l.value - r.value);
      }
      if (l.kind === "str" && r.kind === "str") {
        if (op === "Eq") return l.value === r.value;
        if (op === "NotEq") return l.value !== r.value;
        if (op === "In") return r.value.includes(l.value);
        if (op === "NotIn") return !r.value.includes(l.value);
        return null;
      }
      if (l.kind === "str" && (op === "In" || op === "NotIn")) {
        const right = e.comparators[0]!;
        if (right._type !== "Tuple" && right._type !== "List" && right._type !== "Set") return null;
        const parts = right.elts.map(strConst);
        if (parts.some((p) => p === null)) return null;
        const has = parts.includes(l.value);
        return op === "In" ? has : !has;
      }
      return null;
    }
    default:
      return null;
  }
}

/** Whether the test is (a `not`-free reference to) `TYPE_CHECKING`. */
export function isTypeChecking(e: Expr, canon: AliasLookup): boolean {
  if (e._type !== "Name" && e._type !== "Attribute") return false;
  const name = dottedName(e);
  if (name === null) return false;
  const c = canon(name);
  return c === "TYPE_CHECKING" || c.endsWith(".TYPE_CHECKING");
}
