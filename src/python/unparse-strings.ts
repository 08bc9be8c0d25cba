/**
 * String-literal writing for the unparser: escaping a value for a chosen quote, writing it without
 * any backslash (what an f-string replacement field needs before Python 3.12), and assembling an
 * f-string / t-string from literal and code parts with a quote every part tolerates.
 */

import { isNonPrintable } from "./repr.js";

export class UnparseError extends Error {
  override readonly name = "UnparseError";
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/** Whether `ch` (one code point) is printable in Python's sense; space counts as printable. */
export function isPrintable(ch: string): boolean {
  return !isNonPrintable(ch.codePointAt(0)!);
}

/**
 * The body of a string literal for `value` quoted with `quote` (a one-character quote; triple quotes
 * are escaped the same way): backslashes, that quote, and non-printable characters become escapes,
 * as `repr()` writes them. With `braces`, `{` and `}` are doubled (f-string literal text).
 */
export function escapeBody(value: string, quote: string, braces: boolean): string {
  let out = "";
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\" || ch === quote) out += "\\" + ch;
    else if (braces && (ch === "{" || ch === "}")) out += ch + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 9) out += "\\t";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + hex(c, 2);
    else if (!isPrintable(ch)) {
      if (c < 0x100) out += "\\x" + hex(c, 2);
      else if (c < 0x10000) out += "\\u" + hex(c, 4);
      else out += "\\U" + hex(c, 8);
    } else out += ch;
  }
  return out;
}

/**
 * `value` as literal text that needs no escape at all (newlines and tabs kept raw), or null when
 * some character can only be written as an escape. With `braces`, `{` and `}` are doubled.
 */
export function rawBody(value: string, braces: boolean): string | null {
  let out = "";
  for (const ch of value) {
    if (ch === "\\" || ch === "\r") return null;
    if (ch === "\n" || ch === "\t") out += ch;
    else if (!isPrintable(ch)) return null;
    else if (braces && (ch === "{" || ch === "}")) out += ch + ch;
    else out += ch;
  }
  return out;
}

export const QUOTES = ["'", '"', "'''", '"""'] as const;

/** Whether text placed verbatim between `quote`s is tokenized as exactly that text. */
export function fitsQuote(body: string, quote: string): boolean {
  if (quote.length === 1) return !body.includes(quote) && !body.includes("\n");
  return !body.includes(quote) && !body.endsWith(quote[0]!);
}

/** A string literal for `value` without any backslash, or null if there is none. */
export function literalWithoutBackslash(value: string, prefix: string): string | null {
  const raw = rawBody(value, false);
  if (raw === null) return null;
  const quote = QUOTES.find((q) => fitsQuote(raw, q));
  return quote === undefined ? null : prefix + quote + raw + quote;
}

/**
 * One piece of an f-string / t-string: `lit` is literal text (braces get doubled), `spec` is literal
 * text of a format spec (no braces possible), `code` is written verbatim (replacement-field
 * punctuation and expressions).
 */
export interface FStringPart {
  kind: "lit" | "spec" | "code";
  text: string;
}

export interface FStringMode {
  /**
   * Pre-3.12 rules: the literal is tokenized as a plain string first, so code may not contain the
   * quote or a backslash. (A `#` is fine inside a string in the code, the only place we write one.)
   */
  legacy: boolean;
  /** The whole literal must be free of backslashes (it is itself inside a legacy replacement field). */
  noBackslash: boolean;
}

/** Assembles `prefix` + a quoted body from parts, choosing the quote every part can live with. */
export function assembleFString(prefix: string, parts: FStringPart[], mode: FStringMode): string {
  const codes = parts.filter((p) => p.kind === "code").map((p) => p.text);
  if (mode.legacy) {
    for (const c of codes) {
      if (c.includes("\\")) throw new UnparseError("f-string replacement field needs a backslash (not before Python 3.12)");
    }
  }
  for (const p of parts) {
    if (p.kind === "spec" && (p.text.includes("{") || p.text.includes("}")))
      throw new UnparseError("format spec text cannot contain a literal brace");
  }
  const codeNewline = codes.some((c) => c.includes("\n"));
  let candidates: string[] = QUOTES.filter((q) => !codeNewline || q.length === 3);
  if (mode.legacy) candidates = candidates.filter((q) => !codes.some((c) => c.includes(q)));

  if (mode.noBackslash) {
    let body = "";
    for (const p of parts) {
      const raw = p.kind === "code" ? p.text : rawBody(p.text, p.kind === "lit");
      if (raw === null) throw new UnparseError("f-string literal text needs an escape inside a replacement field (not before Python 3.12)");
      body += raw;
    }
    const quote = candidates.find((q) => fitsQuote(body, q));
    if (quote === undefined) throw new UnparseError("no quote fits this nested f-string (not before Python 3.12)");
    return prefix + quote + body + quote;
  }

  if (candidates.length === 0) throw new UnparseError("no quote fits this f-string's replacement fields (not before Python 3.12)");
  const literalText = parts.filter((p) => p.kind !== "code").map((p) => p.text).join("");
  let best = candidates[0]!;
  let bestCost = Infinity;
  for (const q of candidates) {
    let cost = q.length === 3 ? 4 : 0;
    for (const ch of literalText) if (ch === q[0]) cost++;
    if (codes.some((c) => c.includes(q))) cost += 100;
    if (cost < bestCost) {
      best = q;
      bestCost = cost;
    }
  }
  let body = "";
  for (const p of parts) body += p.kind === "code" ? p.text : escapeBody(p.text, best[0]!, p.kind === "lit");
  return prefix + best + body + best;
}
