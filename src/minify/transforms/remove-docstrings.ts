/**
 * remove-docstrings — drops the docstring of the module, of every class and of every function.
 *
 * Why: docstrings are often a third of a library's bytes and only `help()`, `__doc__` and doctests
 * read them (`python -OO` drops them too).
 * Example: `def f():\n "Doc."\n return 1` → `def f():return 1`.
 * Safety: a module's docstring is kept when the module reads `__doc__`; a class's when its body
 * reads `__doc__`; with `keepLicenseHeader`, a module docstring that carries a copyright or licence
 * notice. Docstrings code reads are kept too (see doc-reads.ts for how reads are found):
 *  - the docstring of a def or class read by name (`f.__doc__`, `Cls.__doc__`, `Expr.evalf.__doc__`,
 *    `getattr(f, "__doc__")`) — in minify-dir, wherever in the tree that name is defined; a module's
 *    when another reads it as `mod.__doc__`;
 *  - every class's when a method reads its instance's or class's (`self.__doc__`,
 *    `type(self).__doc__`, `cls.__doc__`) — in minify-dir, every class of the package when it uses
 *    the value as a string;
 *  - all of them when `getdoc(…)` is called, the module imports fire, or it uses the
 *    docstring of an object it cannot name as a string (numpy's `add_docstring(impl,
 *    dispatcher.__doc__)`, gcloud's `self._common_type.__doc__`) — in minify-dir, all of the
 *    package's, and all of the files of other packages that import the reading package (the
 *    command classes a framework loads and reads its help from). Reads that work with None
 *    (copies, tests, code run only when a docstring is there) keep nothing: they were written for
 *    `python -OO`;
 *  - a module docstring holding `PYTEST_DONT_REWRITE` (pytest's marker against assertion rewriting);
 *  - the docstring of a function decorated as a command-line command (`@click.command()`,
 *    `@cli.group()`, `@app.command()`, `@app.callback()`, invoke's `@task`: click, typer and
 *    invoke print it as the help);
 *  - in a module importing `ply`, the docstrings of `p_*` and `t_*` functions (grammar rules and
 *    token patterns).
 * Further string statements at the top of a block go too (else one would become the new
 * docstring). A block left empty gets `pass`.
 */
import type { AsyncFunctionDef, ClassDef, FunctionDef, Module, Node, Stmt } from "../../python/ast.js";
import { docReadsOf, mayReadDocstrings, NO_DOC_READS } from "../doc-reads.js";
import { forEachBlock, forEachChild, lastName } from "../../python/walk.js";
import type { Transform, TransformContext } from "../transform.js";

export const removeDocstrings: Transform = {
  name: "remove-docstrings",
  enabled: (s) => s.removeDocstrings,
  run(module, ctx) {
    const tree = ctx.docKeep;
    if (tree?.all) return;
    // Who reads `__doc__` as a name: from the semantic model when a transform built it, else by a walk.
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
    const own = mayReadDocstrings((n) => source.mayHoldName(n)) ? docReadsOf(module) : NO_DOC_READS;
    if (own.all || own.unknownAsString) return;
    const reads: Reads = {
      names: tree && tree.names.size > 0 ? new Set([...own.names, ...tree.names]) : own.names,
      classes: own.classes || tree?.classes === true,
      ply: own.ply,
    };
    const keepModule =
      tree?.module === true ||
      readsDocIn(module, false) ||
      (ctx.settings.keepLicenseHeader && isLicense(module.body[0])) ||
      docText(module.body[0]).includes("PYTEST_DONT_REWRITE");
    if (!keepModule) strip(module.body, null, ctx, module);
    visit(module.body, ctx, readsDocIn, reads);
  },
};

/** What the definitions of this module must keep. */
interface Reads {
  /** Names whose docstrings are read. */
  names: ReadonlySet<string>;
  /** Every class keeps its docstring. */
  classes: boolean;
  /** The module imports ply. */
  ply: boolean;
}

/** Decorators under which click, typer and invoke (`@task`) use a function's docstring as its help text. */
const HELP_DECORATORS = new Set(["command", "group", "callback", "task"]);

/** Whether code reads this function's docstring (by name, CLI help, ply grammar rules). */
function docIsData(s: FunctionDef | AsyncFunctionDef, reads: Reads): boolean {
  if (reads.names.has(s.name)) return true;
  if (reads.ply && (s.name.startsWith("p_") || s.name.startsWith("t_"))) return true;
  return s.decorator_list.some((d) => {
    const name = lastName(d._type === "Call" ? d.func : d);
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
function visit(stmts: Stmt[], ctx: TransformContext, readsDocIn: (c: ClassDef, classBody: boolean) => boolean, reads: Reads): void {
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
