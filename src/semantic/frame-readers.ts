/**
 * Calls that read their caller's variables by name, through the caller's frame: the string they
 * get names the caller's locals, so the calling scope's names are reachable by string (like
 * `locals()` there). Two sources:
 *
 * - libraries known to do it, recognised by the call's shape (the callee may live anywhere, most
 *   often in a venv we do not read): numpy's `bmat("A,B;C,D")`, pandas' `df.query("a > @x")` /
 *   `df.eval("@x + a")` (`@name` is a local of the caller) and `pd.eval("x + y")`, numexpr's
 *   `ne.evaluate("a * b")`;
 * - functions of the same module whose body reads a frame's `f_locals`
 *   (`sys._getframe(1).f_locals`, `inspect.currentframe().f_back.f_locals`): a call to that name
 *   anywhere in the module counts.
 */
import type * as A from "../python/ast.js";
import type { SourceFile } from "../python/source.js";
import { forEachChild } from "../python/walk.js";
import { builtinNames } from "./builtins.js";

const NONE: ReadonlySet<string> = new Set();

function isExcluded(name: string): boolean {
  return (name.startsWith("__") && name.endsWith("__")) || builtinNames(14).has(name);
}

/** Receivers of `eval(...)` that are pandas itself (plain names in the string are the caller's). */
const PANDAS = new Set(["pd", "pandas"]);
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
  // own or a traceback's. Dunder names are left out (a call to `__init__` is every `super().__init__()`),
  // and builtins' names (`super`, `locals`: a module's own definition of those is not what most calls reach).
  const readsCallerLocals = (n: A.Node): boolean => {
    let locals = false;
    let caller = false;
    const visit = (c: A.Node): void => {
      if (locals && caller) return;
      if (c._type === "Attribute") {
        if (c.attr === "f_locals") locals = true;
        else if (c.attr === "f_back") caller = true;
      } else if (c._type === "Call") {
        const f = c.func;
        const callee = f._type === "Name" ? f.id : f._type === "Attribute" ? f.attr : "";
        if (callee === "stack" || callee === "getouterframes") caller = true;
        else if (callee === "_getframe") {
          const depth = c.args[0];
          if (depth && !(depth._type === "Constant" && depth.value === 0n)) caller = true;
        }
      }
      forEachChild(c, visit);
    };
    forEachChild(n, visit);
    return locals && caller;
  };
  const visit = (n: A.Node): void => {
    if ((n._type === "FunctionDef" || n._type === "AsyncFunctionDef") && !out.has(n.name) && !isExcluded(n.name) && readsCallerLocals(n)) out.add(n.name);
    forEachChild(n, visit);
  };
  visit(module);
  return out;
}

/** The string the call passes first (positionally, or as `expr=`), or null. */
function firstString(call: A.Call): string | null {
  const first = call.args[0] ?? call.keywords.find((k) => k.arg === "expr")?.value;
  return first && first._type === "Constant" && typeof first.value === "string" ? first.value : null;
}

/** Whether `call` reads the calling frame's variables by name (see the top of the file). */
export function readsCallerFrame(call: A.Call, moduleReaders: ReadonlySet<string>): boolean {
  const f = call.func;
  const name = f._type === "Name" ? f.id : f._type === "Attribute" ? f.attr : null;
  if (name === null) return false;
  if (moduleReaders.has(name)) return true;
  const receiver = f._type === "Attribute" && f.value._type === "Name" ? f.value.id : null;
  switch (name) {
    case "bmat":
      return firstString(call) !== null;
    case "query":
    case "eval": {
      if (f._type !== "Attribute") return false; // a bare eval() is the builtin (tainted as such)
      const text = firstString(call);
      return text !== null && (text.includes("@") || (name === "eval" && receiver !== null && PANDAS.has(receiver)));
    }
    case "evaluate":
      return firstString(call) !== null && (f._type === "Name" || (receiver !== null && NUMEXPR.has(receiver))) && !call.keywords.some((k) => k.arg === "local_dict");
    default:
      return false;
  }
}
