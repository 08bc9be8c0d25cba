/**
 * Decoding of string and bytes literal bodies as CPython does: escape sequences (with `\N{name}`),
 * raw literals, newline normalisation (CPython reads source with universal newlines, so `\r\n` and
 * `\r` inside a literal become `\n`). Invalid escapes are kept verbatim (CPython only warns).
 */
import { PyStr } from "./ast.js";
import { lookupUnicodeName } from "./unicode-names.js";

/** A decoding failure: message and offset (into the source text) of the offending escape. */
export class LiteralError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Whether text[from, to) needs any processing (escapes or carriage returns). */
function isPlain(text: string, from: number, to: number, raw: boolean): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || (c === 92 && !raw) || c === MARK) return false;
  }
  return true;
}

/**
 * Python strs are sequences of code points; a JS string cannot keep a high and a low surrogate
 * apart when they stand side by side (`'\ud834\udd1e'` is two code points in Python, one
 * character in JS). While parsing, decoded literals therefore carry every surrogate that came from
 * an escape as U+FDD0 followed by U+E000 + (surrogate − 0xD800), and a literal U+FDD0 as two U+FDD0;
 * concatenation stays plain string `+`. {@link finalizeStr} turns a marked string back into a JS
 * string, or a PyStr when a split pair is present. `literalMarks.seen` tells the parser whether any
 * string of the file needs that pass.
 */
export const literalMarks = { seen: false };
const MARK = 0xfdd0;

/** The final value of a decoded (possibly marked) str literal. */
export function finalizeStr(s: string): string | PyStr {
  if (s.indexOf("\ufdd0") < 0) return s;
  const cps: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === MARK) {
      const d = s.charCodeAt(++i);
      cps.push(d === MARK ? MARK : d - 0xe000 + 0xd800);
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cps.push(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        i++;
      } else cps.push(c);
    } else cps.push(c);
  }
  for (let i = 0; i + 1 < cps.length; i++) {
    if (cps[i]! >= 0xd800 && cps[i]! <= 0xdbff && cps[i + 1]! >= 0xdc00 && cps[i + 1]! <= 0xdfff) return new PyStr(cps);
  }
  let out = "";
  for (const cp of cps) out += cp > 0xffff ? String.fromCodePoint(cp) : String.fromCharCode(cp);
  return out;
}

/** What each one-character escape (`\n`, `\\`, `\'`…) stands for, by the char after the backslash ("" for none). */
const STR_ESCAPES: string[] = new Array<string>(128).fill("");
for (const [c, v] of [["\\", "\\"], ["'", "'"], ['"', '"'], ["a", "\x07"], ["b", "\b"], ["f", "\f"], ["n", "\n"], ["r", "\r"], ["t", "\t"], ["v", "\v"]] as const) {
  STR_ESCAPES[c.charCodeAt(0)] = v;
}

/** Decodes the body text[from, to) of a str literal (marked as described at {@link literalMarks}). */
export function decodeStr(text: string, from: number, to: number, raw: boolean, minor: number): string {
  if (isPlain(text, from, to, raw)) return text.slice(from, to);
  let out = "";
  let run = from;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      out += text.slice(run, i) + "\n";
      i += i + 1 < to && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      run = i;
      continue;
    }
    if (c !== 92 || raw) {
      if (c === MARK) {
        out += text.slice(run, i) + "\ufdd0\ufdd0";
        literalMarks.seen = true;
        run = i + 1;
      }
      i++;
      continue;
    }
    out += text.slice(run, i);
    const esc = i;
    i++;
    if (i >= to) {
      out += "\\";
      run = i;
      break;
    }
    const d = text.charCodeAt(i);
    i++;
    // the one-character escapes share one append (a first `\t` after `\n` needs no new type feedback)
    const simple = d < 128 ? STR_ESCAPES[d]! : "";
    if (simple.length > 0) {
      out += simple;
      run = i;
      continue;
    }
    switch (d) {
      case 10:
        break;
      case 13:
        if (i < to && text.charCodeAt(i) === 10) i++;
        break;
      case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: {
        let v = d - 48;
        for (let k = 0; k < 2 && i < to; k++) {
          const e = text.charCodeAt(i);
          if (e < 48 || e > 55) break;
          v = v * 8 + (e - 48);
          i++;
        }
        out += String.fromCharCode(v);
        break;
      }
      case 120: case 117: case 85: {
        const n = d === 120 ? 2 : d === 117 ? 4 : 8;
        let v = 0;
        for (let k = 0; k < n; k++) {
          const h = i < to ? hexValue(text.charCodeAt(i)) : -1;
          if (h < 0) {
            const what = d === 120 ? "\\xXX" : d === 117 ? "\\uXXXX" : "\\UXXXXXXXX";
            throw new LiteralError(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${esc - from}-${i - from - 1}: truncated ${what} escape`, esc);
          }
          v = v * 16 + h;
          i++;
        }
        if (v > 0x10ffff) {
          throw new LiteralError(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${esc - from}-${i - from - 1}: illegal Unicode character`, esc);
        }
        if (v >= 0xd800 && v <= 0xdfff) {
          out += "\ufdd0" + String.fromCharCode(0xe000 + v - 0xd800);
          literalMarks.seen = true;
        } else if (v === MARK) {
          out += "\ufdd0\ufdd0";
          literalMarks.seen = true;
        } else out += String.fromCodePoint(v);
        break;
      }
      case 78: {
        // \N{name}
        let ok = false;
        if (i < to && text.charCodeAt(i) === 123) {
          const close = text.indexOf("}", i + 1);
          if (close > i + 1 && close < to) {
            const cp = lookupUnicodeName(text.slice(i + 1, close), minor);
            if (cp >= 0) {
              out += String.fromCodePoint(cp);
              i = close + 1;
              ok = true;
            } else {
              throw new LiteralError(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${esc - from}-${close - from}: unknown Unicode character name`, esc);
            }
          }
        }
        if (!ok) {
          throw new LiteralError(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${esc - from}-${i - from - 1}: malformed \\N character escape`, esc);
        }
        break;
      }
      default:
        // invalid escape: kept as is (a warning in CPython)
        out += "\\";
        i--;
        break;
    }
    run = i;
  }
  return out + text.slice(run, to);
}

/** Decodes the body text[from, to) of a bytes literal (the caller checked it is ASCII). */
export function decodeBytes(text: string, from: number, to: number, raw: boolean): Uint8Array {
  const out = new Uint8Array(to - from);
  let n = 0;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      out[n++] = 10;
      i += i + 1 < to && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      continue;
    }
    if (c !== 92 || raw) {
      out[n++] = c;
      i++;
      continue;
    }
    const esc = i;
    i++;
    if (i >= to) {
      out[n++] = 92;
      break;
    }
    const d = text.charCodeAt(i);
    i++;
    switch (d) {
      case 10:
        break;
      case 13:
        if (i < to && text.charCodeAt(i) === 10) i++;
        break;
      case 92:
        out[n++] = 92;
        break;
      case 39:
        out[n++] = 39;
        break;
      case 34:
        out[n++] = 34;
        break;
      case 97:
        out[n++] = 7;
        break;
      case 98:
        out[n++] = 8;
        break;
      case 102:
        out[n++] = 12;
        break;
      case 110:
        out[n++] = 10;
        break;
      case 114:
        out[n++] = 13;
        break;
      case 116:
        out[n++] = 9;
        break;
      case 118:
        out[n++] = 11;
        break;
      case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: {
        let v = d - 48;
        for (let k = 0; k < 2 && i < to; k++) {
          const e = text.charCodeAt(i);
          if (e < 48 || e > 55) break;
          v = v * 8 + (e - 48);
          i++;
        }
        out[n++] = v & 0xff;
        break;
      }
      case 120: {
        const h1 = i < to ? hexValue(text.charCodeAt(i)) : -1;
        const h2 = i + 1 < to ? hexValue(text.charCodeAt(i + 1)) : -1;
        if (h1 < 0 || h2 < 0) {
          throw new LiteralError(`(value error) invalid \\x escape at position ${esc - from}`, esc);
        }
        out[n++] = h1 * 16 + h2;
        i += 2;
        break;
      }
      default:
        out[n++] = 92;
        i--;
        break;
    }
  }
  return n === out.length ? out : out.slice(0, n);
}

/** Index of the first non-ASCII char in text[from, to), or -1. */
export function firstNonAscii(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) > 127) return i;
  return -1;
}
