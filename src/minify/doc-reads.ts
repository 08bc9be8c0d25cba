/**
 * Which docstrings a module's code reads — what remove-docstrings must keep. Code that reads a
 * docstring either names its owner (`usage.__doc__`, `Expr.evalf.__doc__`, `self.run.__doc__`
 * where the module defines `run`), reads its own class's (`self.__doc__`, `type(self).__doc__`),
 * or reads one it cannot name (a decorator's `func.__doc__`, a helper's `obj.__doc__`, an
 * attribute's `self._command.__doc__`). The last kind matters only when the code uses the
 * value as a string: `add_docstring(impl, dispatcher.__doc__)` (numpy), `f.__doc__.split(…)`,
 * `doc + f.__doc__` fail on the None that a removed docstring leaves. Uses that work with None are
 * told apart:
 *  - copying it (`wrapper.__doc__ = func.__doc__`), testing it (`if f.__doc__:`, `not f.__doc__`,
 *    `f.__doc__ is None`, an operand of `and`/`or` other than the last), printing it (`str()`,
 *    `repr()`, `print()`, an f-string);
 *  - anything inside a branch taken only when some docstring is there (`if cls.__doc__ and …:`,
 *    the operands after such a test in an `and`, the body of such an `if` or conditional
 *    expression): code written for `python -OO`, where every docstring is None.
 * Any other use counts as "used as a string".
 *
 * A tree-wide run (minify-dir) collects these reads over every file first (tree-reads.ts): names
 * read anywhere keep every definition of that name; a file that uses unnamed docstrings as strings
 * keeps every docstring of its package; one that uses its own class's keeps every class docstring
 * of its package (subclasses are usually beside their base).
 */
import type { AsyncFunctionDef, Compare, Expr, FunctionDef, Lambda, Module, Node, Stmt } from "../python/ast.js";
import { watchNames } from "../python/source.js";
import { forEachChild, lastName } from "../python/walk.js";

export interface DocReads {
  /** Names whose docstring is read: a def or class of that name keeps it. */
  names: Set<string>;
  /** A method reads its own instance's or class's docstring: every class of the module keeps its. */
  classes: boolean;
  /** ... and uses it as a string: every class of the package keeps its (subclasses). */
  classesAsString: boolean;
  /** The docstring of an object the code cannot name is used as a string: any may be. */
  unknownAsString: boolean;
  /** `getdoc(…)` is called, or the module imports fire (it prints docstrings as help). */
  all: boolean;
  /** The module imports ply (its `p_*` and `t_*` functions' docstrings are grammar). */
  ply: boolean;
}

export const NO_DOC_READS: DocReads = { names: new Set(), classes: false, classesAsString: false, unknownAsString: false, all: false, ply: false };

/**
 * Modules whose users' docstrings are data: fire prints them as help. (doctest is not one: the
 * doctests inside removed docstrings are gone, as under `python -OO`.)
 */
const READS_ALL_DOCSTRINGS = new Set(["fire"]);
/** Calls that take None as well as a string. */
const TAKES_NONE = new Set(["str", "repr", "print", "bool", "property", "setattr", "isinstance", "dict", "get", "setdefault"]);
/** Keyword arguments that hand a docstring on (`property(doc=…)`, `docstring=…`). */
const DOC_KEYWORDS = new Set(["doc", "docstring", "__doc__"]);

/** Whether the text of a source may read docstrings at all (cheap; then `docReadsOf` on its tree). */
export function mayReadDocstrings(has: (name: string) => boolean): boolean {
  return has("__doc__") || has("getdoc") || has("ply") || has("fire");
}
watchNames("__doc__", "getdoc", "ply", "fire");

export function docReadsOf(module: Module): DocReads {
  const out: DocReads = { names: new Set(), classes: false, classesAsString: false, unknownAsString: false, all: false, ply: false };
  /** Names bound by def, class or import anywhere in the module. */
  const defined = new Set<string>();
  /** Name receivers: [name, used as a string, a parameter of an enclosing function]. */
  const pending: Array<[string, boolean, boolean]> = [];
  /** Attribute receivers (`a.b.__doc__`): [attribute, the base's name unless not a plain module-level name, used as a string]. */
  const attributes: Array<[string, string | null, boolean]> = [];
  /** Parameters of the enclosing functions (innermost last). */
  const params: Array<ReadonlySet<string>> = [];
  /** The first parameter of the method being walked (`self`, `cls`), else null. */
  let selfName: string | null = null;
  /** Per function (the module first): variables holding a docstring (`doc = f.__doc__`) → its owner. */
  const docVars: Array<Map<string, Expr>> = [new Map()];

  const isParam = (name: string): boolean => params.some((p) => p.has(name));
  const isSelf = (e: Expr): boolean => selfName !== null && e._type === "Name" && e.id === selfName;

  const record = (receiver: Expr, asString: boolean): void => {
    if (receiver._type === "Name") {
      if (isSelf(receiver)) classRead(asString);
      else pending.push([receiver.id, asString, isParam(receiver.id)]);
    } else if (receiver._type === "Attribute" && receiver.attr === "__class__" && isSelf(receiver.value)) classRead(asString);
    else if (receiver._type === "Call" && receiver.func._type === "Name" && receiver.func.id === "type" && receiver.args.length === 1 && isSelf(receiver.args[0]!)) {
      classRead(asString);
    } else if (receiver._type === "Attribute") {
      out.names.add(receiver.attr);
      const base = receiver.value._type === "Name" && !isParam(receiver.value.id) ? receiver.value.id : null;
      attributes.push([receiver.attr, base, asString]);
    } else if (asString) out.unknownAsString = true;
  };
  const classRead = (asString: boolean): void => {
    out.classes = true;
    if (asString) out.classesAsString = true;
  };

  /** The owner of the docstring `e` reads (`x` of `x.__doc__`, `getattr(x, "__doc__")`, of `doc` after `doc = x.__doc__`), else null. */
  const docReceiver = (e: Expr): Expr | null => {
    if (e._type === "Attribute" && e.attr === "__doc__" && e.ctx === "Load") return e.value;
    if (e._type === "Call" && e.func._type === "Name" && e.func.id === "getattr" && e.args.length >= 2) {
      const name = e.args[1]!;
      if (name._type === "Constant" && name.value === "__doc__") return e.args[0]!;
    }
    if (e._type === "Name" && e.ctx === "Load") return docVar(e.id);
    return null;
  };
  const docVar = (name: string): Expr | null => {
    for (let i = docVars.length - 1; i >= 0; i--) {
      const owner = docVars[i]!.get(name);
      if (owner) return owner;
    }
    return null;
  };
  /** The owner of the docstring an assigned value is: `f.__doc__`, `f.__doc__ if c else None` (not a plain variable). */
  const docAssigned = (e: Expr): Expr | null => {
    if (e._type === "IfExp") {
      const none = (x: Expr): boolean => x._type === "Constant" && x.value === null;
      if (none(e.orelse)) return docAssigned(e.body);
      if (none(e.body)) return docAssigned(e.orelse);
      return null;
    }
    return e._type === "Name" ? null : docReceiver(e);
  };
  /** A read of a docstring: `x.__doc__` and the like, or the module's own `__doc__`. */
  const readsDoc = (e: Expr): boolean => docReceiver(e) !== null || (e._type === "Name" && e.id === "__doc__");
  /** Whether `e` is true only when some docstring is there (`f.__doc__`, `f.__doc__ is not None`, `… and f.__doc__`). */
  const testsDoc = (e: Expr): boolean => {
    if (readsDoc(e)) return true;
    if (e._type === "Compare" && e.ops.length === 1 && (e.ops[0] === "IsNot" || e.ops[0] === "NotEq")) return comparesToNone(e);
    if (e._type === "BoolOp" && e.op === "And") return e.values.some(testsDoc);
    return false;
  };
  /** Whether `e` is true when a docstring is missing (`not f.__doc__`, `f.__doc__ is None`, `… or not f.__doc__`). */
  const testsNoDoc = (e: Expr): boolean => {
    if (e._type === "UnaryOp" && e.op === "Not") return testsDoc(e.operand);
    if (e._type === "Compare" && e.ops.length === 1 && (e.ops[0] === "Is" || e.ops[0] === "Eq")) return comparesToNone(e);
    if (e._type === "BoolOp" && e.op === "Or") return e.values.some(testsNoDoc);
    return false;
  };
  const comparesToNone = (e: Compare): boolean => {
    const other = e.comparators[0]!;
    return other._type === "Constant" && other.value === null && readsDoc(e.left);
  };

  /** Walks an expression whose value is used as a string (`asString`) or in a way None survives. */
  const expr = (e: Expr, asString: boolean, guarded: boolean): void => {
    const receiver = docReceiver(e);
    if (receiver) {
      record(receiver, asString && !guarded);
      if (e._type === "Name") return; // walked where the variable was set
      expr(receiver, true, guarded);
      if (e._type === "Call") for (const a of e.args.slice(2)) expr(a, true, guarded);
      return;
    }
    switch (e._type) {
      case "BoolOp": {
        let g = guarded;
        e.values.forEach((v, i) => {
          const last = i === e.values.length - 1;
          expr(v, last ? asString : false, g);
          if (e.op === "And" && testsDoc(v)) g = true;
        });
        return;
      }
      case "UnaryOp":
        return expr(e.operand, e.op !== "Not", guarded);
      case "Compare": {
        const lenient = e.ops.every((op) => op === "Is" || op === "IsNot" || op === "Eq" || op === "NotEq");
        expr(e.left, !lenient, guarded);
        for (const c of e.comparators) expr(c, !lenient, guarded);
        return;
      }
      case "IfExp":
        expr(e.test, false, guarded);
        expr(e.body, asString, guarded || testsDoc(e.test));
        expr(e.orelse, asString, guarded);
        return;
      case "Call": {
        const callee = lastName(e.func);
        const lenient = callee !== null && TAKES_NONE.has(callee);
        expr(e.func, true, guarded);
        for (const a of e.args) expr(a, !lenient, guarded);
        for (const k of e.keywords) expr(k.value, !lenient && !(k.arg !== null && DOC_KEYWORDS.has(k.arg)), guarded);
        return;
      }
      case "Dict":
      case "List":
      case "Tuple":
      case "Set":
        // Stored as data, handed on as they are.
        return forEachChild(e, (c) => (isExpr(c) ? expr(c, false, guarded) : node(c, guarded, false)));
      case "FormattedValue":
        expr(e.value, false, guarded);
        if (e.format_spec) expr(e.format_spec, true, guarded);
        return;
      case "Lambda":
        node(e.args, guarded, false); // defaults
        return fn(e, guarded, false);
      default:
        forEachChild(e, (c) => node(c, guarded, false));
    }
  };

  /** A function's or lambda's body: its parameters shadow module names; the first of a method is `self`. */
  const fn = (f: FunctionDef | AsyncFunctionDef | Lambda, guarded: boolean, method: boolean): void => {
    const a = f.args;
    const names = new Set([...a.posonlyargs, ...a.args, ...a.kwonlyargs].map((p) => p.arg));
    if (a.vararg) names.add(a.vararg.arg);
    if (a.kwarg) names.add(a.kwarg.arg);
    const outerSelf = selfName;
    const first = a.posonlyargs[0] ?? a.args[0];
    if (method) selfName = first ? first.arg : null;
    else if (selfName !== null && names.has(selfName)) selfName = null;
    params.push(names);
    docVars.push(new Map());
    if (f._type === "Lambda") expr(f.body, false, guarded); // returned: handed on as it is
    else stmts(f.body, guarded, false);
    docVars.pop();
    params.pop();
    selfName = outerSelf;
  };

  /** A block; after `if not f.__doc__: return` (or raise, continue, break) the rest runs only with a docstring. */
  const stmts = (list: readonly Stmt[], guarded: boolean, classBody: boolean): void => {
    let g = guarded;
    for (const s of list) {
      stmt(s, g, classBody);
      if (s._type === "If" && s.orelse.length === 0 && exits(s.body) && testsNoDoc(s.test)) g = true;
    }
  };

  const stmt = (s: Stmt, guarded: boolean, classBody: boolean): void => {
    switch (s._type) {
      case "FunctionDef":
      case "AsyncFunctionDef":
        defined.add(s.name);
        for (const d of s.decorator_list) expr(d, true, guarded);
        if (s.returns) expr(s.returns, true, guarded);
        node(s.args, guarded, false); // defaults and annotations
        return fn(s, guarded, classBody);
      case "ClassDef":
        defined.add(s.name);
        for (const e of [...s.decorator_list, ...s.bases, ...s.keywords.map((k) => k.value)]) expr(e, true, guarded);
        return stmts(s.body, guarded, true);
      case "Import":
        for (const a of s.names) {
          defined.add(a.asname ?? a.name.split(".")[0]!);
          noteModule(a.name);
        }
        return;
      case "ImportFrom":
        for (const a of s.names) defined.add(a.asname ?? a.name);
        if (s.level === 0 && s.module !== null) noteModule(s.module);
        return;
      case "Assign": {
        for (const t of s.targets) expr(t, true, guarded);
        const target = s.targets.length === 1 && s.targets[0]!._type === "Name" ? s.targets[0]!.id : null;
        if (target !== null) {
          // `doc = f.__doc__` (or `f.__doc__ if c else None`): the variable's uses are the docstring's.
          const owner = docAssigned(s.value);
          if (owner) {
            docVars[docVars.length - 1]!.set(target, owner);
            return expr(s.value, false, guarded);
          }
          docVars[docVars.length - 1]!.delete(target);
        }
        // Copies into another docstring, an attribute or an item take None as well.
        const copy = s.targets.every((t) => t._type === "Attribute" || t._type === "Subscript" || (t._type === "Name" && t.id === "__doc__"));
        return expr(s.value, !copy, guarded);
      }
      case "AnnAssign":
        expr(s.target, true, guarded);
        expr(s.annotation, true, guarded);
        if (s.value) expr(s.value, !(s.target._type === "Attribute" && s.target.attr === "__doc__"), guarded);
        return;
      case "AugAssign": {
        // `x.__doc__ += …` reads x's docstring and adds to it.
        const t = s.target;
        if (t._type === "Attribute" && t.attr === "__doc__") {
          record(t.value, !guarded);
          expr(t.value, true, guarded);
        } else expr(t, true, guarded);
        return expr(s.value, true, guarded);
      }
      case "If":
      case "While":
        expr(s.test, false, guarded);
        stmts(s.body, guarded || testsDoc(s.test), classBody);
        return stmts(s.orelse, guarded, classBody);
      case "Assert":
        expr(s.test, false, guarded);
        if (s.msg) expr(s.msg, false, guarded);
        return;
      case "Expr":
        return expr(s.value, false, guarded);
      case "Return":
        // Handed on as it is (to a caller that asked for it).
        if (s.value) expr(s.value, false, guarded);
        return;
      default:
        // Other statements: their expressions are used as they are; blocks keep the class context.
        forEachChild(s, (c) => node(c, guarded, classBody && holdsStatements(s)));
    }
  };

  const noteModule = (name: string): void => {
    const top = name.split(".")[0]!;
    if (top === "ply") out.ply = true;
    if (READS_ALL_DOCSTRINGS.has(top)) out.all = true;
  };

  /** Any node: `classBody` when it sits in a class body (directly or in its compound statements). */
  const node = (n: Node, guarded: boolean, classBody: boolean): void => {
    if (isStmt(n)) stmt(n, guarded, classBody);
    else if (isExpr(n)) expr(n, true, guarded);
    else forEachChild(n, (c) => node(c, guarded, classBody && holdsStatements(n)));
  };

  for (const s of module.body) stmt(s, false, false);
  // `getdoc(…)` anywhere (inspect's or pydoc's): any docstring may be read.
  const findGetdoc = (n: Node): void => {
    if (out.all) return;
    if (n._type === "Call" && ((n.func._type === "Name" && n.func.id === "getdoc") || (n.func._type === "Attribute" && n.func.attr === "getdoc"))) out.all = true;
    else forEachChild(n, findGetdoc);
  };
  findGetdoc(module);
  for (const [name, asString, param] of pending) {
    if (!param && defined.has(name)) out.names.add(name);
    else if (asString) out.unknownAsString = true;
  }
  // `Expr.evalf.__doc__`, `mod.func.__doc__`, `self.run.__doc__` name a def (kept by its name);
  // `self._command.__doc__` reads whatever object an attribute holds (gcloud's command classes).
  for (const [attr, base, asString] of attributes) {
    if (asString && !defined.has(attr) && !(base !== null && defined.has(base))) out.unknownAsString = true;
  }
  return out;
}

/** Whether a block always leaves (ends with return, raise, continue or break). */
function exits(body: readonly Stmt[]): boolean {
  const last = body[body.length - 1];
  return last !== undefined && (last._type === "Return" || last._type === "Raise" || last._type === "Continue" || last._type === "Break");
}

function isStmt(n: Node): n is Stmt {
  return STMT_TYPES.has(n._type);
}

function isExpr(n: Node): n is Expr {
  return EXPR_TYPES.has(n._type);
}

const STMT_TYPES = new Set([
  "FunctionDef", "AsyncFunctionDef", "ClassDef", "Return", "Delete", "Assign", "TypeAlias", "AugAssign", "AnnAssign", "For", "AsyncFor",
  "While", "If", "With", "AsyncWith", "Match", "Raise", "Try", "TryStar", "Assert", "Import", "ImportFrom", "Global", "Nonlocal", "Expr",
  "Pass", "Break", "Continue",
]);
const EXPR_TYPES = new Set([
  "BoolOp", "NamedExpr", "BinOp", "UnaryOp", "Lambda", "IfExp", "Dict", "Set", "ListComp", "SetComp", "DictComp", "GeneratorExp", "Await",
  "Yield", "YieldFrom", "Compare", "Call", "FormattedValue", "Interpolation", "JoinedStr", "TemplateStr", "Constant", "Attribute",
  "Subscript", "Starred", "Name", "List", "Tuple", "Slice",
]);

/** Compound statements (and their clauses) keep a class body's context for the defs they hold (`if …: def m(self)`). */
function holdsStatements(n: Node): boolean {
  switch (n._type) {
    case "If":
    case "For":
    case "AsyncFor":
    case "While":
    case "With":
    case "AsyncWith":
    case "Try":
    case "TryStar":
    case "ExceptHandler":
    case "Match":
    case "match_case":
      return true;
    default:
      return false;
  }
}

/** What the rest of a tree reads of one file's docstrings (minify-dir). */
export interface DocKeep {
  /** Names whose docstrings some file of the tree reads. */
  names: ReadonlySet<string>;
  /** Keep every docstring of the file. */
  all: boolean;
  /** Keep every class docstring of the file. */
  classes: boolean;
  /** Keep the module's docstring (another module reads `mod.__doc__`). */
  module: boolean;
}

/** The per-file part of a DocKeep (what a batch item carries). */
export type DocKeepFlags = Omit<DocKeep, "names">;

/** A short text of the flags (cache keys). */
export function docKeepKey(flags: DocKeepFlags | undefined): string {
  return flags ? `${flags.all ? "a" : ""}${flags.classes ? "c" : ""}${flags.module ? "m" : ""}` : "";
}
