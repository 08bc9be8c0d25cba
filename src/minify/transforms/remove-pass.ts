/**
 * remove-pass — drops `pass` statements from blocks that have other statements.
 *
 * Why: `pass` only exists to make a block non-empty.
 * Example: `if x:\n pass\n y()` → `if x:y()`.
 * Safety: `pass` compiles to nothing; a block keeps one statement.
 */
import type { Stmt } from "../../python/ast.js";
import { forEachBlock } from "../../python/walk.js";
import type { Transform, TransformContext } from "../transform.js";

export const removePass: Transform = {
  name: "remove-pass",
  enabled: (s) => s.removePass,
  run(module, ctx) {
    // One visitor per module (not a closure per statement).
    const visit = (body: Stmt[], isModule = false): void => {
      removeFrom(body, ctx, isModule);
      for (const s of body) forEachBlock(s, visit);
    };
    visit(module.body, true);
  },
};

/** Drops the `pass` statements of one block, keeping one statement in a block (a module may end up empty). */
function removeFrom(body: Stmt[], ctx: TransformContext, isModule: boolean): void {
  if (!body.some((s) => s._type === "Pass") || (body.length === 1 && !isModule)) return;
  let kept = 0;
  for (let i = 0; i < body.length; i++) {
    const s = body[i]!;
    const last = i === body.length - 1;
    if (s._type === "Pass" && (isModule || kept > 0 || !last)) {
      ctx.changes.removed.push({ stmt: s, why: "pass", replacement: null });
      continue;
    }
    body[kept++] = s;
  }
  body.length = kept;
}
