/**
 * Shortest source text for Python literals: every candidate spelling (quote style, raw or not, triple
 * quotes, decimal or hex, fixed or scientific notation) is built and the shortest one that evaluates to
 * exactly the same value is taken. Ties go to the first candidate in a fixed order, so output is
 * deterministic.
 *
 * Strings only use characters the output file's encoding can hold (`canEncode`); anything else, and
 * anything a tokenizer could misread (CR, NUL, C0/C1 controls, lone surrogates), is escaped.
 */

/** Extra restrictions for literals written inside an f-string replacement field. */
export interface LiteralContext {
  /** Sequences that may not appear anywhere in the literal (the enclosing f-strings' quotes). */
  forbid: readonly string[];
  /** No backslash anywhere (replacement fields before Python 3.12). */
  noBackslash: boolean;
  /** No newline anywhere (inside a single-quoted f-string before 3.12). */
  noNewline: boolean;
}

export const FREE_CONTEXT: LiteralContext = { forbid: [], noBackslash: false, noNewline: false };

/** Whether quote style `q` is ruled out by the context. */
export function quoteForbidden(q: string, ctx: LiteralContext): boolean {
  for (const f of ctx.forbid) if (q.includes(f)) return true;
  return false;
}

export type CanEncode = (codePoint: number) => boolean;

const QUOTES = ["'", '"', "'''", '"""'] as const;

/** Whether a code point must always be escaped in a string literal (never raw in the source). */
function mustEscape(cp: number, canEncode: CanEncode): boolean {
  if (cp < 0x20) return cp !== 9 && cp !== 10; // tab is harmless raw; newline is handled per quote style
  if (cp >= 0x7f && cp <= 0x9f) return true;
  if (cp >= 0xd800 && cp <= 0xdfff) return true; // lone surrogate: not encodable
  return !canEncode(cp);
}

const SHORT_ESCAPES: Record<number, string> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r" };

function hexEscape(cp: number): string {
  if (cp < 0x100) return "\\x" + cp.toString(16).padStart(2, "0");
  if (cp < 0x10000) return "\\u" + cp.toString(16).padStart(4, "0");
  return "\\U" + cp.toString(16).padStart(8, "0");
}

/** Body of a non-raw literal with quote `q`, or null when the context forbids what it needs. */
function escapedBody(value: string, q: string, canEncode: CanEncode, ctx: LiteralContext): string | null {
  const triple = q.length === 3;
  const qc = q.charCodeAt(0);
  let out = "";
  const n = value.length;
  for (let i = 0; i < n; i++) {
    let cp = value.charCodeAt(i);
    if (cp >= 0x20 && cp < 0x7f && cp !== 92 && cp !== qc && canEncode(cp)) {
      // A run of printable ASCII other than the quote and the backslash, copied as it is.
      let j = i + 1;
      while (j < n) {
        const c = value.charCodeAt(j);
        if (c < 0x20 || c >= 0x7f || c === 92 || c === qc || !canEncode(c)) break;
        j++;
      }
      out += value.slice(i, j);
      i = j - 1;
      continue;
    }
    let width = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const lo = value.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    if (cp === 92) out += "\\\\";
    else if (cp === qc) {
      // In a triple-quoted literal a quote only needs escaping where it could close the literal.
      if (triple && i + 1 < n && value.charCodeAt(i + 1) !== qc) out += value[i];
      else out += "\\" + value[i];
    } else if (cp === 10) out += triple ? "\n" : "\\n";
    else if (cp === 0) out += i + 1 < n && isOctalDigit(value.charCodeAt(i + 1)) ? "\\x00" : "\\0";
    else if (mustEscape(cp, canEncode)) out += SHORT_ESCAPES[cp] ?? hexEscape(cp);
    else out += width === 2 ? value.slice(i, i + 2) : value[i];
    i += width - 1;
  }
  if (!allowedIn(out, ctx)) return null;
  return out;
}

/** A str value escaped for quote style `q` (no prefix, no quotes), for f-string literal parts. */
export function escapeStrBody(value: string, q: string, canEncode: CanEncode): string {
  return escapedBody(value, q, canEncode, FREE_CONTEXT)!;
}

function isOctalDigit(c: number): boolean {
  return c >= 48 && c <= 55;
}

function allowedIn(text: string, ctx: LiteralContext): boolean {
  if (ctx.noBackslash && text.includes("\\")) return false;
  if (ctx.noNewline && text.includes("\n")) return false;
  for (const f of ctx.forbid) if (text.includes(f)) return false;
  return true;
}

/** Body of a raw literal with quote `q`, or null when the value cannot be written raw. */
function rawBody(value: string, q: string, canEncode: CanEncode, ctx: LiteralContext): string | null {
  const triple = q.length === 3;
  if (!value.includes("\\")) return null; // raw only pays off with backslashes
  if (triple ? value.includes(q) || value.endsWith(q[0]!) : value.includes(q)) return null;
  let trailing = 0;
  for (let i = value.length - 1; i >= 0 && value.charCodeAt(i) === 92; i--) trailing++;
  if (trailing % 2 === 1) return null;
  for (let i = 0; i < value.length; i++) {
    let cp = value.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < value.length) {
      const lo = value.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (cp === 10) {
      if (!triple) return null;
    } else if (mustEscape(cp, canEncode)) return null;
    // A backslash before a quote or newline keeps both characters but changes how the tokenizer
    // scans; avoid the corner cases.
    if (cp === 92 && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next === 10 || next === q.charCodeAt(0)) return null;
    }
  }
  if (!allowedIn(value, ctx)) return null;
  return value;
}

/**
 * The shortest literal for a str value. `prefix` is `""` or `"u"` (kept: the AST records it).
 * Returns null when no spelling satisfies the context.
 */
export function strLiteral(value: string, prefix: string, canEncode: CanEncode, ctx: LiteralContext = FREE_CONTEXT): string | null {
  // Fast path: a plain printable value with no quote or backslash cannot be written shorter.
  if (isPlain(value, canEncode) && !value.includes("'")) {
    const text = prefix + "'" + value + "'";
    if (ctx === FREE_CONTEXT || allowedIn(text, ctx)) return text;
  }
  if (ctx === FREE_CONTEXT) return shortestFree(value, prefix, canEncode);
  let best: string | null = null;
  for (const q of QUOTES) {
    if (quoteForbidden(q, ctx)) continue;
    const body = escapedBody(value, q, canEncode, ctx);
    if (body !== null) {
      const text = prefix + q + body + q;
      if (best === null || text.length < best.length) best = text;
    }
    if (prefix === "") {
      const raw = rawBody(value, q, canEncode, ctx);
      if (raw !== null) {
        const text = "r" + q + raw + q;
        if (best === null || text.length < best.length) best = text;
      }
    }
  }
  return best;
}

/**
 * {@link strLiteral} without context restrictions: the same candidates in the same order (escaped,
 * then raw, per quote style; the first of the shortest wins), but measured before any is built.
 */
function shortestFree(value: string, prefix: string, canEncode: CanEncode): string {
  const lengths = escapedLengths(value, canEncode);
  let bestLength = Infinity;
  let bestQuote = "";
  let bestRaw = false;
  for (let k = 0; k < QUOTES.length; k++) {
    const q = QUOTES[k]!;
    const length = prefix.length + 2 * q.length + lengths[k]!;
    if (length < bestLength) {
      bestLength = length;
      bestQuote = q;
      bestRaw = false;
    }
    if (prefix === "" && 1 + 2 * q.length + value.length < bestLength && rawBody(value, q, canEncode, FREE_CONTEXT) !== null) {
      bestLength = 1 + 2 * q.length + value.length;
      bestQuote = q;
      bestRaw = true;
    }
  }
  if (bestRaw) return "r" + bestQuote + value + bestQuote;
  return prefix + bestQuote + escapedBody(value, bestQuote, canEncode, FREE_CONTEXT)! + bestQuote;
}

const LENGTHS = new Int32Array(4);

/**
 * The lengths of {@link escapedBody}'s results for the four quote styles (in QUOTES order),
 * without building them, in one pass: only quotes and newlines cost differently per style.
 */
function escapedLengths(value: string, canEncode: CanEncode): Int32Array {
  let common = 0;
  let single = 0; // extra for '
  let double = 0; // extra for "
  let tripleSingle = 0;
  let tripleDouble = 0;
  const n = value.length;
  for (let i = 0; i < n; i++) {
    let cp = value.charCodeAt(i);
    // Printable ASCII other than quotes and the backslash: one character (the common case).
    if (cp >= 0x20 && cp < 0x7f && cp !== 92 && cp !== 39 && cp !== 34 && canEncode(cp)) {
      common++;
      continue;
    }
    let width = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const lo = value.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    if (cp === 92) common += 2;
    else if (cp === 39 || cp === 34) {
      // Escaped for its own quote (in a triple-quoted literal only before the same quote or at the
      // end); as it is, or hex-escaped if not encodable, for the other quote.
      const own = 2;
      const ownTriple = i + 1 < n && value.charCodeAt(i + 1) !== cp ? 1 : 2;
      const other = mustEscape(cp, canEncode) ? 4 : 1;
      if (cp === 39) {
        single += own;
        tripleSingle += ownTriple;
        double += other;
        tripleDouble += other;
      } else {
        double += own;
        tripleDouble += ownTriple;
        single += other;
        tripleSingle += other;
      }
    } else if (cp === 10) {
      single += 2;
      double += 2;
      tripleSingle += 1;
      tripleDouble += 1;
    } else if (cp === 0) common += i + 1 < n && isOctalDigit(value.charCodeAt(i + 1)) ? 4 : 2;
    else if (mustEscape(cp, canEncode)) common += SHORT_ESCAPES[cp] !== undefined ? 2 : cp < 0x100 ? 4 : cp < 0x10000 ? 6 : 10;
    else common += width;
    i += width - 1;
  }
  LENGTHS[0] = common + single;
  LENGTHS[1] = common + double;
  LENGTHS[2] = common + tripleSingle;
  LENGTHS[3] = common + tripleDouble;
  return LENGTHS;
}

function isPlain(value: string, canEncode: CanEncode): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      if (c === 92) return false;
      continue;
    }
    if (c < 0xa0 || (c >= 0xd800 && c <= 0xdfff) || !canEncode(c)) return false;
  }
  return true;
}

/** The shortest literal for a bytes value, or null when no spelling satisfies the context. */
export function bytesLiteral(value: Uint8Array, ctx: LiteralContext = FREE_CONTEXT): string | null {
  let best: string | null = null;
  for (const q of QUOTES) {
    if (quoteForbidden(q, ctx)) continue;
    const body = escapedBytes(value, q);
    const text = "b" + q + body + q;
    if (allowedIn(text.slice(1), ctx) && (best === null || text.length < best.length)) best = text;
    const raw = rawBytes(value, q);
    if (raw !== null) {
      const rtext = "br" + q + raw + q;
      if (allowedIn(rtext.slice(2), ctx) && (best === null || rtext.length < best.length)) best = rtext;
    }
  }
  return best;
}

function escapedBytes(value: Uint8Array, q: string): string {
  const triple = q.length === 3;
  const qc = q.charCodeAt(0);
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === 92) out += "\\\\";
    else if (c === qc) {
      if (triple && i + 1 < value.length && value[i + 1] !== qc) out += q[0];
      else out += "\\" + q[0];
    } else if (c === 10) out += triple ? "\n" : "\\n";
    else if (c === 9) out += "\t";
    else if (c === 0) out += i + 1 < value.length && isOctalDigit(value[i + 1]!) ? "\\x00" : "\\0";
    else if (c < 0x20 || c >= 0x7f) out += SHORT_ESCAPES[c] ?? "\\x" + c.toString(16).padStart(2, "0");
    else out += String.fromCharCode(c);
  }
  return out;
}

function rawBytes(value: Uint8Array, q: string): string | null {
  const triple = q.length === 3;
  const qc = q.charCodeAt(0);
  let hasBackslash = false;
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === 92) {
      hasBackslash = true;
      const next = value[i + 1];
      if (next === 10 || next === qc) return null;
    } else if (c === qc) {
      if (!triple) return null;
    } else if (c === 10) {
      if (!triple) return null;
    } else if (c !== 9 && (c < 0x20 || c >= 0x7f)) return null;
    out += String.fromCharCode(c);
  }
  if (!hasBackslash) return null;
  if (triple && (out.includes(q) || value[value.length - 1] === qc)) return null;
  let trailing = 0;
  for (let i = value.length - 1; i >= 0 && value[i] === 92; i--) trailing++;
  if (trailing % 2 === 1) return null;
  return out;
}

/** CPython refuses decimal int literals longer than this (sys.int_info.str_digits_check_threshold). */
const MAX_DECIMAL_DIGITS = 4300;

/** The shortest literal for a non-negative int. */
export function intLiteral(value: bigint): string {
  if (value < 0n) throw new RangeError("negative int constant");
  const dec = value.toString();
  const hex = "0x" + value.toString(16);
  if (dec.length > MAX_DECIMAL_DIGITS || hex.length < dec.length) return hex;
  return dec;
}

/**
 * The shortest literal for a non-negative float (`imaginary`: the digits of a `…j` literal, which
 * need neither a dot nor an exponent). Infinity is written `1e999`; NaN and negative values have no
 * literal.
 */
export function floatLiteral(value: number, imaginary = false): string {
  if (Number.isNaN(value) || value < 0 || Object.is(value, -0)) throw new RangeError("float constant without a literal");
  if (value === Infinity) return "1e999";
  if (value === 0) return imaginary ? "0" : "0.";
  const [mant, expText] = value.toExponential().split("e") as [string, string];
  const digits = mant.replace(".", "");
  const decpt = Number(expText) + 1; // the value is 0.<digits> × 10^decpt
  const candidates: string[] = [];
  // fixed notation
  if (decpt <= 0) candidates.push("." + "0".repeat(-decpt) + digits);
  else if (decpt >= digits.length) {
    const whole = digits + "0".repeat(decpt - digits.length);
    candidates.push(imaginary ? whole : whole + ".");
  } else candidates.push(digits.slice(0, decpt) + "." + digits.slice(decpt));
  // scientific: d.ddd e X  and  ddd e Y (integral mantissa)
  const exp1 = decpt - 1;
  candidates.push((digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits) + "e" + exp1);
  candidates.push(digits + "e" + (decpt - digits.length));
  let best = candidates[0]!;
  for (const c of candidates) if (c.length < best.length) best = c;
  return best;
}

/**
 * A str given as code points (a split surrogate pair, which a JS string would merge): every
 * surrogate is written as an escape.
 */
export function codePointsLiteral(codePoints: readonly number[], prefix: string, canEncode: CanEncode, ctx: LiteralContext = FREE_CONTEXT): string | null {
  const q = codePoints.includes(39) && !codePoints.includes(34) ? '"' : "'";
  if (quoteForbidden(q, ctx) || ctx.noBackslash) return null;
  let out = "";
  for (const cp of codePoints) {
    if (cp === 92) out += "\\\\";
    else if (cp === q.charCodeAt(0)) out += "\\" + q;
    else if (cp === 10) out += "\\n";
    else if (cp === 0) out += "\\x00";
    else if (mustEscape(cp, canEncode)) out += SHORT_ESCAPES[cp] ?? hexEscape(cp);
    else out += String.fromCodePoint(cp);
  }
  const text = prefix + q + out + q;
  return allowedIn(text, ctx) ? text : null;
}
