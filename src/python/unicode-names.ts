/**
 * Unicode character name lookup for `\N{...}` escapes, offline: a compressed name table generated
 * from CPython's unicodedata (see unicode-names-data.ts), decompressed on first use, with the formal
 * name aliases, plus the
 * algorithmic CJK UNIFIED IDEOGRAPH-XXXX and HANGUL SYLLABLE names. Lookup is case-insensitive, as in
 * CPython.
 */
import { inflateRawSync } from "node:zlib";
import { ALIASES, CJK_311, CJK_LATEST, NAMES_DEFLATED, NEWER_THAN_311 } from "./unicode-names-data.js";

let table: Map<string, number> | null = null;
/** Aliases unknown to CPython 3.11, upper-cased. */
let newerAliases: Set<string> | null = null;

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
  newerAliases = new Set();
  for (const [code, alias, newer] of ALIASES) {
    if (!map.has(alias)) map.set(alias, code);
    if (newer) newerAliases.add(alias);
  }
  table = map;
  return map;
}

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
  if (minor <= 11 && (inRanges(cp, NEWER_THAN_311) || newerAliases!.has(upper))) return -1;
  return cp;
}
