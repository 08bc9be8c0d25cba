/**
 * Python source decoding and position bookkeeping.
 *
 * Decoding follows CPython's tokenizer: a UTF-8 BOM, a PEP 263 coding cookie on line 1 or 2 (line 2
 * only when line 1 holds nothing but a comment or white space), UTF-8 by default. Line breaks are
 * `\n`, `\r\n` and a lone `\r` (nothing else: not form feed, not U+2028). The decoded text keeps its
 * original line endings so that offsets stay valid for in-place edits.
 *
 * Positions: the AST stores UTF-16 offsets into `text`; CPython reports 1-based lines and 0-based
 * UTF-8 byte columns (`col_offset`), and 1-based code-point columns in `SyntaxError.offset`. All three
 * conversions live here and are computed only when asked for.
 */
import { TextDecoder } from "node:util";
import { SINGLE_BYTE_CODECS } from "./codecs-data.js";
import { PythonSyntaxError } from "./errors.js";

export type NewlineStyle = "\n" | "\r\n" | "\r";

export interface Position {
  /** 1-based line. */
  line: number;
  /** 0-based column in UTF-8 bytes (CPython's `col_offset`). */
  col: number;
}

export class SourceFile {
  private starts: Int32Array | null = null;
  /** Whether `text` is pure ASCII: 1 / 0, or -1 until first asked (most callers never ask). */
  private asciiState: number;
  /** The text NFKC-normalised, for `mayHoldName` on text not parsed yet that is not ASCII (computed once). */
  private nfkc: string | null = null;
  /** Identifiers written with non-ASCII characters, NFKC-normalised, as the parser met them. */
  private readonly nonAsciiNames = new Set<string>();
  /** Whether a parse of the whole text completed (then `nonAsciiNames` holds every such identifier). */
  private parsed = false;
  /** Watched names (`watchNames`) the text / the NFKC text holds as words, found in one pass when first asked. */
  private watchedInText: Set<string> | null = null;
  private watchedInNfkc: Set<string> | null = null;
  /** How many times `mayHoldName` was asked (a text asked once, as the output re-parsed for the check is, gets one search). */
  private questions = 0;

  constructor(
    /** Decoded text, BOM removed, original line endings kept. */
    readonly text: string,
    /** Path as given by the caller (for messages). */
    readonly path: string = "<unknown>",
    /** Python codec name that decoded the bytes ("utf-8" when given a string). */
    readonly encoding: string = "utf-8",
    /** Whether the bytes began with a UTF-8 BOM. */
    readonly bom: boolean = false,
    /** Whether `text` is pure ASCII, when the caller already knows (saves a scan of the text). */
    ascii?: boolean,
  ) {
    this.asciiState = ascii === undefined ? -1 : ascii ? 1 : 0;
  }

  /** Whether the text is pure ASCII (columns in bytes, code points and UTF-16 units coincide). */
  get isAscii(): boolean {
    return this.ascii;
  }

  private get ascii(): boolean {
    if (this.asciiState < 0) this.asciiState = NON_ASCII.test(this.text) ? 0 : 1;
    return this.asciiState === 1;
  }

  /**
   * Whether an identifier spelled `name` (ASCII) may occur in the code: the cheap check before a walk
   * looking for it. True when the text holds `name` as a whole word; in text that is not ASCII, also
   * when an identifier written with other characters normalises to it (NFKC: `__ｄoc__` is
   * `__doc__`) — the parser's record once the text is parsed, else the NFKC-normalised text.
   */
  mayHoldName(name: string): boolean {
    // The first question is one search; from the second on, all watched names are found at once.
    const watched = this.questions++ > 0 && WATCHED.has(name);
    // Identifiers are NFKC-normalised (`__ｄoc__` is `__doc__`). Once parsed, those written with
    // non-ASCII characters are known; the others are spelled in the text as they are.
    if (this.ascii || this.parsed) {
      if (!this.ascii && this.nonAsciiNames.has(name)) return true;
      return watched ? (this.watchedInText ??= watchedWords(this.text)).has(name) : holdsWord(this.text, name);
    }
    // Not parsed: search the normalised text. NFKC keeps ASCII as it is, and what precedes or
    // follows an identifier is not a character it could compose with (those are identifier
    // characters themselves), so every identifier's normalised spelling is in the normalised text.
    const nfkc = (this.nfkc ??= this.text.normalize("NFKC"));
    return watched ? (this.watchedInNfkc ??= watchedWords(nfkc)).has(name) : holdsWord(nfkc, name);
  }

  /** The parser met an identifier written with non-ASCII characters (NFKC-normalised). */
  noteNonAsciiName(name: string): void {
    this.nonAsciiNames.add(name);
  }

  /** The parser read the whole text: every identifier it holds has been met. */
  namesComplete(): void {
    this.parsed = true;
  }

  /** The first line ending used, or "\n" when there is none. */
  get newline(): NewlineStyle {
    const i = this.text.search(/[\r\n]/);
    if (i < 0) return "\n";
    if (this.text.charCodeAt(i) === 10) return "\n";
    return this.text.charCodeAt(i + 1) === 10 ? "\r\n" : "\r";
  }

  /** Offsets at which each line starts (line 1 at index 0). */
  get lineStarts(): Int32Array {
    return this.starts ?? (this.starts = computeLineStarts(this.text));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 1-based line containing `offset`. */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset of the first character of 1-based `line`. */
  lineStart(line: number): number {
    const starts = this.lineStarts;
    if (line < 1) return 0;
    if (line > starts.length) return this.text.length;
    return starts[line - 1]!;
  }

  /** Text of 1-based `line` without its line ending. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    let end = line < this.lineCount ? this.lineStart(line + 1) : this.text.length;
    while (end > start) {
      const c = this.text.charCodeAt(end - 1);
      if (c !== 10 && c !== 13) break;
      end--;
    }
    return this.text.slice(start, end);
  }

  /** CPython position (line, UTF-8 byte column) of an offset. */
  position(offset: number): Position {
    const line = this.lineOf(offset);
    const start = this.lineStart(line);
    return { line, col: this.ascii ? offset - start : utf8Length(this.text, start, offset) };
  }

  /** 1-based line and 1-based code-point column, as CPython's SyntaxError reports them. */
  errorPosition(offset: number): { line: number; col: number } {
    const line = this.lineOf(offset);
    const start = this.lineStart(line);
    return { line, col: 1 + (this.ascii ? offset - start : codePointLength(this.text, start, offset)) };
  }

  /** Offset of a CPython position (line, UTF-8 byte column); clamps to the line's end. */
  offsetOf(line: number, byteCol: number): number {
    const start = this.lineStart(line);
    if (this.ascii) return Math.min(start + byteCol, this.text.length);
    let bytes = 0;
    let i = start;
    const text = this.text;
    while (i < text.length && bytes < byteCol) {
      const c = text.charCodeAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        bytes += 4;
        i++;
      } else bytes += 3;
      i++;
    }
    return i;
  }

  /** A syntax error located at `offset` (and optionally ending at `end`). */
  syntaxError(
    message: string,
    offset: number,
    end: number = offset,
    kind: "SyntaxError" | "IndentationError" | "TabError" = "SyntaxError",
  ): PythonSyntaxError {
    const a = this.errorPosition(offset);
    const b = this.errorPosition(Math.max(end, offset));
    return new PythonSyntaxError(message, this.path, { line: a.line, col: a.col, endLine: b.line, endCol: b.col }, kind);
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Names asked of every file (`watchNames`), and the pattern finding them all in one pass. */
const WATCHED = new Set<string>();
let watchedPattern: RegExp | null = null;

/**
 * Registers names that `mayHoldName` is asked about for every file (a module does it once, when
 * loaded): the first such question on a text finds all of them in one regular-expression pass
 * instead of one search of the whole text per name (≈ 2.3× less time on python3's stdlib, where
 * fourteen names were each searched for in every file).
 */
export function watchNames(...names: string[]): void {
  for (const n of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) throw new Error(`watchNames: not an ASCII identifier: ${n}`);
    WATCHED.add(n);
  }
  watchedPattern = null;
}

/** The watched names `text` holds as whole words (no ASCII word character on either side, as holdsWord). */
function watchedWords(text: string): Set<string> {
  // `\b` (not in unicode mode) is the boundary between [A-Za-z0-9_] and anything else: holdsWord's rule.
  watchedPattern ??= new RegExp(`\\b(?:${[...WATCHED].sort().join("|")})\\b`, "g");
  const out = new Set<string>();
  for (const m of text.matchAll(watchedPattern)) out.add(m[0]);
  return out;
}

/** Whether `text` holds `word` (ASCII) with no ASCII word character on either side (errs towards "may"). */
function holdsWord(text: string, word: string): boolean {
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if (!isAsciiWordChar(text.charCodeAt(i - 1)) && !isAsciiWordChar(text.charCodeAt(i + word.length))) return true;
  }
  return false;
}

/** [A-Za-z0-9_] (NaN — before the start, past the end — is not). */
export function isAsciiWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Line start offsets, counted first so the result is filled in place (no growing number[]). */
function computeLineStarts(text: string): Int32Array {
  if (text.indexOf("\r") < 0) {
    // Only `\n` line breaks (the common case): let indexOf find them.
    let n = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
    const out = new Int32Array(n);
    n = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) out[n++] = i + 1;
    return out;
  }
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  const out = new Int32Array(n);
  n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) out[n++] = i + 1;
  }
  return out;
}

/** UTF-8 byte length of `text[from, to)`. */
export function utf8Length(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Number of code points in `text[from, to)`. */
export function codePointLength(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

// ---------------------------------------------------------------- decoding

/**
 * Decodes the bytes of a Python source file as CPython does, or throws a PythonSyntaxError naming
 * the problem (unknown encoding, BOM with a non-UTF-8 cookie, undecodable bytes, NUL bytes).
 */
export function decodeSource(bytes: Uint8Array, path = "<unknown>"): SourceFile {
  let body = bytes;
  let bom = false;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    bom = true;
    body = bytes.subarray(3);
  }
  const cookie = findCodingCookie(body);
  let encoding = "utf-8";
  if (cookie) {
    if (bom && cookie.name !== "utf-8") {
      throw lineError(path, cookie.line, `encoding problem: ${cookie.name} with BOM`);
    }
    encoding = cookie.name;
  }
  const codec = lookupCodec(encoding);
  if (!codec) throw lineError(path, cookie ? cookie.line : 1, `unknown encoding: ${encoding}`);
  const text = codec.decode(body, path);
  const nul = text.indexOf("\0");
  // UTF-8 turns every non-ASCII sequence into fewer UTF-16 units than bytes: equal lengths mean ASCII
  // (unless the decoder dropped a second BOM: then let SourceFile look)
  const ascii = codec !== UTF8 ? undefined : text.length === body.length ? true : body[0] === 0xef ? undefined : false;
  const source = new SourceFile(text, path, encoding, bom, ascii);
  if (nul >= 0) throw source.syntaxError("source code cannot contain null bytes", nul);
  return source;
}

function lineError(path: string, line: number, message: string): PythonSyntaxError {
  return new PythonSyntaxError(message, path, { line, col: 1, endLine: line, endCol: 1 });
}

interface Cookie {
  name: string;
  line: number;
}

/** PEP 263 cookie on line 1, or on line 2 when line 1 is blank or a comment. */
export function findCodingCookie(bytes: Uint8Array): Cookie | null {
  let start = 0;
  for (let line = 1; line <= 2 && start < bytes.length; line++) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    const text = latin1(bytes, start, end);
    const spec = codingSpec(text);
    if (spec !== null) return { name: spec, line };
    if (!/^[ \t\f]*(?:#|\r|$)/.test(text)) return null;
    start = end + 1;
  }
  return null;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** CPython's get_coding_spec: a comment-only line containing `coding[:=]\s*name`. */
function codingSpec(line: string): string | null {
  const m = /^[ \t\f]*#/.exec(line);
  if (!m) return null;
  const re = /coding[:=][ \t]*([-\w.]+)/g;
  re.lastIndex = m[0].length - 1;
  const found = re.exec(line);
  if (!found) return null;
  return normalCodingName(found[1]!);
}

/** CPython's get_normal_name: canonical spelling of the two encodings the tokenizer knows itself. */
function normalCodingName(name: string): string {
  const head = name.slice(0, 12).toLowerCase().replace(/_/g, "-");
  if (head === "utf-8" || head.startsWith("utf-8-")) return "utf-8";
  for (const l1 of ["latin-1", "iso-8859-1", "iso-latin-1"]) {
    if (head === l1 || head.startsWith(l1 + "-")) return "iso-8859-1";
  }
  return name;
}

interface Codec {
  decode(bytes: Uint8Array, path: string): string;
}

/** Multi-byte codecs: Python codec name → WHATWG label for TextDecoder (needs full ICU). */
const WHATWG: Record<string, string> = {
  shift_jis: "shift_jis", euc_jp: "euc-jp", iso2022_jp: "iso-2022-jp", euc_kr: "euc-kr", gbk: "gbk",
  gb2312: "gbk", gb18030: "gb18030", big5: "big5",
};

/** Python's encodings.aliases, for the names above (subset). */
const ALIASES: Record<string, string> = {
  utf8: "utf_8", u8: "utf_8", utf: "utf_8", utf8_ucs2: "utf_8", utf8_ucs4: "utf_8", cp65001: "utf_8",
  latin: "latin_1", latin1: "latin_1", l1: "latin_1", iso_8859_1: "latin_1", iso8859_1: "latin_1",
  "8859": "latin_1", cp819: "latin_1", iso_ir_100: "latin_1", ibm819: "latin_1",
  ascii: "ascii", us_ascii: "ascii", "646": "ascii", us: "ascii", ansi_x3_4_1968: "ascii",
  iso646_us: "ascii", cp367: "ascii", ibm367: "ascii", csascii: "ascii",
  windows_1250: "cp1250", windows_1251: "cp1251", windows_1252: "cp1252", windows_1253: "cp1253",
  windows_1254: "cp1254", windows_1255: "cp1255", windows_1256: "cp1256", windows_1257: "cp1257",
  windows_1258: "cp1258", latin2: "iso8859_2", l2: "iso8859_2", latin3: "iso8859_3",
  latin4: "iso8859_4", cyrillic: "iso8859_5", arabic: "iso8859_6", greek: "iso8859_7",
  greek8: "iso8859_7", hebrew: "iso8859_8", latin6: "iso8859_10", latin7: "iso8859_13",
  latin8: "iso8859_14", latin9: "iso8859_15", l9: "iso8859_15", latin10: "iso8859_16",
  macroman: "mac_roman", macintosh: "mac_roman", sjis: "shift_jis", s_jis: "shift_jis",
  shiftjis: "shift_jis", csshiftjis: "shift_jis", eucjp: "euc_jp", ujis: "euc_jp", u_jis: "euc_jp",
  euckr: "euc_kr", korean: "euc_kr", ks_c_5601_1987: "euc_kr", chinese: "gb2312",
  euc_cn: "gb2312", euccn: "gb2312", eucgb2312_cn: "gb2312", "936": "gbk", cp936: "gbk",
  ms936: "gbk", big5_tw: "big5", csbig5: "big5", "866": "cp866", ibm866: "cp866",
  csisolatin1: "latin_1",
};

/** Normalises like `encodings.normalize_encoding` + lower(), then resolves aliases. */
function canonicalCodec(name: string): string {
  let n = name.toLowerCase().replace(/[^a-z0-9.]+/g, "_").replace(/^_+|_+$/g, "");
  n = ALIASES[n] ?? n;
  const iso = /^iso_?8859_(\d+)$/.exec(n);
  if (iso) n = iso[1] === "1" ? "latin_1" : `iso8859_${iso[1]}`;
  if (/^cp_(\d+)$/.test(n)) n = n.replace("_", "");
  return ALIASES[n] ?? n;
}

/** The codec for a cookie name, or null when Python would not know it either (best effort). */
export function lookupCodec(name: string): Codec | null {
  const canon = canonicalCodec(name);
  if (canon === "utf_8") return UTF8;
  if (canon === "latin_1") return LATIN1;
  if (canon === "ascii") return ASCII;
  const high = SINGLE_BYTE_CODECS[canon];
  if (high) return singleByteCodec(canon, high);
  const label = WHATWG[canon];
  if (!label) return null;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    return null;
  }
  return {
    decode(bytes, path) {
      try {
        return decoder.decode(bytes);
      } catch {
        throw new PythonSyntaxError(`(unicode error) '${canon}' codec can't decode the source`, path, {
          line: 1, col: 1, endLine: 1, endCol: 1,
        });
      }
    },
  };
}

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

const UTF8: Codec = {
  decode(bytes, path) {
    try {
      return utf8Decoder.decode(bytes);
    } catch {
      const bad = firstInvalidUtf8(bytes);
      let line = 1;
      for (let i = 0; i < bad; i++) if (bytes[i] === 10) line++;
      const hex = bytes[bad]!.toString(16).padStart(2, "0");
      throw new PythonSyntaxError(
        `Non-UTF-8 code starting with '\\x${hex}' but no encoding declared; see https://peps.python.org/pep-0263/ for details`,
        path,
        { line, col: 1, endLine: line, endCol: 1 },
      );
    }
  },
};

const LATIN1: Codec = {
  decode(bytes) {
    let s = "";
    const CHUNK = 8192;
    for (let i = 0; i < bytes.length; i += CHUNK) {
      s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + CHUNK)));
    }
    return s;
  },
};

function singleByteCodec(name: string, high: string): Codec {
  return {
    decode(bytes, path) {
      const parts: string[] = [];
      let run = "";
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i]!;
        if (b < 0x80) run += String.fromCharCode(b);
        else {
          const c = high[b - 0x80]!;
          if (c === "\ufffe") {
            throw new PythonSyntaxError(
              `(unicode error) '${name}' codec can't decode byte 0x${b.toString(16)} in position ${i}: character maps to <undefined>`,
              path,
              { line: 1, col: 1, endLine: 1, endCol: 1 },
            );
          }
          run += c;
        }
        if (run.length > 4096) {
          parts.push(run);
          run = "";
        }
      }
      parts.push(run);
      return parts.join("");
    },
  };
}

const ASCII: Codec = {
  decode(bytes, path) {
    const bad = bytes.findIndex((b) => b > 0x7f);
    if (bad >= 0) {
      throw new PythonSyntaxError(
        `(unicode error) 'ascii' codec can't decode byte 0x${bytes[bad]!.toString(16)} in position ${bad}: ordinal not in range(128)`,
        path,
        { line: 1, col: 1, endLine: 1, endCol: 1 },
      );
    }
    return LATIN1.decode(bytes, path);
  },
};

/** Index of the first byte that starts an invalid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let need = 0;
    let min = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}

/** Wraps an already-decoded string (API callers that hold text, not bytes). */
export function sourceFromString(text: string, path = "<string>"): SourceFile {
  let body = text;
  let bom = false;
  if (body.charCodeAt(0) === 0xfeff) {
    bom = true;
    body = body.slice(1);
  }
  const nul = body.indexOf("\0");
  const source = new SourceFile(body, path, "utf-8", bom);
  if (nul >= 0) throw source.syntaxError("source code cannot contain null bytes", nul);
  return source;
}
