/**
 * The compact printer: AST → the shortest source that parses back to the same tree.
 *
 * - Whitespace only where the tokenizer needs it (between two word characters, after a number that is
 *   followed by a word); one indentation unit per level (a space or a tab).
 * - Consecutive simple statements are joined with `;`; a block made only of simple statements goes on
 *   its header's line (`if x:a=1;b=2`); `else: if` becomes `elif`.
 * - Literals take their shortest spelling (src/minify/literals.ts).
 * - Every construct is written in the form the oldest Python accepts (walrus parenthesised outside the
 *   places 3.8 allowed it, `for x in(*a,b)`, `a[(*b,)]`, f-strings without 3.12 quote reuse whenever
 *   possible), so the output never needs a newer Python than the input did.
 *
 * Precedence follows the grammar's levels (CPython's `_Precedence` in Lib/ast.py): each expression is
 * printed for a required level and parenthesised when its own level is lower.
 *
 * What the target cannot express raises {@link PrintError}; the pipeline turns it into a bailout.
 */
import type {
  Arguments, Comprehension, Constant, ExceptHandler, Expr, FormattedValue, Interpolation, MatchCase,
  Module, Pattern, Stmt, TypeParam, WithItem,
} from "../python/ast.js";
import { ELLIPSIS, PyComplex, PyStr } from "../python/ast.js";
import { BINOP, CMPOP, CONVERSIONS, exprLevel, namedOk, noYieldTuple, P, type Level } from "../python/precedence.js";
import {
  FREE_CONTEXT, bytesLiteral, codePointsLiteral, escapeStrBody, floatLiteral, intLiteral, quoteForbidden, strLiteral, type CanEncode, type LiteralContext,
} from "./literals.js";
import { lineEndAt, onlyBlankBetween, type KeptComment } from "./type-comments.js";

export class PrintError extends Error {
  override readonly name = "PrintError";
}

export interface PrintOptions {
  /** Target Python 3 minor version. */
  minor: number;
  /** One indentation level: " " (default) or "\t". */
  indent?: string;
  /** Code points the output encoding can hold raw (default: all). */
  canEncode?: CanEncode;
  /**
   * Comments to keep (type-comments.ts), in source order, with the source text they come from: one
   * that ended a statement's or a block header's line ends that line again; any other goes on a
   * line of its own before the first statement that starts after it, or at the end of the block
   * whose last statement's line holds it.
   */
  comments?: { kept: readonly KeptComment[]; text: string } | null;
  /** The source text the tree was parsed from: where elements stood on lines of their own. */
  text?: string | null;
}

/** Prints a module: lines separated by "\n", no trailing newline ("" for an empty module). */
export function printModule(module: Module, options: PrintOptions): string {
  const p = new CompactPrinter(options.minor, options.indent ?? " ", options.canEncode ?? (() => true), options.comments ?? null, options.text ?? null);
  p.block(module.body, 0);
  p.flushComments(Infinity, 0);
  return p.lines.join("\n");
}

/** Prints one expression (tests and diagnostics). */
export function printExpr(e: Expr, options: PrintOptions): string {
  const p = new CompactPrinter(options.minor, options.indent ?? " ", options.canEncode ?? (() => true));
  return p.expr(e, P.TUPLE);
}

// ---------------------------------------------------------------- precedence

/** As written; a starred item sits where a `|` expression may. */
function level(e: Expr): Level {
  return e._type === "Starred" ? P.BOR : exprLevel(e);
}

/** Places that accept a bare walrus since 3.8: call arguments, list and tuple items, if/while tests. */
const walrusOk = namedOk;
/** Places that take any test expression. */
function anyTest(): Level {
  return P.TEST;
}

// ---------------------------------------------------------------- token gluing

function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 128;
}

const STRING_PREFIXES = new Set(["r", "u", "b", "f", "t", "br", "rb", "fr", "rf", "tr", "rt"]);

/** `a` followed by `b`, with a space only where the tokenizer needs one. */
function glue(a: string, b: string): string {
  if (a.length === 0 || b.length === 0) return a + b;
  const x = a.charCodeAt(a.length - 1);
  const y = b.charCodeAt(0);
  if (isWord(y)) {
    // Word after word; or after a number ending in "." (`1.if` warns from 3.12).
    if (isWord(x) || x === 46) return a + " " + b;
  } else if ((y === 39 || y === 34) && isWord(x)) {
    let i = a.length - 1;
    while (i >= 0 && isWord(a.charCodeAt(i))) i--;
    if (STRING_PREFIXES.has(a.slice(i + 1).toLowerCase())) return a + " " + b;
  }
  return a + b;
}

function glueAll(...parts: string[]): string {
  let out = "";
  for (const p of parts) out = glue(out, p);
  return out;
}

export function isSimpleStmt(s: Stmt): boolean {
  switch (s._type) {
    case "Expr": case "Assign": case "Return": case "Pass": case "Import": case "ImportFrom": case "Raise":
    case "AugAssign": case "Delete": case "Assert": case "Break": case "Continue": case "Global":
    case "Nonlocal": case "AnnAssign": case "TypeAlias":
      return true;
    default:
      return false;
  }
}

function allSimple(body: readonly Stmt[]): boolean {
  for (const s of body) if (!isSimpleStmt(s)) return false;
  return true;
}

const QUOTES = ["'", '"', "'''", '"""'] as const;

/**
 * The comma after `prev` inside brackets: with a line break when `prev` spans lines (a multi-line
 * string), so that what follows starts its own line, as it usually did in the source — a line that
 * starts inside a string cannot be tokenized alone, which `inspect.getsource` of a lambda there does.
 */
function comma(prev: string): string {
  return prev.includes("\n") ? ",\n" : ",";
}

/** A bracketed list being printed (CompactPrinter.push): its text, last element, last lambda's end. */
interface Bracketed {
  text: string;
  prev: string;
  /** Source end of the last element since a line break that holds a lambda, or -1. */
  lambdaEnd: number;
}

function emptyBracketed(): Bracketed {
  return { text: "", prev: "", lambdaEnd: -1 };
}

// ---------------------------------------------------------------- the printer

class CompactPrinter {
  readonly lines: string[] = [];
  /** Indentation by depth. */
  private readonly pads: string[] = [""];
  /** Restrictions on literals inside the f-string replacement field being printed. */
  private lit: LiteralContext = FREE_CONTEXT;

  /** The next comment to keep (an index into `comments.kept`). */
  private nextComment = 0;
  /**
   * Lambdas printed so far. Statements that hold one are not joined on a line that has another:
   * `inspect.getsource` of a lambda gives its whole line, and tools that compile a lambda from it
   * (TensorFlow's AutoGraph for `ds.map(lambda x: …)`) cannot tell two lambdas of one line apart.
   */
  private lambdas = 0;

  constructor(
    readonly minor: number,
    readonly unit: string,
    readonly canEncode: CanEncode,
    private readonly comments: PrintOptions["comments"] = null,
    private readonly source: string | null = null,
  ) {}

  /**
   * Appends an element (printed after `lambdasBefore` lambdas had been printed, so it holds one if
   * the count grew; it stood at [start, end) in the source) to a bracketed list, after a comma and
   * the line break the list needs: after an element that spans lines (see comma()), and between
   * lambdas the source had on different lines, so that tools compiling a lambda from its line
   * (AutoGraph) can tell them apart — not inside an f-string's replacement field, where a break
   * needs 3.12 or triple quotes. Callers pass `this.lambdas` before the element's text: arguments
   * are evaluated in order, so it is the count from before the element was printed.
   */
  private push(list: Bracketed, lambdasBefore: number, text: string, start: number, end: number): void {
    const lambda = this.lambdas > lambdasBefore;
    if (list.text) {
      let sep = comma(list.prev);
      if (lambda && list.lambdaEnd >= 0 && this.source !== null && this.lit === FREE_CONTEXT) {
        for (let i = list.lambdaEnd; i < start; i++) {
          const c = this.source.charCodeAt(i);
          if (c === 10 || c === 13) {
            sep = ",\n";
            break;
          }
        }
      }
      if (sep.length > 1) list.lambdaEnd = -1;
      list.text += sep;
    }
    if (lambda) list.lambdaEnd = end;
    list.prev = text;
    list.text += text;
  }

  /** Whether a comment still to be written starts before `offset`. */
  private commentBefore(offset: number): boolean {
    const c = this.comments?.kept[this.nextComment];
    return c !== undefined && c.start < offset;
  }

  /** Writes the comments still to be written that start before `offset`, each on a line at `depth`. */
  flushComments(offset: number, depth: number): void {
    while (this.commentBefore(offset)) this.lines.push(this.pad(depth) + this.comments!.kept[this.nextComment++]!.text);
  }

  /**
   * The next comment to keep when it follows offset `from` on the same line with no code between
   * (`;` aside) — taken — else null (also when comments inside the code before `from` are still to
   * be written).
   */
  private trailingComment(from: number): string | null {
    const c = this.comments?.kept[this.nextComment];
    if (c === undefined || !c.trailing || c.start < from) return null;
    const text = this.comments!.text;
    if (c.start >= lineEndAt(text, from) || !onlyBlankBetween(text, from, c.start, true)) return null;
    this.nextComment++;
    return c.text;
  }

  /** The end of the source line where the last of `stmts` ends: comments before it belong to the block. */
  private blockEnd(stmts: readonly Stmt[]): number {
    const last = stmts[stmts.length - 1];
    return this.comments && last ? lineEndAt(this.comments.text, last.end) : -1;
  }

  // ------------------------------------------------------------ statements

  private pad(depth: number): string {
    while (this.pads.length <= depth) this.pads.push(this.pads[this.pads.length - 1]! + this.unit);
    return this.pads[depth]!;
  }

  /**
   * Emits a statement list at `depth`: runs of simple statements joined with `;` on one line — but
   * never after a statement that spans lines (a multi-line string): a line must not start inside a
   * string, or `inspect.getsource` of a lambda on it fails to tokenize (hypothesis describes its
   * strategies that way) and tracebacks show half a string. Nor are two statements holding lambdas
   * joined (see `lambdas`), and a kept comment ends its line (see `PrintOptions.comments`).
   */
  block(stmts: Stmt[], depth: number): void {
    let line = "";
    let open = false;
    /** Lambdas on the open line. */
    let lambdas = 0;
    for (const s of stmts) {
      if (this.commentBefore(s.start)) {
        if (open) this.lines.push(line);
        open = false;
        this.flushComments(s.start, depth);
      }
      if (isSimpleStmt(s)) {
        const before = this.lambdas;
        const text = this.simple(s);
        const own = this.lambdas - before;
        // Never a second statement with a lambda on a line that has one (see `lambdas`).
        if (open && !line.includes("\n") && !(own > 0 && lambdas > 0)) {
          line += ";" + text;
          lambdas += own;
        } else {
          if (open) this.lines.push(line);
          line = this.pad(depth) + text;
          lambdas = own;
        }
        open = true;
        // A comment after the statement on its line stays at the end of that line.
        const trailing = this.trailingComment(s.end);
        if (trailing !== null) {
          this.lines.push(line + trailing);
          open = false;
        }
      } else {
        if (open) this.lines.push(line);
        open = false;
        this.compound(s, depth);
      }
    }
    if (open) this.lines.push(line);
    this.flushComments(this.blockEnd(stmts), depth);
  }

  /** Emits `header:` and its body, inline when the body is only simple statements. */
  private clause(header: string, body: Stmt[], depth: number, inline = true): void {
    if (body.length === 0) throw new PrintError(`empty block after '${header}'`);
    // A comment ending the header's line (`def f(x):  # type: (int) -> int`) stays there.
    const c = this.comments?.kept[this.nextComment];
    if (c !== undefined && c.trailing && c.start < body[0]!.start && onlyBlankBetween(this.comments!.text, c.start, body[0]!.start)) {
      this.nextComment++;
      this.lines.push(this.pad(depth) + header + ":" + c.text);
      this.block(body, depth + 1);
      return;
    }
    if (inline && allSimple(body) && !this.commentBefore(this.blockEnd(body))) {
      // Inline unless a line would start inside a string, or two of its parts would hold lambdas
      // (see block()).
      let withLambdas = /\blambda\b/.test(header) ? 1 : 0;
      const texts = body.map((s) => {
        const before = this.lambdas;
        const text = this.simple(s);
        if (this.lambdas > before) withLambdas++;
        return text;
      });
      if (withLambdas <= 1 && !header.includes("\n") && texts.every((t, i) => i === texts.length - 1 || !t.includes("\n"))) {
        this.lines.push(this.pad(depth) + header + ":" + texts.join(";"));
        return;
      }
    }
    this.lines.push(this.pad(depth) + header + ":");
    this.block(body, depth + 1);
  }

  simple(s: Stmt): string {
    switch (s._type) {
      case "Expr":
        return this.expr(s.value, P.TUPLE);
      case "Pass":
        return "pass";
      case "Break":
        return "break";
      case "Continue":
        return "continue";
      case "Return":
        return s.value ? glue("return", this.expr(s.value, this.starTuple(s.value, noYieldTuple(s.value)))) : "return";
      case "Delete":
        return glue("del", s.targets.map((t) => this.expr(t, P.TEST)).join(","));
      case "Assign": {
        let text = "";
        for (const t of s.targets) text += this.expr(t, P.TUPLE) + "=";
        return text + this.expr(s.value, this.starTuple(s.value, P.TUPLE));
      }
      case "AugAssign":
        return this.expr(s.target, P.ATOM) + BINOP[s.op]![0] + "=" + this.expr(s.value, this.starTuple(s.value, P.TUPLE));
      case "AnnAssign": {
        let target = this.expr(s.target, P.ATOM);
        if (s.simple === 0 && s.target._type === "Name") target = `(${target})`;
        let text = target + ":" + this.expr(s.annotation, P.TEST);
        // A bare starred tuple on the right of an annotated assignment needs 3.8; parenthesise.
        if (s.value) text += "=" + this.expr(s.value, this.starTuple(s.value, P.TUPLE));
        return text;
      }
      case "TypeAlias":
        return glueAll("type", s.name.id + this.typeParams(s.type_params) + "=" + this.expr(s.value, P.TEST));
      case "Raise": {
        if (!s.exc) {
          if (s.cause) throw new PrintError("raise with a cause but no exception");
          return "raise";
        }
        let text = glue("raise", this.expr(s.exc, P.TEST));
        if (s.cause) text = glueAll(text, "from", this.expr(s.cause, P.TEST));
        return text;
      }
      case "Assert":
        return glue("assert", this.expr(s.test, P.TEST) + (s.msg ? "," + this.expr(s.msg, P.TEST) : ""));
      case "Import":
        return "import " + s.names.map((a) => (a.asname ? `${a.name} as ${a.asname}` : a.name)).join(",");
      case "ImportFrom": {
        let head = "from";
        if (s.level > 0) head += ".".repeat(s.level) + (s.module ?? "");
        else head += " " + (s.module ?? "");
        head += s.module ? " import" : "import";
        if (s.names.length === 1 && s.names[0]!.name === "*") return head + "*";
        return head + " " + s.names.map((a) => (a.asname ? `${a.name} as ${a.asname}` : a.name)).join(",");
      }
      case "Global":
        return "global " + s.names.join(",");
      case "Nonlocal":
        return "nonlocal " + s.names.join(",");
      default:
        throw new PrintError(`not a simple statement: ${s._type}`);
    }
  }

  /** `return *a, b` and friends: a bare starred tuple is parenthesised (needs 3.8 / 3.9 otherwise). */
  private starTuple(e: Expr, lvl: Level): Level {
    if (e._type === "Tuple" && e.elts.some((x) => x._type === "Starred")) return P.ATOM;
    return lvl;
  }

  private compound(s: Stmt, depth: number): void {
    const pad = this.pad(depth);
    switch (s._type) {
      case "FunctionDef":
      case "AsyncFunctionDef": {
        this.decorators(s.decorator_list, pad);
        let header = (s._type === "AsyncFunctionDef" ? "async def " : "def ") + s.name + this.typeParams(s.type_params);
        header += "(" + this.args(s.args, true) + ")";
        if (s.returns) header += "->" + this.expr(s.returns, P.TEST);
        this.clause(header, s.body, depth);
        return;
      }
      case "ClassDef": {
        this.decorators(s.decorator_list, pad);
        const items = [...s.bases.map((b) => this.expr(b, P.TEST)), ...s.keywords.map((k) => this.keyword(k.arg, k.value))];
        const header = "class " + s.name + this.typeParams(s.type_params) + (items.length ? "(" + items.join(",") + ")" : "");
        this.clause(header, s.body, depth);
        return;
      }
      case "If": {
        this.clause(glue("if", this.expr(s.test, walrusOk(s.test))), s.body, depth);
        let orelse = s.orelse;
        while (orelse.length === 1 && orelse[0]!._type === "If") {
          const elif = orelse[0];
          this.clause(glue("elif", this.expr(elif.test, walrusOk(elif.test))), elif.body, depth);
          orelse = elif.orelse;
        }
        if (orelse.length) this.clause("else", orelse, depth);
        return;
      }
      case "While":
        this.clause(glue("while", this.expr(s.test, walrusOk(s.test))), s.body, depth);
        if (s.orelse.length) this.clause("else", s.orelse, depth);
        return;
      case "For":
      case "AsyncFor": {
        const kw = s._type === "AsyncFor" ? "async for" : "for";
        const header = glueAll(kw, this.expr(s.target, P.TUPLE), "in", this.expr(s.iter, this.starTuple(s.iter, noYieldTuple(s.iter))));
        this.clause(header, s.body, depth);
        if (s.orelse.length) this.clause("else", s.orelse, depth);
        return;
      }
      case "With":
      case "AsyncWith":
        this.clause(glue(s._type === "AsyncWith" ? "async with" : "with", this.withItems(s.items)), s.body, depth);
        return;
      case "Try":
      case "TryStar": {
        this.clause("try", s.body, depth);
        for (const h of s.handlers) this.handler(h, s._type === "TryStar", depth);
        if (s.orelse.length) this.clause("else", s.orelse, depth);
        if (s.finalbody.length) this.clause("finally", s.finalbody, depth);
        return;
      }
      case "Match": {
        const subject = s.subject;
        const lvl = subject._type === "NamedExpr" ? P.ATOM : this.starTuple(subject, noYieldTuple(subject));
        this.lines.push(pad + "match " + this.expr(subject, lvl) + ":");
        if (s.cases.length === 0) throw new PrintError("match without cases");
        for (const c of s.cases) this.matchCase(c, depth + 1);
        return;
      }
      default:
        throw new PrintError(`not a compound statement: ${s._type}`);
    }
  }

  private decorators(list: Expr[], pad: string): void {
    for (const d of list) this.lines.push(pad + "@" + this.expr(d, walrusOk(d)));
  }

  private handler(h: ExceptHandler, star: boolean, depth: number): void {
    let header = star ? "except*" : "except";
    if (h.type) header = star ? header + this.expr(h.type, P.TEST) : glue(header, this.expr(h.type, P.TEST));
    else if (star) throw new PrintError("except* without a type");
    if (h.name !== null) header = glueAll(header, "as", h.name);
    // A traceback of an exception raised in a handler shows that source line: keep the handler's
    // header (the caught exception's name) off it, as in the original.
    this.clause(header, h.body, depth, !h.body.some((b) => b._type === "Raise"));
  }

  private withItems(items: WithItem[]): string {
    const only = items.length === 1 ? items[0]! : null;
    return items
      .map((item) => {
        let text = this.expr(item.context_expr, P.TEST);
        // `with (a, b):` alone would read as two parenthesised items (3.9+).
        if (only && !only.optional_vars && item.context_expr._type === "Tuple" && item.context_expr.elts.length > 0) {
          text = `(${text})`;
        }
        if (item.optional_vars) text = glueAll(text, "as", this.expr(item.optional_vars, P.TEST));
        return text;
      })
      .join(",");
  }

  private matchCase(c: MatchCase, depth: number): void {
    let header = "case " + this.pattern(c.pattern, PP.AS);
    if (c.guard) header = glueAll(header, "if", this.expr(c.guard, walrusOk(c.guard)));
    this.clause(header, c.body, depth);
  }

  private typeParams(params: TypeParam[]): string {
    if (!params || params.length === 0) return "";
    const parts = params.map((p) => {
      let text: string;
      if (p._type === "TypeVar") {
        text = p.name;
        if (p.bound) text += ":" + this.expr(p.bound, P.TEST);
      } else text = (p._type === "ParamSpec" ? "**" : "*") + p.name;
      if (p.default_value) text += "=" + this.expr(p.default_value, p._type === "TypeVarTuple" ? P.BOR : P.TEST);
      return text;
    });
    return "[" + parts.join(",") + "]";
  }

  /** Parameters of a def (with annotations) or a lambda. */
  private args(a: Arguments, annotations: boolean): string {
    const parts: string[] = [];
    const param = (arg: { arg: string; annotation: Expr | null }, dflt: Expr | null | undefined, star = false): string => {
      let text = arg.arg;
      if (annotations && arg.annotation) {
        // `*args: *Ts` (3.11) is a Starred annotation.
        text += ":" + this.expr(arg.annotation, star && arg.annotation._type === "Starred" ? P.BOR : P.TEST);
      }
      if (dflt) text += "=" + this.expr(dflt, P.TEST);
      return text;
    };
    const positional = [...a.posonlyargs, ...a.args];
    const firstDefault = positional.length - a.defaults.length;
    positional.forEach((arg, i) => {
      parts.push(param(arg, i >= firstDefault ? a.defaults[i - firstDefault] : null));
      if (i === a.posonlyargs.length - 1) parts.push("/");
    });
    if (a.vararg) parts.push("*" + param(a.vararg, null, true));
    else if (a.kwonlyargs.length) parts.push("*");
    a.kwonlyargs.forEach((arg, i) => parts.push(param(arg, a.kw_defaults[i])));
    if (a.kwarg) parts.push("**" + param(a.kwarg, null));
    return parts.join(",");
  }

  private keyword(arg: string | null, value: Expr): string {
    return arg === null ? "**" + this.expr(value, P.BOR) : arg + "=" + this.expr(value, P.TEST);
  }

  // ------------------------------------------------------------ patterns

  private pattern(p: Pattern, lvl: PatternLevel): string {
    switch (p._type) {
      case "MatchValue":
        return this.expr(p.value, P.BOR);
      case "MatchSingleton":
        return p.value === null ? "None" : p.value ? "True" : "False";
      case "MatchSequence":
        return "[" + p.patterns.map((x) => this.pattern(x, PP.AS)).join(",") + "]";
      case "MatchStar":
        return "*" + (p.name ?? "_");
      case "MatchMapping": {
        const items = p.keys.map((k, i) => this.expr(k, P.BOR) + ":" + this.pattern(p.patterns[i]!, PP.AS));
        if (p.rest !== null) items.push("**" + p.rest);
        return "{" + items.join(",") + "}";
      }
      case "MatchClass": {
        const items = p.patterns.map((x) => this.pattern(x, PP.AS));
        p.kwd_attrs.forEach((name, i) => items.push(name + "=" + this.pattern(p.kwd_patterns[i]!, PP.AS)));
        return this.expr(p.cls, P.ATOM) + "(" + items.join(",") + ")";
      }
      case "MatchAs": {
        if (!p.pattern) return p.name ?? "_";
        if (p.name === null) throw new PrintError("MatchAs with a pattern but no name");
        const text = glueAll(this.pattern(p.pattern, PP.OR), "as", p.name);
        return lvl > PP.AS ? `(${text})` : text;
      }
      case "MatchOr": {
        const text = p.patterns.map((x) => this.pattern(x, PP.CLOSED)).join("|");
        return lvl > PP.OR ? `(${text})` : text;
      }
    }
  }

  // ------------------------------------------------------------ expressions

  /** `e` printed where the grammar requires level `lvl`, parenthesised when its own level is lower. */
  expr(e: Expr, lvl: Level): string {
    const text = this.bare(e, lvl);
    return level(e) < lvl ? "(" + text + ")" : text;
  }

  /** Comma-separated elements; inside brackets a break follows an element that spans lines (see comma()). */
  private items(elts: Expr[], lvl: (e: Expr) => Level, bracketed = true): string {
    if (!bracketed) return elts.map((x) => this.expr(x, lvl(x))).join(",");
    const list = emptyBracketed();
    for (const x of elts) this.push(list, this.lambdas, this.expr(x, lvl(x)), x.start, x.end);
    return list.text;
  }

  private bare(e: Expr, lvl: Level): string {
    switch (e._type) {
      case "Name":
        return e.id;
      case "Constant":
        return this.constant(e);
      case "NamedExpr":
        return this.expr(e.target, P.ATOM) + ":=" + this.expr(e.value, P.TEST);
      case "BoolOp": {
        const own = level(e);
        const kw = e.op === "Or" ? "or" : "and";
        let out = "";
        for (let i = 0; i < e.values.length; i++) {
          const text = this.expr(e.values[i]!, (own + 1) as Level);
          out = i === 0 ? text : glueAll(out, kw, text);
        }
        return out;
      }
      case "BinOp": {
        const [op, own] = BINOP[e.op]!;
        // `**` is right-associative and binds its right operand as a unary expression.
        if (e.op === "Pow") return this.expr(e.left, P.AWAIT) + op + this.expr(e.right, P.FACTOR);
        return this.expr(e.left, own) + op + this.expr(e.right, (own + 1) as Level);
      }
      case "UnaryOp": {
        const own = level(e);
        const operand = this.expr(e.operand, own);
        switch (e.op) {
          case "Not": return glue("not", operand);
          case "USub": return "-" + operand;
          case "UAdd": return "+" + operand;
          case "Invert": return "~" + operand;
        }
        break;
      }
      case "Compare": {
        let text = this.expr(e.left, P.BOR);
        for (let i = 0; i < e.ops.length; i++) {
          const right = this.expr(e.comparators[i]!, P.BOR);
          const sym = CMPOP[e.ops[i]!]!;
          text = isWord(sym.charCodeAt(0)) ? glueAll(text, sym, right) : text + sym + right;
        }
        return text;
      }
      case "Lambda": {
        const params = this.args(e.args, false);
        this.lambdas++;
        return (params ? glue("lambda", params) : "lambda") + ":" + this.expr(e.body, P.TEST);
      }
      case "IfExp":
        return glueAll(this.expr(e.body, P.OR), "if", this.expr(e.test, P.OR), "else", this.expr(e.orelse, P.TEST));
      case "Await":
        return glue("await", this.expr(e.value, P.ATOM));
      case "Yield":
        return e.value ? glue("yield", this.expr(e.value, this.starTuple(e.value, noYieldTuple(e.value)))) : "yield";
      case "YieldFrom":
        return glueAll("yield", "from", this.expr(e.value, P.TEST));
      case "Starred":
        return "*" + this.expr(e.value, P.BOR);
      case "Tuple": {
        if (e.elts.length === 0) return "()";
        const paren = lvl > P.TUPLE;
        let text = this.items(e.elts, paren ? walrusOk : anyTest, paren);
        if (e.elts.length === 1) text += ",";
        return text;
      }
      case "List":
        return "[" + this.items(e.elts, walrusOk) + "]";
      case "Set":
        return e.elts.length ? "{" + this.items(e.elts, anyTest) + "}" : "{*()}";
      case "Dict": {
        const list = emptyBracketed();
        for (let i = 0; i < e.keys.length; i++) {
          const k = e.keys[i]!;
          const v = e.values[i]!;
          this.push(list, this.lambdas, k === null ? "**" + this.expr(v, P.BOR) : this.expr(k, P.TEST) + ":" + this.expr(v, P.TEST), (k ?? v).start, v.end);
        }
        return "{" + list.text + "}";
      }
      case "ListComp":
        return "[" + glue(this.expr(e.elt, walrusOk(e.elt)), this.generators(e.generators)) + "]";
      case "SetComp":
        return "{" + glue(this.expr(e.elt, P.TEST), this.generators(e.generators)) + "}";
      case "GeneratorExp":
        // A bare walrus element needs 3.9 here (3.8 accepts it in list displays only).
        return "(" + glue(this.expr(e.elt, P.TEST), this.generators(e.generators)) + ")";
      case "DictComp":
        return "{" + glue(this.expr(e.key, P.TEST) + ":" + this.expr(e.value, P.TEST), this.generators(e.generators)) + "}";
      case "Call": {
        const func = this.expr(e.func, P.ATOM);
        const only = e.args.length === 1 && e.keywords.length === 0 ? e.args[0]! : null;
        if (only && only._type === "GeneratorExp") return func + this.bare(only, P.ATOM);
        const list = emptyBracketed();
        for (const x of e.args) this.push(list, this.lambdas, this.expr(x, walrusOk(x)), x.start, x.end);
        for (const k of e.keywords) this.push(list, this.lambdas, this.keyword(k.arg, k.value), k.value.start, k.value.end);
        return func + "(" + list.text + ")";
      }
      case "Attribute": {
        let value = this.expr(e.value, P.ATOM);
        // `1.real` would read as a float literal.
        if (e.value._type === "Constant" && typeof e.value.value === "bigint" && !value.startsWith("(")) value += " ";
        return value + "." + e.attr;
      }
      case "Subscript":
        return this.expr(e.value, P.ATOM) + "[" + this.slice(e.slice) + "]";
      case "Slice": {
        let text = (e.lower ? this.expr(e.lower, P.TEST) : "") + ":" + (e.upper ? this.expr(e.upper, P.TEST) : "");
        if (e.step) text += ":" + this.expr(e.step, P.TEST);
        return text;
      }
      case "JoinedStr": {
        // `u"…" f"{x}"`: CPython marks the f-string's first literal part `u`; only a u-literal in
        // front of the f-string writes that tree again (`u'a'f'{x}'`; `u'a'f''` when it is all).
        const first = e.values[0];
        if (first?._type === "Constant" && first.kind === "u") return this.constant(first) + this.fstring(e.values.slice(1), "f");
        return this.fstring(e.values, "f");
      }
      case "TemplateStr":
        return this.fstring(e.values, "t");
      case "FormattedValue":
      case "Interpolation":
        throw new PrintError(`${e._type} outside an f-string`);
    }
    throw new PrintError(`unknown expression ${(e as Expr)._type}`);
  }

  private slice(s: Expr): string {
    if (s._type === "Tuple" && s.elts.length > 0) {
      // `a[*b]` needs 3.11; `a[(*b,)]` is the same tree everywhere — but a slice cannot be in
      // parentheses: `a[1:2, *b]` has no other spelling (and parsed, so the target is 3.11+).
      if (s.elts.some((x) => x._type === "Starred") && !s.elts.some((x) => x._type === "Slice")) return this.expr(s, P.ATOM);
      const text = this.items(s.elts, anyTest);
      return s.elts.length === 1 ? text + "," : text;
    }
    return this.expr(s, P.TEST);
  }

  private generators(gens: Comprehension[]): string {
    let text = "";
    for (const g of gens) {
      text = glueAll(text, g.is_async ? "async for" : "for", this.expr(g.target, P.TUPLE), "in", this.expr(g.iter, P.OR));
      for (const cond of g.ifs) text = glueAll(text, "if", this.expr(cond, P.OR));
    }
    return text;
  }

  // ------------------------------------------------------------ constants

  private constant(c: Constant): string {
    const v = c.value;
    if (typeof v === "string") {
      const text = strLiteral(v, c.kind === "u" ? "u" : "", this.canEncode, this.lit);
      if (text === null) throw new PrintError("no string literal fits inside this f-string replacement field");
      return text;
    }
    if (v instanceof PyStr) {
      const text = codePointsLiteral(v.codePoints, c.kind === "u" ? "u" : "", this.canEncode, this.lit);
      if (text === null) throw new PrintError("a string with surrogate escapes cannot be written here");
      return text;
    }
    if (v === null) return "None";
    if (v === true) return "True";
    if (v === false) return "False";
    if (v === ELLIPSIS) return "...";
    if (typeof v === "bigint") return intLiteral(v);
    if (typeof v === "number") return floatLiteral(v);
    if (v instanceof PyComplex) {
      if (v.real !== 0 || Object.is(v.real, -0)) throw new PrintError("complex constant with a real part");
      return floatLiteral(v.imag, true) + "j";
    }
    if (v instanceof Uint8Array) {
      const text = bytesLiteral(v, this.lit);
      if (text === null) throw new PrintError("no bytes literal fits inside this f-string replacement field");
      return text;
    }
    throw new PrintError(`unknown constant ${String(v)}`);
  }

  // ------------------------------------------------------------ f-strings and t-strings

  /**
   * An f-string (or t-string): every quote style is tried under the pre-3.12 rules (no quote reuse,
   * no backslash or `#` in replacement fields); PEP 701's freer rules are used only when none fits and
   * the target is 3.12+ (t-strings are 3.14: always PEP 701).
   */
  private fstring(values: (Constant | FormattedValue | Interpolation)[], prefix: "f" | "t"): string {
    const outer = this.lit;
    let best: string | null = null;
    const modes: boolean[] = prefix === "t" ? [false] : this.minor >= 12 && !outer.noBackslash ? [true, false] : [true];
    for (const legacy of modes) {
      for (const q of QUOTES) {
        if (quoteForbidden(q, outer)) continue;
        const text = this.tryFString(values, prefix, q, legacy, outer);
        if (text !== null && (best === null || text.length < best.length)) best = text;
      }
      if (best !== null) return best;
    }
    throw new PrintError(
      this.minor >= 12 || prefix === "t"
        ? "f-string cannot be written inside this replacement field"
        : `f-string needs Python 3.12 quoting (target 3.${this.minor})`,
    );
  }

  private tryFString(
    values: (Constant | FormattedValue | Interpolation)[],
    prefix: string,
    q: string,
    legacy: boolean,
    outer: LiteralContext,
  ): string | null {
    const single = q.length === 1;
    const inner: LiteralContext = legacy
      ? { forbid: [...outer.forbid, q], noBackslash: true, noNewline: outer.noNewline || single }
      : { forbid: [], noBackslash: false, noNewline: outer.noNewline || single };
    let body = "";
    try {
      body = this.fstringBody(values, q, inner, outer, false);
    } catch (e) {
      if (e instanceof PrintError) return null;
      throw e;
    } finally {
      this.lit = outer;
    }
    if (body === null) return null;
    const text = prefix + q + body + q;
    // The whole literal must satisfy the enclosing field's rules too.
    if (outer !== FREE_CONTEXT) {
      if (outer.noBackslash && text.includes("\\")) return null;
      if (outer.noNewline && text.includes("\n")) return null;
      for (const c of outer.forbid) if (text.includes(c)) return null;
    }
    return text;
  }

  /** The text between the quotes; throws PrintError when a part does not fit. */
  private fstringBody(
    values: (Constant | FormattedValue | Interpolation | Expr)[],
    q: string,
    inner: LiteralContext,
    outer: LiteralContext,
    spec: boolean,
  ): string {
    let body = "";
    for (const v of values) {
      if (v._type === "Constant") {
        if (typeof v.value !== "string") throw new PrintError("f-string part that is not a plain str");
        body += spec ? this.specText(v.value, q, outer) : this.fstringLiteral(v.value, q, outer);
        continue;
      }
      if (v._type !== "FormattedValue" && v._type !== "Interpolation") throw new PrintError(`${v._type} inside an f-string`);
      let code: string;
      if (v._type === "Interpolation") code = v.str;
      else {
        this.lit = inner;
        try {
          code = this.expr(v.value, P.OR);
        } finally {
          this.lit = outer;
        }
      }
      if (inner.noBackslash && code.includes("\\")) throw new PrintError("backslash in replacement field");
      if (inner.noNewline && code.includes("\n")) throw new PrintError("newline in replacement field");
      if (code.startsWith("{")) code = " " + code; // `{{` would be an escaped brace
      body += "{" + code;
      if (v.conversion !== -1) {
        const conv = CONVERSIONS[v.conversion];
        if (!conv) throw new PrintError(`unknown conversion ${v.conversion}`);
        body += conv;
      }
      if (v.format_spec) body += ":" + this.fstringBody(v.format_spec.values, q, inner, outer, true);
      body += "}";
    }
    return body;
  }

  /** A literal part: escaped for quote `q`, braces doubled. */
  private fstringLiteral(value: string, q: string, outer: LiteralContext): string {
    const lit = escapeStrBody(value, q, this.canEncode);
    if (outer.noBackslash && lit.includes("\\")) throw new PrintError("backslash in nested f-string");
    return lit.replace(/[{}]/g, "$&$&");
  }

  /** A literal part of a format spec: escaped like any literal part; braces cannot be written. */
  private specText(value: string, q: string, outer: LiteralContext): string {
    if (value.includes("{") || value.includes("}")) throw new PrintError("format spec with a literal brace");
    const lit = escapeStrBody(value, q, this.canEncode);
    if (outer.noBackslash && lit.includes("\\")) throw new PrintError("backslash in nested f-string");
    return lit;
  }
}

const PP = { AS: 0, OR: 1, CLOSED: 2 } as const;
type PatternLevel = (typeof PP)[keyof typeof PP];

