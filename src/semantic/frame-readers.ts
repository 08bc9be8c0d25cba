/**
 * Calls that read their caller's variables by name, through the caller's frame: the string they
 * get names the caller's locals, so the calling scope's names are reachable by string (like
 * `locals()` there). Two sources:
 *
 * - libraries known to do it, recognised by the call's shape (the callee may live anywhere, most
 *   often in a venv we do not read): numpy's `bmat("A,B;C,D")`, pandas' `df.query("a > @x")`
 *   (`@name` is a local of the caller), `pd.eval("x + y")` and any `obj.eval(expr)` (wrappers
 *   pass their caller's frame on with `level=`), numexpr's `ne.evaluate("a * b")`;
 * - functions whose body reads a caller's frame's `f_locals` (`sys._getframe(1).f_locals`,
 *   `inspect.currentframe().f_back.f_locals`): those of the module, and in minify-dir those of
 *   every file of the tree (minify/tree-reads.ts); a call to that name counts.
 */
import type * as A from "../python/ast.js";
import { watchNames, type SourceFile } from "../python/source.js";
import { forEachChild, lastName } from "../python/walk.js";
import { builtinNames } from "./builtins.js";

const NONE: ReadonlySet<string> = new Set();
watchNames("f_locals");

/**
 * Names never taken as readers: dunders (a call to `__init__` is every `super().__init__()`) and
 * builtins' names (`super`, `locals`: a module's own definition is not what most calls reach).
 */
function isExcluded(name: string): boolean {
  return (name.startsWith("__") && name.endsWith("__")) || builtinNames(14).has(name);
}

/** Receivers of `evaluate(...)` that are numexpr. */
const NUMEXPR = new Set(["ne", "numexpr"]);

/**
 * Names of the module's functions whose body reads a frame's `f_locals`, with `also` (those of
 * other files of the tree).
 */
export function frameReadersOf(module: A.Module, source: SourceFile, also: ReadonlySet<string> | null = null): ReadonlySet<string> {
  if (!source.mayHoldName("f_locals")) return also ?? NONE;
  const out = new Set<string>(also);
  // A reader of its caller's locals: reads `f_locals`, and reaches a caller's frame (`f_back`,
  // `sys._getframe(n)` with n other than 0, `inspect.stack()` / `getouterframes()`), not only its
  // own or a traceback's — anywhere in its body, nested functions included. One walk: each node
  // returns what its subtree holds (LOCALS | CALLER), so a function's answer is its children's.
  const walk = (n: A.Node): number => {
    let seen = 0;
    if (n._type === "Attribute") {
      if (n.attr === "f_locals") seen = LOCALS;
      else if (n.attr === "f_back") seen = CALLER;
    } else if (n._type === "Call") {
      const callee = lastName(n.func);
      if (callee === "stack" || callee === "getouterframes") seen = CALLER;
      else if (callee === "_getframe") {
        const depth = n.args[0];
        if (depth && !(depth._type === "Constant" && depth.value === 0n)) seen = CALLER;
      }
    }
    forEachChild(n, (c) => {
      seen |= walk(c);
    });
    if ((n._type === "FunctionDef" || n._type === "AsyncFunctionDef") && seen === (LOCALS | CALLER) && !isExcluded(n.name)) out.add(n.name);
    return seen;
  };
  walk(module);
  return out;
}

const LOCALS = 1;
const CALLER = 2;

/** The expression the call passes first (positionally, or as `expr=`), or null. */
function firstArg(call: A.Call): A.Expr | null {
  return call.args[0] ?? call.keywords.find((k) => k.arg === "expr")?.value ?? null;
}

/** Whether `e` is text with an `@` in it: a string literal, or an f-string's literal parts. */
function hasAt(e: A.Expr): boolean {
  if (e._type === "Constant") return typeof e.value === "string" && e.value.includes("@");
  if (e._type === "JoinedStr") return e.values.some((v) => v._type === "Constant" && typeof v.value === "string" && v.value.includes("@"));
  return false;
}

/** Whether `call` reads the calling frame's variables by name (see the top of the file). */
export function readsCallerFrame(call: A.Call, moduleReaders: ReadonlySet<string>): boolean {
  const f = call.func;
  const name = lastName(f);
  if (name === null) return false;
  if (moduleReaders.has(name)) return true;
  const first = firstArg(call);
  if (first === null) return false; // `model.eval()`: no expression, no names
  switch (name) {
    case "bmat":
      // bmat("A,B;C,D") reads names; bmat([[A, B]]) does not.
      return first._type !== "List" && first._type !== "Tuple";
    case "eval":
      // df.eval / pd.eval / a wrapper's self.eval(expr): any expression, literal or built
      // (`self.eval(f"{fn}(a, b)")`); a bare eval() is the builtin, tainted as such.
      return f._type === "Attribute";
    case "query":
      // Only `@name` reaches the caller's variables; plain names are columns.
      return f._type === "Attribute" && hasAt(first);
    case "evaluate": {
      const receiver = f._type === "Attribute" && f.value._type === "Name" ? f.value.id : null;
      return (f._type === "Name" || (receiver !== null && NUMEXPR.has(receiver))) && !call.keywords.some((k) => k.arg === "local_dict");
    }
    default:
      return false;
  }
}
