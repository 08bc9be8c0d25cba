/**
 * Gives the renamable variables short names, most-used first (ties: first occurrence). A name is
 * free for a variable when nothing else occurring in its region has it, and no other variable's
 * region covers one of its occurrences with it (see variables.ts). Kept variables and fixed names
 * (builtins, unresolved globals) hold their names from the start.
 *
 * Parameters only ever read can get an alias (`a=self` first in the body, every use renamed); the
 * alias competes like a variable and is taken only when it saves bytes.
 *
 * The result only depends on the program's structure, not on the names it had: minifying the
 * output again assigns the same names (idempotence).
 */
import { shortName } from "./names.js";
import type { ModuleVariables, Variable } from "./variables.js";

export interface AliasCandidate {
  variable: Variable;
  /** Offset just before the function body (orders the alias before the body's own variables). */
  first: number;
}

export interface Assignment {
  /** symbol → new name, for renamed variables. */
  names: Map<number, string>;
  /** parameter symbol → alias name. */
  aliases: Map<number, string>;
}

interface Todo {
  v: Variable;
  uses: number;
  first: number;
  occurs: readonly number[];
  region: readonly number[];
  alias: boolean;
}

export function assignNames(vars: ModuleVariables, scopeCount: number, candidates: readonly AliasCandidate[] = []): Assignment {
  // Per scope: names occurring in it, names whose region covers it (created when first needed).
  const occ = new Array<Set<string> | undefined>(scopeCount);
  const pass = new Array<Set<string> | undefined>(scopeCount);
  const hold = (name: string, occurs: readonly number[], region: readonly number[]): void => {
    for (const s of occurs) (occ[s] ??= new Set()).add(name);
    for (const s of region) (pass[s] ??= new Set()).add(name);
  };
  for (const f of vars.fixed) hold(f.name, f.occurs, f.region);
  const todo: Todo[] = [];
  for (const v of vars.variables) {
    if (v.kept === null) todo.push({ v, uses: v.uses, first: v.first, occurs: v.occurs, region: v.region, alias: false });
    else hold(v.name, v.occurs, v.region);
  }
  for (const c of candidates) {
    const v = c.variable;
    // Uses: every read plus the alias assignment (in the owner, always among the occurrences).
    todo.push({ v, uses: v.uses, first: c.first, occurs: v.occurs, region: v.region, alias: true });
  }
  todo.sort((a, b) => b.uses - a.uses || a.first - b.first || a.v.symbol - b.v.symbol);
  const names = new Map<number, string>();
  const aliases = new Map<number, string>();
  for (const t of todo) {
    let name = "";
    for (let i = 0; ; i++) {
      name = shortName(i);
      if (isFree(name, t.occurs, t.region, occ, pass)) break;
    }
    if (t.alias) {
      const reads = t.uses - 1;
      const old = t.v.name.length;
      // `a=self;` costs the two names, `=` and a separator.
      if (reads * (old - name.length) <= name.length + old + 2) continue;
      aliases.set(t.v.symbol, name);
    } else {
      // Never make a name longer.
      if (name.length > t.v.name.length && isFree(t.v.name, t.occurs, t.region, occ, pass)) name = t.v.name;
      names.set(t.v.symbol, name);
    }
    hold(name, t.occurs, t.region);
  }
  return { names, aliases };
}

function isFree(
  name: string,
  occurs: readonly number[],
  region: readonly number[],
  occ: ReadonlyArray<Set<string> | undefined>,
  pass: ReadonlyArray<Set<string> | undefined>,
): boolean {
  for (const s of region) if (occ[s]?.has(name)) return false;
  for (const s of occurs) if (pass[s]?.has(name)) return false;
  return true;
}
