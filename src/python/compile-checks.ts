/**
 * The errors CPython raises after a file has parsed: `__future__` placement and names (future.c),
 * and the checks its code generator makes (compile.c) — `return`/`yield`/`await`/`break` in the
 * wrong place, starred expressions where they cannot go, repeated keyword arguments, assignments
 * to `__debug__`, unreachable or inconsistent `match` patterns. (Scope errors — `nonlocal` misuse,
 * duplicate parameters — come from the scope model, which CPython runs between these two phases.)
 *
 * Each function returns the first error in CPython's visiting order, or null.
 */
import type {
  Arg, Arguments, Comprehension, Expr, ExceptHandler, ImportFrom, Keyword, Located, MatchCase, Module, Pattern, Stmt,
} from "./ast.js";
import type { PythonSyntaxError } from "./errors.js";
import { reprConstant } from "./repr.js";
import type { SourceFile } from "./source.js";

const FUTURE_FEATURES = new Set([
  "nested_scopes", "generators", "division", "absolute_import", "with_statement", "print_function",
  "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations",
]);

function isFutureImport(s: Stmt): s is ImportFrom {
  return s._type === "ImportFrom" && s.module === "__future__" && s.level === 0;
}

function isDocstring(s: Stmt): boolean {
  return s._type === "Expr" && s.value._type === "Constant" && typeof s.value.value === "string";
}

/** End offset of the leading run of `from __future__` imports (after an optional docstring), or -1. */
function futurePrefixEnd(module: Module): number {
  let end = -1;
  for (let i = 0; i < module.body.length; i++) {
    const s = module.body[i]!;
    if (i === 0 && isDocstring(s)) continue;
    if (!isFutureImport(s)) break;
    end = s.end;
  }
  return end;
}

/**
 * From 3.14 the parser itself rejects unknown `__future__` features, wherever the import stands
 * (gh-125482): `ast.parse` fails, not just `compile`. Returns that error, or null.
 */
export function checkFutureFeatureNames(module: Module, source: SourceFile): PythonSyntaxError | null {
  const visit = (stmts: readonly Stmt[]): PythonSyntaxError | null => {
    for (const s of stmts) {
      if (isFutureImport(s)) {
        for (const alias of s.names) {
          if (FUTURE_FEATURES.has(alias.name)) continue;
          const message = alias.name === "braces" ? "not a chance" : `future feature ${alias.name} is not defined`;
          return source.syntaxError(message, alias.start, alias.end);
        }
        continue;
      }
      for (const key of ["body", "orelse", "finalbody", "handlers", "cases"] as const) {
        const inner = (s as unknown as Record<string, unknown>)[key];
        if (!Array.isArray(inner)) continue;
        const found = visit(key === "handlers" || key === "cases" ? inner.flatMap((h: { body: Stmt[] }) => h.body) : (inner as Stmt[]));
        if (found) return found;
      }
    }
    return null;
  };
  return visit(module.body);
}

/** future.c: unknown feature names, and module-level future imports after other statements. */
export function checkFutureImports(module: Module, source: SourceFile, minor: number): PythonSyntaxError | null {
  let done = false;
  for (let i = 0; i < module.body.length; i++) {
    const s = module.body[i]!;
    if (isFutureImport(s)) {
      if (done) return source.syntaxError("from __future__ imports must occur at the beginning of the file", s.start, s.end);
      for (const alias of s.names) {
        if (FUTURE_FEATURES.has(alias.name)) continue;
        const message = alias.name === "braces" ? "not a chance" : `future feature ${alias.name} is not defined`;
        // 3.14+ reports these from the parser, at the name; earlier versions at the statement.
        return minor >= 14 ? source.syntaxError(message, alias.start, alias.end) : source.syntaxError(message, s.start, s.start);
      }
    } else if (!(i === 0 && isDocstring(s))) done = true;
  }
  return null;
}

const enum Block {
  Module,
  Class,
  Function,
  AsyncFunction,
  Lambda,
  Comprehension,
}

interface Frame {
  block: Block;
  /** Loop nesting inside this frame (break/continue targets). */
  loops: number;
  /** Statically nested blocks (3.11's limit of 20). */
  nesting: number;
  /** For async functions: whether the body yields (an async generator). */
  generator: boolean;
  /** For comprehensions: whether the comprehension's own scope awaits. */
  awaits: boolean;
}

class Found extends Error {
  constructor(readonly error: PythonSyntaxError) {
    super(error.message);
  }
}

/** compile.c: the code generator's checks, in its visiting order. */
export function checkCompiler(module: Module, source: SourceFile, minor: number): PythonSyntaxError | null {
  const futureEnd = futurePrefixEnd(module);
  const frames: Frame[] = [{ block: Block.Module, loops: 0, nesting: 0, generator: false, awaits: false }];
  const top = (): Frame => frames[frames.length - 1]!;
  const fail = (message: string, node: Located, end: number = node.end): never => {
    throw new Found(source.syntaxError(message, node.start, end));
  };
  const isFunction = (b: Block): boolean => b === Block.Function || b === Block.AsyncFunction || b === Block.Lambda || b === Block.Comprehension;

  const forbidden = (name: string | null, node: Located, del = false): void => {
    if (name === "__debug__") fail(del ? "cannot delete __debug__" : "cannot assign to __debug__", node);
  };

  const pushBlock = (node: Located): void => {
    const f = top();
    f.nesting++;
    if (minor <= 11 && f.nesting > 20) fail("too many statically nested blocks", node);
  };
  const popBlock = (): void => {
    top().nesting--;
  };

  // ---- targets (Store / Del contexts)
  const target = (e: Expr, del: boolean): void => {
    switch (e._type) {
      case "Name":
        forbidden(e.id, e, del);
        return;
      case "Attribute":
        if (e.attr === "__debug__") fail(del ? "cannot delete __debug__" : "cannot assign to __debug__", e);
        expr(e.value);
        return;
      case "Subscript":
        expr(e.value);
        expr(e.slice);
        return;
      case "Starred":
        fail("starred assignment target must be in a list or tuple", e);
        return;
      case "Tuple":
      case "List": {
        let starred = -1;
        for (let i = 0; i < e.elts.length; i++) {
          const el = e.elts[i]!;
          if (el._type === "Starred") {
            if (starred >= 0) fail("multiple starred expressions in assignment", e);
            starred = i;
          }
        }
        if (starred >= 256 || (starred >= 0 && e.elts.length - starred - 1 >= 0x7fffffff >> 8)) {
          fail("too many expressions in star-unpacking assignment", e);
        }
        for (const el of e.elts) {
          if (el._type === "Starred") target(el.value, del);
          else target(el, del);
        }
        return;
      }
      default:
        expr(e);
    }
  };

  // ---- expressions
  const exprs = (list: readonly (Expr | null)[], starOk = false): void => {
    for (const e of list) if (e) expr(e, starOk);
  };

  const keywords = (kws: readonly Keyword[], owner: Located): void => {
    const seen = new Set<string>();
    for (const k of kws) {
      if (k.arg !== null) {
        if (k.arg === "__debug__") fail("cannot assign to __debug__", minor >= 12 ? k : owner);
        if (seen.has(k.arg)) fail(`keyword argument repeated: ${k.arg}`, k);
        seen.add(k.arg);
      }
      expr(k.value);
    }
  };

  const comprehension = (node: Located, kind: string, generators: Comprehension[], inner: () => void): void => {
    // The first iterable is evaluated in the enclosing scope.
    expr(generators[0]!.iter);
    const parent = top();
    const frame: Frame = { block: Block.Comprehension, loops: 0, nesting: 0, generator: false, awaits: false };
    frames.push(frame);
    for (let i = 0; i < generators.length; i++) {
      const g = generators[i]!;
      target(g.target, false);
      if (i > 0) expr(g.iter);
      exprs(g.ifs);
    }
    inner();
    frames.pop();
    const isAsync = frame.awaits || generators.some((g) => g.is_async === 1);
    if (!isAsync || kind === "GeneratorExp") return;
    if (parent.block === Block.Comprehension) parent.awaits = true;
    else if (parent.block !== Block.AsyncFunction) fail("asynchronous comprehension outside of an asynchronous function", node);
  };

  const expr = (e: Expr, starOk = false): void => {
    switch (e._type) {
      case "Starred":
        if (e.ctx === "Load" && !starOk) fail("can't use starred expression here", e);
        expr(e.value);
        return;
      case "Name":
        if (e.ctx !== "Load") forbidden(e.id, e, e.ctx === "Del");
        return;
      case "NamedExpr":
        forbidden(e.target.id, e.target);
        expr(e.value);
        return;
      case "Await": {
        const b = top().block;
        if (!isFunction(b)) fail("'await' outside function", e);
        if (b !== Block.AsyncFunction && b !== Block.Comprehension) fail("'await' outside async function", e);
        if (b === Block.Comprehension) top().awaits = true;
        expr(e.value);
        return;
      }
      case "Yield":
      case "YieldFrom": {
        const f = top();
        if (!isFunction(f.block)) fail("'yield' outside function", e);
        if (e._type === "YieldFrom" && f.block === Block.AsyncFunction) fail("'yield from' inside async function", e);
        if (e.value) expr(e.value);
        return;
      }
      case "Lambda":
        args(e.args, e);
        frames.push({ block: Block.Lambda, loops: 0, nesting: 0, generator: false, awaits: false });
        expr(e.body);
        frames.pop();
        return;
      case "ListComp":
      case "SetComp":
      case "GeneratorExp":
        comprehension(e, e._type, e.generators, () => expr(e.elt));
        return;
      case "DictComp":
        comprehension(e, e._type, e.generators, () => {
          expr(e.key);
          expr(e.value);
        });
        return;
      case "Call":
        expr(e.func);
        exprs(e.args, true);
        keywords(e.keywords, e);
        return;
      case "Tuple":
      case "List":
      case "Set":
        if ("ctx" in e && e.ctx !== "Load") {
          target(e, e.ctx === "Del");
          return;
        }
        exprs(e.elts, true);
        return;
      case "Attribute":
        if (e.ctx !== "Load") {
          target(e, e.ctx === "Del");
          return;
        }
        expr(e.value);
        return;
      case "Subscript":
        expr(e.value);
        expr(e.slice, false);
        return;
      case "BoolOp":
        exprs(e.values);
        return;
      case "BinOp":
        expr(e.left);
        expr(e.right);
        return;
      case "UnaryOp":
        expr(e.operand);
        return;
      case "IfExp":
        expr(e.test);
        expr(e.body);
        expr(e.orelse);
        return;
      case "Dict":
        for (let i = 0; i < e.values.length; i++) {
          const k = e.keys[i];
          if (k) expr(k);
          expr(e.values[i]!);
        }
        return;
      case "Compare":
        expr(e.left);
        exprs(e.comparators);
        return;
      case "FormattedValue":
      case "Interpolation":
        expr(e.value);
        if (e.format_spec) expr(e.format_spec);
        return;
      case "JoinedStr":
      case "TemplateStr":
        exprs(e.values);
        return;
      case "Slice":
        if (e.lower) expr(e.lower);
        if (e.upper) expr(e.upper);
        if (e.step) expr(e.step);
        return;
      case "Constant":
        return;
    }
  };

  const arg = (a: Arg, owner: Located): void => {
    if (a.arg === "__debug__") fail("cannot assign to __debug__", minor >= 12 ? a : owner);
  };

  const args = (a: Arguments, owner: Located): void => {
    // Defaults are evaluated first (positional, then keyword-only), then annotations.
    exprs(a.defaults);
    exprs(a.kw_defaults);
    for (const p of [...a.posonlyargs, ...a.args]) {
      arg(p, owner);
      if (p.annotation) expr(p.annotation);
    }
    if (a.vararg) {
      arg(a.vararg, owner);
      if (a.vararg.annotation) expr(a.vararg.annotation, true);
    }
    for (const p of a.kwonlyargs) {
      arg(p, owner);
      if (p.annotation) expr(p.annotation);
    }
    if (a.kwarg) {
      arg(a.kwarg, owner);
      if (a.kwarg.annotation) expr(a.kwarg.annotation);
    }
  };

  const body = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) stmt(s);
  };

  const handlers = (hs: readonly ExceptHandler[]): void => {
    for (let i = 0; i < hs.length; i++) {
      const h = hs[i]!;
      if (h.type === null && i < hs.length - 1) fail("default 'except:' must be last", h);
      if (h.type) expr(h.type);
      if (h.name) forbidden(h.name, h);
      pushBlock(h);
      body(h.body);
      popBlock();
    }
  };

  const loop = (inner: () => void): void => {
    top().loops++;
    inner();
    top().loops--;
  };

  const stmt = (s: Stmt): void => {
    switch (s._type) {
      case "FunctionDef":
      case "AsyncFunctionDef": {
        exprs(s.decorator_list);
        forbidden(s.name, s);
        args(s.args, s);
        if (s.returns) expr(s.returns);
        frames.push({
          block: s._type === "AsyncFunctionDef" ? Block.AsyncFunction : Block.Function,
          loops: 0,
          nesting: 0,
          generator: s._type === "AsyncFunctionDef" && bodyYields(s.body),
          awaits: false,
        });
        body(s.body);
        frames.pop();
        return;
      }
      case "ClassDef":
        exprs(s.decorator_list);
        forbidden(s.name, s);
        exprs(s.bases, true);
        keywords(s.keywords, s);
        frames.push({ block: Block.Class, loops: 0, nesting: 0, generator: false, awaits: false });
        body(s.body);
        frames.pop();
        return;
      case "Return": {
        const f = top();
        if (!isFunction(f.block)) fail("'return' outside function", s);
        if (s.value) {
          if (f.block === Block.AsyncFunction && f.generator) fail("'return' with value in async generator", s);
          expr(s.value);
        }
        return;
      }
      case "Delete":
        for (const t of s.targets) target(t, true);
        return;
      case "Assign":
        expr(s.value);
        for (const t of s.targets) target(t, false);
        return;
      case "AugAssign":
        target(s.target, false);
        expr(s.value);
        return;
      case "AnnAssign":
        if (s.value) expr(s.value);
        target(s.target, false);
        expr(s.annotation);
        return;
      case "TypeAlias":
        expr(s.value);
        return;
      case "For":
      case "AsyncFor":
        if (s._type === "AsyncFor" && top().block !== Block.AsyncFunction) fail("'async for' outside async function", s);
        expr(s.iter);
        pushBlock(s);
        target(s.target, false);
        loop(() => body(s.body));
        popBlock();
        body(s.orelse);
        return;
      case "While":
        expr(s.test);
        pushBlock(s);
        loop(() => body(s.body));
        popBlock();
        body(s.orelse);
        return;
      case "If":
        expr(s.test);
        body(s.body);
        body(s.orelse);
        return;
      case "With":
      case "AsyncWith":
        if (s._type === "AsyncWith" && top().block !== Block.AsyncFunction) fail("'async with' outside async function", s);
        for (const item of s.items) {
          pushBlock(s);
          expr(item.context_expr);
          if (item.optional_vars) target(item.optional_vars, false);
        }
        body(s.body);
        for (let i = 0; i < s.items.length; i++) popBlock();
        return;
      case "Match":
        expr(s.subject);
        matchCases(s.cases);
        return;
      case "Raise":
        if (s.exc) expr(s.exc);
        if (s.cause) expr(s.cause);
        return;
      case "Try":
      case "TryStar":
        pushBlock(s);
        body(s.body);
        popBlock();
        handlers(s.handlers);
        body(s.orelse);
        pushBlock(s);
        body(s.finalbody);
        popBlock();
        return;
      case "Assert":
        expr(s.test);
        if (s.msg) expr(s.msg);
        return;
      case "Import":
        for (const a of s.names) {
          const bound = a.asname ?? a.name.split(".")[0]!;
          if (bound === "__debug__") fail("cannot assign to __debug__", minor >= 12 ? a : s);
        }
        return;
      case "ImportFrom":
        if (s.module === "__future__" && s.level === 0 && s.start > futureEnd) {
          fail("from __future__ imports must occur at the beginning of the file", s);
        }
        for (const a of s.names) {
          const bound = a.asname ?? a.name;
          if (bound === "__debug__") fail("cannot assign to __debug__", minor >= 12 ? a : s);
        }
        return;
      case "Expr":
        expr(s.value);
        return;
      case "Break":
        if (top().loops === 0) fail("'break' outside loop", s);
        return;
      case "Continue":
        if (top().loops === 0) fail("'continue' not properly in loop", s);
        return;
      case "Global":
      case "Nonlocal":
      case "Pass":
        return;
    }
  };

  // ---- match statements (compile.c's pattern compiler: checks happen while patterns compile, in order)
  let lastPattern: Located | null = null;

  const matchCases = (cases: readonly MatchCase[]): void => {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      pattern(c.pattern, new Set(), c.guard !== null || i === cases.length - 1);
      if (c.guard) expr(c.guard);
      body(c.body);
    }
  };

  /** Compiles one pattern: captures (duplicates, __debug__), irrefutability, keys; returns bound names. */
  const pattern = (p: Pattern, bound: Set<string>, allowIrrefutable: boolean): Set<string> => {
    lastPattern = p;
    const bind = (name: string | null, node: Located): void => {
      if (name === null) return;
      forbidden(name, node);
      if (bound.has(name)) fail(`multiple assignments to name '${name}' in pattern`, node);
      bound.add(name);
    };
    switch (p._type) {
      case "MatchValue":
        expr(p.value);
        break;
      case "MatchSingleton":
        break;
      case "MatchSequence":
        for (const sub of p.patterns) pattern(sub, bound, true);
        break;
      case "MatchStar":
        bind(p.name, p);
        break;
      case "MatchAs":
        if (p.pattern === null) {
          if (!allowIrrefutable) {
            fail(p.name === null ? "wildcard makes remaining patterns unreachable" : `name capture '${p.name}' makes remaining patterns unreachable`, p);
          }
        } else pattern(p.pattern, bound, allowIrrefutable);
        bind(p.name, p);
        break;
      case "MatchMapping": {
        const seen = new Set<string>();
        for (const k of p.keys) {
          const key = constantKey(k);
          if (key === null) expr(k);
          else {
            if (seen.has(key.id)) fail(`mapping pattern checks duplicate key (${key.repr})`, p);
            seen.add(key.id);
          }
        }
        for (const sub of p.patterns) pattern(sub, bound, true);
        bind(p.rest, p);
        break;
      }
      case "MatchClass": {
        const attrs = new Set<string>();
        for (let i = 0; i < p.kwd_attrs.length; i++) {
          const a = p.kwd_attrs[i]!;
          forbidden(a, p);
          if (attrs.has(a)) fail(`attribute name repeated in class pattern: ${a}`, p.kwd_patterns[i]!);
          attrs.add(a);
        }
        expr(p.cls);
        for (const sub of p.patterns) pattern(sub, bound, true);
        for (const sub of p.kwd_patterns) pattern(sub, bound, true);
        break;
      }
      case "MatchOr": {
        let first: Set<string> | null = null;
        const before = new Set(bound);
        for (let i = 0; i < p.patterns.length; i++) {
          const names = pattern(p.patterns[i]!, new Set(before), allowIrrefutable && i === p.patterns.length - 1);
          for (const n of before) names.delete(n);
          if (first === null) first = names;
          else if (names.size !== first.size || [...names].some((n) => !first!.has(n))) {
            fail("alternative patterns bind different names", minor >= 12 ? p : (lastPattern ?? p));
          }
        }
        for (const n of first ?? []) bound.add(n);
        break;
      }
    }
    return bound;
  };

  try {
    body(module.body);
    return null;
  } catch (e) {
    if (e instanceof Found) return e.error;
    throw e;
  }
}

/**
 * Identity of a literal mapping-pattern key under Python's `==`/hash (1, 1.0 and True are one key),
 * after the constant folding CPython applies before compiling (`-1`, `1+2j`). Null for non-literals.
 */
function constantKey(e: Expr): { id: string; repr: string } | null {
  let v: unknown;
  if (e._type === "Constant") v = e.value;
  else if (e._type === "UnaryOp" && e.op === "USub" && e.operand._type === "Constant") {
    const x = e.operand.value;
    if (typeof x === "bigint") v = -x;
    else if (typeof x === "number") v = -x;
    else return null;
  } else return null;
  const c = v as Parameters<typeof reprConstant>[0];
  const repr = reprConstant(c);
  let id: string;
  if (typeof v === "boolean") id = `n:${v ? 1 : 0}`;
  else if (typeof v === "bigint") id = `n:${v}`;
  else if (typeof v === "number") id = Number.isInteger(v) && Math.abs(v) < 2 ** 53 ? `n:${BigInt(v)}` : `f:${v}`;
  else id = `r:${repr}`;
  return { id, repr };
}

/** Whether a function body yields in its own scope (not in nested functions, lambdas or classes). */
function bodyYields(stmts: readonly Stmt[]): boolean {
  let found = false;
  const visit = (v: unknown): void => {
    if (found || v === null || typeof v !== "object") return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const t = (v as { _type?: string })._type;
    if (t === "Yield" || t === "YieldFrom") {
      found = true;
      return;
    }
    if (t === "FunctionDef" || t === "AsyncFunctionDef" || t === "ClassDef" || t === "Lambda") return;
    for (const [k, x] of Object.entries(v)) if (k !== "_type" && typeof x === "object") visit(x);
  };
  visit(stmts);
  return found;
}
