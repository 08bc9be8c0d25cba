/**
 * Python's `repr()` for the constant values the AST can hold: what `ast.dump` and `ast.unparse`
 * print. Exactness matters (the differential tests compare strings), so each follows CPython's
 * algorithm: quote choice and escapes for str/bytes, 'r' float formatting, complex without `.0`.
 */
import { ELLIPSIS, PyComplex, PyStr, type ConstantValue } from "./ast.js";
import { DEFAULT_MINOR } from "./errors.js";
import { NON_PRINTABLE_RANGES } from "./unicode-printable-data.js";

const NEEDS_ESCAPE = /[^\x20-\x7e]|['"\\]/;

/** Flat [start, end, start, end, …] of the code points str.isprintable() rejects, per table. */
const decoded = new Map<string, Uint32Array>();
function nonPrintableTable(minor: number): Uint32Array {
  // Python 3.11 uses Unicode 14, 3.14 Unicode 16; older targets are closest to 3.11's table.
  const key = minor >= 14 ? "py314" : "py311";
  let table = decoded.get(key);
  if (!table) {
    const parts = NON_PRINTABLE_RANGES[key].split(",");
    table = new Uint32Array(parts.length);
    let prev = 0;
    for (let i = 0; i < parts.length; i += 2) {
      const start = prev + parseInt(parts[i]!, 36);
      const end = start + parseInt(parts[i + 1]!, 36);
      table[i] = start;
      table[i + 1] = end;
      prev = end;
    }
    decoded.set(key, table);
  }
  return table;
}

/** Python's `not chr(cp).isprintable()` for the target version. */
export function isNonPrintable(cp: number, minor: number = DEFAULT_MINOR): boolean {
  const t = nonPrintableTable(minor);
  let lo = 0;
  let hi = t.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < t[2 * mid]!) hi = mid - 1;
    else if (cp > t[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/** The code points of a JS string (surrogate pairs combined). */
function codePointsOf(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
      }
    }
    out.push(c);
  }
  return out;
}

/** `repr(str)` as Python 3.`minor` prints it (which characters are escaped depends on its Unicode). */
export function reprStr(value: string | PyStr, minor: number = DEFAULT_MINOR): string {
  const s = typeof value === "string" ? value : value.toJsString();
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  if (typeof value === "string" && !NEEDS_ESCAPE.test(s)) return quote + s + quote;
  let out = quote;
  for (const c of typeof value === "string" ? codePointsOf(value) : value.codePoints) {
    const ch = String.fromCodePoint(c);
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (c === 9) out += "\\t";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + hex(c, 2);
    else if (c < 0x7f) out += ch;
    else if (isNonPrintable(c, minor)) {
      if (c < 0x100) out += "\\x" + hex(c, 2);
      else if (c < 0x10000) out += "\\u" + hex(c, 4);
      else out += "\\U" + hex(c, 8);
    } else out += ch;
  }
  return out + quote;
}

/** `repr(bytes)`. */
export function reprBytes(b: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const c of b) {
    if (c === 0x27) hasSingle = true;
    else if (c === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? 0x22 : 0x27;
  let out = "b" + String.fromCharCode(quote);
  for (const c of b) {
    if (c === quote || c === 0x5c) out += "\\" + String.fromCharCode(c);
    else if (c === 9) out += "\\t";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c < 0x20 || c >= 0x7f) out += "\\x" + hex(c, 2);
    else out += String.fromCharCode(c);
  }
  return out + String.fromCharCode(quote);
}

/**
 * Python's 'r' float formatting (`repr(float)`): shortest round-trip digits, fixed notation when
 * the decimal exponent is in (-4, 16], scientific otherwise with at least two exponent digits.
 * `addDotZero` appends ".0" to integral values in fixed notation (repr(float) does; complex doesn't).
 */
export function reprFloat(x: number, addDotZero = true): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return (Object.is(x, -0) ? "-0" : "0") + (addDotZero ? ".0" : "");
  const sign = x < 0 ? "-" : "";
  const [mant, expText] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mant.replace(".", "");
  const decpt = Number(expText) + 1; // position of the decimal point relative to the digits
  let body: string;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) body = "0." + "0".repeat(-decpt) + digits;
    else if (decpt >= digits.length) body = digits + "0".repeat(decpt - digits.length) + (addDotZero ? ".0" : "");
    else body = digits.slice(0, decpt) + "." + digits.slice(decpt);
  } else {
    const exp = decpt - 1;
    const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    body = m + "e" + (exp < 0 ? "-" : "+") + String(Math.abs(exp)).padStart(2, "0");
  }
  return sign + body;
}

/** `repr(complex)`. */
export function reprComplex(z: PyComplex): string {
  const imag = reprFloat(z.imag, false) + "j";
  if (z.real === 0 && !Object.is(z.real, -0)) return imag;
  const re = reprFloat(z.real, false);
  const im = z.imag >= 0 || Number.isNaN(z.imag) ? "+" + imag : imag;
  return `(${re}${im})`;
}

/** `repr()` of any AST constant value, as Python 3.`minor` prints it. */
export function reprConstant(v: ConstantValue, minor: number = DEFAULT_MINOR): string {
  if (v === null) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "string" || v instanceof PyStr) return reprStr(v, minor);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return reprFloat(v);
  if (v instanceof Uint8Array) return reprBytes(v);
  if (v instanceof PyComplex) return reprComplex(v);
  if (v === ELLIPSIS) return "Ellipsis";
  throw new Error(`not a constant value: ${String(v)}`);
}
