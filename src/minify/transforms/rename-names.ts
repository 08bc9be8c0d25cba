/**
 * rename-names — gives local variables (and, opt-in, private module globals) the shortest free
 * names, most-used first.
 *
 * Why: after whitespace and docstrings, identifiers are most of what is left.
 * Example: `def area(shape):\n width, height = shape\n return width*height` →
 *          `def area(shape):a,b=shape;return a*b`.
 * Safety: driven by the semantic model (CPython's scopes): closures, comprehensions, `global` and
 * `nonlocal` are followed; names callers can observe and names of tainted scopes are kept
 * (rename/variables.ts); no new name may shadow or capture another (rename/assign.ts). The safety
 * net re-resolves every name in the output. Options: `renameLocals` (default on), `renameGlobals`
 * (opt-in).
 */
import { PlanError, buildScopePlans, scopeIds } from "../plan.js";
import { applyRenames } from "../rename/apply.js";
import { assignNames } from "../rename/assign.js";
import { isUsableName } from "../rename/names.js";
import { collectVariables, type Variable } from "../rename/variables.js";
import type { Transform, TransformContext } from "../transform.js";

export const renameNames: Transform = {
  name: "rename-names",
  enabled: (s) => s.renameLocals || s.renameGlobals,
  run(_module, ctx) {
    const model = ctx.model();
    const vars = collectVariables(model, {
      renameLocals: ctx.settings.renameLocals,
      renameGlobals: ctx.settings.renameGlobals,
      externalNames: ctx.externalNames,
    });
    const names = ctx.presetPlan ? namesFromPlan(ctx, vars.variables) : assignNames(vars, model.scopeCount);
    ctx.changes.scopes.push(...buildScopePlans(model, vars.variables, names));
    applyRenames(model, names, ctx.changes.renamed);
  },
};

/** The renames an (edited) plan asks for, checked against what may be renamed. */
function namesFromPlan(ctx: TransformContext, variables: readonly Variable[]): Map<number, string> {
  const model = ctx.model();
  const plan = ctx.presetPlan!;
  const ids = scopeIds(model);
  const byScope = new Map<string, Map<string, Variable>>();
  for (const v of variables) {
    const id = ids[v.owner]!;
    let m = byScope.get(id);
    if (!m) byScope.set(id, (m = new Map()));
    m.set(v.name, v);
  }
  const out = new Map<number, string>();
  for (const [id, scope] of plan) {
    const vars = byScope.get(id);
    if (!vars) throw new PlanError(`scope '${id}' does not exist in the file`);
    for (const name of scope.names) {
      if (!vars.has(name)) throw new PlanError(`scope '${id}' has no variable '${name}'`);
    }
    for (const [from, to] of Object.entries(scope.renames)) {
      const v = vars.get(from);
      if (!v) throw new PlanError(`scope '${id}' has no variable '${from}'`);
      if (from === to) continue;
      if (v.kept !== null) throw new PlanError(`'${from}' in scope '${id}' cannot be renamed: ${v.kept}`);
      if (!isUsableName(to)) throw new PlanError(`'${to}' (for '${from}' in scope '${id}') is not a usable name`);
      out.set(v.symbol, to);
    }
  }
  return out;
}
