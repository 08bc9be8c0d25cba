/**
 * Python tokenizer working on char codes, producing a flat token stream (kinds and UTF-16 offsets in
 * typed arrays) that the parser indexes freely, so lookahead costs nothing.
 *
 * It follows CPython's tokenizer: INDENT/DEDENT with tabs to multiples of 8 plus the tab-size-1
 * consistency check (TabError), form feed resetting the column, blank and comment-only lines ignored,
 * implicit line joining inside brackets, backslash continuations, `\n`/`\r\n`/`\r` newlines, an implicit
 * NEWLINE at end of file, the 200-level bracket limit, and CPython's number and string literal rules.
 *
 * f-strings: for targets ≥ 3.12 (PEP 701) an f-string (or 3.14 t-string) is tokenized into
 * FSTRING_START, FSTRING_MIDDLE, the tokens of each replacement field, and FSTRING_END, with a mode
 * stack as CPython does. For older targets an f-string is one STRING token and the parser takes it
 * apart itself (see fstring.ts).
 *
 * Errors do not throw: the tokenizer stops, records the error, and ends the stream with an ERROR token
 * at that point. The parser raises it when it reaches that token, or instead of a generic "invalid
 * syntax" found earlier, as CPython does.
 */
import { PythonSyntaxError } from "./errors.js";
import type { SourceFile } from "./source.js";

// ---------------------------------------------------------------- token kinds

export const T_ENDMARKER = 0;
export const T_NAME = 1;
export const T_NUMBER = 2;
export const T_STRING = 3;
export const T_NEWLINE = 4;
export const T_INDENT = 5;
export const T_DEDENT = 6;
export const T_FSTRING_START = 7;
export const T_FSTRING_MIDDLE = 8;
export const T_FSTRING_END = 9;
export const T_ERROR = 10;

// operators
export const T_LPAR = 11;
export const T_RPAR = 12;
export const T_LSQB = 13;
export const T_RSQB = 14;
export const T_COLON = 15;
export const T_COMMA = 16;
export const T_SEMI = 17;
export const T_PLUS = 18;
export const T_MINUS = 19;
export const T_STAR = 20;
export const T_SLASH = 21;
export const T_VBAR = 22;
export const T_AMPER = 23;
export const T_LESS = 24;
export const T_GREATER = 25;
export const T_EQUAL = 26;
export const T_DOT = 27;
export const T_PERCENT = 28;
export const T_LBRACE = 29;
export const T_RBRACE = 30;
export const T_EQEQUAL = 31;
export const T_NOTEQUAL = 32;
export const T_LESSEQUAL = 33;
export const T_GREATEREQUAL = 34;
export const T_TILDE = 35;
export const T_CIRCUMFLEX = 36;
export const T_LEFTSHIFT = 37;
export const T_RIGHTSHIFT = 38;
export const T_DOUBLESTAR = 39;
export const T_PLUSEQUAL = 40;
export const T_MINEQUAL = 41;
export const T_STAREQUAL = 42;
export const T_SLASHEQUAL = 43;
export const T_PERCENTEQUAL = 44;
export const T_AMPEREQUAL = 45;
export const T_VBAREQUAL = 46;
export const T_CIRCUMFLEXEQUAL = 47;
export const T_LEFTSHIFTEQUAL = 48;
export const T_RIGHTSHIFTEQUAL = 49;
export const T_DOUBLESTAREQUAL = 50;
export const T_DOUBLESLASH = 51;
export const T_DOUBLESLASHEQUAL = 52;
export const T_AT = 53;
export const T_ATEQUAL = 54;
export const T_RARROW = 55;
export const T_ELLIPSIS = 56;
export const T_COLONEQUAL = 57;
export const T_EXCLAMATION = 58;
/** An operator character no rule accepts (`?`, `$`, a backtick, `<>`): the parser fails on it. */
export const T_UNKNOWN = 59;

// keywords (hard)
export const K_FALSE = 60;
export const K_NONE = 61;
export const K_TRUE = 62;
export const K_AND = 63;
export const K_AS = 64;
export const K_ASSERT = 65;
export const K_ASYNC = 66;
export const K_AWAIT = 67;
export const K_BREAK = 68;
export const K_CLASS = 69;
export const K_CONTINUE = 70;
export const K_DEF = 71;
export const K_DEL = 72;
export const K_ELIF = 73;
export const K_ELSE = 74;
export const K_EXCEPT = 75;
export const K_FINALLY = 76;
export const K_FOR = 77;
export const K_FROM = 78;
export const K_GLOBAL = 79;
export const K_IF = 80;
export const K_IMPORT = 81;
export const K_IN = 82;
export const K_IS = 83;
export const K_LAMBDA = 84;
export const K_NONLOCAL = 85;
export const K_NOT = 86;
export const K_OR = 87;
export const K_PASS = 88;
export const K_RAISE = 89;
export const K_RETURN = 90;
export const K_TRY = 91;
export const K_WHILE = 92;
export const K_WITH = 93;
export const K_YIELD = 94;

export const KEYWORDS: ReadonlyMap<string, number> = new Map([
  ["False", K_FALSE], ["None", K_NONE], ["True", K_TRUE], ["and", K_AND], ["as", K_AS],
  ["assert", K_ASSERT], ["async", K_ASYNC], ["await", K_AWAIT], ["break", K_BREAK],
  ["class", K_CLASS], ["continue", K_CONTINUE], ["def", K_DEF], ["del", K_DEL], ["elif", K_ELIF],
  ["else", K_ELSE], ["except", K_EXCEPT], ["finally", K_FINALLY], ["for", K_FOR], ["from", K_FROM],
  ["global", K_GLOBAL], ["if", K_IF], ["import", K_IMPORT], ["in", K_IN], ["is", K_IS],
  ["lambda", K_LAMBDA], ["nonlocal", K_NONLOCAL], ["not", K_NOT], ["or", K_OR], ["pass", K_PASS],
  ["raise", K_RAISE], ["return", K_RETURN], ["try", K_TRY], ["while", K_WHILE], ["with", K_WITH],
  ["yield", K_YIELD],
]);

/**
 * Keywords by (first char, length): `KW_SLOT[c0 << 4 | len]` is 1 + the index in `KW_LIST` of the
 * first keyword with that key (same-key keywords are adjacent), 0 for none. Lets the tokenizer
 * recognise keywords without slicing the name out of the text.
 */
const KW_LIST: string[] = [...KEYWORDS.keys()].sort((a, b) => kwKey(a) - kwKey(b));
const KW_KIND = Uint8Array.from(KW_LIST, (w) => KEYWORDS.get(w)!);
const KW_SLOT = new Uint8Array(128 << 4);
for (let i = KW_LIST.length - 1; i >= 0; i--) KW_SLOT[kwKey(KW_LIST[i]!)] = i + 1;
function kwKey(w: string): number {
  return (w.charCodeAt(0) << 4) | w.length;
}

/** Kind of the ASCII name text[start, start + len): a keyword's kind or T_NAME. */
function keywordKind(text: string, start: number, len: number): number {
  if (len < 2 || len > 8) return T_NAME;
  let i = KW_SLOT[(text.charCodeAt(start) << 4) | len]!;
  if (i === 0) return T_NAME;
  const key = (text.charCodeAt(start) << 4) | len;
  for (i--; i < KW_LIST.length; i++) {
    const w = KW_LIST[i]!;
    if (kwKey(w) !== key) break;
    let j = 1;
    while (j < len && text.charCodeAt(start + j) === w.charCodeAt(j)) j++;
    if (j === len) return KW_KIND[i]!;
  }
  return T_NAME;
}

/** Display text of each operator/keyword kind, for messages. */
export const KIND_TEXT: readonly string[] = (() => {
  const t: string[] = [];
  t[T_ENDMARKER] = "end of file"; t[T_NAME] = "name"; t[T_NUMBER] = "number"; t[T_STRING] = "string";
  t[T_NEWLINE] = "newline"; t[T_INDENT] = "indent"; t[T_DEDENT] = "dedent";
  t[T_FSTRING_START] = "f-string"; t[T_FSTRING_MIDDLE] = "f-string"; t[T_FSTRING_END] = "f-string";
  t[T_ERROR] = "error";
  const ops: Array<[number, string]> = [
    [T_LPAR, "("], [T_RPAR, ")"], [T_LSQB, "["], [T_RSQB, "]"], [T_COLON, ":"], [T_COMMA, ","],
    [T_SEMI, ";"], [T_PLUS, "+"], [T_MINUS, "-"], [T_STAR, "*"], [T_SLASH, "/"], [T_VBAR, "|"],
    [T_AMPER, "&"], [T_LESS, "<"], [T_GREATER, ">"], [T_EQUAL, "="], [T_DOT, "."], [T_PERCENT, "%"],
    [T_LBRACE, "{"], [T_RBRACE, "}"], [T_EQEQUAL, "=="], [T_NOTEQUAL, "!="], [T_LESSEQUAL, "<="],
    [T_GREATEREQUAL, ">="], [T_TILDE, "~"], [T_CIRCUMFLEX, "^"], [T_LEFTSHIFT, "<<"],
    [T_RIGHTSHIFT, ">>"], [T_DOUBLESTAR, "**"], [T_PLUSEQUAL, "+="], [T_MINEQUAL, "-="],
    [T_STAREQUAL, "*="], [T_SLASHEQUAL, "/="], [T_PERCENTEQUAL, "%="], [T_AMPEREQUAL, "&="],
    [T_VBAREQUAL, "|="], [T_CIRCUMFLEXEQUAL, "^="], [T_LEFTSHIFTEQUAL, "<<="],
    [T_RIGHTSHIFTEQUAL, ">>="], [T_DOUBLESTAREQUAL, "**="], [T_DOUBLESLASH, "//"],
    [T_DOUBLESLASHEQUAL, "//="], [T_AT, "@"], [T_ATEQUAL, "@="], [T_RARROW, "->"],
    [T_ELLIPSIS, "..."], [T_COLONEQUAL, ":="], [T_EXCLAMATION, "!"], [T_UNKNOWN, "?"],
  ];
  for (const [k, s] of ops) t[k] = s;
  for (const [s, k] of KEYWORDS) t[k] = s;
  return t;
})();

// ---------------------------------------------------------------- the token stream

/** Flags stored per token. */
export const F_FSTRING = 1; // STRING token that is an f-string (≤ 3.11 targets) / FSTRING_START of an f-string
export const F_TSTRING = 2; // t-string
export const F_BYTES = 4;
export const F_RAW = 8;
export const F_UNICODE = 16; // `u` prefix
export const F_NONASCII = 32; // NAME with non-ASCII characters (needs NFKC normalisation)
export const F_PLAIN = 64; // STRING whose body is its value: no backslash, no `\r`, ASCII file (so no U+FDD0)

export interface TokenizerError {
  message: string;
  start: number;
  end: number;
  kind: "SyntaxError" | "IndentationError" | "TabError";
  /**
   * CPython reports some tokenizer problems only when the parser reaches them (its `tok->done` codes:
   * indentation, line continuation, EOF); a syntax error found earlier wins over them.
   */
  deferred: boolean;
  /** For "'(' was never closed": the offset of the bracket. */
  unclosed: number;
}

/** Zeroed slots after the last token (see TokenStream.padEnd). */
const PAD = 4;

export class TokenStream {
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  count = 0;
  error: TokenizerError | null = null;
  constructor(capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }
  /** Empties the stream for reuse (the arrays are kept, and overwritten as tokens are pushed). */
  reset(): void {
    this.count = 0;
    this.error = null;
  }
  /**
   * Zeroes a few slots past the last token, as in a fresh stream: the parser's lookahead may read
   * up to two tokens past the end, and must not see a previous file's tokens in a reused stream.
   */
  padEnd(): void {
    while (this.count + PAD > this.kinds.length) this.grow();
    const n = this.count;
    this.kinds.fill(0, n, n + PAD);
    this.starts.fill(0, n, n + PAD);
    this.ends.fill(0, n, n + PAD);
    this.flags.fill(0, n, n + PAD);
  }
  push(kind: number, start: number, end: number, flags = 0): void {
    const n = this.count;
    if (n === this.kinds.length) this.grow();
    this.kinds[n] = kind;
    this.starts[n] = start;
    this.ends[n] = end;
    this.flags[n] = flags;
    this.count = n + 1;
  }
  private grow(): void {
    const cap = this.kinds.length * 2 + 16;
    const k = new Uint8Array(cap);
    k.set(this.kinds);
    this.kinds = k;
    const s = new Int32Array(cap);
    s.set(this.starts);
    this.starts = s;
    const e = new Int32Array(cap);
    e.set(this.ends);
    this.ends = e;
    const f = new Uint8Array(cap);
    f.set(this.flags);
    this.flags = f;
  }
}

// ---------------------------------------------------------------- character classes

const MAXLEVEL = 200;
/** Results of Tokenizer.lineStart. */
const LINE_OK = 0;
const LINE_BLANK = 1;
const LINE_FAILED = 2;
const MAXINDENT = 100;
const TABSIZE = 8;

/** ASCII identifier continuation chars (and start chars, minus digits). */
const ID_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) ID_CHAR[c] = 1;
  else if (c >= 48 && c <= 57) ID_CHAR[c] = 2;
}

/** Kind of the operator starting with each ASCII char (0: none; `!` alone is T_EXCLAMATION only in f-strings). */
const OP1 = new Uint8Array(128);
/** Kind of the two-char operator `c=` (0: none). */
const OPEQ = new Uint8Array(128);
for (const [ch, k, eq] of [
  ["(", T_LPAR, 0], [")", T_RPAR, 0], ["[", T_LSQB, 0], ["]", T_RSQB, 0], ["{", T_LBRACE, 0],
  ["}", T_RBRACE, 0], [":", T_COLON, T_COLONEQUAL], [",", T_COMMA, 0], [";", T_SEMI, 0],
  ["+", T_PLUS, T_PLUSEQUAL], ["-", T_MINUS, T_MINEQUAL], ["*", T_STAR, T_STAREQUAL],
  ["/", T_SLASH, T_SLASHEQUAL], ["|", T_VBAR, T_VBAREQUAL], ["&", T_AMPER, T_AMPEREQUAL],
  ["<", T_LESS, T_LESSEQUAL], [">", T_GREATER, T_GREATEREQUAL], ["=", T_EQUAL, T_EQEQUAL],
  [".", T_DOT, 0], ["%", T_PERCENT, T_PERCENTEQUAL], ["~", T_TILDE, 0],
  ["^", T_CIRCUMFLEX, T_CIRCUMFLEXEQUAL], ["@", T_AT, T_ATEQUAL], ["!", T_EXCLAMATION, T_NOTEQUAL],
] as const) {
  OP1[ch.charCodeAt(0)] = k;
  OPEQ[ch.charCodeAt(0)] = eq;
}
/** Kinds of the doubled operators `cc` and `cc=` (`**`, `//`, `<<`, `>>`); `..` marks a possible `...`. */
const OP2 = new Uint8Array(128);
const OP2EQ = new Uint8Array(128);
OP2[42] = T_DOUBLESTAR;
OP2EQ[42] = T_DOUBLESTAREQUAL;
OP2[47] = T_DOUBLESLASH;
OP2EQ[47] = T_DOUBLESLASHEQUAL;
OP2[60] = T_LEFTSHIFT;
OP2EQ[60] = T_LEFTSHIFTEQUAL;
OP2[62] = T_RIGHTSHIFT;
OP2EQ[62] = T_RIGHTSHIFTEQUAL;
OP2[46] = T_DOT;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isDigitOf(c: number, base: number): boolean {
  if (base === 10) return c >= 48 && c <= 57;
  if (base === 16) return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
  if (base === 8) return c >= 48 && c <= 55;
  return c === 48 || c === 49;
}

const XID_START = /[\p{XID_Start}_]/u;
const XID_CONTINUE = /[\p{XID_Continue}]/u;
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** First invalid code point of a non-ASCII identifier (index into `id`), or -1 when valid. */
function invalidIdentifierIndex(id: string): number {
  let i = 0;
  let first = true;
  while (i < id.length) {
    const cp = id.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (first ? !XID_START.test(ch) : !XID_CONTINUE.test(ch)) return i;
    first = false;
    i += cp > 0xffff ? 2 : 1;
  }
  return -1;
}

// ---------------------------------------------------------------- tokenizer

interface FStringMode {
  quote: number;
  triple: boolean;
  raw: boolean;
  tstring: boolean;
  /** Bracket level just inside the current replacement field's `{`, or -1 in literal mode. */
  fieldLevel: number;
  /** Whether the literal text being scanned is a format spec (inside `{…:…}`). */
  inFormatSpec: boolean;
  /** Levels of the replacement fields entered, innermost last. */
  fields: number[];
  /** Whether each entered field has seen its top-level ':' (format spec). */
  specs: boolean[];
  startOffset: number;
}

export interface TokenizeOptions {
  /** Python 3 minor version (f-string tokenization differs before 3.12). */
  minor: number;
  /** Tokenize only text[from, to) (default: all). */
  from?: number;
  to?: number;
  /** Start inside brackets: no indentation, newlines ignored, no NEWLINE/ENDMARKER bookkeeping. */
  inParens?: boolean;
}

/** A stream given back by {@link recycleTokens}: the next tokenize() fills it instead of allocating. */
let spareTokens: TokenStream | null = null;

export function tokenize(source: SourceFile, options: TokenizeOptions): { tokens: TokenStream; comments: Array<{ start: number; end: number }> } {
  const spare = spareTokens;
  spareTokens = null;
  const tk = new Tokenizer(source, options, spare);
  tk.run();
  if (spare !== null) tk.out.padEnd();
  return { tokens: tk.out, comments: tk.comments };
}

/** Hands a stream from {@link tokenize} back for reuse, once nothing reads it any more. */
export function recycleTokens(tokens: TokenStream): void {
  // not the biggest ones: a huge file should not pin its arrays for the rest of the run
  if (tokens.kinds.length <= 1 << 20) {
    tokens.reset();
    spareTokens = tokens;
  }
}

class Tokenizer {
  readonly text: string;
  pos: number;
  readonly limit: number;
  readonly pep701: boolean;
  readonly minor: number;
  readonly out: TokenStream;
  readonly comments: Array<{ start: number; end: number }> = [];
  level = 0;
  /** Opening bracket char and offset per open level (the level never exceeds MAXLEVEL). */
  readonly parenChars = new Int32Array(MAXLEVEL + 1);
  readonly parenOffsets = new Int32Array(MAXLEVEL + 1);
  readonly indents: number[] = [0];
  readonly altIndents: number[] = [0];
  readonly modes: FStringMode[] = [];
  private readonly inParens: boolean;
  private failed = false;
  /** Whether the text is ASCII (then no string body holds a U+FDD0, which decoding marks). */
  private readonly asciiText: boolean;
  /** Whether the text has a `\r`: 1 / 0, -1 until first asked. */
  private crState = -1;
  /** Cache of backslashFrom(): the first backslash at or after some earlier position. */
  private nextBackslash = -1;

  constructor(
    readonly source: SourceFile,
    options: TokenizeOptions,
    spare: TokenStream | null = null,
  ) {
    this.text = source.text;
    this.pos = options.from ?? 0;
    this.limit = options.to ?? this.text.length;
    this.pep701 = options.minor >= 12;
    this.minor = options.minor;
    this.inParens = options.inParens ?? false;
    this.asciiText = source.isAscii;
    const n = this.limit - this.pos;
    this.out = spare ?? new TokenStream(Math.max(64, (n >> 2) + 16));
  }

  private fail(message: string, start: number, end = start, kind: TokenizerError["kind"] = "SyntaxError", deferred = false, unclosed = -1): void {
    if (this.failed) return;
    this.failed = true;
    this.out.error = { message, start, end, kind, deferred, unclosed };
    this.out.push(T_ERROR, start, end);
  }

  /** Where CPython puts the DEDENT/ENDMARKER tokens at end of input: before the last line break. */
  private eofOffset(): number {
    const limit = this.limit;
    if (limit > 0) {
      const c = this.text.charCodeAt(limit - 1);
      if (c === 10) return limit >= 2 && this.text.charCodeAt(limit - 2) === 13 ? limit - 2 : limit - 1;
      if (c === 13) return limit - 1;
    }
    return limit;
  }

  private lineOf(offset: number): number {
    return this.source.lineOf(offset);
  }

  run(): void {
    const text = this.text;
    const limit = this.limit;
    const out = this.out;
    let atBol = !this.inParens;
    if (this.inParens) this.level = 1;
    // Whether the current logical line produced any token (NEWLINE is due at its end).
    let lineHasTokens = false;

    for (;;) {
      if (this.failed) return;
      // ---- start of a logical line: indentation
      if (atBol) {
        const r = this.lineStart();
        if (r === LINE_BLANK) continue;
        atBol = false;
        if (r === LINE_FAILED) return;
      }

      // ---- f-string literal parts
      if (this.modes.length > 0) {
        const mode = this.modes[this.modes.length - 1]!;
        if (mode.fieldLevel < 0) {
          this.scanFStringLiteral(mode);
          lineHasTokens = true;
          continue;
        }
      }

      // ---- skip white space
      let p = this.pos;
      let c = 0;
      for (;;) {
        c = p < limit ? text.charCodeAt(p) : -1;
        if (c === 32 || c === 9 || c === 12) p++;
        else break;
      }
      this.pos = p;

      if (c >= 128 || (c >= 0 && ID_CHAR[c] === 1)) {
        lineHasTokens = true;
        this.scanName();
        continue;
      }
      if (c === 10 || c === 13) {
        this.skipNewline();
        if (this.level > 0 || this.inParens) continue;
        if (lineHasTokens) {
          out.push(T_NEWLINE, p, this.pos);
          lineHasTokens = false;
        }
        atBol = true;
        continue;
      }
      if (c === 35) {
        this.scanComment();
        continue;
      }
      if (c === -1 || c === 92) {
        // one call site for the end (every file has one) and the rare backslash continuation, so
        // that a first continuation does not deoptimize this loop
        if (this.endOrContinuation(c, p, lineHasTokens)) return;
        continue;
      }
      lineHasTokens = true;
      if (c === 34 || c === 39) this.scanString(p, p, 0);
      else if (ID_CHAR[c] === 2 || (c === 46 && isDigit(p + 1 < limit ? text.charCodeAt(p + 1) : -1))) this.scanNumber();
      else this.scanOperator(c);
    }
  }

  /**
   * At the start of a logical line: measures the indentation and emits INDENT/DEDENT. Returns
   * LINE_BLANK for a blank or comment-only line (consumed up to its end), LINE_FAILED on an error.
   */
  private lineStart(): number {
    const text = this.text;
    const limit = this.limit;
    let p = this.pos;
    // spaces only (the common case): both columns are their count
    while (p < limit && text.charCodeAt(p) === 32) p++;
    let col = p - this.pos;
    let altcol = col;
    for (;;) {
      const c = p < limit ? text.charCodeAt(p) : -1;
      if (c === 32) {
        col++;
        altcol++;
      } else if (c === 9) {
        col = (Math.floor(col / TABSIZE) + 1) * TABSIZE;
        altcol++;
      } else if (c === 12) {
        col = altcol = 0;
      } else break;
      p++;
    }
    this.pos = p;
    const c = p < limit ? text.charCodeAt(p) : -1;
    if (c === 35 || c === 10 || c === 13 || c === -1) {
      // blank or comment-only line: no indentation processing, no NEWLINE
      if (c === 35) this.scanComment();
      if (this.pos >= limit) return LINE_OK; // EOF
      this.skipNewline();
      return LINE_BLANK;
    }
    if (this.modes.length > 0) return LINE_OK;
    const indents = this.indents;
    const top = indents.length - 1;
    if (col === indents[top]) {
      if (altcol !== this.altIndents[top]) return this.indentError("inconsistent use of tabs and spaces in indentation", p, "TabError");
    } else if (col > indents[top]!) {
      if (indents.length >= MAXINDENT) return this.indentError("too many levels of indentation", p, "IndentationError");
      if (altcol <= this.altIndents[top]!) return this.indentError("inconsistent use of tabs and spaces in indentation", p, "TabError");
      indents.push(col);
      this.altIndents.push(altcol);
      this.out.push(T_INDENT, p, p);
    } else {
      while (indents.length > 1 && col < indents[indents.length - 1]!) {
        indents.pop();
        this.altIndents.pop();
        this.out.push(T_DEDENT, p, p);
      }
      const t = indents.length - 1;
      if (col !== indents[t]) return this.indentError("unindent does not match any outer indentation level", p, "IndentationError");
      if (altcol !== this.altIndents[t]) return this.indentError("inconsistent use of tabs and spaces in indentation", p, "TabError");
    }
    return LINE_OK;
  }

  private indentError(message: string, p: number, kind: TokenizerError["kind"]): number {
    this.fail(message, p, p, kind, true);
    return LINE_FAILED;
  }

  /** At the end of the input (`c` -1, returns true) or at a backslash (returns whether tokenizing stops). */
  private endOrContinuation(c: number, p: number, lineHasTokens: boolean): boolean {
    if (c === -1) {
      this.end(lineHasTokens);
      return true;
    }
    // a backslash continuation alone does not make the line a statement
    return !this.continuation(p);
  }

  /** At the end of the input. */
  private end(lineHasTokens: boolean): void {
    const out = this.out;
    const limit = this.limit;
    if (this.inParens) {
      out.push(T_ENDMARKER, limit, limit);
      return;
    }
    if (this.modes.length > 0) {
      const m = this.modes[this.modes.length - 1]!;
      this.unterminatedFString(m);
      return;
    }
    if (this.level > 0) {
      const ch = String.fromCharCode(this.parenChars[this.level - 1]!);
      const at = this.parenOffsets[this.level - 1]!;
      this.fail(`'${ch}' was never closed`, at, at + 1, "SyntaxError", true, at);
      return;
    }
    if (lineHasTokens) out.push(T_NEWLINE, limit, limit);
    const eof = this.eofOffset();
    for (let i = this.indents.length - 1; i > 0; i--) out.push(T_DEDENT, eof, eof);
    out.push(T_ENDMARKER, eof, eof);
  }

  /** At a backslash: a line continuation (true), or an error (false). */
  private continuation(p: number): boolean {
    const limit = this.limit;
    const n = p + 1 < limit ? this.text.charCodeAt(p + 1) : -1;
    if (n === 10 || n === 13) {
      this.pos = p + 1;
      this.skipNewline();
      if (this.pos >= limit) {
        this.fail("unexpected EOF while parsing", this.pos, this.pos, "SyntaxError", true);
        return false;
      }
      return true;
    }
    if (n === -1) {
      this.fail("unexpected EOF while parsing", p + 1, p + 1, "SyntaxError", true);
      return false;
    }
    this.fail("unexpected character after line continuation character", p + 1, p + 1, "SyntaxError", true);
    return false;
  }

  private skipNewline(): void {
    // branch-free, so that the first `\r\n` does not reach code without type feedback in optimized callers
    const text = this.text;
    const p = this.pos;
    const next = p + 1 < this.limit ? text.charCodeAt(p + 1) : -1;
    this.pos = p + 1 + (((text.charCodeAt(p) ^ 13) | (next ^ 10)) === 0 ? 1 : 0);
  }

  private scanComment(): void {
    const text = this.text;
    const start = this.pos;
    let p = start;
    const limit = this.limit;
    if (this.hasCR()) {
      while (p < limit) {
        const c = text.charCodeAt(p);
        if (c === 10 || c === 13) break;
        p++;
      }
    } else {
      // without `\r` in the text the comment ends at the next `\n`, which indexOf finds fastest
      p = text.indexOf("\n", p);
      if (p < 0 || p > limit) p = limit;
    }
    this.comments.push({ start, end: p });
    this.pos = p;
  }

  /** Whether the text has any `\r` (computed on first use). */
  private hasCR(): boolean {
    if (this.crState < 0) this.crState = this.text.indexOf("\r") >= 0 ? 1 : 0;
    return this.crState === 1;
  }

  /**
   * End of a triple-quoted string body starting at `p` (just past the closing quotes), or -1 when
   * unterminated. Jumps between candidate closing quotes and backslashes with indexOf.
   */
  private tripleEnd(p: number, quote: number): number {
    const text = this.text;
    const limit = this.limit;
    const close = quote === 34 ? '"""' : "'''";
    let q = text.indexOf(close, p);
    for (;;) {
      if (q < 0 || q + 3 > limit) return -1;
      const b = this.backslashFrom(p);
      if (b >= q) return q + 3;
      // an escape before the candidate end: skip the escaped character (`\r\n` counts as one)
      p = b + 2;
      if (text.charCodeAt(b + 1) === 13 && text.charCodeAt(b + 2) === 10) p++;
      if (p > q) q = text.indexOf(close, p);
    }
  }

  /** Offset of the first backslash at or after `p` (text length when none). */
  private backslashFrom(p: number): number {
    if (this.nextBackslash < p) {
      // the position only moves forward, so one search serves every string up to that backslash
      const b = this.text.indexOf("\\", p);
      this.nextBackslash = b < 0 ? this.text.length : b;
    }
    return this.nextBackslash;
  }

  /** A name, keyword, or the prefix of a string literal (then the string). */
  private scanName(): void {
    const text = this.text;
    const limit = this.limit;
    const start = this.pos;
    let p = start + 1;
    let ascii = text.charCodeAt(start) < 128;
    let c = -1;
    while (p < limit) {
      c = text.charCodeAt(p);
      if (c < 128) {
        if (ID_CHAR[c] === 0) break;
      } else ascii = false;
      p++;
    }
    // string prefixes are at most 5 letters (3.14 accepts any set of b, r, u, f, t)
    if ((c === 34 || c === 39) && p < limit && p - start <= 5 && ascii && this.tryString()) return;
    this.pos = p;
    if (!ascii) {
      this.nonAsciiName(start, p);
      return;
    }
    this.out.push(keywordKind(text, start, p - start), start, p);
  }

  private nonAsciiName(start: number, p: number): void {
    const id = this.text.slice(start, p);
    const bad = invalidIdentifierIndex(id);
    if (bad >= 0) {
      const cp = id.codePointAt(bad)!;
      const hex = cp.toString(16).toUpperCase().padStart(4, "0");
      const ch = String.fromCodePoint(cp);
      const at = start + bad;
      if (NON_PRINTABLE.test(ch)) this.fail(`invalid non-printable character U+${hex}`, at, at + ch.length);
      else this.fail(`invalid character '${ch}' (U+${hex})`, at, at + ch.length);
      return;
    }
    this.out.push(T_NAME, start, p, F_NONASCII);
  }

  /** At an ASCII letter: a string prefix followed by a quote? Then scan the string and return true. */
  private tryString(): boolean {
    const text = this.text;
    let p = this.pos;
    let c = -1;
    let sawB = false;
    let sawR = false;
    let sawU = false;
    let sawF = false;
    let sawT = false;
    const loose = this.minor >= 14;
    for (;;) {
      c = p < this.limit ? text.charCodeAt(p) : -1;
      const lc = c | 32;
      if (loose) {
        // 3.14 takes any set of prefix letters and reports incompatible ones
        if (lc === 98 && !sawB) sawB = true;
        else if (lc === 117 && !sawU) sawU = true;
        else if (lc === 114 && !sawR) sawR = true;
        else if (lc === 102 && !sawF) sawF = true;
        else if (lc === 116 && !sawT) sawT = true;
        else break;
      } else if (lc === 98 /* b */ && !sawB && !sawU && !sawF && !sawT) sawB = true;
      else if (lc === 114 /* r */ && !sawR && !sawU) sawR = true;
      else if (lc === 117 /* u */ && !sawB && !sawR && !sawU && !sawF && !sawT) sawU = true;
      else if (lc === 102 /* f */ && !sawF && !sawB && !sawU && !sawT) sawF = true;
      else if (lc === 116 /* t */ && !sawT && !sawB && !sawU && !sawF) sawT = true;
      else break;
      p++;
    }
    if ((c === 34 || c === 39) && p > this.pos) {
      if (loose) {
        const bad = sawU && sawB ? "'u' and 'b'" : sawU && sawR ? "'u' and 'r'" : sawU && sawF ? "'u' and 'f'" : sawU && sawT ? "'u' and 't'"
          : sawB && sawF ? "'b' and 'f'" : sawB && sawT ? "'b' and 't'" : sawF && sawT ? "'f' and 't'" : null;
        if (bad) {
          this.fail(`${bad} prefixes are incompatible`, this.pos, p);
          this.pos = p;
          return true;
        }
      }
      let flags = 0;
      if (sawB) flags |= F_BYTES;
      if (sawR) flags |= F_RAW;
      if (sawU) flags |= F_UNICODE;
      if (sawF) flags |= F_FSTRING;
      if (sawT) flags |= F_TSTRING;
      this.scanString(this.pos, p, flags);
      return true;
    }
    return false;
  }

  /** A string literal whose prefix starts at `start` and whose opening quote is at `q`. */
  private scanString(start: number, q: number, flags: number): void {
    const text = this.text;
    const limit = this.limit;
    const quote = text.charCodeAt(q);
    let triple = false;
    let p = q + 1;
    if (p + 1 < limit && text.charCodeAt(p) === quote && text.charCodeAt(p + 1) === quote) {
      triple = true;
      p += 2;
    }
    if ((flags & (F_FSTRING | F_TSTRING)) !== 0 && this.pep701) {
      this.out.push(T_FSTRING_START, start, p, flags);
      this.modes.push({
        quote,
        triple,
        raw: (flags & F_RAW) !== 0,
        tstring: (flags & F_TSTRING) !== 0,
        fieldLevel: -1,
        inFormatSpec: false,
        fields: [],
        specs: [],
        startOffset: start,
      });
      this.pos = p;
      return;
    }
    if (triple) {
      // asked before tripleEnd moves the backslash cache past the body
      const backslash = this.backslashFrom(p);
      const end = this.tripleEnd(p, quote);
      if (end < 0) {
        const line = this.lineOf(this.eofOffset());
        this.fail(`unterminated triple-quoted string literal (detected at line ${line})`, start);
        return;
      }
      this.pos = end;
      const plain = backslash >= end - 3 && this.asciiText && !this.hasCR();
      this.out.push(T_STRING, start, end, plain ? flags | F_PLAIN : flags);
      return;
    }
    let escapes = false;
    let escapedQuote = false;
    for (;;) {
      if (p >= limit) {
        const line = this.lineOf(this.eofOffset());
        if (triple) this.fail(`unterminated triple-quoted string literal (detected at line ${line})`, start);
        else this.fail(`unterminated string literal (detected at line ${line})`, start);
        return;
      }
      const c = text.charCodeAt(p);
      if (c === quote) {
        if (!triple) {
          p++;
          break;
        }
        if (p + 2 < limit + 0 && text.charCodeAt(p + 1) === quote && text.charCodeAt(p + 2) === quote) {
          p += 3;
          break;
        }
        p++;
      } else if (c === 92) {
        escapes = true;
        p++;
        if (p < limit) {
          const d = text.charCodeAt(p);
          if (d === quote) escapedQuote = true;
          if (d === 13 && p + 1 < limit && text.charCodeAt(p + 1) === 10) p += 2;
          else p++;
        }
      } else if ((c === 10 || c === 13) && !triple) {
        const line = this.lineOf(p);
        const hint = this.minor >= 14 && escapedQuote ? "; perhaps you escaped the end quote?" : "";
        this.fail(`unterminated string literal (detected at line ${line})${hint}`, start);
        return;
      } else p++;
    }
    this.pos = p;
    // a `\r` cannot stand in a one-line string body except after a backslash
    this.out.push(T_STRING, start, p, !escapes && this.asciiText ? flags | F_PLAIN : flags);
  }

  private unterminatedFString(m: FStringMode): void {
    const line = this.lineOf(this.eofOffset());
    const what = m.tstring ? "t-string" : "f-string";
    if (m.triple) this.fail(`unterminated triple-quoted ${what} literal (detected at line ${line})`, m.startOffset);
    else this.fail(`unterminated ${what} literal (detected at line ${line})`, m.startOffset);
  }

  /** Literal text of an f-string (or of a format spec), up to a field, the end of the spec or the closing quote. */
  private scanFStringLiteral(m: FStringMode): void {
    const text = this.text;
    const limit = this.limit;
    const start = this.pos;
    let p = start;
    const quote = m.quote;
    for (;;) {
      if (p >= limit) {
        this.pos = p;
        this.unterminatedFString(m);
        return;
      }
      const c = text.charCodeAt(p);
      if (c === quote) {
        if (!m.triple || (p + 2 < limit && text.charCodeAt(p + 1) === quote && text.charCodeAt(p + 2) === quote)) {
          if (m.inFormatSpec) {
            // the quote closes the string while a replacement field is open
            if (p > start) this.out.push(T_FSTRING_MIDDLE, start, p);
            this.pos = p;
            this.fail(m.tstring ? "t-string: expecting '}'" : "f-string: expecting '}'", p);
            return;
          }
          if (p > start) this.out.push(T_FSTRING_MIDDLE, start, p);
          const end = p + (m.triple ? 3 : 1);
          this.out.push(T_FSTRING_END, p, end);
          this.modes.pop();
          this.pos = end;
          return;
        }
        p++;
        continue;
      }
      if (c === 123 /* { */) {
        if (!m.inFormatSpec && p + 1 < limit && text.charCodeAt(p + 1) === 123) {
          p += 2;
          continue;
        }
        if (p > start) this.out.push(T_FSTRING_MIDDLE, start, p);
        if (this.level >= MAXLEVEL) {
          this.fail("too many nested parentheses", p);
          return;
        }
        if (m.fields.length >= 3 && m.inFormatSpec) {
          this.fail(m.tstring ? "t-string: expressions nested too deeply" : "f-string: expressions nested too deeply", p);
          return;
        }
        this.parenChars[this.level] = 123;
        this.parenOffsets[this.level] = p;
        this.level++;
        this.out.push(T_LBRACE, p, p + 1);
        m.fields.push(this.level);
        m.specs.push(false);
        m.fieldLevel = this.level;
        m.inFormatSpec = false;
        this.pos = p + 1;
        return;
      }
      if (c === 125 /* } */) {
        if (!m.inFormatSpec && p + 1 < limit && text.charCodeAt(p + 1) === 125) {
          p += 2;
          continue;
        }
        if (m.inFormatSpec) {
          // end of the format spec: the '}' closes the replacement field
          if (p > start) this.out.push(T_FSTRING_MIDDLE, start, p);
          this.pos = p;
          this.closeField(m, p);
          return;
        }
        this.pos = p;
        this.fail(m.tstring ? "t-string: single '}' is not allowed" : "f-string: single '}' is not allowed", p);
        return;
      }
      if (c === 92 /* \ */) {
        const d = p + 1 < limit ? text.charCodeAt(p + 1) : -1;
        if (d === 123 || d === 125) {
          // the brace is not escaped: it still opens/closes a field
          p++;
          continue;
        }
        if (!m.raw && d === 78 /* N */ && p + 2 < limit && text.charCodeAt(p + 2) === 123) {
          // \N{NAME}: the braces are not a field
          let q = p + 3;
          while (q < limit) {
            const e = text.charCodeAt(q);
            if (e === 125 || e === quote || e === 10 || e === 13) break;
            q++;
          }
          p = q < limit && text.charCodeAt(q) === 125 ? q + 1 : q;
          continue;
        }
        if (d === 13 && p + 2 < limit && text.charCodeAt(p + 2) === 10) p += 3;
        else p += d === -1 ? 1 : 2;
        continue;
      }
      if ((c === 10 || c === 13) && !m.triple) {
        this.pos = p;
        if (m.inFormatSpec) {
          if (p > start) this.out.push(T_FSTRING_MIDDLE, start, p);
          this.fail(m.tstring ? "t-string: newlines are not allowed in format specifiers for single quoted t-strings" : "f-string: newlines are not allowed in format specifiers for single quoted f-strings", p);
          return;
        }
        const line = this.lineOf(p);
        const what = m.tstring ? "t-string" : "f-string";
        this.fail(`unterminated ${what} literal (detected at line ${line})`, m.startOffset);
        return;
      }
      p++;
    }
  }

  /** At `}` closing the innermost replacement field of `m`. */
  private closeField(m: FStringMode, p: number): void {
    this.level--;
    this.out.push(T_RBRACE, p, p + 1);
    m.fields.pop();
    m.specs.pop();
    this.pos = p + 1;
    if (m.fields.length > 0) {
      // back in the enclosing field's format spec
      m.fieldLevel = -1;
      m.inFormatSpec = true;
    } else {
      m.fieldLevel = -1;
      m.inFormatSpec = false;
    }
  }

  private at(i: number): number {
    return i < this.limit ? this.text.charCodeAt(i) : -1;
  }

  /** At a digit of kind `base` (2, 8, 10, 16): digits separated by single underscores; -1 on a bad `_`. */
  private digits(p: number, base: number): number {
    for (;;) {
      while (isDigitOf(this.at(p), base)) p++;
      if (this.at(p) !== 95) return p;
      p++;
      if (!isDigitOf(this.at(p), base)) return -p;
    }
  }

  private scanNumber(): void {
    const start = this.pos;
    let p = start;
    let c = this.at(p);
    if (c === 48 /* 0 */) {
      const n = this.at(p + 1) | 32;
      if (n === 120 /* x */ || n === 111 /* o */ || n === 98 /* b */) {
        p += 2;
        const kindName = n === 120 ? "hexadecimal" : n === 111 ? "octal" : "binary";
        const base = n === 120 ? 16 : n === 111 ? 8 : 2;
        if (this.at(p) === 95) p++;
        if (!isDigitOf(this.at(p), base)) {
          const d = this.at(p);
          if (n !== 120 && isDigit(d)) this.fail(`invalid digit '${String.fromCharCode(d)}' in ${kindName} literal`, p, p + 1);
          else this.fail(`invalid ${kindName} literal`, start, p);
          return;
        }
        const q = this.digits(p, base);
        if (q < 0) {
          this.fail(`invalid ${kindName} literal`, -q - 1, -q);
          return;
        }
        p = q;
        const d = this.at(p);
        if (n !== 120 && isDigit(d)) {
          this.fail(`invalid digit '${String.fromCharCode(d)}' in ${kindName} literal`, p, p + 1);
          return;
        }
        if (!this.verifyEndOfNumber(p, kindName)) return;
        this.pos = p;
        this.out.push(T_NUMBER, start, p);
        return;
      }
      // decimal zero, possibly leading zeros, possibly a float
      for (;;) {
        while (this.at(p) === 48) p++;
        if (this.at(p) === 95) {
          p++;
          if (!isDigit(this.at(p))) {
            this.fail("invalid decimal literal", p - 1, p);
            return;
          }
          continue;
        }
        break;
      }
      const zerosEnd = p;
      let nonzero = false;
      if (isDigit(this.at(p))) {
        nonzero = true;
        const q = this.digits(p, 10);
        if (q < 0) {
          this.fail("invalid decimal literal", -q - 1, -q);
          return;
        }
        p = q;
      }
      c = this.at(p);
      if (c === 46 || (c | 32) === 101 || (c | 32) === 106) {
        this.scanFraction(start, p);
        return;
      }
      if (nonzero) {
        this.fail("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", start, zerosEnd + 1);
        return;
      }
      if (!this.verifyEndOfNumber(p, "decimal")) return;
      this.pos = p;
      this.out.push(T_NUMBER, start, p);
      return;
    }
    if (c !== 46) {
      const q = this.digits(p, 10);
      if (q < 0) {
        this.fail("invalid decimal literal", -q - 1, -q);
        return;
      }
      p = q;
      c = this.at(p);
      if (c !== 46 && (c | 32) !== 101 && (c | 32) !== 106) {
        if (!this.verifyEndOfNumber(p, "decimal")) return;
        this.pos = p;
        this.out.push(T_NUMBER, start, p);
        return;
      }
    }
    this.scanFraction(start, p);
  }

  /** At `.`, `e` or `j` after the integer part (or at the `.` of `.5`). */
  private scanFraction(start: number, p: number): void {
    let c = this.at(p);
    if (c === 46) {
      p++;
      if (isDigit(this.at(p))) {
        const q = this.digits(p, 10);
        if (q < 0) {
          this.fail("invalid decimal literal", -q - 1, -q);
          return;
        }
        p = q;
      }
      c = this.at(p);
    }
    if ((c | 32) === 101) {
      const e = p;
      p++;
      let d = this.at(p);
      if (d === 43 || d === 45) {
        p++;
        d = this.at(p);
        if (!isDigit(d)) {
          this.fail("invalid decimal literal", p, p);
          return;
        }
      } else if (!isDigit(d)) {
        // not an exponent: `1else`
        p = e;
        if (!this.verifyEndOfNumber(p, "decimal")) return;
        this.pos = p;
        this.out.push(T_NUMBER, start, p);
        return;
      }
      const q = this.digits(p, 10);
      if (q < 0) {
        this.fail("invalid decimal literal", -q - 1, -q);
        return;
      }
      p = q;
      c = this.at(p);
    }
    if ((c | 32) === 106) {
      p++;
      if (!this.verifyEndOfNumber(p, "imaginary")) return;
    } else if (!this.verifyEndOfNumber(p, "decimal")) return;
    this.pos = p;
    this.out.push(T_NUMBER, start, p);
  }

  /** CPython's verify_end_of_number: a number glued to a name is an error, except before some keywords. */
  private verifyEndOfNumber(p: number, kind: string): boolean {
    const text = this.text;
    const c = this.at(p);
    if (c < 0 || c >= 128 || ID_CHAR[c] === 0) return true;
    let ok = false;
    if (c === 97) ok = text.startsWith("and", p);
    else if (c === 101) ok = text.startsWith("else", p);
    else if (c === 102) ok = text.startsWith("for", p);
    else if (c === 105) {
      const d = this.at(p + 1);
      ok = d === 102 || d === 110 || d === 115;
    } else if (c === 111) ok = text.startsWith("or", p);
    else if (c === 110) ok = text.startsWith("not", p);
    if (ok) return true;
    this.pos = p;
    this.fail(`invalid ${kind} literal`, p - 1, p);
    return false;
  }

  private scanOperator(c: number): void {
    const text = this.text;
    const p = this.pos;
    const limit = this.limit;
    const c1 = p + 1 < limit ? text.charCodeAt(p + 1) : -1;
    let kind = OP1[c]!;
    let len = 1;
    if (kind === T_LPAR || kind === T_LSQB || kind === T_LBRACE) {
      if (!this.openBracket(c, p)) return;
    } else if (kind === T_RPAR || kind === T_RSQB || kind === T_RBRACE) {
      if (!this.closeBracket(c, p)) return;
    } else if (c === 58 && this.modes.length > 0 && this.atFieldLevel()) {
      // start of the format spec of an f-string replacement field
      const mode = this.modes[this.modes.length - 1]!;
      this.out.push(T_COLON, p, p + 1);
      mode.fieldLevel = -1;
      mode.inFormatSpec = true;
      this.pos = p + 1;
      return;
    } else if (c1 === 61 && OPEQ[c] !== 0) {
      kind = OPEQ[c]!;
      len = 2;
    } else if (c1 === c && OP2[c] !== 0) {
      // `**`, `//`, `<<`, `>>` (and `**=`…), `...`
      const c2 = p + 2 < limit ? text.charCodeAt(p + 2) : -1;
      if (c === 46) {
        if (c2 === 46) {
          kind = T_ELLIPSIS;
          len = 3;
        }
      } else if (c2 === 61) {
        kind = OP2EQ[c]!;
        len = 3;
      } else {
        kind = OP2[c]!;
        len = 2;
      }
    } else if (c === 45 && c1 === 62) {
      kind = T_RARROW;
      len = 2;
    } else if (c === 60 && c1 === 62) {
      // `<>` is only valid with the barry_as_FLUFL future; report like CPython does
      kind = T_UNKNOWN;
      len = 2;
    } else if (kind === 0) {
      this.badCharacter(c, p);
      return;
    } else if (c === 33 && this.modes.length === 0) kind = T_UNKNOWN;
    this.out.push(kind, p, p + len);
    this.pos = p + len;
  }

  /** Whether the bracket level is that of the innermost f-string replacement field. */
  private atFieldLevel(): boolean {
    const mode = this.modes[this.modes.length - 1]!;
    return mode.fieldLevel === this.level;
  }

  private openBracket(c: number, p: number): boolean {
    if (this.level >= MAXLEVEL) {
      this.fail("too many nested parentheses", p, p + 1);
      return false;
    }
    this.parenChars[this.level] = c;
    this.parenOffsets[this.level] = p;
    this.level++;
    return true;
  }

  /** At `)`, `]` or `}`: true when it is an ordinary closing bracket (the caller emits it). */
  private closeBracket(c: number, p: number): boolean {
    const mode = this.modes.length > 0 ? this.modes[this.modes.length - 1]! : null;
    if (mode !== null && mode.fieldLevel === this.level && c === 125) {
      this.closeField(mode, p);
      return false;
    }
    if (this.level === 0 || (mode !== null && mode.fieldLevel >= 0 && this.level === mode.fieldLevel)) {
      this.fail(`unmatched '${String.fromCharCode(c)}'`, p, p + 1);
      return false;
    }
    const open = this.parenChars[this.level - 1]!;
    const want = open === 40 ? 41 : open === 91 ? 93 : 125;
    if (c !== want) {
      const openAt = this.parenOffsets[this.level - 1]!;
      const l1 = this.lineOf(openAt);
      const l2 = this.lineOf(p);
      const msg =
        l1 !== l2
          ? `closing parenthesis '${String.fromCharCode(c)}' does not match opening parenthesis '${String.fromCharCode(open)}' on line ${l1}`
          : `closing parenthesis '${String.fromCharCode(c)}' does not match opening parenthesis '${String.fromCharCode(open)}'`;
      this.fail(msg, p, p + 1);
      return false;
    }
    this.level--;
    return true;
  }

  /** A character that starts no token: `$`, `?` and a backtick become T_UNKNOWN, others are errors. */
  private badCharacter(c: number, p: number): void {
    if (c === 36 || c === 63 || c === 96) {
      this.out.push(T_UNKNOWN, p, p + 1);
      this.pos = p + 1;
      return;
    }
    const cp = this.text.codePointAt(p)!;
    const ch = String.fromCodePoint(cp);
    const hex = cp.toString(16).toUpperCase().padStart(4, "0");
    if (NON_PRINTABLE.test(ch)) this.fail(`invalid non-printable character U+${hex}`, p, p + 1);
    else this.fail(`invalid character '${ch}' (U+${hex})`, p, p + 1);
  }
}

/** Turns a recorded tokenizer error into the exception CPython would raise. */
export function tokenizerError(source: SourceFile, e: TokenizerError): PythonSyntaxError {
  return source.syntaxError(e.message, e.start, e.end, e.kind);
}

/**
 * Tokens of a ≤3.11 f-string replacement field `{expr…` as CPython 3.11 compiles it: the text between
 * the braces wrapped in parentheses, the `(` standing on the `{` and the `)` on the character that
 * ended the expression. Offsets are real offsets into the source.
 */
export function tokenizeFStringExpr311(source: SourceFile, brace: number, exprEnd: number, minor: number): TokenStream {
  const tk = new Tokenizer(source, { minor, from: brace + 1, to: exprEnd, inParens: true });
  const out = new TokenStream(16);
  out.push(T_LPAR, brace, brace + 1);
  tk.run();
  const inner = tk.out;
  for (let i = 0; i < inner.count; i++) {
    const k = inner.kinds[i]!;
    if (k === T_ENDMARKER) break;
    out.push(k, inner.starts[i]!, inner.ends[i]!, inner.flags[i]!);
  }
  if (inner.error) {
    out.error = inner.error;
    return out;
  }
  out.push(T_RPAR, exprEnd, exprEnd + 1);
  out.push(T_ENDMARKER, exprEnd + 1, exprEnd + 1);
  return out;
}
