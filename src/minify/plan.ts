/**
 * Rename plans: what the renamer decided, as reviewable (and editable) JSON.
 *
 * ```json
 * { "version": 1, "tool": "tsrs", "python": "3.11", "files": [
 *   { "path": "pkg/mod.py", "sha256": "…", "scopes": [
 *     { "scope": "Parser.parse", "kind": "function", "line": 12, "names": ["self", "text", "pos"],
 *       "renames": { "pos": "a" }, "kept": { "self": "parameter (can be passed by keyword)" } } ] } ] }
 * ```
 * A scope is named by its qualified name (`f.<lambda>`, `C.m.<listcomp>`), with `#2`, `#3`… for
 * later siblings of the same name. Applying a plan checks that the file is the one planned (hash),
 * that every scope and name still exists, that kept names stay kept; the safety net then checks the
 * result like any other rename.
 */
import { createHash } from "node:crypto";
import { ScopeKind } from "../semantic/flags.js";
import type { SemanticModel } from "../semantic/index.js";
import type { Variable } from "./rename/variables.js";

export const PLAN_VERSION = 1;

export interface ScopePlan {
  scope: string;
  kind: string;
  line: number;
  /** Variables the scope owns, in order of first occurrence. */
  names: string[];
  renames: Record<string, string>;
  /** Parameters (kept) read through a short alias assigned first in the body. */
  aliases?: Record<string, string>;
  kept: Record<string, string>;
}

export interface FilePlan {
  /** Path relative to the planned directory (or as given for a single file), POSIX separators. */
  path: string;
  sha256: string;
  scopes: ScopePlan[];
}

export interface PlanBundle {
  version: number;
  tool: "tsrs";
  python: string;
  files: FilePlan[];
}

export class PlanError extends Error {
  override readonly name = "PlanError";
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const KIND_NAMES: Record<number, string> = {
  [ScopeKind.Module]: "module", [ScopeKind.Class]: "class", [ScopeKind.Function]: "function",
  [ScopeKind.Lambda]: "lambda", [ScopeKind.Comprehension]: "comprehension", [ScopeKind.Annotation]: "annotation",
  [ScopeKind.TypeParameters]: "type-parameters", [ScopeKind.TypeAlias]: "type-alias", [ScopeKind.TypeVariable]: "type-variable",
};

/** Stable ids of every scope (see the module comment). */
export function scopeIds(model: SemanticModel): string[] {
  const ids: string[] = new Array<string>(model.scopeCount);
  ids[0] = "<module>";
  const seen = new Map<string, number>();
  for (let s = 1; s < model.scopeCount; s++) {
    const kind = model.scopeKind(s);
    let name = model.scopeName(s);
    if (kind !== ScopeKind.Function && kind !== ScopeKind.Class) name = `<${name}>`;
    const parent = model.parentOf(s);
    const base = parent === 0 ? name : `${ids[parent]}.${name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    ids[s] = n === 1 ? base : `${base}#${n}`;
  }
  return ids;
}

/** The plan of every scope that owns variables, in scope order. */
export function buildScopePlans(
  model: SemanticModel,
  variables: readonly Variable[],
  names: ReadonlyMap<number, string>,
  aliases: ReadonlyMap<number, string> = new Map(),
): ScopePlan[] {
  const ids = scopeIds(model);
  const byScope = new Map<number, Variable[]>();
  for (const v of variables) {
    let list = byScope.get(v.owner);
    if (!list) byScope.set(v.owner, (list = []));
    list.push(v);
  }
  const out: ScopePlan[] = [];
  for (const scope of [...byScope.keys()].sort((a, b) => a - b)) {
    const vars = byScope.get(scope)!.slice().sort((a, b) => a.first - b.first || a.symbol - b.symbol);
    const plan: ScopePlan = {
      scope: ids[scope]!,
      kind: KIND_NAMES[model.scopeKind(scope)] ?? "scope",
      line: model.data.scopeLine[scope] ?? 0,
      names: vars.map((v) => v.name),
      renames: {},
      aliases: {},
      kept: {},
    };
    for (const v of vars) {
      const to = names.get(v.symbol);
      const alias = aliases.get(v.symbol);
      if (alias !== undefined) plan.aliases![v.name] = alias;
      if (v.kept !== null) plan.kept[v.name] = v.kept;
      else if (to !== undefined && to !== v.name) plan.renames[v.name] = to;
    }
    out.push(plan);
  }
  return out;
}

/** Reads and checks a plan bundle's shape (not yet against sources). */
export function parsePlan(text: string, origin: string): PlanBundle {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PlanError(`${origin}: not JSON (${(e as Error).message})`);
  }
  const o = data as Record<string, unknown>;
  if (!o || typeof o !== "object") throw new PlanError(`${origin}: a plan is a JSON object`);
  if (typeof o.version !== "number") throw new PlanError(`${origin}: missing "version"`);
  if (o.version > PLAN_VERSION) {
    throw new PlanError(`${origin}: plan version ${o.version} is newer than this tsrs understands (${PLAN_VERSION}); upgrade tsrs`);
  }
  if (o.version < 1 || !Number.isInteger(o.version)) throw new PlanError(`${origin}: invalid plan version ${String(o.version)}`);
  if (!Array.isArray(o.files)) throw new PlanError(`${origin}: "files" must be a list`);
  o.files.forEach((f: unknown, i: number) => {
    const file = f as Record<string, unknown>;
    const at = `${origin}: files[${i}]`;
    if (!file || typeof file.path !== "string" || typeof file.sha256 !== "string" || !Array.isArray(file.scopes)) {
      throw new PlanError(`${at}: needs "path", "sha256" and "scopes"`);
    }
    (file.scopes as unknown[]).forEach((sc, j) => {
      const s = sc as Record<string, unknown>;
      if (!s || typeof s.scope !== "string" || !Array.isArray(s.names) || typeof s.renames !== "object" || s.renames === null) {
        throw new PlanError(`${at}.scopes[${j}]: needs "scope", "names" and "renames"`);
      }
      for (const field of ["renames", "aliases"] as const) {
        const table = s[field];
        if (table === undefined && field === "aliases") continue;
        if (typeof table !== "object" || table === null) throw new PlanError(`${at}.scopes[${j}].${field}: must be an object`);
        for (const [k, v] of Object.entries(table)) {
          if (typeof v !== "string") throw new PlanError(`${at}.scopes[${j}].${field}.${k}: must be a string`);
        }
      }
    });
  });
  return data as PlanBundle;
}

/** Serialises with a fixed key order and two-space indentation. */
export function formatPlan(bundle: PlanBundle): string {
  const files = bundle.files.map((f) => ({
    path: f.path,
    sha256: f.sha256,
    scopes: f.scopes.map((s) => ({ scope: s.scope, kind: s.kind, line: s.line, names: s.names, renames: s.renames, aliases: s.aliases ?? {}, kept: s.kept })),
  }));
  return JSON.stringify({ version: bundle.version, tool: "tsrs", python: bundle.python, files }, null, 2) + "\n";
}
