/**
 * remove-docstrings — drops the docstring of the module, of every class and of every function.
 *
 * Why: docstrings are often a third of a library's bytes and only `help()`, `__doc__` and doctests
 * read them (`python -OO` drops them too).
 * Example: `def f():\n "Doc."\n return 1` → `def f():return 1`.
 * Safety: a module's docstring is kept when the module reads `__doc__`; a class's when its body
 * reads `__doc__`; with `keepLicenseHeader`, a module docstring that carries a copyright or licence
 * notice. Docstrings other code reads are kept too:
 *  - the docstring of a def or class of the module read by name (`f.__doc__`, `Cls.__doc__`,
 *    `getattr(f, "__doc__")`); every class's when a method reads its instance's or class's
 *    (`self.__doc__`, `type(self).__doc__`, `cls.__doc__`); all of them when `getdoc(…)` is called.
 *    A `__doc__` read of an object from elsewhere (a decorator's `func.__doc__`) keeps nothing:
 *    that object's docstring is its own module's, gone as under `python -OO`;
 *  - a module docstring holding `PYTEST_DONT_REWRITE` (pytest's marker against assertion rewriting);
 *  - the docstring of a function decorated as a command-line command (`@click.command()`,
 *    `@cli.group()`, `@app.command()`, `@app.callback()`: click and typer print it as the help);
 *  - in a module importing `ply`, the docstrings of `p_*` and `t_*` functions (grammar rules and
 *    token patterns).
 * Further string statements at the top of a block go too (else one would become the new
 * docstring). A block left empty gets `pass`.
 */
import type { AsyncFunctionDef, ClassDef, Expr, FunctionDef, Module, Node, Stmt } from "../../python/ast.js";
import { forEachBlock, forEachChild } from "../../python/walk.js";
import type { Transform, TransformContext } from "../transform.js";

export const removeDocstrings: Transform = {
  name: "remove-docstrings",
  enabled: (s) => s.removeDocstrings,
  run(module, ctx) {
    // Who reads `__doc__`: from the semantic model when a transform built it, else by a walk.
    const model = ctx.builtModel();
    let docScopes: Set<number> | null = null;
    const source = ctx.source;
    const mentionsDoc = source.mayHoldName("__doc__");
    if (model && mentionsDoc) {
      docScopes = new Set();
      const d = model.data;
      for (let r = 0; r < d.referenceName.length; r++) if (d.referenceName[r] === "__doc__") docScopes.add(d.referenceScope[r]!);
    }
    const readsDocIn = (root: Module | ClassDef, classBody: boolean): boolean => {
      if (!mentionsDoc) return false;
      if (!docScopes) return readsDoc(root, classBody);
      if (!classBody) return docScopes.size > 0;
      return docScopes.has(model!.scopeOfNode(root));
    };
    const reads = mentionsDoc || source.mayHoldName("getdoc") || source.mayHoldName("ply") ? outsideReads(module) : NO_READS;
    if (reads.all) return;
    const keepModule =
      readsDocIn(module, false) || (ctx.settings.keepLicenseHeader && isLicense(module.body[0])) || docText(module.body[0]).includes("PYTEST_DONT_REWRITE");
    if (!keepModule) strip(module.body, null, ctx, module);
    visit(module.body, ctx, readsDocIn, reads);
  },
};

/** Which docstrings code of the module reads other than through its own `__doc__` name. */
interface OutsideReads {
  /** `getdoc(…)` is called: any docstring may be read. */
  all: boolean;
  /** A method reads its instance's or class's `__doc__`: every class docstring may be read. */
  classes: boolean;
  /** Names whose `__doc__` is read (`f.__doc__`, `getattr(f, "__doc__")`). */
  names: Set<string>;
  /** The module imports ply (or a module of it). */
  ply: boolean;
}
const NO_READS: OutsideReads = { all: false, classes: false, names: new Set(), ply: false };

function outsideReads(module: Module): OutsideReads {
  const out: OutsideReads = { all: false, classes: false, names: new Set(), ply: false };
  /** `self`/`cls` of the method being walked (its first parameter), else null. */
  let selfName: string | null = null;
  const docOf = (target: Expr): void => {
    if (target._type === "Name") {
      if (target.id === selfName) out.classes = true;
      else out.names.add(target.id);
    } else if (selfName !== null) {
      // type(self).__doc__, self.__class__.__doc__
      const inner = target._type === "Call" && target.args.length === 1 ? target.args[0]! : target._type === "Attribute" && target.attr === "__class__" ? target.value : null;
      if (inner?._type === "Name" && inner.id === selfName) out.classes = true;
    }
  };
  const walk = (n: Node, inClassBody: boolean): void => {
    if (n._type === "Attribute" && n.attr === "__doc__") docOf(n.value);
    else if (n._type === "Call") {
      const name = calleeName(n.func);
      if (name === "getdoc") out.all = true;
      else if (name === "getattr" && n.args.length >= 2 && n.args[1]!._type === "Constant" && n.args[1]!.value === "__doc__") docOf(n.args[0]!);
    } else if (n._type === "Import" && n.names.some((a) => a.name === "ply" || a.name.startsWith("ply."))) out.ply = true;
    else if (n._type === "ImportFrom" && n.level === 0 && n.module !== null && (n.module === "ply" || n.module.startsWith("ply."))) out.ply = true;
    if (n._type === "FunctionDef" || n._type === "AsyncFunctionDef") {
      const outer = selfName;
      const first = n.args.posonlyargs[0] ?? n.args.args[0];
      if (inClassBody) selfName = first ? first.arg : null;
      forEachChild(n, (c) => walk(c, false));
      selfName = outer;
      return;
    }
    if (n._type === "ClassDef") {
      for (const c of n.body) walk(c, true);
      for (const c of [...n.bases, ...n.keywords, ...n.decorator_list]) walk(c, false);
      return;
    }
    forEachChild(n, (c) => walk(c, inClassBody && holdsStatements(n)));
  };
  walk(module, false);
  return out;
}

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

/** The last name of a callee: `f` of `f`, `command` of `click.command`. */
function calleeName(e: Expr): string | null {
  if (e._type === "Name") return e.id;
  if (e._type === "Attribute") return e.attr;
  return null;
}

/** Decorators under which click and typer use a function's docstring as its help text. */
const HELP_DECORATORS = new Set(["command", "group", "callback"]);

/** Whether code reads this function's docstring (by name, CLI help, ply grammar rules). */
function docIsData(s: FunctionDef | AsyncFunctionDef, reads: OutsideReads): boolean {
  if (reads.names.has(s.name)) return true;
  if (reads.ply && (s.name.startsWith("p_") || s.name.startsWith("t_"))) return true;
  return s.decorator_list.some((d) => {
    const name = calleeName(d._type === "Call" ? d.func : d);
    return name !== null && HELP_DECORATORS.has(name);
  });
}

function docText(s: Stmt | undefined): string {
  return isDocstring(s) ? (s as { value: { value: string } }).value.value : "";
}

function isDocstring(s: Stmt | undefined): boolean {
  return !!s && s._type === "Expr" && s.value._type === "Constant" && typeof s.value.value === "string";
}

function isLicense(s: Stmt | undefined): boolean {
  return /copyright|licen[cs]e|\(c\)|©/i.test(docText(s));
}

/** Removes leading string statements of `body`; puts `pass` in an emptied block (not a module). */
function strip(body: Stmt[], owner: Stmt | null, ctx: TransformContext, _module?: Module): void {
  let n = 0;
  while (n < body.length && isDocstring(body[n])) n++;
  if (n === 0) return;
  const removed = body.splice(0, n);
  let replacement: Stmt | null = null;
  if (body.length === 0 && owner) {
    const last = removed[removed.length - 1]!;
    replacement = { _type: "Pass", start: last.start, end: last.start } as Stmt;
    body.push(replacement);
  }
  removed.forEach((stmt, i) =>
    ctx.changes.removed.push({ stmt, why: "docstring", replacement: i === removed.length - 1 ? replacement : null }),
  );
}

/** Visits every class and function definition (docstrings only live at the top of their bodies). */
function visit(stmts: Stmt[], ctx: TransformContext, readsDocIn: (c: ClassDef, classBody: boolean) => boolean, reads: OutsideReads): void {
  const block = (body: Stmt[]): void => {
    for (const s of body) {
      if (s._type === "FunctionDef" || s._type === "AsyncFunctionDef") {
        if (!docIsData(s, reads)) strip(s.body, s, ctx);
      } else if (s._type === "ClassDef") {
        if (!reads.classes && !reads.names.has(s.name) && !readsDocIn(s, true)) strip(s.body, s, ctx);
      }
      forEachBlock(s, block);
    }
  };
  block(stmts);
}

/**
 * Whether `__doc__` is read as a name: anywhere in the module, or (`classBody`) in the class body
 * itself (not in its methods, which see the module's `__doc__`).
 */
function readsDoc(root: Module | ClassDef, classBody: boolean): boolean {
  let found = false;
  const walk = (node: Node, top: boolean): void => {
    if (found) return;
    if (node._type === "Name" && node.id === "__doc__") {
      found = true;
      return;
    }
    if (classBody && !top && (node._type === "FunctionDef" || node._type === "AsyncFunctionDef" || node._type === "Lambda" || node._type === "ClassDef")) {
      return;
    }
    forEachChild(node, (child) => walk(child, false));
  };
  walk(root, true);
  return found;
}
