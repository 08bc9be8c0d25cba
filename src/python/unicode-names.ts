/**
 * Unicode character name lookup for `\N{...}` escapes, offline: a compressed name table generated
 * from CPython's unicodedata (see unicode-names-data.ts), decompressed on first use, plus the
 * algorithmic CJK UNIFIED IDEOGRAPH-XXXX and HANGUL SYLLABLE names. Lookup is case-insensitive, as in
 * CPython.
 */
import { inflateRawSync } from "node:zlib";
import { CJK_311, CJK_LATEST, NAMES_DEFLATED, NEWER_THAN_311 } from "./unicode-names-data.js";

let table: Map<string, number> | null = null;

function load(): Map<string, number> {
  if (table) return table;
  const text = inflateRawSync(Buffer.from(NAMES_DEFLATED, "base64")).toString("latin1");
  const map = new Map<string, number>();
  let cp = -1;
  let i = 0;
  while (i < text.length) {
    let nl = text.indexOf("\n", i);
    if (nl < 0) nl = text.length;
    const colon = text.indexOf(":", i);
    if (colon >= 0 && colon < nl) {
      cp += parseInt(text.slice(i, colon), 36);
      map.set(text.slice(colon + 1, nl), cp);
    } else {
      cp += 1;
      map.set(text.slice(i, nl), cp);
    }
    i = nl + 1;
  }
  for (const [alias, code] of ALIASES) if (!map.has(alias)) map.set(alias, code);
  table = map;
  return map;
}

/** A few common name aliases (NameAliases.txt) that `\N{}` accepts. */
const ALIASES: Array<[string, number]> = [
  ["NULL", 0x00], ["NUL", 0x00], ["LINE FEED", 0x0a], ["LF", 0x0a], ["NEW LINE", 0x0a],
  ["END OF LINE", 0x0a], ["NL", 0x0a], ["EOL", 0x0a], ["CARRIAGE RETURN", 0x0d], ["CR", 0x0d],
  ["CHARACTER TABULATION", 0x09], ["HORIZONTAL TABULATION", 0x09], ["TAB", 0x09], ["HT", 0x09],
  ["LINE TABULATION", 0x0b], ["VERTICAL TABULATION", 0x0b], ["VT", 0x0b], ["FORM FEED", 0x0c],
  ["FF", 0x0c], ["ESCAPE", 0x1b], ["ESC", 0x1b], ["DELETE", 0x7f], ["DEL", 0x7f], ["SPACE", 0x20],
  ["SP", 0x20], ["BEL", 0x07], ["ALERT", 0x07], ["BACKSPACE", 0x08], ["BS", 0x08],
  ["NO-BREAK SPACE", 0xa0], ["NBSP", 0xa0], ["BYTE ORDER MARK", 0xfeff], ["BOM", 0xfeff],
  ["ZWNBSP", 0xfeff], ["ZERO WIDTH NO-BREAK SPACE", 0xfeff], ["ZWSP", 0x200b], ["ZWNJ", 0x200c],
  ["ZWJ", 0x200d], ["SHY", 0xad], ["NEL", 0x85], ["NEXT LINE", 0x85], ["NBH", 0x83],
  ["INFORMATION SEPARATOR ONE", 0x1f], ["UNIT SEPARATOR", 0x1f], ["US", 0x1f],
  ["INFORMATION SEPARATOR TWO", 0x1e], ["RECORD SEPARATOR", 0x1e], ["RS", 0x1e],
  ["INFORMATION SEPARATOR THREE", 0x1d], ["GROUP SEPARATOR", 0x1d], ["GS", 0x1d],
  ["INFORMATION SEPARATOR FOUR", 0x1c], ["FILE SEPARATOR", 0x1c], ["FS", 0x1c],
  ["START OF HEADING", 0x01], ["SOH", 0x01], ["START OF TEXT", 0x02], ["STX", 0x02],
  ["END OF TEXT", 0x03], ["ETX", 0x03], ["END OF TRANSMISSION", 0x04], ["EOT", 0x04],
  ["ENQUIRY", 0x05], ["ENQ", 0x05], ["ACKNOWLEDGE", 0x06], ["ACK", 0x06], ["SHIFT OUT", 0x0e],
  ["SO", 0x0e], ["SHIFT IN", 0x0f], ["SI", 0x0f], ["DATA LINK ESCAPE", 0x10], ["DLE", 0x10],
  ["DEVICE CONTROL ONE", 0x11], ["DC1", 0x11], ["DEVICE CONTROL TWO", 0x12], ["DC2", 0x12],
  ["DEVICE CONTROL THREE", 0x13], ["DC3", 0x13], ["DEVICE CONTROL FOUR", 0x14], ["DC4", 0x14],
  ["NEGATIVE ACKNOWLEDGE", 0x15], ["NAK", 0x15], ["SYNCHRONOUS IDLE", 0x16], ["SYN", 0x16],
  ["END OF TRANSMISSION BLOCK", 0x17], ["ETB", 0x17], ["CANCEL", 0x18], ["CAN", 0x18],
  ["END OF MEDIUM", 0x19], ["EOM", 0x19], ["SUBSTITUTE", 0x1a], ["SUB", 0x1a],
];

function inRanges(cp: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  for (const [a, b] of ranges) if (cp >= a && cp <= b) return true;
  return false;
}

const JAMO_L = ["G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"];
const JAMO_V = ["A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"];
const JAMO_T = ["", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"];

/** Longest-prefix match of a jamo short name list at `s[i]`. */
function matchJamo(s: string, i: number, list: readonly string[]): [number, number] {
  let best = -1;
  let len = -1;
  for (let k = 0; k < list.length; k++) {
    const n = list[k]!;
    if (n.length > len && s.startsWith(n, i)) {
      best = k;
      len = n.length;
    }
  }
  return [best, len];
}

/**
 * Code point named `name` (case-insensitive) as CPython `minor` knows it, or -1.
 */
export function lookupUnicodeName(name: string, minor: number): number {
  const upper = name.toUpperCase();
  if (upper.startsWith("CJK UNIFIED IDEOGRAPH-")) {
    const hex = upper.slice(22);
    if (!/^[0-9A-F]{4,5}$/.test(hex)) return -1;
    const cp = parseInt(hex, 16);
    return inRanges(cp, minor <= 11 ? CJK_311 : CJK_LATEST) ? cp : -1;
  }
  if (upper.startsWith("HANGUL SYLLABLE ")) {
    const s = upper.slice(16);
    const [l, ll] = matchJamo(s, 0, JAMO_L);
    if (l < 0) return -1;
    const [v, vl] = matchJamo(s, ll, JAMO_V);
    if (v < 0) return -1;
    const [t, tl] = matchJamo(s, ll + vl, JAMO_T);
    if (t < 0 || ll + vl + tl !== s.length) return -1;
    return 0xac00 + (l * 21 + v) * 28 + t;
  }
  const cp = load().get(upper);
  if (cp === undefined) return -1;
  if (minor <= 11 && inRanges(cp, NEWER_THAN_311)) return -1;
  return cp;
}
