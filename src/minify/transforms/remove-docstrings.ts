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
    // Who reads `__doc__`: from the semantic model when a transform built it, else by a walk.
    const model = ctx.builtModel();
    let docScopes: Set<number> | null = null;
    if (model) {
      docScopes = new Set();
      const d = model.data;
      for (let r = 0; r < d.referenceName.length; r++) if (d.referenceName[r] === "__doc__") docScopes.add(d.referenceScope[r]!);
    }
    const readsDocIn = (root: Module | ClassDef, classBody: boolean): boolean => {
      if (!docScopes) return readsDoc(root, classBody);
      if (!classBody) return docScopes.size > 0;
      return docScopes.has(model!.scopeOfNode(root));
    };
    const keepModule = readsDocIn(module, false) || (ctx.settings.keepLicenseHeader && isLicense(module.body[0]));
    if (!keepModule) strip(module.body, null, ctx, module);
    visit(module.body, ctx, readsDocIn);
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
function visit(stmts: Stmt[], ctx: TransformContext, readsDocIn: (c: ClassDef, classBody: boolean) => boolean): void {
  for (const s of stmts) {
    switch (s._type) {
      case "FunctionDef":
      case "AsyncFunctionDef":
        strip(s.body, s, ctx);
        visit(s.body, ctx, readsDocIn);
        break;
      case "ClassDef":
        if (!readsDocIn(s, true)) strip(s.body, s, ctx);
        visit(s.body, ctx, readsDocIn);
        break;
      case "If":
      case "For":
      case "AsyncFor":
      case "While":
        visit(s.body, ctx, readsDocIn);
        visit(s.orelse, ctx, readsDocIn);
        break;
      case "With":
      case "AsyncWith":
        visit(s.body, ctx, readsDocIn);
        break;
      case "Try":
      case "TryStar":
        visit(s.body, ctx, readsDocIn);
        for (const h of s.handlers) visit(h.body, ctx, readsDocIn);
        visit(s.orelse, ctx, readsDocIn);
        visit(s.finalbody, ctx, readsDocIn);
        break;
      case "Match":
        for (const c of s.cases) visit(c.body, ctx, readsDocIn);
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
