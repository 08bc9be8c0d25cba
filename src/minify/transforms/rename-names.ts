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
import type { Arg, AsyncFunctionDef, FunctionDef } from "../../python/ast.js";
import { applyAlias, applyRenames } from "../rename/apply.js";
import { assignNames, type AliasCandidate } from "../rename/assign.js";
import { isUsableName } from "../rename/names.js";
import { aliasable, collectVariables, type Variable } from "../rename/variables.js";
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
    // Aliases insert statements: only in the compact layout (preserve keeps every line as it is).
    const candidates: AliasCandidate[] = [];
    const eligible = new Map<number, { fn: FunctionDef | AsyncFunctionDef; arg: Arg }>();
    if (ctx.settings.layout === "compact" && ctx.settings.renameLocals) {
      for (const v of vars.variables) {
        const a = aliasable(model, v);
        if (!a) continue;
        eligible.set(v.symbol, a);
        // Aliases go first in the body, in parameter order: order them so before the body's names.
        candidates.push({ variable: v, first: (a.fn.body[0]?.start ?? a.fn.end) - 0.5 + paramIndex(a.fn, a.arg) / 1024 });
      }
    }
    const { names, aliases } = ctx.presetPlan ? fromPlan(ctx, vars.variables, eligible) : assignNames(vars, model.scopeCount, candidates);
    if (ctx.wantPlan) ctx.changes.scopes.push(...buildScopePlans(model, vars.variables, names, aliases));
    for (const v of vars.variables) if (names.has(v.symbol) && names.get(v.symbol) !== v.name) ctx.changes.renamedCount++;
    ctx.changes.renamedCount += aliases.size;
    applyRenames(model, names, ctx.changes.renamed);
    const ordered = [...aliases].map(([symbol, alias]) => ({ symbol, alias, ...eligible.get(symbol)! }));
    ordered.sort((x, y) => x.fn.start - y.fn.start || paramIndex(x.fn, x.arg) - paramIndex(y.fn, y.arg));
    const inserted = new Map<FunctionDef | AsyncFunctionDef, number>();
    for (const { symbol, alias, fn, arg } of ordered) {
      const n = inserted.get(fn) ?? 0;
      applyAlias(model, symbol, fn, arg, alias, n, ctx.changes.renamed, ctx.changes.aliases);
      inserted.set(fn, n + 1);
    }
  },
};

/** The renames and aliases an (edited) plan asks for, checked against what may be renamed. */
function fromPlan(
  ctx: TransformContext,
  variables: readonly Variable[],
  eligible: ReadonlyMap<number, unknown>,
): { names: Map<number, string>; aliases: Map<number, string> } {
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
  const aliases = new Map<number, string>();
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
    for (const [param, to] of Object.entries(scope.aliases ?? {})) {
      const v = vars.get(param);
      if (!v) throw new PlanError(`scope '${id}' has no parameter '${param}'`);
      if (!eligible.has(v.symbol)) throw new PlanError(`parameter '${param}' in scope '${id}' cannot get an alias (it is rebound, deleted, or not a def's parameter; or the layout is preserve)`);
      if (!isUsableName(to)) throw new PlanError(`'${to}' (alias of '${param}' in scope '${id}') is not a usable name`);
      aliases.set(v.symbol, to);
    }
  }
  return { names: out, aliases };
}

/** Position of `arg` among the def's positional-only, positional and keyword-only parameters (-1: none of them). */
function paramIndex(fn: FunctionDef | AsyncFunctionDef, arg: Arg): number {
  const a = fn.args;
  const inOrder = [...a.posonlyargs, ...a.args, ...(a.vararg ? [a.vararg] : []), ...a.kwonlyargs, ...(a.kwarg ? [a.kwarg] : [])];
  return inOrder.indexOf(arg);
}
