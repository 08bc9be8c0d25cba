/**
 * Gives the renamable variables short names, most-used first (ties: first occurrence). A name is
 * free for a variable when nothing else occurring in its region has it, and no other variable's
 * region covers one of its occurrences with it (see variables.ts). Kept variables and fixed names
 * (builtins, unresolved globals) hold their names from the start.
 *
 * The result only depends on the program's structure, not on the names it had: minifying the
 * output again assigns the same names (idempotence).
 */
import { shortName } from "./names.js";
import type { ModuleVariables, Variable } from "./variables.js";

/** symbol → new name, for every renamable variable. */
export function assignNames(vars: ModuleVariables, scopeCount: number): Map<number, string> {
  const occ: Array<Set<string>> = Array.from({ length: scopeCount }, () => new Set());
  const pass: Array<Set<string>> = Array.from({ length: scopeCount }, () => new Set());
  const hold = (name: string, occurs: readonly number[], region: readonly number[]): void => {
    for (const s of occurs) occ[s]!.add(name);
    for (const s of region) pass[s]!.add(name);
  };
  for (const f of vars.fixed) hold(f.name, f.occurs, f.region);
  const todo: Variable[] = [];
  for (const v of vars.variables) {
    if (v.kept === null) todo.push(v);
    else hold(v.name, v.occurs, v.region);
  }
  todo.sort((a, b) => b.uses - a.uses || a.first - b.first || a.symbol - b.symbol);
  const out = new Map<number, string>();
  for (const v of todo) {
    let name = "";
    for (let i = 0; ; i++) {
      name = shortName(i);
      if (isFree(name, v, occ, pass)) break;
    }
    // Never make a name longer.
    if (name.length > v.name.length && isFree(v.name, v, occ, pass)) name = v.name;
    out.set(v.symbol, name);
    hold(name, v.occurs, v.region);
  }
  return out;
}

export function isFree(name: string, v: Variable, occ: ReadonlyArray<Set<string>>, pass: ReadonlyArray<Set<string>>): boolean {
  for (const s of v.region) if (occ[s]!.has(name)) return false;
  for (const s of v.occurs) if (pass[s]!.has(name)) return false;
  return true;
}
