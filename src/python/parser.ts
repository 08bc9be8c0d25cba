/**
 * Hand-written recursive-descent parser for Python 3.8–3.14, producing the AST of ast.ts exactly as
 * CPython's `ast.parse` does (node shapes, contexts, positions), and rejecting what it rejects.
 *
 * Design:
 * - The tokenizer runs first and yields a flat token array, so lookahead is an index away.
 * - Positions follow CPython's PEG actions: a node spans from the first token its rule consumed to
 *   the last one (parentheses included where the rule consumed them), which is why every parse
 *   function remembers its starting token index `s` rather than using child positions.
 * - Binary operators use precedence climbing; assignment targets are parsed as expressions and
 *   converted to Store/Del context afterwards; soft keywords use cheap token lookahead, and `match`
 *   a bounded trial parse of its subject.
 * - Node objects are created with one property order per type (monomorphic shapes).
 */
import type * as A from "./ast.js";
import { ELLIPSIS, PyComplex } from "./ast.js";
import { DEFAULT_MINOR, PythonSyntaxError } from "./errors.js";
import { SourceFile, sourceFromString } from "./source.js";
import { LiteralError, decodeBytes, decodeStr, finalizeStr, firstNonAscii, literalMarks } from "./strings.js";
import {
  F_BYTES, F_FSTRING, F_RAW, F_TSTRING, KIND_TEXT,
  K_AND, K_AS, K_ASSERT, K_ASYNC, K_AWAIT, K_BREAK, K_CLASS, K_CONTINUE, K_DEF, K_DEL, K_ELIF,
  K_ELSE, K_EXCEPT, K_FALSE, K_FINALLY, K_FOR, K_FROM, K_GLOBAL, K_IF, K_IMPORT, K_IN, K_IS,
  K_LAMBDA, K_NONE, K_NONLOCAL, K_NOT, K_OR, K_PASS, K_RAISE, K_RETURN, K_TRUE, K_TRY, K_WHILE,
  K_WITH, K_YIELD,
  T_AMPER, T_AMPEREQUAL, T_AT, T_ATEQUAL, T_CIRCUMFLEX, T_CIRCUMFLEXEQUAL, T_COLON, T_COLONEQUAL,
  T_COMMA, T_DEDENT, T_DOT, T_DOUBLESLASH, T_DOUBLESLASHEQUAL, T_DOUBLESTAR, T_DOUBLESTAREQUAL,
  T_ELLIPSIS, T_ENDMARKER, T_EQEQUAL, T_EQUAL, T_ERROR, T_EXCLAMATION, T_FSTRING_END,
  T_FSTRING_MIDDLE, T_FSTRING_START, T_GREATER, T_GREATEREQUAL, T_INDENT, T_LBRACE, T_LEFTSHIFT,
  T_LEFTSHIFTEQUAL, T_LESS, T_LESSEQUAL, T_LPAR, T_LSQB, T_MINEQUAL, T_MINUS, T_NAME, T_NEWLINE,
  T_NOTEQUAL, T_NUMBER, T_PERCENT, T_PERCENTEQUAL, T_PLUS, T_PLUSEQUAL, T_RARROW, T_RBRACE,
  T_RIGHTSHIFT, T_RIGHTSHIFTEQUAL, T_RPAR, T_RSQB, T_SEMI, T_SLASH, T_SLASHEQUAL, T_STAR,
  T_STAREQUAL, T_STRING, T_TILDE, T_VBAR, T_VBAREQUAL,
  F_NONASCII, F_PLAIN, TokenStream, recycleTokens, tokenize, tokenizeFStringExpr311,
} from "./tokenizer.js";

export interface ParseOptions {
  /** Python 3.minor target, 8..14 (default 14). */
  minor?: number;
}

export interface ParseResult {
  module: A.Module;
  /** Every `#` comment, as offsets, in source order. */
  comments: Array<{ start: number; end: number }>;
}

export function parseSource(source: SourceFile, options: ParseOptions = {}): ParseResult {
  const minor = options.minor ?? DEFAULT_MINOR;
  literalMarks.seen = false;
  markedStrings.length = 0;
  const { tokens, comments } = tokenize(source, { minor });
  const parser = new Parser(source, tokens, minor, false);
  let module: A.Module;
  try {
    module = parser.parseFile();
  } catch (e) {
    if (e instanceof RangeError) {
      // A JS stack overflow on absurdly deep nesting: CPython fails too ("too complex").
      throw source.syntaxError("too many nested expressions (too complex)", tokens.starts[Math.min(parser.p, tokens.count - 1)] ?? 0);
    }
    throw e;
  } finally {
    recycleTokens(tokens);
  }
  if (markedStrings.length > 0) finalizeStrings();
  source.namesComplete();
  return { module, comments };
}

/**
 * The str constants created since the first marked literal of the file (see `literalMarks` in
 * strings.ts): only they can hold marks, so only they are finalized — no walk over the whole tree.
 */
const markedStrings: A.Constant[] = [];

/** Replaces marked str constants by their final values. */
function finalizeStrings(): void {
  for (const c of markedStrings) if (typeof c.value === "string") c.value = finalizeStr(c.value);
  markedStrings.length = 0;
}

/** A str Constant node; registered for finalizing once the file has a marked literal. */
function strConstant(value: string, kind: string | null, start: number, end: number): A.Constant {
  const c: A.Constant = { _type: "Constant", value, kind, start, end };
  if (literalMarks.seen) markedStrings.push(c);
  return c;
}

/** Debug text of an f-string field (`f"{x=}"`) is source text, where a U+FDD0 is not doubled: finalizing would misread it. */
function noteDebugText(text: string): void {
  if (text.indexOf("\ufdd0") >= 0) literalMarks.seen = true;
}

export function parseModule(text: string, options: ParseOptions & { path?: string } = {}): ParseResult {
  return parseSource(sourceFromString(text, options.path ?? "<string>"), options);
}

// ---------------------------------------------------------------- tables

const enum Ctx {
  Store,
  Del,
}

/** Binary operator precedence per token kind (0: not a binary operator). */
const BIN_PREC = new Uint8Array(128);
const BIN_OP: A.Operator[] = [];
function binop(kind: number, prec: number, op: A.Operator): void {
  BIN_PREC[kind] = prec;
  BIN_OP[kind] = op;
}
binop(T_VBAR, 1, "BitOr");
binop(T_CIRCUMFLEX, 2, "BitXor");
binop(T_AMPER, 3, "BitAnd");
binop(T_LEFTSHIFT, 4, "LShift");
binop(T_RIGHTSHIFT, 4, "RShift");
binop(T_PLUS, 5, "Add");
binop(T_MINUS, 5, "Sub");
binop(T_STAR, 6, "Mult");
binop(T_SLASH, 6, "Div");
binop(T_DOUBLESLASH, 6, "FloorDiv");
binop(T_PERCENT, 6, "Mod");
binop(T_AT, 6, "MatMult");

const AUG_OP: Array<A.Operator | undefined> = [];
AUG_OP[T_PLUSEQUAL] = "Add";
AUG_OP[T_MINEQUAL] = "Sub";
AUG_OP[T_STAREQUAL] = "Mult";
AUG_OP[T_SLASHEQUAL] = "Div";
AUG_OP[T_DOUBLESLASHEQUAL] = "FloorDiv";
AUG_OP[T_PERCENTEQUAL] = "Mod";
AUG_OP[T_ATEQUAL] = "MatMult";
AUG_OP[T_AMPEREQUAL] = "BitAnd";
AUG_OP[T_VBAREQUAL] = "BitOr";
AUG_OP[T_CIRCUMFLEXEQUAL] = "BitXor";
AUG_OP[T_LEFTSHIFTEQUAL] = "LShift";
AUG_OP[T_RIGHTSHIFTEQUAL] = "RShift";
AUG_OP[T_DOUBLESTAREQUAL] = "Pow";

/** Token kinds that can start an expression (1), or a star-expression only (2: `*`). */
const EXPR_START = new Uint8Array(128);
for (const k of [
  T_NAME, T_NUMBER, T_STRING, T_FSTRING_START, T_LPAR, T_LSQB, T_LBRACE, T_MINUS, T_PLUS, T_TILDE,
  T_ELLIPSIS, K_NOT, K_LAMBDA, K_AWAIT, K_NONE, K_TRUE, K_FALSE,
]) EXPR_START[k] = 1;
EXPR_START[T_STAR] = 2;

/** Token kinds that start a comparison operator (`not` only as part of `not in`). */
const CMP_START = new Uint8Array(128);
for (const k of [T_EQEQUAL, T_NOTEQUAL, T_LESS, T_LESSEQUAL, T_GREATER, T_GREATEREQUAL, K_IN, K_IS, K_NOT]) CMP_START[k] = 1;

/** Tokens that are a whole atom by themselves (strings: when no other string follows). */
const ATOM = new Uint8Array(128);
for (const k of [T_NAME, T_NUMBER, T_STRING, K_NONE, K_TRUE, K_FALSE, T_ELLIPSIS]) ATOM[k] = 1;

/** Tokens after an atom that continue a bitwise-or operand: trailers, `**`, binary operators, adjacent strings. */
const BITOR_CONT = new Uint8Array(128);
for (const k of [T_DOT, T_LPAR, T_LSQB, T_DOUBLESTAR, T_STRING, T_FSTRING_START]) BITOR_CONT[k] = 1;
for (let k = 0; k < 128; k++) if (BIN_PREC[k] !== 0) BITOR_CONT[k] = 1;

/** Tokens after an atom that continue an `expression`: the above, comparisons, `and`, `or`, `if`. */
const EXPR_CONT = BITOR_CONT.slice();
for (let k = 0; k < 128; k++) if (CMP_START[k] !== 0) EXPR_CONT[k] = 1;
EXPR_CONT[K_AND] = 1;
EXPR_CONT[K_OR] = 1;
EXPR_CONT[K_IF] = 1;

const MAX_DEPTH = 3000;

const FUTURE_FEATURES = new Set([
  "nested_scopes", "generators", "division", "absolute_import", "with_statement", "print_function",
  "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations",
]);

// ---------------------------------------------------------------- the parser

type FValue = A.Constant | A.FormattedValue | A.Interpolation;
type FPiece = A.Constant | A.JoinedStr | A.TemplateStr;

class Parser {
  readonly text: string;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly flags: Uint8Array;
  /** Token offsets for reading token text; differ from `starts`/`ends` only where 3.11 positions are quirky. */
  readonly ts: Int32Array;
  readonly te: Int32Array;
  p = 0;
  private depth = 0;
  /** In trial parses for error messages: a binary operator without a right operand ends the expression (PEG backtracking). */
  private lenient = false;

  constructor(
    readonly source: SourceFile,
    readonly tokens: TokenStream,
    readonly minor: number,
    /** A ≤3.11 f-string replacement field parsed on its own. */
    readonly fstringExpr: boolean,
    textStarts?: Int32Array,
    textEnds?: Int32Array,
  ) {
    this.text = source.text;
    this.kinds = tokens.kinds;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
    this.flags = tokens.flags;
    this.ts = textStarts ?? tokens.starts;
    this.te = textEnds ?? tokens.ends;
  }

  // ------------------------------------------------------------ errors

  private error(message: string, start: number, end = start, kind: "SyntaxError" | "IndentationError" | "TabError" = "SyntaxError"): never {
    throw this.source.syntaxError(this.fstringExpr ? `f-string: ${message}` : message, start, end, kind);
  }

  private errorAtToken(message: string, i = this.p): never {
    this.error(message, this.starts[i]!, this.ends[i]!);
  }

  private errorAtNode(message: string, node: A.Located): never {
    this.error(message, node.start, node.end);
  }

  private tokenizerError(): PythonSyntaxError {
    const e = this.tokens.error!;
    return this.source.syntaxError(e.message, e.start, e.end, e.kind);
  }

  /**
   * A tokenizer error that replaces a generic syntax error at token `i`: one the parser reached, or
   * one CPython finds by tokenizing the rest of the file (not those it reports only when reached,
   * except an unclosed bracket opened on an earlier line).
   */
  private laterTokenizerError(i: number): PythonSyntaxError | null {
    const e = this.tokens.error;
    if (!e) return null;
    if (this.kinds[i] === T_ERROR || !e.deferred) return this.tokenizerError();
    if (e.unclosed >= 0 && this.source.lineOf(this.starts[i]!) > this.source.lineOf(e.unclosed)) return this.tokenizerError();
    return null;
  }

  /** The generic "invalid syntax" at token `i`, or a tokenizer error found later, as CPython reports. */
  private fail(i = this.p): never {
    const k = this.kinds[i]!;
    if (k === T_ERROR) throw this.tokenizerError();
    if (k === T_INDENT) this.unexpectedIndent(i);
    if (k === T_DEDENT) this.error("unexpected unindent", this.starts[i]!, this.starts[i]!, "IndentationError");
    // CPython's lookahead for `not in` reaches the token after a stray `not`
    if (k === K_NOT && this.kinds[i + 1] !== K_IN && i + 1 < this.tokens.count) this.fail(i + 1);
    const later = this.laterTokenizerError(i);
    if (later) throw later;
    if (k === T_ENDMARKER && !this.fstringExpr) {
      // CPython has no column for the end marker
      const line = this.source.lineOf(this.starts[i]!);
      throw new PythonSyntaxError("invalid syntax", this.source.path, { line, col: 0, endLine: line, endCol: 0 });
    }
    this.errorAtToken("invalid syntax", i);
  }

  /** CPython reports an unexpected indent at the indentation width (0-based), not after it. */
  private unexpectedIndent(i: number): never {
    const at = this.source.errorPosition(this.starts[i]!);
    throw new PythonSyntaxError("unexpected indent", this.source.path, { line: at.line, col: at.col - 1, endLine: at.line, endCol: at.col - 1 }, "IndentationError");
  }

  private expect(kind: number): number {
    const i = this.p;
    if (this.kinds[i] !== kind) this.expected(kind);
    this.p = i + 1;
    return i;
  }

  /** "expected ':'" style errors for punctuation the grammar insists on (CPython's `&&` items). */
  private expected(kind: number): never {
    const k = this.kinds[this.p]!;
    const later = this.laterTokenizerError(this.p);
    if (later) throw later;
    if (k === T_INDENT || k === T_DEDENT) this.fail();
    if (kind === T_LPAR) this.errorAtToken("expected '('");
    if (kind === T_COLON || kind === K_IN || kind === T_EQUAL) {
      // CPython points just past the previous token for a missing ':'
      const at = this.p > 0 ? this.ends[this.p - 1]! : 0;
      if (kind === T_COLON) this.error("expected ':'", this.starts[this.p]!, this.ends[this.p]!);
      this.error(`expected '${KIND_TEXT[kind]}'`, at);
    }
    this.fail();
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.errorAtToken("too many nested expressions (too complex)");
  }

  // ------------------------------------------------------------ small helpers

  private name(i: number): string {
    const s = this.text.slice(this.ts[i], this.te[i]);
    if ((this.flags[i]! & F_NONASCII) === 0) return s;
    const normalized = s.normalize("NFKC");
    this.source.noteNonAsciiName(normalized);
    return normalized;
  }

  /** Whether token i is the NAME `word` (soft keywords). */
  private isWord(i: number, word: string): boolean {
    if (this.kinds[i] !== T_NAME) return false;
    const s = this.ts[i]!;
    return this.te[i]! - s === word.length && this.text.startsWith(word, s);
  }

  /** End offset of the last token consumed that is not NEWLINE/INDENT/DEDENT. */
  private lastEnd(): number {
    let i = this.p - 1;
    while (i > 0) {
      const k = this.kinds[i]!;
      if (k !== T_NEWLINE && k !== T_INDENT && k !== T_DEDENT) break;
      i--;
    }
    return this.ends[i]!;
  }

  private checkVersion(min: number, what: string, start: number, end = start): void {
    if (this.minor < min) this.error(`${what} only supported in Python 3.${min} and greater`, start, end);
  }

  // ------------------------------------------------------------ file and statements

  parseFile(): A.Module {
    const body: A.Stmt[] = [];
    while (this.kinds[this.p] !== T_ENDMARKER) {
      if (this.kinds[this.p] === T_NEWLINE) {
        this.p++;
        continue;
      }
      this.parseStatement(body);
    }
    if (this.minor >= 14) this.checkFutureImports(body);
    return { _type: "Module", body, type_ignores: [] };
  }

  /** 3.14's ast.parse validates the leading `from __future__ import …` statements (future.c). */
  private checkFutureImports(body: A.Stmt[]): void {
    let i = 0;
    const first = body[0];
    if (first && first._type === "Expr" && first.value._type === "Constant" && typeof first.value.value === "string") i = 1;
    for (; i < body.length; i++) {
      const st = body[i]!;
      if (st._type !== "ImportFrom" || st.module !== "__future__" || st.level !== 0) break;
      for (const a of st.names) {
        if (FUTURE_FEATURES.has(a.name)) continue;
        if (a.name === "braces") this.error("not a chance", a.start, a.end);
        this.error(`future feature ${a.name} is not defined`, a.start, a.end);
      }
    }
  }

  /** ≤3.11 f-string field: `( star_expressions )` tokens, returns the expression. */
  parseFStringField(): A.Expr {
    const e = this.parseAtom();
    if (this.kinds[this.p] !== T_ENDMARKER) this.fail();
    return e;
  }

  private parseStatement(out: A.Stmt[]): void {
    const k = this.kinds[this.p]!;
    switch (k) {
      case K_DEF:
        out.push(this.parseFuncDef([], this.p));
        return;
      case K_IF:
        out.push(this.parseIf());
        return;
      case K_CLASS:
        out.push(this.parseClassDef([]));
        return;
      case K_WITH:
        out.push(this.parseWith(this.p, false));
        return;
      case K_FOR:
        out.push(this.parseFor(this.p, false));
        return;
      case K_TRY:
        out.push(this.parseTry());
        return;
      case K_WHILE:
        out.push(this.parseWhile());
        return;
      case T_AT:
        out.push(this.parseDecorated());
        return;
      case K_ASYNC: {
        const s = this.p;
        const n = this.kinds[s + 1];
        this.p++;
        if (n === K_DEF) out.push(this.parseFuncDef([], s));
        else if (n === K_WITH) out.push(this.parseWith(s, true));
        else if (n === K_FOR) out.push(this.parseFor(s, true));
        else this.fail();
        return;
      }
      case T_NAME:
        if (this.isWord(this.p, "match")) {
          const m = this.tryMatch();
          if (m) {
            out.push(m);
            return;
          }
        }
        break;
      case T_INDENT:
        this.unexpectedIndent(this.p);
        break;
      case T_ERROR:
        throw this.tokenizerError();
    }
    this.parseSimpleStatements(out);
  }

  private parseSimpleStatements(out: A.Stmt[]): void {
    for (;;) {
      out.push(this.parseSimpleStatement());
      const k = this.kinds[this.p];
      if (k === T_SEMI) {
        this.p++;
        if (this.kinds[this.p] === T_NEWLINE) {
          this.p++;
          return;
        }
        continue;
      }
      if (k === T_NEWLINE) {
        this.p++;
        return;
      }
      this.statementEndError();
    }
  }

  /** A simple statement was followed by something other than `;` or NEWLINE. */
  private statementEndError(): never {
    const k = this.kinds[this.p]!;
    if (!this.laterTokenizerError(this.p)) {
      // `print x` / `exec x`
      let s = this.p - 1;
      while (s > 0 && this.kinds[s - 1] !== T_NEWLINE && this.kinds[s - 1] !== T_INDENT && this.kinds[s - 1] !== T_DEDENT && this.kinds[s - 1] !== T_SEMI && this.kinds[s - 1] !== T_COLON) s--;
      if (s === this.p - 1 && (this.isWord(s, "print") || this.isWord(s, "exec")) && EXPR_START[k] === 1) {
        const w = this.name(s);
        this.error(`Missing parentheses in call to '${w}'. Did you mean ${w}(...)?`, this.starts[s]!, this.ends[this.p]!);
      }
    }
    this.fail();
  }

  private parseSimpleStatement(): A.Stmt {
    const s = this.p;
    const k = this.kinds[s]!;
    switch (k) {
      case K_PASS:
        this.p++;
        return { _type: "Pass", start: this.starts[s]!, end: this.ends[s]! };
      case K_BREAK:
        this.p++;
        return { _type: "Break", start: this.starts[s]!, end: this.ends[s]! };
      case K_CONTINUE:
        this.p++;
        return { _type: "Continue", start: this.starts[s]!, end: this.ends[s]! };
      case K_RETURN: {
        this.p++;
        let value: A.Expr | null = null;
        if (EXPR_START[this.kinds[this.p]!]) value = this.parseStarExpressions();
        return { _type: "Return", value, start: this.starts[s]!, end: this.ends[this.p - 1]! };
      }
      case K_RAISE: {
        this.p++;
        let exc: A.Expr | null = null;
        let cause: A.Expr | null = null;
        if (EXPR_START[this.kinds[this.p]!] === 1) {
          exc = this.parseExpression();
          if (this.kinds[this.p] === K_FROM) {
            this.p++;
            cause = this.parseExpression();
          }
        }
        return { _type: "Raise", exc, cause, start: this.starts[s]!, end: this.ends[this.p - 1]! };
      }
      case K_GLOBAL:
      case K_NONLOCAL: {
        this.p++;
        const names: string[] = [];
        for (;;) {
          if (this.kinds[this.p] !== T_NAME) this.fail();
          names.push(this.name(this.p++));
          if (this.kinds[this.p] !== T_COMMA) break;
          this.p++;
        }
        const end = this.ends[this.p - 1]!;
        if (k === K_GLOBAL) return { _type: "Global", names, start: this.starts[s]!, end };
        return { _type: "Nonlocal", names, start: this.starts[s]!, end };
      }
      case K_DEL:
        return this.parseDel();
      case K_ASSERT: {
        this.p++;
        const test = this.parseExpression();
        let msg: A.Expr | null = null;
        if (this.kinds[this.p] === T_COMMA) {
          this.p++;
          msg = this.parseExpression();
        }
        return { _type: "Assert", test, msg, start: this.starts[s]!, end: this.ends[this.p - 1]! };
      }
      case K_IMPORT:
        return this.parseImport();
      case K_FROM:
        return this.parseFromImport();
      case T_NAME:
        if (this.kinds[s + 1] === T_NAME && this.isWord(s, "type") && (this.kinds[s + 2] === T_EQUAL || this.kinds[s + 2] === T_LSQB)) {
          return this.parseTypeAlias();
        }
        break;
    }
    return this.parseExpressionStatement();
  }

  private parseExpressionStatement(): A.Stmt {
    const s = this.p;
    const first = this.kinds[s] === K_YIELD ? this.parseYield() : this.parseStarExpressions();
    const k = this.kinds[this.p]!;
    if (k === T_EQUAL) {
      const targets: A.Expr[] = [first];
      let value: A.Expr;
      if (typeOf(first) === "Yield" || typeOf(first) === "YieldFrom" || invalidTarget(first, Ctx.Store)) this.invalidAssignment(s, first);
      for (;;) {
        this.p++;
        const vs = this.p;
        value = this.kinds[vs] === K_YIELD ? this.parseYield() : this.parseStarExpressions();
        if (this.kinds[this.p] !== T_EQUAL) break;
        if (typeOf(value) === "Yield" || typeOf(value) === "YieldFrom" || invalidTarget(value, Ctx.Store)) this.invalidAssignment(s, value);
        targets.push(value);
      }
      for (const t of targets) setContext(t, "Store");
      return { _type: "Assign", targets, value, type_comment: null, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    if (k === T_COLON) {
      const t = first;
      const ty = typeOf(t);
      if (EXPR_START[this.kinds[this.p + 1]!] !== 1) {
        // with a valid target CPython's first pass gets past the ':'
        this.fail(ty === "Name" || ty === "Attribute" || ty === "Subscript" ? this.p + 1 : this.p);
      }
      if (ty !== "Name" && ty !== "Attribute" && ty !== "Subscript") {
        if (ty === "Tuple") this.errorAtNode("only single target (not tuple) can be annotated", t);
        if (ty === "List") this.errorAtNode("only single target (not list) can be annotated", t);
        this.errorAtNode("illegal target for annotation", t);
      }
      setContext(t, "Store");
      this.p++;
      const annotation = this.parseExpression();
      let value: A.Expr | null = null;
      if (this.kinds[this.p] === T_EQUAL) {
        this.p++;
        value = this.kinds[this.p] === K_YIELD ? this.parseYield() : this.parseStarExpressions();
      }
      const simple = ty === "Name" && this.kinds[s] !== T_LPAR ? 1 : 0;
      return { _type: "AnnAssign", target: t as A.Name | A.Attribute | A.Subscript, annotation, value, simple, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    const aug = k < 128 ? AUG_OP[k] : undefined;
    if (aug !== undefined) {
      const t = first;
      const ty = typeOf(t);
      if (ty !== "Name" && ty !== "Attribute" && ty !== "Subscript") {
        this.errorAtNode(`'${exprName(t)}' is an illegal expression for augmented assignment`, t);
      }
      setContext(t, "Store");
      this.p++;
      const value = this.kinds[this.p] === K_YIELD ? this.parseYield() : this.parseStarExpressions();
      return { _type: "AugAssign", target: t as A.Name | A.Attribute | A.Subscript, op: aug, value, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    return { _type: "Expr", value: first, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseDel(): A.Delete {
    const s = this.p++;
    const targets: A.Expr[] = [];
    for (;;) {
      const e = this.parseBitOr();
      this.toContext(e, Ctx.Del, "delete");
      targets.push(e);
      if (this.kinds[this.p] !== T_COMMA) break;
      this.p++;
      if (EXPR_START[this.kinds[this.p]!] !== 1) break;
    }
    const k = this.kinds[this.p];
    if (k !== T_NEWLINE && k !== T_SEMI) {
      if (EXPR_START[k!] !== 0 || BIN_PREC[k!] || k === T_DOT || k === T_LPAR) {
        // `del a + b`, `del f()`…: report the whole expression as CPython does
        this.p = s + 1;
        const e = this.parseStarExpressions();
        if (e._type === "Tuple") {
          for (const el of e.elts) this.toContext(el, Ctx.Del, "delete");
        }
        this.toContext(e, Ctx.Del, "delete");
      }
      this.fail();
    }
    return { _type: "Delete", targets, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseDottedName(): string {
    if (this.kinds[this.p] !== T_NAME) this.fail();
    let name = this.name(this.p++);
    while (this.kinds[this.p] === T_DOT) {
      this.p++;
      if (this.kinds[this.p] !== T_NAME) this.fail();
      name += "." + this.name(this.p++);
    }
    return name;
  }

  private parseImport(): A.Import {
    const s = this.p++;
    const names: A.Alias[] = [];
    for (;;) {
      const as = this.p;
      const name = this.parseDottedName();
      let asname: string | null = null;
      if (this.kinds[this.p] === K_AS) {
        this.p++;
        if (this.kinds[this.p] !== T_NAME) this.fail();
        asname = this.name(this.p++);
      }
      names.push({ _type: "alias", name, asname, start: this.starts[as]!, end: this.ends[this.p - 1]! });
      if (this.kinds[this.p] !== T_COMMA) break;
      this.p++;
    }
    return { _type: "Import", names, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseFromImport(): A.ImportFrom {
    const s = this.p++;
    let level = 0;
    for (;;) {
      const k = this.kinds[this.p];
      if (k === T_DOT) level++;
      else if (k === T_ELLIPSIS) level += 3;
      else break;
      this.p++;
    }
    let module: string | null = null;
    if (this.kinds[this.p] !== K_IMPORT || level === 0) module = this.parseDottedName();
    if (this.kinds[this.p] !== K_IMPORT) this.expected(K_IMPORT);
    this.p++;
    if (this.minor >= 14 && (this.kinds[this.p] === T_NEWLINE || this.kinds[this.p] === T_SEMI)) {
      this.errorAtToken("Expected one or more names after 'import'");
    }
    const names: A.Alias[] = [];
    if (this.kinds[this.p] === T_STAR) {
      const i = this.p++;
      names.push({ _type: "alias", name: "*", asname: null, start: this.starts[i]!, end: this.ends[i]! });
    } else {
      const paren = this.kinds[this.p] === T_LPAR;
      if (paren) this.p++;
      for (;;) {
        const as = this.p;
        if (this.kinds[as] !== T_NAME) this.fail();
        const name = this.name(this.p++);
        let asname: string | null = null;
        if (this.kinds[this.p] === K_AS) {
          this.p++;
          if (this.kinds[this.p] !== T_NAME) this.fail();
          asname = this.name(this.p++);
        }
        names.push({ _type: "alias", name, asname, start: this.starts[as]!, end: this.ends[this.p - 1]! });
        if (this.kinds[this.p] !== T_COMMA) break;
        this.p++;
        if (paren && this.kinds[this.p] === T_RPAR) break;
        if (!paren && this.kinds[this.p] !== T_NAME) {
          if (this.kinds[this.p] === T_NEWLINE) this.errorAtToken("trailing comma not allowed without surrounding parentheses", this.p - 1);
          this.fail();
        }
      }
      if (paren) this.expect(T_RPAR);
    }
    return { _type: "ImportFrom", module, names, level, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseTypeAlias(): A.TypeAlias {
    const s = this.p++;
    if (this.minor < 12) this.error("Type statement is only supported in Python 3.12 and greater", this.starts[s]!, this.ends[s]!);
    const ni = this.p++;
    const name: A.Name = { _type: "Name", id: this.name(ni), ctx: "Store", start: this.starts[ni]!, end: this.ends[ni]! };
    const typeParams = this.kinds[this.p] === T_LSQB ? this.parseTypeParams() : [];
    this.expect(T_EQUAL);
    const value = this.parseExpression();
    return { _type: "TypeAlias", name, type_params: typeParams, value, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  // ------------------------------------------------------------ blocks and compound statements

  /** `':' block`; `what` names the statement for "expected an indented block after …". */
  private parseBlock(what: string, stmtTok: number, forced = false): A.Stmt[] {
    if (this.kinds[this.p] !== T_COLON) {
      // CPython insists on ':' (`&&':'`) after def/try/finally/else, elsewhere only before a newline
      if (forced || this.kinds[this.p] === T_NEWLINE) this.expected(T_COLON);
      this.fail();
    }
    this.p++;
    return this.parseBlockBody(what, stmtTok);
  }

  private parseBlockBody(what: string, stmtTok: number): A.Stmt[] {
    const body: A.Stmt[] = [];
    if (this.kinds[this.p] === T_NEWLINE) {
      this.p++;
      if (this.kinds[this.p] !== T_INDENT) {
        if (this.kinds[this.p] === T_ERROR) throw this.tokenizerError();
        const line = this.source.lineOf(this.starts[stmtTok]!);
        const at = this.starts[this.p]!;
        this.error(`expected an indented block after ${what} on line ${line}`, at, at, "IndentationError");
      }
      this.p++;
      this.enter();
      while (this.kinds[this.p] !== T_DEDENT) {
        if (this.kinds[this.p] === T_ENDMARKER) this.fail();
        this.parseStatement(body);
      }
      this.depth--;
      this.p++;
      return body;
    }
    if (this.kinds[this.p] === T_ERROR) throw this.tokenizerError();
    this.parseSimpleStatements(body);
    return body;
  }

  private parseIf(): A.If {
    const s = this.p++;
    const test = this.parseNamedExpression();
    const body = this.parseBlock("'if' statement", s);
    const orelse = this.parseElse(true);
    return { _type: "If", test, body, orelse, start: this.starts[s]!, end: this.lastEnd() };
  }

  /** `elif …` chains / `else: …` / nothing. Iterative: generated code has long elif chains. */
  private parseElse(allowElif: boolean): A.Stmt[] {
    if (allowElif && this.kinds[this.p] === K_ELIF) {
      const heads: Array<{ s: number; test: A.Expr; body: A.Stmt[] }> = [];
      while (this.kinds[this.p] === K_ELIF) {
        const s = this.p++;
        const test = this.parseNamedExpression();
        const body = this.parseBlock("'elif' statement", s);
        heads.push({ s, test, body });
      }
      let orelse: A.Stmt[] = [];
      if (this.kinds[this.p] === K_ELSE) {
        const es = this.p++;
        orelse = this.parseBlock("'else' statement", es, true);
      }
      const end = this.lastEnd();
      for (let i = heads.length - 1; i >= 0; i--) {
        const h = heads[i]!;
        orelse = [{ _type: "If", test: h.test, body: h.body, orelse, start: this.starts[h.s]!, end }];
      }
      return orelse;
    }
    if (this.kinds[this.p] === K_ELSE) {
      const s = this.p++;
      return this.parseBlock("'else' statement", s, true);
    }
    return [];
  }

  private parseWhile(): A.While {
    const s = this.p++;
    const test = this.parseNamedExpression();
    const body = this.parseBlock("'while' statement", s);
    const orelse = this.parseElse(false);
    return { _type: "While", test, body, orelse, start: this.starts[s]!, end: this.lastEnd() };
  }

  private parseFor(s: number, isAsync: boolean): A.For | A.AsyncFor {
    const forTok = this.p++;
    const target = this.parseTargetList();
    if (this.kinds[this.p] !== K_IN) {
      this.toContext(target, Ctx.Store, "assign");
      this.fail();
    }
    this.toContext(target, Ctx.Store, "assign");
    this.p++;
    const iter = this.parseStarExpressions();
    const body = this.parseBlock("'for' statement", forTok);
    const orelse = this.parseElse(false);
    const end = this.lastEnd();
    if (isAsync) return { _type: "AsyncFor", target, iter, body, orelse, type_comment: null, start: this.starts[s]!, end };
    return { _type: "For", target, iter, body, orelse, type_comment: null, start: this.starts[s]!, end };
  }

  /** for-loop / comprehension target: star_targets, parsed at bitwise-or level so `in` stops it. */
  private parseTargetList(): A.Expr {
    const s = this.p;
    const first = this.parseStarTarget();
    if (this.kinds[this.p] !== T_COMMA) return first;
    const elts = [first];
    while (this.kinds[this.p] === T_COMMA) {
      this.p++;
      const k = this.kinds[this.p]!;
      if (EXPR_START[k] === 0) break;
      elts.push(this.parseStarTarget());
    }
    return { _type: "Tuple", elts, ctx: "Store", start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseStarTarget(): A.Expr {
    if (this.kinds[this.p] === T_STAR) {
      const s = this.p++;
      const value = this.parseBitOr();
      return { _type: "Starred", value, ctx: "Store", start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    return this.parseBitOr();
  }

  private parseWith(s: number, isAsync: boolean): A.With | A.AsyncWith {
    const withTok = this.p++;
    let items: A.WithItem[] | null = null;
    if (this.kinds[this.p] === T_LPAR) {
      // `with (a as b, c):` — only when the parenthesis closes right before ':'
      const close = this.matchingClose(this.p);
      if (close > 0 && this.kinds[close + 1] === T_COLON) {
        const save = this.p;
        try {
          this.p++;
          const list: A.WithItem[] = [];
          let parenthesizedOnly = true;
          for (;;) {
            const item = this.parseWithItem();
            if (item.optional_vars) parenthesizedOnly = false;
            list.push(item);
            if (this.kinds[this.p] !== T_COMMA) break;
            this.p++;
            if (this.kinds[this.p] === T_RPAR) {
              parenthesizedOnly = false;
              break;
            }
          }
          if (this.kinds[this.p] !== T_RPAR) this.fail();
          if (list.length > 1) parenthesizedOnly = false;
          if (!parenthesizedOnly) this.checkVersion(9, "Parenthesized context managers are", this.starts[save]!);
          this.p++;
          items = list;
        } catch (e) {
          if (!(e instanceof PythonSyntaxError) || e.message.includes("only supported")) throw e;
          this.p = save;
          items = null;
        }
      }
    }
    if (!items) {
      items = [];
      for (;;) {
        items.push(this.parseWithItem());
        if (this.kinds[this.p] !== T_COMMA) break;
        this.p++;
      }
    }
    const body = this.parseBlock("'with' statement", withTok);
    const end = this.lastEnd();
    if (isAsync) return { _type: "AsyncWith", items, body, type_comment: null, start: this.starts[s]!, end };
    return { _type: "With", items, body, type_comment: null, start: this.starts[s]!, end };
  }

  private parseWithItem(): A.WithItem {
    const contextExpr = this.parseExpression();
    let optionalVars: A.Expr | null = null;
    if (this.kinds[this.p] === K_AS) {
      this.p++;
      optionalVars = this.parseStarTarget();
      const k = this.kinds[this.p];
      if (k !== T_COMMA && k !== T_COLON && k !== T_RPAR) {
        // `with a as b.c():` etc.
        this.toContext(optionalVars, Ctx.Store, "assign");
        this.fail();
      }
      this.toContext(optionalVars, Ctx.Store, "assign");
    }
    return { _type: "withitem", context_expr: contextExpr, optional_vars: optionalVars };
  }

  /** Index of the token closing the bracket at `i`, or -1. */
  private matchingClose(i: number): number {
    let depth = 0;
    const n = this.tokens.count;
    for (let j = i; j < n; j++) {
      const k = this.kinds[j];
      if (k === T_LPAR || k === T_LSQB || k === T_LBRACE) depth++;
      else if (k === T_RPAR || k === T_RSQB || k === T_RBRACE) {
        if (--depth === 0) return j;
      } else if (k === T_NEWLINE || k === T_ENDMARKER || k === T_ERROR) return -1;
    }
    return -1;
  }

  private parseTry(): A.Try | A.TryStar {
    const s = this.p++;
    const body = this.parseBlock("'try' statement", s, true);
    const handlers: A.ExceptHandler[] = [];
    let star = -1;
    while (this.kinds[this.p] === K_EXCEPT) {
      const hs = this.p++;
      let isStar = false;
      if (this.kinds[this.p] === T_STAR) {
        isStar = true;
        if (this.minor < 11) this.checkVersion(11, "Exception groups are", this.starts[hs]!);
        this.p++;
      }
      if (star >= 0 && star !== (isStar ? 1 : 0)) {
        this.error("cannot have both 'except' and 'except*' on the same 'try'", this.starts[hs]!, this.ends[this.p - 1]!);
      }
      star = isStar ? 1 : 0;
      let type: A.Expr | null = null;
      let name: string | null = null;
      if (this.kinds[this.p] !== T_COLON) {
        const ts = this.p;
        type = this.parseExpression();
        if (this.kinds[this.p] === T_COMMA) {
          // PEP 758: `except A, B:` (3.14)
          const elts = [type];
          while (this.kinds[this.p] === T_COMMA) {
            this.p++;
            if (EXPR_START[this.kinds[this.p]!] !== 1) break;
            elts.push(this.parseExpression());
          }
          if (this.kinds[this.p] === K_AS && this.minor >= 14) {
            this.error("multiple exception types must be parenthesized when using 'as'", this.starts[ts]!, this.ends[this.p - 1]!);
          }
          if (this.minor < 14) {
            this.error("multiple exception types must be parenthesized", this.starts[ts]!, this.ends[this.p - 1]!);
          }
          type = { _type: "Tuple", elts, ctx: "Load", start: this.starts[ts]!, end: this.ends[this.p - 1]! };
        }
        if (this.kinds[this.p] === K_AS) {
          this.p++;
          if (this.kinds[this.p] !== T_NAME) {
            if (EXPR_START[this.kinds[this.p]!]) {
              const t = this.parseExpression();
              this.errorAtNode(`cannot use ${exprName(t)} as exception name`, t);
            }
            this.fail();
          }
          name = this.name(this.p++);
        }
      } else if (isStar) {
        this.errorAtToken("expected one or more exception types");
      }
      const hbody = this.parseBlock(isStar ? "'except*' statement" : "'except' statement", hs);
      handlers.push({ _type: "ExceptHandler", type, name, body: hbody, start: this.starts[hs]!, end: this.lastEnd() });
    }
    let orelse: A.Stmt[] = [];
    let finalbody: A.Stmt[] = [];
    if (handlers.length > 0 && this.kinds[this.p] === K_ELSE) {
      const es = this.p++;
      orelse = this.parseBlock("'else' statement", es, true);
    }
    if (this.kinds[this.p] === K_FINALLY) {
      const fs = this.p++;
      finalbody = this.parseBlock("'finally' statement", fs, true);
    }
    if (handlers.length === 0 && finalbody.length === 0) {
      this.errorAtToken("expected 'except' or 'finally' block");
    }
    const end = this.lastEnd();
    if (star === 1) return { _type: "TryStar", body, handlers, orelse, finalbody, start: this.starts[s]!, end };
    return { _type: "Try", body, handlers, orelse, finalbody, start: this.starts[s]!, end };
  }

  private parseDecorated(): A.FunctionDef | A.AsyncFunctionDef | A.ClassDef {
    const decorators: A.Expr[] = [];
    while (this.kinds[this.p] === T_AT) {
      this.p++;
      const ds = this.p;
      const d = this.parseNamedExpression();
      if (this.minor < 9 && !isLegacyDecorator(d)) {
        this.error("Relaxed decorator expressions are only supported in Python 3.9 and greater", this.starts[ds]!, d.end);
      }
      decorators.push(d);
      if (this.kinds[this.p] !== T_NEWLINE) this.fail();
      this.p++;
    }
    const k = this.kinds[this.p];
    if (k === K_DEF) return this.parseFuncDef(decorators, this.p);
    if (k === K_ASYNC && this.kinds[this.p + 1] === K_DEF) {
      const s = this.p++;
      return this.parseFuncDef(decorators, s);
    }
    if (k === K_CLASS) return this.parseClassDef(decorators);
    this.fail();
  }

  private parseFuncDef(decorators: A.Expr[], s: number): A.FunctionDef | A.AsyncFunctionDef {
    const isAsync = this.kinds[s] === K_ASYNC;
    const defTok = this.p++;
    if (this.kinds[this.p] !== T_NAME) this.fail();
    const name = this.name(this.p++);
    const typeParams = this.kinds[this.p] === T_LSQB ? this.parseTypeParams() : [];
    if (this.kinds[this.p] !== T_LPAR) this.expected(T_LPAR);
    this.p++;
    const args = this.parseParameters(true, T_RPAR);
    this.expect(T_RPAR);
    let returns: A.Expr | null = null;
    if (this.kinds[this.p] === T_RARROW) {
      this.p++;
      returns = this.parseExpression();
    }
    const body = this.parseBlock("function definition", defTok, true);
    const end = this.lastEnd();
    if (isAsync) {
      return { _type: "AsyncFunctionDef", name, args, body, decorator_list: decorators, returns, type_comment: null, type_params: typeParams, start: this.starts[s]!, end };
    }
    return { _type: "FunctionDef", name, args, body, decorator_list: decorators, returns, type_comment: null, type_params: typeParams, start: this.starts[s]!, end };
  }

  private parseClassDef(decorators: A.Expr[]): A.ClassDef {
    const s = this.p++;
    if (this.kinds[this.p] !== T_NAME) this.fail();
    const name = this.name(this.p++);
    const typeParams = this.kinds[this.p] === T_LSQB ? this.parseTypeParams() : [];
    let bases: A.Expr[] = [];
    let keywords: A.Keyword[] = [];
    if (this.kinds[this.p] === T_LPAR) {
      const open = this.p++;
      bases = [];
      keywords = [];
      this.parseCallArgs(open, false, bases, keywords);
    }
    const body = this.parseBlock("class definition", s);
    return { _type: "ClassDef", name, bases, keywords, body, decorator_list: decorators, type_params: typeParams, start: this.starts[s]!, end: this.lastEnd() };
  }

  private parseTypeParams(): A.TypeParam[] {
    const open = this.p++;
    if (this.minor < 12) this.error("Type parameter lists are only supported in Python 3.12 and greater", this.starts[open]!, this.ends[open]!);
    const params: A.TypeParam[] = [];
    if (this.kinds[this.p] === T_RSQB) this.error("Type parameter list cannot be empty", this.starts[open]!, this.ends[this.p]!);
    for (;;) {
      const s = this.p;
      const k = this.kinds[s];
      if (k === T_STAR || k === T_DOUBLESTAR) {
        this.p++;
        if (this.kinds[this.p] !== T_NAME) this.fail();
        const name = this.name(this.p++);
        if (this.kinds[this.p] === T_COLON) {
          this.p++;
          this.parseExpression();
          this.error(k === T_STAR ? "cannot use bound with TypeVarTuple" : "cannot use bound with ParamSpec", this.starts[s]!, this.ends[this.p - 1]!);
        }
        let def: A.Expr | null = null;
        if (this.kinds[this.p] === T_EQUAL) {
          const eq = this.p++;
          this.checkVersion(13, "Type parameter defaults are", this.starts[eq]!);
          def = k === T_STAR ? this.parseStarExpression() : this.parseExpression();
        }
        const end = this.ends[this.p - 1]!;
        if (k === T_STAR) params.push({ _type: "TypeVarTuple", name, default_value: def, start: this.starts[s]!, end });
        else params.push({ _type: "ParamSpec", name, default_value: def, start: this.starts[s]!, end });
      } else {
        if (k !== T_NAME) this.fail();
        const name = this.name(this.p++);
        let bound: A.Expr | null = null;
        if (this.kinds[this.p] === T_COLON) {
          this.p++;
          bound = this.parseExpression();
        }
        let def: A.Expr | null = null;
        if (this.kinds[this.p] === T_EQUAL) {
          const eq = this.p++;
          this.checkVersion(13, "Type parameter defaults are", this.starts[eq]!);
          def = this.parseExpression();
        }
        params.push({ _type: "TypeVar", name, bound, default_value: def, start: this.starts[s]!, end: this.ends[this.p - 1]! });
      }
      if (this.kinds[this.p] !== T_COMMA) break;
      this.p++;
      if (this.kinds[this.p] === T_RSQB) break;
    }
    this.expect(T_RSQB);
    return params;
  }

  /**
   * Parameters of a def (`annotations`) or lambda, up to `close` (`)` or `:`).
   */
  private parseParameters(annotations: boolean, close: number): A.Arguments {
    let posonly: A.Arg[] = [];
    let args: A.Arg[] = [];
    const defaults: A.Expr[] = [];
    let vararg: A.Arg | null = null;
    const kwonly: A.Arg[] = [];
    const kwDefaults: (A.Expr | null)[] = [];
    let kwarg: A.Arg | null = null;
    let seenSlash = false;
    let seenStar = false;
    let bareStar = -1;
    const newMsgs = this.minor >= 12;
    while (this.kinds[this.p] !== close) {
      const s = this.p;
      const k = this.kinds[s];
      if (kwarg) this.errorAtToken("arguments cannot follow var-keyword argument");
      if (k === T_SLASH) {
        if (seenSlash) this.errorAtToken("/ may appear only once");
        if (seenStar) this.errorAtToken("/ must be ahead of *");
        if (this.kinds[s + 1] === T_STAR) this.errorAtToken("expected comma between / and *", s + 1);
        if (args.length === 0) {
          if (this.kinds[s + 1] === T_COMMA) this.errorAtToken("at least one argument must precede /");
          this.fail();
        }
        this.p++;
        posonly = args;
        args = [];
        seenSlash = true;
      } else if (k === T_STAR) {
        if (seenStar) this.errorAtToken("* argument may appear only once");
        this.p++;
        seenStar = true;
        if (this.kinds[this.p] === T_COMMA || this.kinds[this.p] === close) {
          bareStar = s;
          if (this.kinds[this.p] === close || (this.kinds[this.p] === T_COMMA && (this.kinds[this.p + 1] === close || this.kinds[this.p + 1] === T_DOUBLESTAR))) {
            this.errorAtToken("named arguments must follow bare *", s);
          }
        } else {
          vararg = this.parseParam(annotations, true);
          if (this.kinds[this.p] === T_EQUAL) this.errorAtToken("var-positional argument cannot have default value");
        }
      } else if (k === T_DOUBLESTAR) {
        this.p++;
        kwarg = this.parseParam(annotations, false);
        if (this.kinds[this.p] === T_EQUAL) this.errorAtToken("var-keyword argument cannot have default value");
      } else {
        if (k === T_LPAR && this.kinds[s + 1] === T_NAME && (this.kinds[s + 2] === T_COMMA || this.kinds[s + 2] === T_RPAR || (annotations && this.kinds[s + 2] === T_COLON))) {
          const close = this.matchingClose(s);
          this.error(annotations ? "Function parameters cannot be parenthesized" : "Lambda expression parameters cannot be parenthesized", this.starts[s]!, close > 0 ? this.ends[close]! : this.ends[s]!);
        }
        const arg = this.parseParam(annotations, false);
        let def: A.Expr | null = null;
        if (this.kinds[this.p] === T_EQUAL) {
          const eq = this.p++;
          const dk = this.kinds[this.p];
          if (dk === T_COMMA || dk === close) this.errorAtToken("expected default value expression", eq);
          def = this.parseExpression();
        }
        if (seenStar) {
          kwonly.push(arg);
          kwDefaults.push(def);
        } else {
          if (def) defaults.push(def);
          else if (defaults.length > 0) {
            this.errorAtNode(newMsgs ? "parameter without a default follows parameter with a default" : "non-default argument follows default argument", arg);
          }
          args.push(arg);
        }
      }
      if (this.kinds[this.p] !== T_COMMA) break;
      this.p++;
    }
    if (this.kinds[this.p] !== close) {
      const k = this.kinds[this.p];
      if (close === T_RPAR && k === T_COLON && !annotations) this.fail();
      if (k === T_EQUAL || (k === T_COLON && close === T_RPAR)) this.fail();
      this.fail();
    }
    void bareStar;
    return { _type: "arguments", posonlyargs: posonly, args, vararg, kwonlyargs: kwonly, kw_defaults: kwDefaults, kwarg, defaults };
  }

  private parseParam(annotations: boolean, starAnnotation: boolean): A.Arg {
    const s = this.p;
    if (this.kinds[s] !== T_NAME) this.fail();
    const arg = this.name(this.p++);
    let annotation: A.Expr | null = null;
    if (annotations && this.kinds[this.p] === T_COLON) {
      this.p++;
      if (starAnnotation && this.kinds[this.p] === T_STAR) {
        const ss = this.p;
        this.checkVersion(11, "Star annotations are", this.starts[ss]!);
        annotation = this.parseStarExpression();
      } else annotation = this.parseExpression();
    }
    return { _type: "arg", arg, annotation, type_comment: null, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  // ------------------------------------------------------------ match statement

  /** At NAME `match`: a match statement, or null (then it is an ordinary name). */
  private tryMatch(): A.Match | null {
    const s = this.p;
    const k1 = this.kinds[s + 1]!;
    if (EXPR_START[k1] === 0) return null;
    // A subject followed by ':' NEWLINE decides it; anything else is a plain statement.
    let subject: A.Expr;
    this.p = s + 1;
    try {
      subject = this.parseMatchSubject();
    } catch (e) {
      if (e instanceof PythonSyntaxError) {
        this.p = s;
        return null;
      }
      throw e;
    }
    if (this.kinds[this.p] !== T_COLON || this.kinds[this.p + 1] !== T_NEWLINE) {
      if (this.kinds[this.p] === T_NEWLINE && this.minor >= 10 && this.kinds[this.p + 1] === T_INDENT && this.isWord(this.p + 2, "case")) {
        this.expected(T_COLON);
      }
      this.p = s;
      return null;
    }
    if (this.minor < 10) this.error("Pattern matching is only supported in Python 3.10 and greater", this.starts[s]!, this.ends[s]!);
    this.p += 2;
    if (this.kinds[this.p] !== T_INDENT) {
      const at = this.starts[this.p]!;
      this.error(`expected an indented block after 'match' statement on line ${this.source.lineOf(this.starts[s]!)}`, at, at, "IndentationError");
    }
    this.p++;
    const cases: A.MatchCase[] = [];
    while (this.kinds[this.p] !== T_DEDENT) {
      if (!this.isWord(this.p, "case")) this.fail();
      cases.push(this.parseCase());
    }
    this.p++;
    return { _type: "Match", subject, cases, start: this.starts[s]!, end: this.lastEnd() };
  }

  private parseMatchSubject(): A.Expr {
    const s = this.p;
    const first = this.parseStarNamedExpression();
    if (this.kinds[this.p] !== T_COMMA) {
      if (first._type === "Starred") this.fail();
      return first;
    }
    const elts = [first];
    while (this.kinds[this.p] === T_COMMA) {
      this.p++;
      if (EXPR_START[this.kinds[this.p]!] === 0) break;
      elts.push(this.parseStarNamedExpression());
    }
    return { _type: "Tuple", elts, ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseCase(): A.MatchCase {
    const caseTok = this.p++;
    const pattern = this.parsePatterns();
    let guard: A.Expr | null = null;
    if (this.kinds[this.p] === K_IF) {
      this.p++;
      guard = this.parseNamedExpression();
    }
    const body = this.parseBlock("'case' statement", caseTok);
    return { _type: "match_case", pattern, guard, body };
  }

  private parsePatterns(): A.Pattern {
    const s = this.p;
    const first = this.parseMaybeStarPattern();
    if (this.kinds[this.p] !== T_COMMA) {
      if (first._type === "MatchStar") this.fail();
      return first;
    }
    const patterns = [first];
    while (this.kinds[this.p] === T_COMMA) {
      this.p++;
      const k = this.kinds[this.p];
      if (k === T_COLON || k === K_IF) break;
      patterns.push(this.parseMaybeStarPattern());
    }
    return { _type: "MatchSequence", patterns, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseMaybeStarPattern(): A.Pattern {
    if (this.kinds[this.p] === T_STAR) {
      const s = this.p++;
      if (this.kinds[this.p] !== T_NAME) this.fail();
      const n = this.name(this.p++);
      return { _type: "MatchStar", name: n === "_" ? null : n, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    return this.parsePattern();
  }

  private parsePattern(): A.Pattern {
    const s = this.p;
    const or = this.parseOrPattern();
    if (this.kinds[this.p] !== K_AS) return or;
    this.p++;
    if (this.kinds[this.p] !== T_NAME) {
      if (EXPR_START[this.kinds[this.p]!]) {
        const e = this.parseExpression();
        this.errorAtNode("invalid pattern target", e);
      }
      this.fail();
    }
    const ni = this.p++;
    const name = this.name(ni);
    if (name === "_") this.errorAtToken("cannot use '_' as a target", ni);
    if (this.kinds[this.p] === T_DOT || this.kinds[this.p] === T_LPAR || this.kinds[this.p] === T_LSQB) {
      this.p = ni;
      const e = this.parseExpression();
      this.errorAtNode("invalid pattern target", e);
    }
    return { _type: "MatchAs", pattern: or, name, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseOrPattern(): A.Pattern {
    const s = this.p;
    const first = this.parseClosedPattern();
    if (this.kinds[this.p] !== T_VBAR) return first;
    const patterns = [first];
    while (this.kinds[this.p] === T_VBAR) {
      this.p++;
      patterns.push(this.parseClosedPattern());
    }
    return { _type: "MatchOr", patterns, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseClosedPattern(): A.Pattern {
    const s = this.p;
    const k = this.kinds[s];
    this.enter();
    try {
      switch (k) {
        case T_NUMBER:
        case T_MINUS: {
          const value = this.parseSignedNumberPattern();
          return { _type: "MatchValue", value, start: value.start, end: value.end };
        }
        case T_STRING:
        case T_FSTRING_START: {
          const value = this.parseStrings();
          return { _type: "MatchValue", value, start: this.starts[s]!, end: this.ends[this.p - 1]! };
        }
        case K_NONE:
        case K_TRUE:
        case K_FALSE:
          this.p++;
          return { _type: "MatchSingleton", value: k === K_NONE ? null : k === K_TRUE, start: this.starts[s]!, end: this.ends[s]! };
        case T_NAME: {
          let cls: A.Expr = { _type: "Name", id: this.name(s), ctx: "Load", start: this.starts[s]!, end: this.ends[s]! };
          this.p++;
          let dotted = false;
          while (this.kinds[this.p] === T_DOT) {
            this.p++;
            if (this.kinds[this.p] !== T_NAME) this.fail();
            cls = { _type: "Attribute", value: cls, attr: this.name(this.p), ctx: "Load", start: this.starts[s]!, end: this.ends[this.p]! };
            this.p++;
            dotted = true;
          }
          if (this.kinds[this.p] === T_LPAR) return this.parseClassPattern(cls, s);
          if (dotted) return { _type: "MatchValue", value: cls, start: this.starts[s]!, end: this.ends[this.p - 1]! };
          const id = (cls as A.Name).id;
          return { _type: "MatchAs", pattern: null, name: id === "_" ? null : id, start: this.starts[s]!, end: this.ends[s]! };
        }
        case T_LPAR: {
          this.p++;
          if (this.kinds[this.p] === T_RPAR) {
            this.p++;
            return { _type: "MatchSequence", patterns: [], start: this.starts[s]!, end: this.ends[this.p - 1]! };
          }
          const first = this.parseMaybeStarPattern();
          if (this.kinds[this.p] === T_RPAR && first._type !== "MatchStar") {
            this.p++;
            return first;
          }
          const patterns = [first];
          if (this.kinds[this.p] !== T_COMMA) this.fail();
          while (this.kinds[this.p] === T_COMMA) {
            this.p++;
            if (this.kinds[this.p] === T_RPAR) break;
            patterns.push(this.parseMaybeStarPattern());
          }
          this.expect(T_RPAR);
          return { _type: "MatchSequence", patterns, start: this.starts[s]!, end: this.ends[this.p - 1]! };
        }
        case T_LSQB: {
          this.p++;
          const patterns: A.Pattern[] = [];
          while (this.kinds[this.p] !== T_RSQB) {
            patterns.push(this.parseMaybeStarPattern());
            if (this.kinds[this.p] !== T_COMMA) break;
            this.p++;
          }
          this.expect(T_RSQB);
          return { _type: "MatchSequence", patterns, start: this.starts[s]!, end: this.ends[this.p - 1]! };
        }
        case T_LBRACE:
          return this.parseMappingPattern();
      }
      this.fail();
    } finally {
      this.depth--;
    }
  }

  private parseSignedNumberPattern(): A.Expr {
    const s = this.p;
    let real: A.Expr;
    if (this.kinds[s] === T_MINUS) {
      this.p++;
      if (this.kinds[this.p] !== T_NUMBER) this.fail();
      const c = this.parseNumber();
      real = { _type: "UnaryOp", op: "USub", operand: c, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    } else {
      if (this.kinds[s] !== T_NUMBER) this.fail();
      real = this.parseNumber();
    }
    const k = this.kinds[this.p];
    if (k !== T_PLUS && k !== T_MINUS) return real;
    const realValue = real._type === "UnaryOp" ? (real.operand as A.Constant).value : (real as A.Constant).value;
    if (realValue instanceof PyComplex) this.errorAtNode("real number required in complex literal", real);
    this.p++;
    if (this.kinds[this.p] !== T_NUMBER) this.fail();
    const imag = this.parseNumber();
    if (!(imag.value instanceof PyComplex)) this.errorAtNode("imaginary number required in complex literal", imag);
    return { _type: "BinOp", left: real, op: k === T_PLUS ? "Add" : "Sub", right: imag, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseClassPattern(cls: A.Expr, s: number): A.MatchClass {
    this.p++;
    const patterns: A.Pattern[] = [];
    const kwdAttrs: string[] = [];
    const kwdPatterns: A.Pattern[] = [];
    while (this.kinds[this.p] !== T_RPAR) {
      if (this.kinds[this.p] === T_NAME && this.kinds[this.p + 1] === T_EQUAL) {
        kwdAttrs.push(this.name(this.p));
        this.p += 2;
        kwdPatterns.push(this.parsePattern());
      } else {
        const ps = this.p;
        const pat = this.parsePattern();
        if (kwdAttrs.length > 0) this.error("positional patterns follow keyword patterns", this.starts[ps]!, this.ends[this.p - 1]!);
        patterns.push(pat);
      }
      if (this.kinds[this.p] !== T_COMMA) break;
      this.p++;
    }
    this.expect(T_RPAR);
    return { _type: "MatchClass", cls, patterns, kwd_attrs: kwdAttrs, kwd_patterns: kwdPatterns, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseMappingPattern(): A.MatchMapping {
    const s = this.p++;
    const keys: A.Expr[] = [];
    const patterns: A.Pattern[] = [];
    let rest: string | null = null;
    while (this.kinds[this.p] !== T_RBRACE) {
      if (rest !== null) this.fail();
      if (this.kinds[this.p] === T_DOUBLESTAR) {
        this.p++;
        if (this.kinds[this.p] !== T_NAME || this.isWord(this.p, "_")) this.fail();
        rest = this.name(this.p++);
      } else {
        keys.push(this.parseMappingKey());
        this.expect(T_COLON);
        patterns.push(this.parsePattern());
      }
      if (this.kinds[this.p] !== T_COMMA) break;
      this.p++;
    }
    this.expect(T_RBRACE);
    return { _type: "MatchMapping", keys, patterns, rest, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseMappingKey(): A.Expr {
    const s = this.p;
    const k = this.kinds[s];
    if (k === T_NUMBER || k === T_MINUS) return this.parseSignedNumberPattern();
    if (k === T_STRING || k === T_FSTRING_START) {
      return this.parseStrings();
    }
    if (k === K_NONE || k === K_TRUE || k === K_FALSE) {
      this.p++;
      return { _type: "Constant", value: k === K_NONE ? null : k === K_TRUE, kind: null, start: this.starts[s]!, end: this.ends[s]! };
    }
    if (k === T_NAME) {
      let e: A.Expr = { _type: "Name", id: this.name(s), ctx: "Load", start: this.starts[s]!, end: this.ends[s]! };
      this.p++;
      if (this.kinds[this.p] !== T_DOT) this.fail();
      while (this.kinds[this.p] === T_DOT) {
        this.p++;
        if (this.kinds[this.p] !== T_NAME) this.fail();
        e = { _type: "Attribute", value: e, attr: this.name(this.p), ctx: "Load", start: this.starts[s]!, end: this.ends[this.p]! };
        this.p++;
      }
      return e;
    }
    this.fail();
  }

  // ------------------------------------------------------------ target validation

  /**
   * An assignment statement starting at token `s` has the invalid target `t`. CPython's second pass
   * first tries invalid_named_expression on the statement's start, then reports the target.
   */
  private invalidAssignment(s: number, t: A.Expr): never {
    const save = this.p;
    this.p = s;
    try {
      // each element of the leading comma list, as star_named_expression
      for (;;) {
        if (this.kinds[this.p] === T_STAR) this.p++;
        const el = this.parseBitOr();
        if (this.kinds[this.p] === T_EQUAL) this.invalidNamedExpression(el);
        if (this.kinds[this.p] !== T_COMMA) break;
        this.p++;
        if (EXPR_START[this.kinds[this.p]!] === 0) break;
      }
    } catch (e) {
      if (e instanceof PythonSyntaxError && e.message.includes("Maybe you meant")) throw e;
    }
    this.p = save;
    if (t._type === "Yield" || t._type === "YieldFrom") this.errorAtNode("assignment to yield expression not possible", t);
    const bad = invalidTarget(t, Ctx.Store)!;
    this.errorAtNode(`cannot assign to ${exprName(bad)}`, bad);
  }

  private toContext(t: A.Expr, ctx: Ctx, verb: string): void {
    const bad = invalidTarget(t, ctx);
    if (bad) this.errorAtNode(`cannot ${verb === "assign" ? "assign to" : verb} ${exprName(bad)}`, bad);
    setContext(t, ctx === Ctx.Store ? "Store" : "Del");
  }

  // ------------------------------------------------------------ expressions

  private parseStarExpressions(): A.Expr {
    const s = this.p;
    const first = this.parseStarExpression();
    if (this.kinds[this.p] !== T_COMMA) return first;
    const elts = [first];
    while (this.kinds[this.p] === T_COMMA) {
      this.p++;
      if (EXPR_START[this.kinds[this.p]!] === 0) break;
      elts.push(this.parseStarExpression());
    }
    return { _type: "Tuple", elts, ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseStarExpression(): A.Expr {
    if (this.kinds[this.p] === T_STAR) {
      const s = this.p++;
      const value = this.parseBitOr();
      return { _type: "Starred", value, ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    return this.parseExpression();
  }

  private parseStarNamedExpression(): A.Expr {
    if (this.kinds[this.p] === T_STAR) {
      const s = this.p++;
      const value = this.parseBitOr();
      return { _type: "Starred", value, ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    return this.parseNamedExpression();
  }

  private parseNamedExpression(checkAssign = true): A.Expr {
    const s = this.p;
    if (this.kinds[s] === T_NAME && this.kinds[s + 1] === T_COLONEQUAL) {
      const target: A.Name = { _type: "Name", id: this.name(s), ctx: "Store", start: this.starts[s]!, end: this.ends[s]! };
      this.p += 2;
      const value = this.parseExpression();
      return { _type: "NamedExpr", target, value, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    const e = this.parseExpression();
    if (this.kinds[this.p] === T_COLONEQUAL) {
      this.errorAtNode(`cannot use assignment expressions with ${exprName(e)}`, e);
    }
    if (checkAssign && this.kinds[this.p] === T_EQUAL) this.invalidNamedExpression(e);
    return e;
  }

  /** CPython's invalid_named_expression: `name = value` where a named expression was expected. */
  private invalidNamedExpression(e: A.Expr): void {
    if (e._type === "List" || e._type === "Tuple" || e._type === "GeneratorExp") return;
    if (e._type === "Constant" && (e.value === null || typeof e.value === "boolean")) return;
    const save = this.p;
    const lenient = this.lenient;
    let valueEnd = -1;
    try {
      this.lenient = true;
      this.p++;
      this.parseBitOr();
      const k = this.kinds[this.p];
      if (k !== T_EQUAL && k !== T_COLONEQUAL) valueEnd = this.ends[this.p - 1]!;
    } catch {
      valueEnd = -1;
    }
    this.lenient = lenient;
    this.p = save;
    if (valueEnd < 0) return;
    if (e._type === "Name") this.error("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", e.start, valueEnd);
    this.error(`cannot assign to ${exprName(e)} here. Maybe you meant '==' instead of '='?`, e.start, valueEnd);
  }

  /** `expression`: lambda, conditional, or disjunction. */
  private parseExpression(): A.Expr {
    const s = this.p;
    const k = this.kinds[s]!;
    // a lone atom (`x`, `1`, `'s'`, `None` before `,` `)` `=`…) needs none of the precedence levels
    if (ATOM[k] === 1 && EXPR_CONT[this.kinds[s + 1]!] === 0) return this.parseAtom();
    if (k === K_LAMBDA) return this.parseLambda();
    const body = this.parseDisjunction();
    if (this.kinds[this.p] !== K_IF) return body;
    this.p++;
    this.enter();
    const test = this.parseDisjunction();
    if (this.kinds[this.p] !== K_ELSE) {
      if (this.kinds[this.p] === T_ERROR) throw this.tokenizerError();
      this.error("expected 'else' after 'if' expression", this.starts[s]!, this.ends[this.p - 1]!);
    }
    this.p++;
    const orelse = this.parseExpression();
    this.depth--;
    return { _type: "IfExp", test, body, orelse, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseLambda(): A.Lambda {
    const s = this.p++;
    this.enter();
    const args = this.parseParameters(false, T_COLON);
    this.expect(T_COLON);
    const body = this.parseExpression();
    this.depth--;
    return { _type: "Lambda", args, body, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseDisjunction(): A.Expr {
    const s = this.p;
    const first = this.parseConjunction();
    if (this.kinds[this.p] !== K_OR) return first;
    const values = [first];
    while (this.kinds[this.p] === K_OR) {
      this.p++;
      values.push(this.parseConjunction());
    }
    return { _type: "BoolOp", op: "Or", values, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseConjunction(): A.Expr {
    const s = this.p;
    const first = this.parseInversion();
    if (this.kinds[this.p] !== K_AND) return first;
    const values = [first];
    while (this.kinds[this.p] === K_AND) {
      this.p++;
      values.push(this.parseInversion());
    }
    return { _type: "BoolOp", op: "And", values, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseInversion(): A.Expr {
    if (this.kinds[this.p] === K_NOT) {
      const s = this.p++;
      this.enter();
      const operand = this.parseInversion();
      this.depth--;
      return { _type: "UnaryOp", op: "Not", operand, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    return this.parseComparison();
  }

  private parseComparison(): A.Expr {
    const s = this.p;
    const left = this.parseBitOr();
    let ops: A.CmpOperator[] | null = null;
    let comparators: A.Expr[] | null = null;
    for (;;) {
      const k = this.kinds[this.p]!;
      if (CMP_START[k] === 0) break;
      let op: A.CmpOperator;
      switch (k) {
        case T_EQEQUAL: op = "Eq"; break;
        case T_NOTEQUAL: op = "NotEq"; break;
        case T_LESS: op = "Lt"; break;
        case T_LESSEQUAL: op = "LtE"; break;
        case T_GREATER: op = "Gt"; break;
        case T_GREATEREQUAL: op = "GtE"; break;
        case K_IN: op = "In"; break;
        case K_IS:
          if (this.kinds[this.p + 1] === K_NOT) {
            this.p++;
            op = "IsNot";
          } else op = "Is";
          break;
        case K_NOT:
          if (this.kinds[this.p + 1] !== K_IN) {
            op = "In";
            break;
          }
          this.p++;
          op = "NotIn";
          break;
        default:
          op = "In";
          break;
      }
      if (!(k === T_EQEQUAL || k === T_NOTEQUAL || k === T_LESS || k === T_LESSEQUAL || k === T_GREATER || k === T_GREATEREQUAL || k === K_IN || k === K_IS || (k === K_NOT && op === "NotIn"))) break;
      this.p++;
      if (ops === null) {
        ops = [];
        comparators = [];
      }
      ops.push(op);
      comparators!.push(this.parseBitOr());
    }
    if (ops === null) return left;
    return { _type: "Compare", left, ops, comparators: comparators!, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseBitOr(): A.Expr {
    return this.parseBinary(1);
  }

  private parseBinary(minPrec: number): A.Expr {
    const s = this.p;
    if (ATOM[this.kinds[s]!] === 1 && BITOR_CONT[this.kinds[s + 1]!] === 0) return this.parseAtom();
    let left = this.parseFactor();
    for (;;) {
      const k = this.kinds[this.p]!;
      const prec = k < 128 ? BIN_PREC[k]! : 0;
      if (prec === 0 || prec < minPrec) return left;
      if (this.lenient && EXPR_START[this.kinds[this.p + 1]!] !== 1) return left;
      this.p++;
      const right = prec === 6 ? this.parseFactor() : this.parseBinary(prec + 1);
      left = { _type: "BinOp", left, op: BIN_OP[k]!, right, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
  }

  private parseFactor(): A.Expr {
    const k = this.kinds[this.p];
    if (k === T_MINUS || k === T_PLUS || k === T_TILDE) {
      const s = this.p++;
      this.enter();
      const operand = this.parseFactor();
      this.depth--;
      const op: A.UnaryOperator = k === T_MINUS ? "USub" : k === T_PLUS ? "UAdd" : "Invert";
      return { _type: "UnaryOp", op, operand, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    return this.parsePower();
  }

  private parsePower(): A.Expr {
    const s = this.p;
    let left: A.Expr;
    if (this.kinds[s] === K_AWAIT) {
      this.p++;
      this.enter();
      const value = this.parsePrimary();
      this.depth--;
      left = { _type: "Await", value, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    } else left = this.parsePrimary();
    if (this.kinds[this.p] !== T_DOUBLESTAR) return left;
    this.p++;
    this.enter();
    const right = this.parseFactor();
    this.depth--;
    return { _type: "BinOp", left, op: "Pow", right, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parsePrimary(): A.Expr {
    const s = this.p;
    let e = this.parseAtom();
    for (;;) {
      const k = this.kinds[this.p];
      if (k === T_DOT) {
        this.p++;
        if (this.kinds[this.p] !== T_NAME) this.fail();
        e = { _type: "Attribute", value: e, attr: this.name(this.p), ctx: "Load", start: this.starts[s]!, end: this.ends[this.p]! };
        this.p++;
      } else if (k === T_LPAR) {
        const open = this.p++;
        const args: A.Expr[] = [];
        const keywords: A.Keyword[] = [];
        this.parseCallArgs(open, true, args, keywords);
        e = { _type: "Call", func: e, args, keywords, start: this.starts[s]!, end: this.ends[this.p - 1]! };
      } else if (k === T_LSQB) {
        this.p++;
        const slice = this.parseSlices();
        this.expect(T_RSQB);
        e = { _type: "Subscript", value: e, slice, ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
      } else return e;
    }
  }

  private parseSlices(): A.Expr {
    const s = this.p;
    const first = this.parseSlice();
    if (this.kinds[this.p] !== T_COMMA) {
      if (typeOf(first) === "Starred") {
        this.checkVersion(11, "Star expressions in subscripts are", first.start);
        return { _type: "Tuple", elts: [first], ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
      }
      return first;
    }
    const elts = [first];
    while (this.kinds[this.p] === T_COMMA) {
      this.p++;
      const k = this.kinds[this.p]!;
      if (EXPR_START[k] === 0 && k !== T_COLON) break;
      elts.push(this.parseSlice());
    }
    for (const el of elts) if (typeOf(el) === "Starred") this.checkVersion(11, "Star expressions in subscripts are", el.start);
    return { _type: "Tuple", elts, ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private parseSlice(): A.Expr {
    const s = this.p;
    const k = this.kinds[s];
    if (k === T_STAR) {
      this.p++;
      const value = this.parseBitOr();
      return { _type: "Starred", value, ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    let lower: A.Expr | null = null;
    if (k !== T_COLON) {
      lower = this.parseNamedExpression();
      if (this.kinds[this.p] !== T_COLON) return lower;
      if (typeOf(lower) === "NamedExpr" && this.kinds[s] !== T_LPAR) this.fail();
    }
    this.p++;
    let upper: A.Expr | null = null;
    let step: A.Expr | null = null;
    let kk = this.kinds[this.p]!;
    if (kk !== T_COLON && kk !== T_COMMA && kk !== T_RSQB) upper = this.parseExpression();
    if (this.kinds[this.p] === T_COLON) {
      this.p++;
      kk = this.kinds[this.p]!;
      if (kk !== T_COMMA && kk !== T_RSQB) step = this.parseExpression();
    }
    return { _type: "Slice", lower, upper, step, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  /** After `(`: call arguments up to and including `)`, appended to `args` and `keywords`. */
  private parseCallArgs(open: number, allowGenexp: boolean, args: A.Expr[], keywords: A.Keyword[]): void {
    let seenKeyword = false;
    let seenDoubleStar = false;
    this.enter();
    while (this.kinds[this.p] !== T_RPAR) {
      const s = this.p;
      const k = this.kinds[s];
      if (k === T_STAR) {
        this.p++;
        const value = this.parseExpression();
        const st: A.Starred = { _type: "Starred", value, ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
        if (seenDoubleStar) this.errorAtNode("iterable argument unpacking follows keyword argument unpacking", st);
        if (this.kinds[this.p] === K_FOR || this.kinds[this.p] === K_ASYNC) this.errorAtNode("iterable unpacking cannot be used in comprehension", st);
        if (this.kinds[this.p] === T_EQUAL) this.fail();
        args.push(st);
      } else if (k === T_DOUBLESTAR) {
        this.p++;
        const value = this.parseExpression();
        keywords.push({ _type: "keyword", arg: null, value, start: this.starts[s]!, end: this.ends[this.p - 1]! });
        seenDoubleStar = true;
        if (this.kinds[this.p] === K_FOR || this.kinds[this.p] === K_ASYNC) this.error("dict unpacking cannot be used in dict comprehension", this.starts[s]!, this.ends[this.p - 1]!);
      } else if (k === T_NAME && this.kinds[s + 1] === T_EQUAL) {
        const arg = this.name(s);
        this.p += 2;
        const value = this.parseExpression();
        keywords.push({ _type: "keyword", arg, value, start: this.starts[s]!, end: this.ends[this.p - 1]! });
        seenKeyword = true;
        if (this.kinds[this.p] === K_FOR || this.kinds[this.p] === K_ASYNC) {
          this.error("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", this.starts[s]!, this.ends[this.p - 1]!);
        }
      } else {
        if (EXPR_START[k!] !== 1) this.fail();
        let e = this.parseNamedExpression(false);
        const nk = this.kinds[this.p];
        if (nk === K_FOR || nk === K_ASYNC) {
          // generator expression argument
          const generators = this.parseComprehensionClauses();
          const sole = args.length === 0 && keywords.length === 0 && this.kinds[this.p] === T_RPAR;
          if (!allowGenexp) this.fail();
          if (!sole) this.error("Generator expression must be parenthesized", e.start, this.ends[this.p - 1]!);
          e = { _type: "GeneratorExp", elt: e, generators, start: this.starts[open]!, end: this.ends[this.p]! };
        } else if (nk === T_EQUAL) {
          if (e._type === "Constant" && (e.value === null || typeof e.value === "boolean")) {
            this.errorAtNode(`cannot assign to ${exprName(e)}`, e);
          }
          this.error('expression cannot contain assignment, perhaps you meant "=="?', this.starts[s]!, this.ends[this.p]!);
        }
        if (seenDoubleStar) this.errorAtNode("positional argument follows keyword argument unpacking", e);
        if (seenKeyword) this.errorAtNode("positional argument follows keyword argument", e);
        args.push(e);
      }
      if (this.kinds[this.p] !== T_COMMA) break;
      this.p++;
    }
    this.depth--;
    if (this.kinds[this.p] !== T_RPAR) this.callArgsError(open);
    this.p++;
  }

  private callArgsError(open: number): never {
    void open;
    this.missingCommaCheck();
    this.fail();
  }

  /** Inside brackets, `a b` is reported as "Perhaps you forgot a comma?" (CPython's invalid_expression). */
  private missingCommaCheck(): void {
    const k = this.kinds[this.p]!;
    if ((this.tokens.error && this.laterTokenizerError(this.p)) || EXPR_START[k] !== 1 || k === K_NOT) return;
    // find the start of the previous expression: walk back to the nearest ',' or opening bracket
    let depth = 0;
    let i = this.p - 1;
    for (; i >= 0; i--) {
      const kk = this.kinds[i];
      if (kk === T_RPAR || kk === T_RSQB || kk === T_RBRACE) depth++;
      else if (kk === T_LPAR || kk === T_LSQB || kk === T_LBRACE) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (kk === T_COMMA || kk === T_COLON || kk === T_EQUAL)) break;
    }
    const first = i + 1;
    if (first >= this.p) return;
    if (this.kinds[first] === T_NAME && (this.kinds[this.p] === T_STRING || this.kinds[this.p] === T_FSTRING_START) && first === this.p - 1) return;
    const save = this.p;
    let endTok = -1;
    try {
      this.parseExpression();
      endTok = this.p - 1;
    } catch {
      endTok = -1;
    }
    this.p = save;
    if (endTok < 0) return;
    this.error("invalid syntax. Perhaps you forgot a comma?", this.starts[first]!, this.ends[endTok]!);
  }

  private parseComprehensionClauses(): A.Comprehension[] {
    const generators: A.Comprehension[] = [];
    for (;;) {
      let isAsync = 0;
      if (this.kinds[this.p] === K_ASYNC) {
        if (this.kinds[this.p + 1] !== K_FOR) this.fail();
        this.p++;
        isAsync = 1;
      } else if (this.kinds[this.p] !== K_FOR) break;
      this.p++;
      const target = this.parseTargetList();
      if (this.kinds[this.p] !== K_IN) {
        this.toContext(target, Ctx.Store, "assign");
        this.fail();
      }
      this.toContext(target, Ctx.Store, "assign");
      this.p++;
      const iter = this.parseDisjunction();
      const ifs: A.Expr[] = [];
      while (this.kinds[this.p] === K_IF) {
        this.p++;
        ifs.push(this.parseDisjunction());
      }
      generators.push({ _type: "comprehension", target, iter, ifs, is_async: isAsync });
    }
    return generators;
  }

  private parseYield(): A.Yield | A.YieldFrom {
    const s = this.p++;
    if (this.kinds[this.p] === K_FROM) {
      this.p++;
      const value = this.parseExpression();
      return { _type: "YieldFrom", value, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    let value: A.Expr | null = null;
    if (EXPR_START[this.kinds[this.p]!]) value = this.parseStarExpressions();
    return { _type: "Yield", value, start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  // ------------------------------------------------------------ atoms

  private parseAtom(): A.Expr {
    const s = this.p;
    const k = this.kinds[s];
    switch (k) {
      case T_NAME:
        this.p++;
        return { _type: "Name", id: this.name(s), ctx: "Load", start: this.starts[s]!, end: this.ends[s]! };
      case T_NUMBER:
        return this.parseNumber();
      case T_STRING:
      case T_FSTRING_START:
        return this.parseStrings();
      case K_NONE:
        this.p++;
        return { _type: "Constant", value: null, kind: null, start: this.starts[s]!, end: this.ends[s]! };
      case K_TRUE:
        this.p++;
        return { _type: "Constant", value: true, kind: null, start: this.starts[s]!, end: this.ends[s]! };
      case K_FALSE:
        this.p++;
        return { _type: "Constant", value: false, kind: null, start: this.starts[s]!, end: this.ends[s]! };
      case T_ELLIPSIS:
        this.p++;
        return { _type: "Constant", value: ELLIPSIS, kind: null, start: this.starts[s]!, end: this.ends[s]! };
      case T_LPAR:
        return this.parseParen();
      case T_LSQB:
        return this.parseList();
      case T_LBRACE:
        return this.parseBrace();
    }
    this.fail();
  }

  private parseNumber(): A.Constant {
    const s = this.p++;
    const start = this.starts[s]!;
    const end = this.ends[s]!;
    return { _type: "Constant", value: numberValue(this.text, this.ts[s]!, this.te[s]!), kind: null, start, end };
  }

  private parseParen(): A.Expr {
    const s = this.p++;
    this.enter();
    try {
      const k = this.kinds[this.p];
      if (k === T_RPAR) {
        this.p++;
        return { _type: "Tuple", elts: [], ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
      }
      if (k === K_YIELD) {
        const y = this.parseYield();
        this.closeParen(s);
        return y;
      }
      const first = this.parseStarNamedExpression();
      const nk = this.kinds[this.p];
      if (nk === K_FOR || nk === K_ASYNC) {
        if (typeOf(first) === "Starred") this.errorAtNode("iterable unpacking cannot be used in comprehension", first);
        const generators = this.parseComprehensionClauses();
        this.closeParen(s);
        return { _type: "GeneratorExp", elt: first, generators, start: this.starts[s]!, end: this.ends[this.p - 1]! };
      }
      if (nk === T_COMMA) {
        const elts = [first];
        while (this.kinds[this.p] === T_COMMA) {
          this.p++;
          if (this.kinds[this.p] === T_RPAR) break;
          if (EXPR_START[this.kinds[this.p]!] === 0) break;
          elts.push(this.parseStarNamedExpression());
        }
        this.closeParen(s);
        return { _type: "Tuple", elts, ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
      }
      if (nk === T_EQUAL && typeOf(first) !== "Starred") {
        if (typeOf(first) === "Name") {
          // `(a = 1)`: CPython's invalid_named_expression
          this.error("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", first.start, this.ends[this.p]!);
        }
      }
      this.closeParen(s);
      if (typeOf(first) === "Starred") this.errorAtNode("cannot use starred expression here", first);
      return first;
    } finally {
      this.depth--;
    }
  }

  private closeParen(open: number): void {
    if (this.kinds[this.p] === T_RPAR) {
      this.p++;
      return;
    }
    void open;
    this.missingCommaCheck();
    this.fail();
  }

  private parseList(): A.Expr {
    const s = this.p++;
    this.enter();
    if (this.kinds[this.p] === T_RSQB) {
      this.p++;
      this.depth--;
      return { _type: "List", elts: [], ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    const first = this.parseStarNamedExpression();
    const nk = this.kinds[this.p];
    if (nk === K_FOR || nk === K_ASYNC) {
      if (typeOf(first) === "Starred") this.errorAtNode("iterable unpacking cannot be used in comprehension", first);
      const generators = this.parseComprehensionClauses();
      this.closeBracket(T_RSQB);
      this.depth--;
      return { _type: "ListComp", elt: first, generators, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    }
    const elts = [first];
    while (this.kinds[this.p] === T_COMMA) {
      this.p++;
      if (this.kinds[this.p] === T_RSQB) break;
      elts.push(this.parseStarNamedExpression());
    }
    if (this.kinds[this.p] === K_FOR || this.kinds[this.p] === K_ASYNC) {
      this.error("did you forget parentheses around the comprehension target?", first.start, elts[elts.length - 1]!.end);
    }
    this.closeBracket(T_RSQB);
    this.depth--;
    return { _type: "List", elts, ctx: "Load", start: this.starts[s]!, end: this.ends[this.p - 1]! };
  }

  private closeBracket(kind: number): void {
    if (this.kinds[this.p] === kind) {
      this.p++;
      return;
    }
    this.missingCommaCheck();
    this.fail();
  }

  private parseBrace(): A.Expr {
    const s = this.p++;
    this.enter();
    try {
      if (this.kinds[this.p] === T_RBRACE) {
        this.p++;
        return { _type: "Dict", keys: [], values: [], start: this.starts[s]!, end: this.ends[this.p - 1]! };
      }
      let firstKey: A.Expr | null;
      let firstValue: A.Expr;
      if (this.kinds[this.p] === T_DOUBLESTAR) {
        const ds = this.p++;
        firstKey = null;
        firstValue = this.parseBitOr();
        if (this.kinds[this.p] === K_FOR || this.kinds[this.p] === K_ASYNC) {
          this.error("dict unpacking cannot be used in dict comprehension", this.starts[ds]!, firstValue.end);
        }
      } else {
        const first = this.parseStarNamedExpression();
        const nk = this.kinds[this.p];
        if (nk !== T_COLON) {
          // a set
          if (nk === K_FOR || nk === K_ASYNC) {
            if (typeOf(first) === "Starred") this.errorAtNode("iterable unpacking cannot be used in comprehension", first);
            const generators = this.parseComprehensionClauses();
            this.closeBracket(T_RBRACE);
            return { _type: "SetComp", elt: first, generators, start: this.starts[s]!, end: this.ends[this.p - 1]! };
          }
          const elts = [first];
          while (this.kinds[this.p] === T_COMMA) {
            this.p++;
            if (this.kinds[this.p] === T_RBRACE) break;
            elts.push(this.parseStarNamedExpression());
          }
          if (this.kinds[this.p] === K_FOR || this.kinds[this.p] === K_ASYNC) {
            this.error("did you forget parentheses around the comprehension target?", first.start, elts[elts.length - 1]!.end);
          }
          this.closeBracket(T_RBRACE);
          return { _type: "Set", elts, start: this.starts[s]!, end: this.ends[this.p - 1]! };
        }
        if (typeOf(first) === "Starred" || (typeOf(first) === "NamedExpr" && this.kinds[s + 1] !== T_LPAR)) this.fail();
        this.p++;
        firstKey = first;
        if (this.kinds[this.p] === T_STAR || this.kinds[this.p] === T_DOUBLESTAR) {
          const ss = this.p;
          this.p++;
          this.parseBitOr();
          this.error(this.kinds[ss] === T_STAR ? "cannot use a starred expression in a dictionary value" : "cannot use double starred expression here", this.starts[ss]!, this.ends[this.p - 1]!);
        }
        if (this.kinds[this.p] === T_RBRACE || this.kinds[this.p] === T_COMMA) {
          this.error("expression expected after dictionary key and ':'", this.starts[this.p - 1]!, this.ends[this.p - 1]!);
        }
        firstValue = this.parseExpression();
        const ck = this.kinds[this.p];
        if (ck === K_FOR || ck === K_ASYNC) {
          const generators = this.parseComprehensionClauses();
          this.closeBracket(T_RBRACE);
          return { _type: "DictComp", key: first, value: firstValue, generators, start: this.starts[s]!, end: this.ends[this.p - 1]! };
        }
      }
      const keys: (A.Expr | null)[] = [firstKey];
      const values: A.Expr[] = [firstValue];
      while (this.kinds[this.p] === T_COMMA) {
        this.p++;
        const k = this.kinds[this.p];
        if (k === T_RBRACE) break;
        if (k === T_DOUBLESTAR) {
          this.p++;
          keys.push(null);
          values.push(this.parseBitOr());
          continue;
        }
        const key = this.parseExpression();
        if (this.kinds[this.p] !== T_COLON) {
          if (this.kinds[this.p] === T_COMMA || this.kinds[this.p] === T_RBRACE) {
            this.errorAtNode("':' expected after dictionary key", key);
          }
          this.fail();
        }
        this.p++;
        if (this.kinds[this.p] === T_RBRACE || this.kinds[this.p] === T_COMMA) {
          this.error("expression expected after dictionary key and ':'", this.starts[this.p - 1]!, this.ends[this.p - 1]!);
        }
        keys.push(key);
        values.push(this.parseExpression());
      }
      this.closeBracket(T_RBRACE);
      return { _type: "Dict", keys, values, start: this.starts[s]!, end: this.ends[this.p - 1]! };
    } finally {
      this.depth--;
    }
  }

  // ------------------------------------------------------------ strings

  /** One or more adjacent string tokens (implicit concatenation). */
  private parseStrings(): A.Expr {
    const s = this.p;
    const k0 = this.kinds[s];
    // fast path: one plain string
    if (k0 === T_STRING && this.kinds[s + 1] !== T_STRING && this.kinds[s + 1] !== T_FSTRING_START && (this.flags[s]! & (F_FSTRING | F_TSTRING)) === 0) {
      this.p++;
      const value = this.plainStringValue(s);
      const kind = this.text.charCodeAt(this.ts[s]!) === 117 ? "u" : null;
      if (typeof value === "string") return strConstant(value, kind, this.starts[s]!, this.ends[s]!);
      return { _type: "Constant", value, kind, start: this.starts[s]!, end: this.ends[s]! };
    }
    if (this.minor <= 11) return this.parseStrings311();
    return this.parseStrings312();
  }

  /** Decoded value of a non-f STRING token. */
  private plainStringValue(i: number): string | Uint8Array {
    const f = this.flags[i]!;
    const start = this.ts[i]!;
    const end = this.te[i]!;
    let q = start;
    const text = this.text;
    while (text.charCodeAt(q) !== 34 && text.charCodeAt(q) !== 39) q++;
    const triple = end - q >= 6 && text.charCodeAt(q + 1) === text.charCodeAt(q) && text.charCodeAt(q + 2) === text.charCodeAt(q);
    const from = q + (triple ? 3 : 1);
    const to = end - (triple ? 3 : 1);
    const raw = (f & F_RAW) !== 0;
    if ((f & (F_PLAIN | F_BYTES)) === F_PLAIN) return text.slice(from, to);
    try {
      if (f & F_BYTES) {
        const bad = firstNonAscii(text, from, to);
        if (bad >= 0) this.error("bytes can only contain ASCII literal characters", start, end);
        return decodeBytes(text, from, to, raw);
      }
      return decodeStr(text, from, to, raw, this.minor);
    } catch (e) {
      if (e instanceof LiteralError) this.error(e.message, start, end);
      throw e;
    }
  }

  // ---- ≥ 3.12: FSTRING_START … FSTRING_END token groups

  private parseStrings312(): A.Expr {
    const s = this.p;
    const pieces: FPiece[] = [];
    let bytes = 0;
    let unicode = 0;
    let fstr = 0;
    let tstr = 0;
    for (;;) {
      const k = this.kinds[this.p];
      if (k === T_STRING) {
        const i = this.p++;
        const f = this.flags[i]!;
        if (f & F_TSTRING) this.error("t-strings are only supported in Python 3.14 and greater", this.starts[i]!, this.ends[i]!);
        const value = this.plainStringValue(i);
        if (f & F_BYTES) bytes++;
        else unicode++;
        const kind = this.text.charCodeAt(this.ts[i]!) === 117 ? "u" : null;
        if (typeof value === "string") pieces.push(strConstant(value, kind, this.starts[i]!, this.ends[i]!));
        else pieces.push({ _type: "Constant", value, kind, start: this.starts[i]!, end: this.ends[i]! });
      } else if (k === T_FSTRING_START) {
        const j = this.parseFStringGroup();
        if (j._type === "TemplateStr") tstr++;
        else fstr++;
        pieces.push(j);
      } else break;
    }
    const start = this.starts[s]!;
    const end = this.ends[this.p - 1]!;
    if (tstr > 0) {
      if (tstr !== pieces.length) this.error("cannot mix t-string literals with string or bytes literals", start, end);
      if (this.minor < 14) this.error("t-strings are only supported in Python 3.14 and greater", start, end);
    }
    if (bytes > 0 && (unicode > 0 || fstr > 0)) this.error("cannot mix bytes and nonbytes literals", start, end);
    if (bytes > 0) {
      let total = 0;
      for (const p of pieces) total += ((p as A.Constant).value as Uint8Array).length;
      const out = new Uint8Array(total);
      let n = 0;
      for (const p of pieces) {
        const b = (p as A.Constant).value as Uint8Array;
        out.set(b, n);
        n += b.length;
      }
      return { _type: "Constant", value: out, kind: (pieces[0] as A.Constant).kind, start, end };
    }
    const anyF = fstr > 0 || tstr > 0;
    if (!anyF && pieces.length === 1) return pieces[0]!;
    // flatten
    const flat: FValue[] = [];
    for (const p of pieces) {
      if (p._type === "Constant") flat.push(p);
      else for (const v of p.values) flat.push(v);
    }
    const values: FValue[] = [];
    for (let i = 0; i < flat.length; i++) {
      let el = flat[i]!;
      if (el._type === "Constant") {
        if (i + 1 < flat.length && flat[i + 1]!._type === "Constant") {
          const first = el;
          let last = el;
          let str = "";
          let j = i;
          for (; j < flat.length; j++) {
            const c = flat[j]!;
            if (c._type !== "Constant") break;
            str += c.value as string;
            last = c;
          }
          i = j - 1;
          el = strConstant(str, first.kind, first.start, last.end);
        }
        if (anyF && (el.value as string).length === 0) continue;
      }
      values.push(el);
    }
    if (!anyF) return values[0]!;
    if (tstr > 0) return { _type: "TemplateStr", values: values as (A.Constant | A.Interpolation)[], start, end };
    return { _type: "JoinedStr", values: values as (A.Constant | A.FormattedValue)[], start, end };
  }

  /** FSTRING_START … FSTRING_END → JoinedStr / TemplateStr (before concatenation). */
  private parseFStringGroup(): A.JoinedStr | A.TemplateStr {
    const s = this.p++;
    const f = this.flags[s]!;
    const raw = (f & F_RAW) !== 0;
    const isT = (f & F_TSTRING) !== 0;
    const values: FValue[] = [];
    this.enter();
    for (;;) {
      const k = this.kinds[this.p];
      if (k === T_FSTRING_MIDDLE) {
        const c = this.fstringMiddle(this.p++, raw);
        if ((c.value as string).length > 0) values.push(c);
      } else if (k === T_LBRACE) {
        this.parseReplacementField(raw, isT, values);
      } else if (k === T_FSTRING_END) {
        this.p++;
        break;
      } else this.fail();
    }
    this.depth--;
    const start = this.starts[s]!;
    const end = this.ends[this.p - 1]!;
    if (isT) return { _type: "TemplateStr", values: values as (A.Constant | A.Interpolation)[], start, end };
    return { _type: "JoinedStr", values: values as (A.Constant | A.FormattedValue)[], start, end };
  }

  private fstringMiddle(i: number, raw: boolean): A.Constant {
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    const text = this.text;
    // un-double braces, then decode escapes
    let value: string;
    try {
      if (!hasDoubledBrace(text, start, end)) value = decodeStr(text, start, end, raw, this.minor);
      else {
        let out = "";
        let run = start;
        for (let j = start; j < end; j++) {
          const c = text.charCodeAt(j);
          if ((c === 123 || c === 125) && j + 1 < end && text.charCodeAt(j + 1) === c) {
            out += decodeStr(text, run, j + 1, raw, this.minor);
            j++;
            run = j + 1;
          }
        }
        value = out + decodeStr(text, run, end, raw, this.minor);
      }
    } catch (e) {
      if (e instanceof LiteralError) this.error(e.message, start, end);
      throw e;
    }
    return strConstant(value, null, start, end);
  }

  /** `{ expr [=] [!c] [:spec] }` in a ≥3.12 f-/t-string; appends to `out`. */
  private parseReplacementField(raw: boolean, isT: boolean, out: FValue[]): void {
    const s = this.p++;
    const what = isT ? "t-string" : "f-string";
    const k0 = this.kinds[this.p];
    if (k0 === T_RBRACE || k0 === T_EXCLAMATION || k0 === T_COLON || k0 === T_EQUAL) {
      this.errorAtToken(`${what}: valid expression required before '${KIND_TEXT[k0]}'`);
    }
    if (k0 === T_FSTRING_END || k0 === T_FSTRING_MIDDLE) this.errorAtToken(`${what}: expecting '}'`);
    const exprStart = this.p;
    const value = this.kinds[this.p] === K_YIELD ? this.parseYield() : this.parseStarExpressions();
    const exprEnd = this.ends[this.p - 1]!;
    let debug = false;
    if (this.kinds[this.p] === T_EQUAL) {
      debug = true;
      this.p++;
    }
    let conversion = -1;
    let debugEnd = -1;
    if (this.kinds[this.p] === T_EXCLAMATION) {
      const bang = this.p++;
      debugEnd = this.starts[bang]!;
      if (this.kinds[this.p] !== T_NAME) {
        if (this.kinds[this.p] === T_COLON || this.kinds[this.p] === T_RBRACE) this.errorAtToken(`${what}: missing conversion character`);
        this.errorAtToken(`${what}: invalid conversion character`);
      }
      if (this.starts[this.p] !== this.ends[bang]) this.errorAtToken(`${what}: conversion type must come right after the exclamanation mark`);
      const c = this.name(this.p);
      if (c !== "s" && c !== "r" && c !== "a") this.errorAtToken(`${what}: invalid conversion character '${c}': expected 's', 'r', or 'a'`);
      conversion = c.charCodeAt(0);
      this.p++;
    }
    let spec: A.JoinedStr | null = null;
    if (this.kinds[this.p] === T_COLON) {
      const colon = this.p++;
      if (debugEnd < 0) debugEnd = this.starts[colon]!;
      const parts: FValue[] = [];
      for (;;) {
        const k = this.kinds[this.p];
        if (k === T_FSTRING_MIDDLE) parts.push(this.fstringMiddle(this.p++, raw));
        else if (k === T_LBRACE) this.parseReplacementField(raw, false, parts);
        else break;
      }
      spec = this.formatSpec(parts, this.starts[colon]!, this.ends[this.p - 1]!);
    }
    if (this.kinds[this.p] !== T_RBRACE) {
      const k = this.kinds[this.p];
      if (k === T_ERROR) throw this.tokenizerError();
      if (k === T_FSTRING_END || k === T_FSTRING_MIDDLE || k === T_NEWLINE || k === T_ENDMARKER) this.errorAtToken(`${what}: expecting '}'`);
      if (k === T_EQUAL || k === T_EXCLAMATION || k === T_COLON) this.errorAtToken(`${what}: expecting '}'`);
      this.missingCommaCheck();
      this.fail();
    }
    const close = this.p++;
    if (debugEnd < 0) debugEnd = this.starts[close]!;
    if (debug && conversion === -1 && spec === null) conversion = 114;
    const start = this.starts[s]!;
    const end = this.ends[close]!;
    if (debug) {
      const dtext = this.text.slice(start + 1, debugEnd).replace(/\r\n?/g, "\n");
      noteDebugText(dtext);
      out.push(strConstant(dtext, null, start + 1, debugEnd));
    }
    if (isT) {
      const str = this.text.slice(this.starts[s]! + 1, exprEnd).replace(/\r\n?/g, "\n");
      void exprStart;
      out.push({ _type: "Interpolation", value, str, conversion, format_spec: spec, start, end });
    } else {
      out.push({ _type: "FormattedValue", value, conversion, format_spec: spec, start, end });
    }
  }

  private formatSpec(parts: FValue[], start: number, end: number): A.JoinedStr {
    const items = parts.filter((p) => !(p._type === "Constant" && (p.value as string).length === 0));
    if (items.length <= 1 || !items.some((p) => p._type !== "Constant")) {
      if (items.length <= 1) return { _type: "JoinedStr", values: items as (A.Constant | A.FormattedValue)[], start, end };
    }
    // concatenate adjacent constants as _PyPegen_concatenate_strings does
    const values: FValue[] = [];
    for (let i = 0; i < items.length; i++) {
      let el = items[i]!;
      if (el._type === "Constant" && i + 1 < items.length && items[i + 1]!._type === "Constant") {
        const first = el;
        let last = el;
        let str = "";
        let j = i;
        for (; j < items.length; j++) {
          const c = items[j]!;
          if (c._type !== "Constant") break;
          str += c.value as string;
          last = c;
        }
        i = j - 1;
        el = strConstant(str, first.kind, first.start, last.end);
      }
      values.push(el);
    }
    const anyExpr = values.some((v) => v._type !== "Constant");
    if (!anyExpr && values.length === 1) {
      // CPython returns the lone Constant itself here, which the caller wraps nowhere: keep a JoinedStr
      return { _type: "JoinedStr", values: values as A.Constant[], start, end };
    }
    return { _type: "JoinedStr", values: values as (A.Constant | A.FormattedValue)[], start, end };
  }

  // ---- ≤ 3.11: f-strings are STRING tokens taken apart here

  private parseStrings311(): A.Expr {
    const s = this.p;
    let e = s;
    while (this.kinds[e] === T_STRING || this.kinds[e] === T_FSTRING_START) e++;
    if (this.kinds[s] === T_FSTRING_START) this.fail();
    this.p = e;
    const last = e - 1;
    const start = this.starts[s]!;
    const end = this.ends[last]!;
    const kind = this.text.charCodeAt(this.ts[s]!) === 117 ? "u" : null;
    let bytesMode = -1;
    const state: FState311 = { lastStr: "", hasLast: false, values: [], fmode: false };
    let bytesParts: Uint8Array[] | null = null;
    for (let i = s; i < e; i++) {
      const f = this.flags[i]!;
      if (f & F_TSTRING) this.error("t-strings are only supported in Python 3.14 and greater", this.starts[i]!, this.ends[i]!);
      const isBytes = (f & F_BYTES) !== 0 ? 1 : 0;
      if (bytesMode >= 0 && bytesMode !== isBytes) this.error("cannot mix bytes and nonbytes literals", start, end);
      bytesMode = isBytes;
      if (f & F_FSTRING) {
        state.fmode = true;
        this.fstring311(i, state, s, last);
      } else {
        const v = this.plainStringValue(i);
        if (isBytes) (bytesParts ??= []).push(v as Uint8Array);
        else if ((v as string).length > 0) {
          state.lastStr += v as string;
          state.hasLast = true;
        }
      }
    }
    if (bytesMode === 1) {
      const parts = bytesParts!;
      let total = 0;
      for (const b of parts) total += b.length;
      const out = new Uint8Array(total);
      let n = 0;
      for (const b of parts) {
        out.set(b, n);
        n += b.length;
      }
      return { _type: "Constant", value: out, kind: null, start, end };
    }
    if (!state.fmode) return strConstant(state.lastStr, kind, start, end);
    if (state.hasLast) {
      state.values.push(strConstant(state.lastStr, kind, start, end));
    }
    return { _type: "JoinedStr", values: state.values, start, end };
  }

  /** One f-string token (3.11 rules): appends its parts to `state`. */
  private fstring311(i: number, state: FState311, firstTok: number, lastTok: number): void {
    const text = this.text;
    const tStart = this.ts[i]!;
    const tEnd = this.te[i]!;
    let q = tStart;
    while (text.charCodeAt(q) !== 34 && text.charCodeAt(q) !== 39) q++;
    const triple = tEnd - q >= 6 && text.charCodeAt(q + 1) === text.charCodeAt(q) && text.charCodeAt(q + 2) === text.charCodeAt(q);
    const from = q + (triple ? 3 : 1);
    const to = tEnd - (triple ? 3 : 1);
    const raw = (this.flags[i]! & F_RAW) !== 0;
    const ctx: F311 = { tok: i, first: firstTok, last: lastTok, raw, end: to, pos: from };
    this.fstring311Parse(ctx, state, 0);
    if (ctx.pos < to) this.error("f-string: unexpected end of string", this.starts[i]!, this.ends[i]!);
  }

  private fstring311Parse(ctx: F311, state: FState311, level: number): void {
    const text = this.text;
    const first = this.starts[ctx.first]!;
    const lastEnd = this.ends[ctx.last]!;
    const kindU = text.charCodeAt(this.ts[ctx.first]!) === 117 ? "u" : null;
    for (;;) {
      // literal
      const litStart = ctx.pos;
      let p = ctx.pos;
      let stop = -1; // 0: end, 1: doubled brace, 2: '{' or '}'
      while (p < ctx.end) {
        let ch = text.charCodeAt(p++);
        if (!ctx.raw && ch === 92 && p < ctx.end) {
          ch = text.charCodeAt(p++);
          if (ch === 78) {
            if (p < ctx.end && text.charCodeAt(p++) === 123) {
              while (p < ctx.end && text.charCodeAt(p++) !== 125) {
                /* skip */
              }
              continue;
            }
            break;
          }
        }
        if (ch === 123 || ch === 125) {
          if (level === 0) {
            if (p < ctx.end && text.charCodeAt(p) === ch) {
              stop = 1;
              break;
            }
            if (ch === 125) {
              this.error("f-string: single '}' is not allowed", this.starts[ctx.tok]!, this.ends[ctx.tok]!);
            }
          }
          p--;
          stop = 2;
          break;
        }
      }
      const litEnd = stop === 1 ? p : p;
      if (litEnd > litStart) {
        let lit: string;
        try {
          lit = decodeStr(text, litStart, litEnd, ctx.raw, this.minor);
        } catch (e) {
          if (e instanceof LiteralError) this.error(e.message, this.starts[ctx.tok]!, this.ends[ctx.tok]!);
          throw e;
        }
        if (lit.length > 0) {
          state.lastStr += lit;
          state.hasLast = true;
        }
      }
      if (stop === 1) {
        ctx.pos = p + 1;
        continue;
      }
      ctx.pos = p;
      if (p >= ctx.end || text.charCodeAt(p) === 125) break;
      // an expression at '{'
      const fv = this.fstring311Expr(ctx, state, level);
      if (state.hasLast) {
        state.values.push(strConstant(state.lastStr, kindU, first, lastEnd));
        state.lastStr = "";
        state.hasLast = false;
      }
      state.values.push(fv);
    }
  }

  /**
   * CPython 3.11 positions tokens of an f-string field from the enclosing token's column, and a token
   * that starts on the field's first line but ends on a later one gets its column within the field
   * text only. Rewrites `sub`'s positions accordingly; returns the original offsets (for reading
   * token text) when anything changed, else null.
   */
  private quirkPositions311(sub: TokenStream, tok: number, brace: number): [Int32Array, Int32Array] | null {
    const text = this.text;
    const realStart = this.ts[tok]!;
    let lines0 = true;
    for (let j = realStart; j < brace; j++) {
      const c = text.charCodeAt(j);
      if (c === 10 || c === 13) {
        lines0 = false;
        break;
      }
    }
    const base = lines0 ? this.starts[tok]! + (brace - realStart) : brace;
    let lineStart = brace;
    while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10 && text.charCodeAt(lineStart - 1) !== 13) lineStart--;
    let firstLineEnd = brace;
    while (firstLineEnd < text.length && text.charCodeAt(firstLineEnd) !== 10 && text.charCodeAt(firstLineEnd) !== 13) firstLineEnd++;
    let copy: [Int32Array, Int32Array] | null = null;
    for (let i = 0; i < sub.count; i++) {
      const st = sub.starts[i]!;
      if (st >= firstLineEnd) break;
      const en = sub.ends[i]!;
      let ns = st;
      let ne = en;
      if (en <= firstLineEnd) {
        ns = st + (base - brace);
        ne = en + (base - brace);
      } else ns = lineStart + (st - brace);
      if (ns !== st || ne !== en) {
        if (!copy) copy = [sub.starts.slice(), sub.ends.slice()];
        sub.starts[i] = ns;
        sub.ends[i] = ne;
      }
    }
    return copy;
  }

  private fstring311Expr(ctx: F311, state: FState311, level: number): A.FormattedValue {
    const text = this.text;
    const tokStart = this.starts[ctx.tok]!;
    const tokEnd = this.ends[ctx.tok]!;
    const err = (msg: string): never => this.error(msg, tokStart, tokEnd);
    if (level >= 2) err("f-string: expressions nested too deeply");
    const brace = ctx.pos;
    let p = brace + 1;
    const exprStart = p;
    let quote = 0;
    let stringType = 0;
    const stack: number[] = [];
    for (; p < ctx.end; p++) {
      const ch = text.charCodeAt(p);
      if (ch === 92) err("f-string expression part cannot include a backslash");
      if (quote) {
        if (ch === quote) {
          if (stringType === 3) {
            if (p + 2 < ctx.end && text.charCodeAt(p + 1) === ch && text.charCodeAt(p + 2) === ch) {
              p += 2;
              stringType = 0;
              quote = 0;
            }
          } else {
            stringType = 0;
            quote = 0;
          }
        }
        continue;
      }
      if (ch === 39 || ch === 34) {
        if (p + 2 < ctx.end && text.charCodeAt(p + 1) === ch && text.charCodeAt(p + 2) === ch) {
          stringType = 3;
          p += 2;
        } else stringType = 1;
        quote = ch;
      } else if (ch === 91 || ch === 123 || ch === 40) {
        if (stack.length >= 200) err("f-string: too many nested parenthesis");
        stack.push(ch);
      } else if (ch === 35) {
        err("f-string expression part cannot include '#'");
      } else if (stack.length === 0 && (ch === 33 || ch === 58 || ch === 125 || ch === 61 || ch === 62 || ch === 60)) {
        if (p + 1 < ctx.end) {
          const next = text.charCodeAt(p + 1);
          if ((ch === 33 && next === 61) || (ch === 61 && next === 61) || (ch === 60 && next === 61) || (ch === 62 && next === 61)) {
            p++;
            continue;
          }
          if (ch === 62 || ch === 60) continue;
        }
        break;
      } else if (ch === 93 || ch === 125 || ch === 41) {
        if (stack.length === 0) err(`f-string: unmatched '${String.fromCharCode(ch)}'`);
        const open = stack.pop()!;
        if (!((open === 40 && ch === 41) || (open === 91 && ch === 93) || (open === 123 && ch === 125))) {
          err(`f-string: closing parenthesis '${String.fromCharCode(ch)}' does not match opening parenthesis '${String.fromCharCode(open)}'`);
        }
      }
    }
    const exprEnd = p;
    if (quote) err("f-string: unterminated string");
    if (stack.length) err(`f-string: unmatched '${String.fromCharCode(stack[stack.length - 1]!)}'`);
    if (p >= ctx.end) err("f-string: expecting '}'");
    // compile the expression
    let blank = true;
    for (let j = exprStart; j < exprEnd; j++) {
      const c = text.charCodeAt(j);
      if (!(c === 32 || c === 9 || c === 10 || c === 12 || c === 13)) {
        blank = false;
        break;
      }
    }
    if (blank) {
      const t = text.charCodeAt(exprEnd);
      if (t === 33 || t === 58 || t === 61) err(`f-string: expression required before '${String.fromCharCode(t)}'`);
      err("f-string: empty expression not allowed");
    }
    const sub = tokenizeFStringExpr311(this.source, brace, exprEnd, this.minor);
    const quirk = this.quirkPositions311(sub, ctx.tok, brace);
    const subParser = quirk ? new Parser(this.source, sub, this.minor, true, quirk[0], quirk[1]) : new Parser(this.source, sub, this.minor, true);
    subParser.depth = this.depth;
    const value = subParser.parseFStringField();
    // `=`
    let conversion = -1;
    let debug = false;
    if (text.charCodeAt(p) === 61) {
      p++;
      while (p < ctx.end && isPySpace(text.charCodeAt(p))) p++;
      const dtext = text.slice(exprStart, p).replace(/\r\n?/g, "\n");
      noteDebugText(dtext);
      state.lastStr += dtext;
      state.hasLast = state.hasLast || dtext.length > 0;
      debug = true;
    }
    if (text.charCodeAt(p) === 33) {
      p++;
      if (p >= ctx.end) err("f-string: expecting '}'");
      const c = text.charCodeAt(p++);
      if (!(c === 115 || c === 114 || c === 97)) err("f-string: invalid conversion character: expected 's', 'r', or 'a'");
      conversion = c;
    }
    if (p >= ctx.end) err("f-string: expecting '}'");
    let spec: A.JoinedStr | null = null;
    if (text.charCodeAt(p) === 58) {
      p++;
      if (p >= ctx.end) err("f-string: expecting '}'");
      const specState: FState311 = { lastStr: "", hasLast: false, values: [], fmode: true };
      ctx.pos = p;
      this.fstring311Parse(ctx, specState, level + 1);
      p = ctx.pos;
      if (p >= ctx.end || text.charCodeAt(p) !== 125) err("f-string: expecting '}'");
      if (specState.hasLast) {
        specState.values.push(strConstant(specState.lastStr, text.charCodeAt(this.ts[ctx.first]!) === 117 ? "u" : null, tokStart, tokEnd));
      }
      spec = { _type: "JoinedStr", values: specState.values, start: tokStart, end: tokEnd };
    }
    if (p >= ctx.end || text.charCodeAt(p) !== 125) err("f-string: expecting '}'");
    p++;
    ctx.pos = p;
    if (debug && spec === null && conversion === -1) conversion = 114;
    return { _type: "FormattedValue", value, conversion, format_spec: spec, start: this.starts[ctx.first]!, end: this.ends[ctx.last]! };
  }
}

interface FState311 {
  lastStr: string;
  hasLast: boolean;
  values: Array<A.Constant | A.FormattedValue>;
  fmode: boolean;
}

interface F311 {
  tok: number;
  first: number;
  last: number;
  raw: boolean;
  end: number;
  pos: number;
}

function isPySpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

/** Whether text[start, end) holds `{{` or `}}` (searched in the range only, not to the end of the file). */
function hasDoubledBrace(text: string, start: number, end: number): boolean {
  for (let j = start; j + 1 < end; j++) {
    const c = text.charCodeAt(j);
    if ((c === 123 || c === 125) && text.charCodeAt(j + 1) === c) return true;
  }
  return false;
}

/** 3.8 decorators: a dotted name, optionally called once. */
function isLegacyDecorator(e: A.Expr): boolean {
  const dotted = (x: A.Expr): boolean => x._type === "Name" || (x._type === "Attribute" && dotted(x.value));
  if (e._type === "Call") return dotted(e.func);
  return dotted(e);
}

/** BigInts 0..255, shared (they are immutable values): most int literals are small. */
const SMALL_INTS: bigint[] = Array.from({ length: 256 }, (_, i) => BigInt(i));

/** Value of a NUMBER token. */
function numberValue(text: string, start: number, end: number): bigint | number | PyComplex {
  if (end - start < 16) {
    // plain decimal digits (the common case): no slicing, exact in a double below 1e15
    let v = 0;
    let i = start;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
    }
    if (i === end) return v < 256 ? SMALL_INTS[v]! : BigInt(v);
  }
  let s = text.slice(start, end);
  if (s.indexOf("_") >= 0) s = s.replace(/_/g, "");
  const c1 = s.charCodeAt(1) | 32;
  if (s.charCodeAt(0) === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) return BigInt(s);
  const last = s.charCodeAt(s.length - 1) | 32;
  if (last === 106) return new PyComplex(0, Number(s.slice(0, -1)));
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c === 101 || c === 69) return Number(s);
  }
  if (s.length < 16) return BigInt(Number(s));
  return BigInt(s);
}

/** CPython's _PyPegen_get_expr_name. */
function exprName(e: A.Expr): string {
  switch (e._type) {
    case "Attribute": return "attribute";
    case "Subscript": return "subscript";
    case "Starred": return "starred";
    case "Name": return "name";
    case "List": return "list";
    case "Tuple": return "tuple";
    case "Lambda": return "lambda";
    case "Call": return "function call";
    case "BoolOp": case "BinOp": case "UnaryOp": return "expression";
    case "GeneratorExp": return "generator expression";
    case "Yield": case "YieldFrom": return "yield expression";
    case "Await": return "await expression";
    case "ListComp": return "list comprehension";
    case "SetComp": return "set comprehension";
    case "DictComp": return "dict comprehension";
    case "Dict": return "dict literal";
    case "Set": return "set display";
    case "JoinedStr": case "FormattedValue": return "f-string expression";
    case "TemplateStr": case "Interpolation": return "t-string expression";
    case "Constant": {
      const v = e.value;
      if (v === null) return "None";
      if (v === true) return "True";
      if (v === false) return "False";
      if (v === ELLIPSIS) return "ellipsis";
      return "literal";
    }
    case "Compare": return "comparison";
    case "IfExp": return "conditional expression";
    case "NamedExpr": return "named expression";
    case "Slice": return "slice";
  }
}

/**
 * The `_type` of an expression node of any kind. Reading it at this one site lets its inline cache
 * go megamorphic once and stay so; the same read spread over callers saw each new node type as a
 * "wrong map" and deoptimized them (the statement and target code) again and again while warming up.
 */
function typeOf(e: A.Expr): A.Expr["_type"] {
  return e._type;
}

/** The first sub-expression that cannot be a target, or null. */
function invalidTarget(e: A.Expr, ctx: Ctx): A.Expr | null {
  switch (typeOf(e)) {
    case "Name":
    case "Attribute":
    case "Subscript":
      return null;
    case "Starred":
      if (ctx === Ctx.Del) return e;
      return invalidTarget((e as A.Starred).value, ctx);
    case "Tuple":
    case "List":
      for (const el of (e as A.Tuple | A.List).elts) {
        const bad = invalidTarget(el, ctx);
        if (bad) return bad;
      }
      return null;
    default:
      return e;
  }
}

function setContext(e: A.Expr, ctx: A.ExprContext): void {
  switch (typeOf(e)) {
    case "Name":
    case "Attribute":
    case "Subscript":
      (e as A.Name | A.Attribute | A.Subscript).ctx = ctx;
      return;
    case "Starred":
      (e as A.Starred).ctx = ctx;
      setContext((e as A.Starred).value, ctx);
      return;
    case "Tuple":
    case "List":
      (e as A.Tuple | A.List).ctx = ctx;
      for (const el of (e as A.Tuple | A.List).elts) setContext(el, ctx);
      return;
  }
}
