/**
 * Pass 3 of the semantic model: points every symbol, binding and reference at the variable it
 * names (the owner's symbol), using the scopes CPython's analysis decided:
 * LOCAL/CELL → itself; FREE → the nearest enclosing function-like scope binding the name (class
 * bodies are skipped); GLOBAL_* → the module's symbol when the module binds it (directly or through
 * `global`), else a builtin, a module attribute set by the import system, or unresolved. Annotation
 * and type scopes in a class first see the class namespace (`__classdict__`).
 *
 * Names CPython never analyses (annotations hidden by `from __future__ import annotations`, local
 * variable annotations in 3.14) are resolved by a static LEGB walk instead.
 */
import { isBuiltin } from "./builtins.js";
import { mangleName } from "./mangle.js";
import { BindingKind, DEF_BOUND, ResolutionKind, ScopeKind, SymbolFlag, SymbolScope } from "./flags.js";
import type { ModelData, ScopeId, SymbolId } from "./model.js";
import { findSymbol, nameIdOf } from "./symbols.js";

const R = ResolutionKind;
const S = SymbolScope;
const K = ScopeKind;

/** Module attributes the import system defines: never unresolved, never renamed. */
export const MODULE_IMPLICIT_GLOBALS: ReadonlySet<string> = new Set([
  "__name__", "__file__", "__doc__", "__package__", "__spec__", "__loader__", "__builtins__", "__path__",
  "__cached__", "__annotations__", "__annotate__", "__dict__",
]);

/** Names of implicit cells a class provides to its methods and annotation scopes. */
const CLASS_CELLS = new Set(["__class__", "__classdict__", "__conditional_annotations__"]);

/** Pending: a global to settle once we know whether the module binds it (no ResolutionKind). */
const GLOBAL_CANDIDATE = 255;

function settleGlobal(name: string, moduleSym: SymbolId, bound: Uint8Array, minor: number): { kind: ResolutionKind; symbol: SymbolId } {
  if (moduleSym >= 0 && bound[moduleSym]) return { kind: R.Global, symbol: moduleSym };
  if (MODULE_IMPLICIT_GLOBALS.has(name)) return { kind: R.ImplicitGlobal, symbol: -1 };
  if (isBuiltin(name, minor)) return { kind: R.Builtin, symbol: -1 };
  return { kind: R.Unresolved, symbol: -1 };
}

function isTypeScope(kind: ScopeKind): boolean {
  return kind === K.Annotation || kind === K.TypeParameters || kind === K.TypeAlias || kind === K.TypeVariable;
}

/**
 * Static LEGB lookup of the (mangled) `key` read in `scope`, for names CPython did not analyse.
 * Needs `symbolBound` (filled by `resolveModel`).
 */
export function lookupStatic(d: Readonly<ModelData>, scope: ScopeId, key: string, minor: number): { kind: ResolutionKind; symbol: SymbolId } {
  const bound = d.symbolBound;
  const id = nameIdOf(d, key);
  if (id < 0) return settleGlobal(key, -1, bound, minor);
  // Annotation/type scopes (and the scope holding them) may read their class namespace.
  let seesClass = true;
  for (let s = scope; s > 0; s = d.scopeParent[s]!) {
    const kind = d.scopeKind[s]!;
    const sym = kind !== K.Class || s === scope || seesClass ? findSymbol(d, s, id) : -1;
    if (sym >= 0 && !(d.symbolFlags[sym]! & SymbolFlag.Inlined)) {
      const flags = d.symbolFlags[sym]!;
      if (flags & SymbolFlag.DefGlobal) break;
      if (flags & DEF_BOUND && d.symbolWhere[sym] !== S.Free) {
        if (s === scope) return { kind: R.Local, symbol: sym };
        return { kind: kind === K.Class ? R.ClassScope : R.Enclosing, symbol: sym };
      }
    }
    if (!isTypeScope(kind)) seesClass = false;
  }
  const m = findSymbol(d, 0, id);
  if (scope === 0 && m >= 0 && bound[m]) return { kind: R.Local, symbol: m };
  return settleGlobal(key, m, bound, minor);
}

/** Fills `symbolTarget`/`symbolResolution` and `referenceTarget`/`referenceResolution`. */
export function resolveModel(d: ModelData, minor: number): void {
  const n = d.symbolName.length;
  const target = new Int32Array(n).fill(-1);
  const resolution = new Uint8Array(n).fill(R.Unresolved);
  const hidden: SymbolId[] = [];

  for (let s = 0; s < n; s++) {
    const scope = d.symbolScope[s]!;
    const nameId = d.symbolNameId[s]!;
    const flags = d.symbolFlags[s]!;
    const where = d.symbolWhere[s]!;
    if (flags & SymbolFlag.Inlined || where === S.Local || where === S.Cell) {
      // Module-level names are settled with the other globals (bound or not).
      target[s] = s;
      resolution[s] = scope === 0 ? GLOBAL_CANDIDATE : R.Local;
      if (flags & SymbolFlag.Inlined) resolution[s] = R.Local;
      continue;
    }
    if (where === S.Unknown) {
      hidden.push(s);
      continue;
    }
    if (where === S.Free) {
      resolution[s] = R.Enclosing;
      for (let p = d.scopeParent[scope]!; p >= 0; p = d.scopeParent[p]!) {
        const kind = d.scopeKind[p]!;
        if (kind === K.Class) {
          if (CLASS_CELLS.has(d.symbolName[s]!)) break; // the class's implicit cell
          continue;
        }
        const sym = findSymbol(d, p, nameId);
        if (sym < 0 || d.symbolFlags[sym]! & SymbolFlag.Inlined) continue;
        const w = d.symbolWhere[sym]!;
        if (w === S.Local || w === S.Cell) {
          target[s] = sym;
          break;
        }
      }
      continue;
    }
    // GLOBAL_EXPLICIT / GLOBAL_IMPLICIT
    const cls = d.scopeClass[scope]!;
    if (where === S.GlobalImplicit && cls >= 0) {
      const cs = findSymbol(d, cls, nameId);
      if (cs >= 0) {
        const cf = d.symbolFlags[cs]!;
        if (cf & DEF_BOUND && !(cf & SymbolFlag.DefNonlocal)) {
          target[s] = cs;
          resolution[s] = R.ClassScope;
          continue;
        }
      }
    }
    target[s] = scope === 0 ? s : findSymbol(d, 0, nameId);
    resolution[s] = GLOBAL_CANDIDATE;
  }

  // Which module symbols are bound: by a module-level binding or one through `global`.
  const bound = new Uint8Array(n);
  for (let b = 0; b < d.bindingKind.length; b++) {
    const kind = d.bindingKind[b]!;
    if (kind === BindingKind.Global || kind === BindingKind.Nonlocal || kind === BindingKind.Annotation) continue;
    const t = target[d.bindingSymbol[b]!]!;
    if (t >= 0 && d.symbolScope[t] === 0) bound[t] = 1;
  }
  for (let s = 0; s < n; s++) {
    if (resolution[s] !== GLOBAL_CANDIDATE) continue;
    const t = target[s]!;
    if (d.symbolScope[s] === 0 && t === s && bound[s]) {
      resolution[s] = R.Local;
      continue;
    }
    const r = settleGlobal(d.symbolName[s]!, t, bound, minor);
    resolution[s] = r.kind;
    target[s] = r.symbol;
  }
  d.symbolTarget = target;
  d.symbolResolution = resolution;
  d.symbolBound = bound;

  for (const s of hidden) {
    const r = lookupStatic(d, d.symbolScope[s]!, d.symbolName[s]!, minor);
    resolution[s] = r.kind;
    target[s] = r.symbol;
  }

  const refs = d.referenceScope.length;
  const refTarget = new Int32Array(refs);
  const refResolution = new Uint8Array(refs);
  for (let r = 0; r < refs; r++) {
    const sym = d.referenceSymbol[r]!;
    if (sym >= 0) {
      refTarget[r] = target[sym]!;
      refResolution[r] = resolution[sym]!;
      continue;
    }
    const res = lookupStatic(d, d.referenceScope[r]!, referenceKey(d, r), minor);
    refTarget[r] = res.symbol;
    refResolution[r] = res.kind;
  }
  d.referenceTarget = refTarget;
  d.referenceResolution = refResolution;
}

/** The mangled name of a reference that has no symbol (the innermost class's mangling applies). */
function referenceKey(d: Readonly<ModelData>, r: number): string {
  const name = d.referenceName[r]!;
  for (let s = d.referenceScope[r]!; s >= 0; s = d.scopeParent[s]!) {
    if (d.scopeKind[s] === K.Class) return mangleName(d.scopeName[s]!, name);
  }
  return name;
}
