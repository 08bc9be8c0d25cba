/**
 * remove-docstrings — drops the docstring of the module, of every class and of every function.
 *
 * Why: docstrings are often a third of a library's bytes and only `help()`, `__doc__` and doctests
 * read them (`python -OO` drops them too).
 * Example: `def f():\n "Doc."\n return 1` → `def f():return 1`.
 * Safety: a module's docstring is kept when the module reads `__doc__`; a class's when its body
 * reads `__doc__`; with `keepLicenseHeader`, a module docstring that carries a copyright or licence
 * notice. Further string statements at the top of a block go too (else one would become the new
 * docstring). A block left empty gets `pass`.
 */
import type { ClassDef, Module, Node, Stmt } from "../../python/ast.js";
import { NODE_SPECS, FieldKind } from "../../python/ast-schema.js";
import type { Transform, TransformContext } from "../transform.js";

export const removeDocstrings: Transform = {
  name: "remove-docstrings",
  enabled: (s) => s.removeDocstrings,
  run(module, ctx) {
    const keepModule =
      readsDoc(module, false) || (ctx.settings.keepLicenseHeader && isLicense(module.body[0]));
    if (!keepModule) strip(module.body, null, ctx, module);
    visit(module.body, ctx);
  },
};

function isDocstring(s: Stmt | undefined): boolean {
  return !!s && s._type === "Expr" && s.value._type === "Constant" && typeof s.value.value === "string";
}

function isLicense(s: Stmt | undefined): boolean {
  if (!isDocstring(s)) return false;
  const v = ((s as { value: { value: string } }).value.value);
  return /copyright|licen[cs]e|\(c\)|©/i.test(v);
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
function visit(stmts: Stmt[], ctx: TransformContext): void {
  for (const s of stmts) {
    switch (s._type) {
      case "FunctionDef":
      case "AsyncFunctionDef":
        strip(s.body, s, ctx);
        visit(s.body, ctx);
        break;
      case "ClassDef":
        if (!readsDoc(s, true)) strip(s.body, s, ctx);
        visit(s.body, ctx);
        break;
      case "If":
      case "For":
      case "AsyncFor":
      case "While":
        visit(s.body, ctx);
        visit(s.orelse, ctx);
        break;
      case "With":
      case "AsyncWith":
        visit(s.body, ctx);
        break;
      case "Try":
      case "TryStar":
        visit(s.body, ctx);
        for (const h of s.handlers) visit(h.body, ctx);
        visit(s.orelse, ctx);
        visit(s.finalbody, ctx);
        break;
      case "Match":
        for (const c of s.cases) visit(c.body, ctx);
        break;
      default:
        break;
    }
  }
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
    const spec = NODE_SPECS[node._type];
    const rec = node as unknown as Record<string, unknown>;
    for (const f of spec.fields) {
      const v = rec[f.name];
      if (f.kind === FieldKind.List) {
        for (const x of v as unknown[]) if (x && typeof x === "object" && "_type" in x) walk(x as Node, false);
      } else if (v && typeof v === "object" && "_type" in v) walk(v as Node, false);
    }
  };
  walk(root, true);
  return found;
}
