/**
 * AST → Python source. The output parses back (with CPython of the target version) to a tree that
 * `ast.dump`s identically to the input, with as few parentheses as the grammar allows.
 *
 * Syntax decisions live here (precedence, parentheses, quoting); whitespace and line structure are
 * left to a {@link Layout} and a {@link Spacing} (unparse-layout.ts) so that a compact printer can
 * reuse this one. Constructs the target version cannot express raise {@link UnparseError}.
 *
 * Precedence: every expression is printed for a required level; a node whose own level is lower gets
 * parentheses. Levels follow the grammar (CPython's `_Precedence` in Lib/ast.py), with two contexts
 * the single scale cannot express handled by helpers: places that accept a walrus but not a bare
 * tuple (`if` tests, call arguments, list items) and places that accept a bare tuple but not `yield`
 * (`return`, `for … in`, subscripts).
 */
import type {
  Arguments, Comprehension, Constant, ExceptHandler, Expr, FormattedValue, Interpolation, JoinedStr,
  Keyword, MatchCase, Mod, Pattern, Stmt, TemplateStr, TypeParam, WithItem,
} from "./ast.js";
import { ELLIPSIS, PyComplex, PyStr } from "./ast.js";
import { DEFAULT_MINOR } from "./errors.js";
import { BINOP, CMPOP, CONVERSIONS, exprLevel, namedOk, noYieldTuple, P, type Level } from "./precedence.js";
import { reprBytes, reprComplex, reprFloat, reprStr } from "./repr.js";
import {
  PRETTY_SPACING, prettyLayout, type RenderedClause, type RenderedCompound,
  type RenderedStmt, type Spacing,
} from "./unparse-layout.js";
import {
  UnparseError, assembleFString, isPrintable, literalWithoutBackslash, type FStringPart,
} from "./unparse-strings.js";

export { UnparseError } from "./unparse-strings.js";

export interface UnparseOptions {
  /** Target Python 3 minor version (default 14). */
  minor?: number;
  /** One level of indentation (default four spaces). */
  indent?: string;
}

/** Unparses a module (text with one trailing newline), a statement, or an expression. */
export function unparse(node: Mod | Stmt | Expr, options: UnparseOptions = {}): string {
  const layout = prettyLayout(options.indent ?? "    ");
  const printer = new Unparser(options.minor ?? DEFAULT_MINOR, PRETTY_SPACING);
  switch (node._type) {
    case "Module":
    case "Interactive":
      return layout.module(printer.body(node.body));
    case "Expression":
      return printer.expr(node.body, noYieldTuple(node.body));
    case "FunctionType":
      return `(${node.argtypes.map((a) => printer.expr(a, P.TEST)).join(printer.sp.comma)}) -> ${printer.expr(node.returns, P.TEST)}`;
    default:
      if (isStmt(node)) return layout.statements([printer.stmt(node)]);
      return printer.expr(node, P.TEST);
  }
}

function isStmt(node: Stmt | Expr): node is Stmt {
  return STMT_TYPES.has(node._type);
}
const STMT_TYPES: ReadonlySet<string> = new Set([
  "FunctionDef", "AsyncFunctionDef", "ClassDef", "Return", "Delete", "Assign", "TypeAlias", "AugAssign",
  "AnnAssign", "For", "AsyncFor", "While", "If", "With", "AsyncWith", "Match", "Raise", "Try", "TryStar",
  "Assert", "Import", "ImportFrom", "Global", "Nonlocal", "Expr", "Pass", "Break", "Continue",
]);

// ---------------------------------------------------------------- precedence

const UNARY: Record<string, string> = { Invert: "~", Not: "not ", UAdd: "+", USub: "-" };

/** Pattern levels: `p as n` < `p | q` < everything else. */
const PP = { AS: 0, OR: 1, CLOSED: 2 } as const;
type PatternLevel = (typeof PP)[keyof typeof PP];

function isNegativeNumber(v: Constant["value"]): boolean {
  if (typeof v === "bigint") return v < 0n;
  if (typeof v === "number") return v < 0 || Object.is(v, -0);
  return v instanceof PyComplex && (v.real < 0 || Object.is(v.real, -0) || (v.real === 0 && v.imag < 0));
}

/** As written; a negative number literal prints as a unary minus. */
function level(e: Expr): Level {
  return e._type === "Constant" && isNegativeNumber(e.value) ? P.FACTOR : exprLevel(e);
}

/** What CPython's float repr prints for inf / nan, replaced by source that evaluates to them. */
const INF = "1e309";
function floatSource(text: string): string {
  return text.replace(/inf/g, INF).replace(/nan/g, `(${INF}-${INF})`);
}

// ---------------------------------------------------------------- the printer

class Unparser {
  /** Inside a pre-3.12 replacement field: no backslash may appear anywhere. */
  private noBackslash = false;

  constructor(
    readonly minor: number,
    readonly sp: Spacing,
  ) {}

  private need(minor: number, what: string): void {
    if (this.minor < minor) throw new UnparseError(`${what} needs Python 3.${minor} (target 3.${this.minor})`);
  }

  // ------------------------------------------------------------ statements

  body(stmts: Stmt[]): RenderedStmt[] {
    if (stmts.length === 0) return [];
    const out: RenderedStmt[] = [];
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i]!;
      if (i === 0 && s._type === "Expr" && s.value._type === "Constant" && typeof s.value.value === "string") {
        out.push(simple(this.docstring(s.value.value, s.value.kind)));
      } else out.push(this.stmt(s));
    }
    return out;
  }

  /** A block body: must not be empty (there is no source for it). */
  private block(stmts: Stmt[]): RenderedStmt[] {
    if (stmts.length === 0) throw new UnparseError("empty statement body");
    return this.body(stmts);
  }

  /**
   * A docstring is written as a triple-quoted literal when that needs no escapes and keeps the text
   * readable; any other value uses repr(), which is always exact (and still a docstring).
   */
  private docstring(value: string, kind: string | null): string {
    const prefix = kind ?? "";
    if (value.includes("\n") && !value.includes("\\") && !value.includes('"""') && !value.endsWith('"')) {
      let ok = true;
      for (const ch of value) {
        if (ch !== "\n" && !isPrintable(ch)) {
          ok = false;
          break;
        }
      }
      if (ok && !/[ \t\f]\n/.test(value)) return `${prefix}"""${value}"""`;
    }
    return prefix + reprStr(value, this.minor);
  }

  stmt(s: Stmt): RenderedStmt {
    const sp = this.sp;
    switch (s._type) {
      case "Expr":
        return simple(this.expr(s.value, P.TUPLE));
      case "Pass":
      case "Break":
      case "Continue":
        return simple(s._type.toLowerCase());
      case "Return":
        return simple(s.value ? `return ${this.expr(s.value, noYieldTuple(s.value))}` : "return");
      case "Delete":
        return simple("del " + s.targets.map((t) => this.expr(t, P.TEST)).join(sp.comma));
      case "Assign": {
        let text = "";
        for (const t of s.targets) text += this.expr(t, P.TUPLE) + sp.binary("=");
        return simple(text + this.expr(s.value, P.TUPLE));
      }
      case "AugAssign":
        return simple(this.expr(s.target, P.ATOM) + sp.binary(BINOP[s.op]![0] + "=") + this.expr(s.value, P.TUPLE));
      case "AnnAssign": {
        let target = this.expr(s.target, P.ATOM);
        if (s.simple === 0 && s.target._type === "Name") target = `(${target})`;
        let text = target + sp.colon + this.expr(s.annotation, P.TEST);
        if (s.value) text += sp.binary("=") + this.expr(s.value, P.TUPLE);
        return simple(text);
      }
      case "TypeAlias":
        this.need(12, "a type alias statement");
        return simple(`type ${s.name.id}${this.typeParams(s.type_params)}${sp.binary("=")}${this.expr(s.value, P.TEST)}`);
      case "Raise": {
        if (!s.exc) {
          if (s.cause) throw new UnparseError("raise with a cause but no exception");
          return simple("raise");
        }
        let text = "raise " + this.expr(s.exc, P.TEST);
        if (s.cause) text += " from " + this.expr(s.cause, P.TEST);
        return simple(text);
      }
      case "Assert":
        return simple("assert " + this.expr(s.test, P.TEST) + (s.msg ? sp.comma + this.expr(s.msg, P.TEST) : ""));
      case "Import":
        return simple("import " + s.names.map((a) => (a.asname ? `${a.name} as ${a.asname}` : a.name)).join(sp.comma));
      case "ImportFrom": {
        const from = ".".repeat(s.level) + (s.module ?? "");
        const names = s.names.map((a) => (a.asname ? `${a.name} as ${a.asname}` : a.name)).join(sp.comma);
        return simple(`from ${from} import ${names}`);
      }
      case "Global":
        return simple("global " + s.names.join(sp.comma));
      case "Nonlocal":
        return simple("nonlocal " + s.names.join(sp.comma));
      case "FunctionDef":
      case "AsyncFunctionDef": {
        const kw = s._type === "AsyncFunctionDef" ? "async def" : "def";
        let header = `${kw} ${s.name}${this.typeParams(s.type_params)}(${this.args(s.args, true)})`;
        if (s.returns) header += " -> " + this.expr(s.returns, P.TEST);
        return compound(this.decorators(s.decorator_list), [clause(header, this.block(s.body))]);
      }
      case "ClassDef": {
        const items = [
          ...s.bases.map((b) => this.expr(b, P.TEST)),
          ...s.keywords.map((k) => this.keyword(k)),
        ];
        const header = `class ${s.name}${this.typeParams(s.type_params)}` + (items.length ? `(${items.join(sp.comma)})` : "");
        return compound(this.decorators(s.decorator_list), [clause(header, this.block(s.body))]);
      }
      case "If": {
        const clauses: RenderedClause[] = [clause("if " + this.expr(s.test, namedOk(s.test)), this.block(s.body))];
        let orelse = s.orelse;
        while (orelse.length === 1 && orelse[0]!._type === "If") {
          const elif = orelse[0];
          clauses.push(clause("elif " + this.expr(elif.test, namedOk(elif.test)), this.block(elif.body)));
          orelse = elif.orelse;
        }
        if (orelse.length) clauses.push(clause("else", this.block(orelse)));
        return compound([], clauses);
      }
      case "While": {
        const clauses = [clause("while " + this.expr(s.test, namedOk(s.test)), this.block(s.body))];
        if (s.orelse.length) clauses.push(clause("else", this.block(s.orelse)));
        return compound([], clauses);
      }
      case "For":
      case "AsyncFor": {
        const kw = s._type === "AsyncFor" ? "async for" : "for";
        const header = `${kw} ${this.expr(s.target, P.TUPLE)} in ${this.expr(s.iter, noYieldTuple(s.iter))}`;
        const clauses = [clause(header, this.block(s.body))];
        if (s.orelse.length) clauses.push(clause("else", this.block(s.orelse)));
        return compound([], clauses);
      }
      case "With":
      case "AsyncWith": {
        const kw = s._type === "AsyncWith" ? "async with" : "with";
        return compound([], [clause(`${kw} ${this.withItems(s.items)}`, this.block(s.body))]);
      }
      case "Try":
      case "TryStar": {
        if (s._type === "TryStar") this.need(11, "except*");
        const clauses = [clause("try", this.block(s.body))];
        for (const h of s.handlers) clauses.push(this.handler(h, s._type === "TryStar"));
        if (s.orelse.length) clauses.push(clause("else", this.block(s.orelse)));
        if (s.finalbody.length) clauses.push(clause("finally", this.block(s.finalbody)));
        return compound([], clauses);
      }
      case "Match": {
        this.need(10, "a match statement");
        const subject = s.subject;
        const lvl = subject._type === "NamedExpr" ? P.NAMED_EXPR : noYieldTuple(subject);
        const cases = s.cases.map((c) => this.matchCase(c));
        return compound([], [clause("match " + this.expr(subject, lvl), cases)]);
      }
    }
  }

  private decorators(list: Expr[]): string[] {
    return list.map((d) => this.expr(d, namedOk(d)));
  }

  private handler(h: ExceptHandler, star: boolean): RenderedClause {
    let header = star ? "except*" : "except";
    if (h.type) header += " " + this.expr(h.type, P.TEST);
    else if (star) throw new UnparseError("except* without a type");
    if (h.name !== null) header += " as " + h.name;
    return clause(header, this.block(h.body));
  }

  private withItems(items: WithItem[]): string {
    const only = items.length === 1 ? items[0]! : null;
    return items
      .map((item) => {
        let text = this.expr(item.context_expr, P.TEST);
        // `with (a, b):` would read as two parenthesised items.
        if (only && !only.optional_vars && item.context_expr._type === "Tuple" && item.context_expr.elts.length > 0) {
          text = `(${text})`;
        }
        if (item.optional_vars) text += " as " + this.expr(item.optional_vars, P.TEST);
        return text;
      })
      .join(this.sp.comma);
  }

  private matchCase(c: MatchCase): RenderedStmt {
    let header = "case " + this.pattern(c.pattern, PP.AS);
    if (c.guard) header += " if " + this.expr(c.guard, namedOk(c.guard));
    return compound([], [clause(header, this.block(c.body))]);
  }

  private typeParams(params: TypeParam[] | undefined): string {
    // Trees of Python < 3.12 have no type_params field at all.
    if (!params || params.length === 0) return "";
    this.need(12, "type parameters");
    const sp = this.sp;
    const parts = params.map((p) => {
      let text: string;
      if (p._type === "TypeVar") {
        text = p.name;
        if (p.bound) text += sp.colon + this.expr(p.bound, P.TEST);
      } else text = (p._type === "ParamSpec" ? "**" : "*") + p.name;
      if (p.default_value) {
        this.need(13, "a type parameter default");
        text += sp.annotatedEq + this.expr(p.default_value, P.TEST);
      }
      return text;
    });
    return `[${parts.join(sp.comma)}]`;
  }

  /** Parameters of a def (with annotations) or a lambda. */
  private args(a: Arguments, annotations: boolean): string {
    const sp = this.sp;
    const parts: string[] = [];
    const param = (arg: { arg: string; annotation: Expr | null }, dflt: Expr | null | undefined): string => {
      let text = arg.arg;
      const ann = annotations && arg.annotation;
      if (ann) text += sp.colon + this.expr(ann, P.TEST);
      if (dflt) text += (ann ? sp.annotatedEq : sp.keywordEq) + this.expr(dflt, P.TEST);
      return text;
    };
    const positional = [...a.posonlyargs, ...a.args];
    const firstDefault = positional.length - a.defaults.length;
    positional.forEach((arg, i) => {
      parts.push(param(arg, i >= firstDefault ? a.defaults[i - firstDefault] : null));
      if (i === a.posonlyargs.length - 1) parts.push("/");
    });
    if (a.vararg) parts.push("*" + param(a.vararg, null));
    else if (a.kwonlyargs.length) parts.push("*");
    a.kwonlyargs.forEach((arg, i) => parts.push(param(arg, a.kw_defaults[i])));
    if (a.kwarg) parts.push("**" + param(a.kwarg, null));
    return parts.join(sp.comma);
  }

  private keyword(k: Keyword): string {
    return k.arg === null ? "**" + this.expr(k.value, P.TEST) : k.arg + this.sp.keywordEq + this.expr(k.value, P.TEST);
  }

  // ------------------------------------------------------------ patterns

  private pattern(p: Pattern, lvl: PatternLevel): string {
    const sp = this.sp;
    switch (p._type) {
      case "MatchValue":
        return this.expr(p.value, P.OR);
      case "MatchSingleton":
        return p.value === null ? "None" : p.value ? "True" : "False";
      case "MatchSequence":
        return `[${p.patterns.map((x) => this.pattern(x, PP.AS)).join(sp.comma)}]`;
      case "MatchStar":
        return "*" + (p.name ?? "_");
      case "MatchMapping": {
        const items = p.keys.map((k, i) => this.expr(k, P.OR) + sp.colon + this.pattern(p.patterns[i]!, PP.AS));
        if (p.rest !== null) items.push("**" + p.rest);
        return `{${items.join(sp.comma)}}`;
      }
      case "MatchClass": {
        const items = p.patterns.map((x) => this.pattern(x, PP.AS));
        p.kwd_attrs.forEach((name, i) => items.push(name + sp.keywordEq + this.pattern(p.kwd_patterns[i]!, PP.AS)));
        return `${this.expr(p.cls, P.ATOM)}(${items.join(sp.comma)})`;
      }
      case "MatchAs": {
        if (!p.pattern) return p.name ?? "_";
        if (p.name === null) throw new UnparseError("MatchAs with a pattern but no name");
        const text = `${this.pattern(p.pattern, PP.OR)} as ${p.name}`;
        return lvl > PP.AS ? `(${text})` : text;
      }
      case "MatchOr": {
        const text = p.patterns.map((x) => this.pattern(x, PP.CLOSED)).join(sp.binary("|"));
        return lvl > PP.OR ? `(${text})` : text;
      }
    }
  }

  // ------------------------------------------------------------ expressions

  /** `e` printed where the grammar requires level `lvl`, parenthesised when its own level is lower. */
  expr(e: Expr, lvl: Level): string {
    const text = this.bare(e, lvl);
    return level(e) < lvl ? `(${text})` : text;
  }

  private items(elts: Expr[], lvl: (e: Expr) => Level): string {
    return elts.map((x) => this.expr(x, lvl(x))).join(this.sp.comma);
  }

  private bare(e: Expr, lvl: Level): string {
    const sp = this.sp;
    switch (e._type) {
      case "Name":
        return e.id;
      case "Constant":
        return this.constant(e);
      case "NamedExpr":
        return this.expr(e.target, P.ATOM) + sp.binary(":=") + this.expr(e.value, P.TEST);
      case "BoolOp": {
        const own = level(e);
        return e.values.map((v) => this.expr(v, (own + 1) as Level)).join(` ${e.op === "Or" ? "or" : "and"} `);
      }
      case "BinOp": {
        const [op, own] = BINOP[e.op]!;
        // `**` is right-associative and binds its right operand as a unary expression.
        if (e.op === "Pow") return this.expr(e.left, P.AWAIT) + sp.binary(op) + this.expr(e.right, P.FACTOR);
        return this.expr(e.left, own) + sp.binary(op) + this.expr(e.right, (own + 1) as Level);
      }
      case "UnaryOp": {
        const own = level(e);
        return UNARY[e.op]! + this.expr(e.operand, own);
      }
      case "Compare": {
        let text = this.expr(e.left, P.BOR);
        e.ops.forEach((op, i) => (text += sp.binary(CMPOP[op]!) + this.expr(e.comparators[i]!, P.BOR)));
        return text;
      }
      case "Lambda": {
        const params = this.args(e.args, false);
        return (params ? `lambda ${params}: ` : "lambda: ") + this.expr(e.body, P.TEST);
      }
      case "IfExp":
        return `${this.expr(e.body, P.OR)} if ${this.expr(e.test, P.OR)} else ${this.expr(e.orelse, P.TEST)}`;
      case "Await":
        return "await " + this.expr(e.value, P.ATOM);
      case "Yield":
        return e.value ? "yield " + this.expr(e.value, noYieldTuple(e.value)) : "yield";
      case "YieldFrom":
        return "yield from " + this.expr(e.value, P.TEST);
      case "Starred":
        return "*" + this.expr(e.value, P.BOR);
      case "Tuple": {
        if (e.elts.length === 0) return "()";
        const paren = lvl > P.TUPLE;
        let text = this.items(e.elts, paren ? namedOk : () => P.TEST);
        if (e.elts.length === 1) text += ",";
        return text;
      }
      case "List":
        return `[${this.items(e.elts, namedOk)}]`;
      case "Set":
        return e.elts.length ? `{${this.items(e.elts, namedOk)}}` : "{*()}";
      case "Dict": {
        const parts = e.keys.map((k, i) =>
          k === null
            ? "**" + this.expr(e.values[i]!, P.BOR)
            : this.expr(k, P.TEST) + sp.colon + this.expr(e.values[i]!, P.TEST),
        );
        return `{${parts.join(sp.comma)}}`;
      }
      case "ListComp":
        return `[${this.expr(e.elt, namedOk(e.elt))}${this.generators(e.generators)}]`;
      case "SetComp":
        return `{${this.expr(e.elt, namedOk(e.elt))}${this.generators(e.generators)}}`;
      case "GeneratorExp":
        return `(${this.expr(e.elt, namedOk(e.elt))}${this.generators(e.generators)})`;
      case "DictComp":
        return `{${this.expr(e.key, P.TEST)}${sp.colon}${this.expr(e.value, P.TEST)}${this.generators(e.generators)}}`;
      case "Call": {
        const func = this.expr(e.func, P.ATOM);
        const only = e.args.length === 1 && e.keywords.length === 0 ? e.args[0]! : null;
        if (only && only._type === "GeneratorExp") return func + this.bare(only, P.ATOM);
        const parts = [...e.args.map((a) => this.expr(a, namedOk(a))), ...e.keywords.map((k) => this.keyword(k))];
        return `${func}(${parts.join(sp.comma)})`;
      }
      case "Attribute": {
        let value = this.expr(e.value, P.ATOM);
        // `1.real` would read as a float literal.
        if (e.value._type === "Constant" && typeof e.value.value === "bigint" && !value.startsWith("(")) value += " ";
        return `${value}.${e.attr}`;
      }
      case "Subscript":
        return `${this.expr(e.value, P.ATOM)}[${this.slice(e.slice)}]`;
      case "Slice": {
        let text = (e.lower ? this.expr(e.lower, P.TEST) : "") + ":" + (e.upper ? this.expr(e.upper, P.TEST) : "");
        if (e.step) text += ":" + this.expr(e.step, P.TEST);
        return text;
      }
      case "JoinedStr":
        return this.joinedStr(e);
      case "TemplateStr":
        return this.templateStr(e);
      case "FormattedValue":
        // Not valid on its own; written as the replacement field it stands for.
        return this.fstringParts([e], true).map((p) => p.text).join("");
      case "Interpolation":
        return this.fstringParts([e], true).map((p) => p.text).join("");
    }
  }

  private slice(s: Expr): string {
    const walrus = this.minor >= 10 ? namedOk : () => P.TEST;
    if (s._type === "Tuple" && s.elts.length > 0) {
      if (this.minor < 11 && s.elts.some((x) => x._type === "Starred")) return this.expr(s, P.TEST);
      const text = this.items(s.elts, walrus);
      return s.elts.length === 1 ? text + "," : text;
    }
    return this.expr(s, walrus(s));
  }

  private generators(gens: Comprehension[]): string {
    let text = "";
    for (const g of gens) {
      text += g.is_async ? " async for " : " for ";
      text += this.expr(g.target, P.TUPLE) + " in " + this.expr(g.iter, P.OR);
      for (const cond of g.ifs) text += " if " + this.expr(cond, P.OR);
    }
    return text;
  }

  // ------------------------------------------------------------ constants and strings

  private constant(c: Constant): string {
    const v = c.value;
    if (typeof v === "string") {
      const prefix = c.kind ?? "";
      if (this.noBackslash) {
        const lit = literalWithoutBackslash(v, prefix);
        if (lit === null) throw new UnparseError("string inside an f-string replacement field needs an escape (not before Python 3.12)");
        return lit;
      }
      return prefix + reprStr(v, this.minor);
    }
    if (v === null) return "None";
    if (v === true) return "True";
    if (v === false) return "False";
    if (v === ELLIPSIS) return "...";
    if (v instanceof PyStr) {
      // Split surrogate pairs can only be written as escapes.
      if (this.noBackslash) throw new UnparseError("string with surrogate escapes inside an f-string replacement field (not before Python 3.12)");
      return (c.kind ?? "") + reprStr(v, this.minor);
    }
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "number") return floatSource(reprFloat(v));
    if (v instanceof PyComplex) return floatSource(reprComplex(v));
    if (v instanceof Uint8Array) {
      const text = reprBytes(v);
      if (this.noBackslash && text.includes("\\"))
        throw new UnparseError("bytes inside an f-string replacement field need an escape (not before Python 3.12)");
      return text;
    }
    throw new UnparseError(`unknown constant ${String(v)}`);
  }

  private get legacyFStrings(): boolean {
    return this.minor < 12;
  }

  private joinedStr(e: JoinedStr): string {
    const parts = this.fstringParts(e.values, false);
    return assembleFString("f", parts, { legacy: this.legacyFStrings, noBackslash: this.noBackslash });
  }

  private templateStr(e: TemplateStr): string {
    this.need(14, "a template string");
    const parts = this.fstringParts(e.values, false);
    return assembleFString("t", parts, { legacy: false, noBackslash: false });
  }

  /** Literal and code parts of an f-string / t-string body (or of a format spec, with `spec`). */
  private fstringParts(values: (Constant | FormattedValue | Interpolation | Expr)[], spec: boolean): FStringPart[] {
    const parts: FStringPart[] = [];
    for (const v of values) {
      if (v._type === "Constant") {
        if (typeof v.value !== "string") throw new UnparseError("f-string constant that is not a str");
        parts.push({ kind: spec ? "spec" : "lit", text: v.value });
        continue;
      }
      if (v._type !== "FormattedValue" && v._type !== "Interpolation") {
        throw new UnparseError(`${v._type} inside an f-string`);
      }
      // An Interpolation's `str` is its expression's source text, visible at run time
      // (`Interpolation.expression`), so it is written verbatim, as CPython does. A transform that
      // rewrites `value` must update `str` too, or set it to "" to have `value` printed.
      let code = v._type === "Interpolation" && v.str !== "" ? v.str : this.fieldExpr(v.value);
      if (code.startsWith("{")) code = " " + code; // `{{` would be an escaped brace
      parts.push({ kind: "code", text: "{" + code });
      if (v.conversion !== -1) {
        const conv = CONVERSIONS[v.conversion];
        if (!conv) throw new UnparseError(`unknown f-string conversion ${v.conversion}`);
        parts.push({ kind: "code", text: conv });
      }
      if (v.format_spec) {
        parts.push({ kind: "code", text: ":" });
        parts.push(...this.fstringParts(v.format_spec.values, true));
      }
      parts.push({ kind: "code", text: "}" });
    }
    return parts;
  }

  /** A replacement field's expression: no bare lambda, walrus, conditional or tuple. */
  private fieldExpr(e: Expr): string {
    const saved = this.noBackslash;
    if (this.legacyFStrings) this.noBackslash = true;
    try {
      return this.expr(e, P.OR);
    } finally {
      this.noBackslash = saved;
    }
  }
}

function simple(text: string): RenderedStmt {
  return { kind: "simple", text };
}
function clause(header: string, body: RenderedStmt[]): RenderedClause {
  return { header, body };
}
function compound(decorators: string[], clauses: RenderedClause[]): RenderedCompound {
  return { kind: "compound", decorators, clauses };
}
