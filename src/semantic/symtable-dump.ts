/**
 * The model printed the way CPython's `symtable` module shows it: one record per symbol table with
 * `get_type()`, `get_name()`, `get_lineno()`, each symbol's true `Symbol.is_*()` predicates
 * (sorted, without `is_`), and `get_children()`. This is the shape `tests/oracle/oracle.py` emits,
 * so differential tests compare the two directly.
 */
import { CPYTHON_SYMBOL_BITS, DEF_BOUND, ScopeFlag, ScopeKind, SymbolFlag, SymbolScope } from "./flags.js";
import type { ScopeId, SemanticModel } from "./model.js";

export interface SymtableScope {
  type: string;
  name: string;
  lineno: number;
  symbols: Record<string, string[]>;
  children: SymtableScope[];
}

function typeName(kind: ScopeKind, minor: number): string {
  switch (kind) {
    case ScopeKind.Module: return "module";
    case ScopeKind.Class: return "class";
    case ScopeKind.Annotation: return "annotation";
    case ScopeKind.TypeAlias: return "type alias";
    case ScopeKind.TypeParameters: return minor >= 13 ? "type parameters" : "type parameter";
    case ScopeKind.TypeVariable: return minor >= 13 ? "type variable" : "TypeVar bound";
    default: return "function";
  }
}

/** The children `symtable` lists: inlined comprehensions replaced by their own children. */
export function symtableChildren(model: SemanticModel, scope: ScopeId, out: ScopeId[] = []): ScopeId[] {
  for (const c of model.childrenOf(scope)) {
    if (model.hasScopeFlag(c, ScopeFlag.CompInlined)) symtableChildren(model, c, out);
    else out.push(c);
  }
  return out;
}

/** The `Symbol.is_*` predicates true for a symbol, sorted by name (as `symtable` of 3.`minor`). */
function symbolPredicates(flags: number, where: number, moduleScope: boolean, namespace: boolean, minor: number): string[] {
  const F = SymbolFlag;
  const S = SymbolScope;
  const topBound = moduleScope && (flags & DEF_BOUND) !== 0;
  const out: string[] = [];
  const v14 = minor >= 14;
  // Alphabetical order.
  if (flags & F.DefAnnot) out.push("annotated");
  if (flags & F.DefLocal) out.push("assigned");
  if (v14 && flags & F.DefCompCell) out.push("comp_cell");
  if (v14 && flags & F.DefCompIter) out.push("comp_iter");
  if (where === S.GlobalExplicit) out.push("declared_global");
  if (where === S.Free) out.push("free");
  if (v14 && flags & F.DefFreeClass) out.push("free_class");
  if (where === S.GlobalImplicit || where === S.GlobalExplicit || topBound) out.push("global");
  if (flags & F.DefImport) out.push("imported");
  if (where === S.Local || where === S.Cell || topBound) out.push("local");
  if (namespace) out.push("namespace");
  if (flags & F.DefNonlocal) out.push("nonlocal");
  if (flags & F.DefParam) out.push("parameter");
  if (flags & F.Use) out.push("referenced");
  if (v14 && flags & F.DefTypeParam) out.push("type_parameter");
  return out;
}

function dumpScope(model: SemanticModel, scope: ScopeId, minor: number): SymtableScope {
  const children = symtableChildren(model, scope);
  const childNames = new Set(children.map((c) => model.scopeName(c)));
  const name = model.scopeName(scope);
  // symtable.py treats every table named "top" as the module (a quirk kept for parity).
  const moduleScope = name === "top";
  const entries: [string, string[]][] = [];
  for (const [symName, sym] of model.symbolsOf(scope)) {
    const flags = model.symbolFlags(sym) & CPYTHON_SYMBOL_BITS;
    entries.push([symName, symbolPredicates(flags, model.symbolWhere(sym), moduleScope, childNames.has(symName), minor)]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    type: typeName(model.scopeKind(scope), minor),
    name,
    lineno: model.data.scopeLine[scope]!,
    symbols: Object.fromEntries(entries),
    children: children.map((c) => dumpScope(model, c, minor)),
  };
}

/** The module's symbol table as `symtable.symtable()` of Python 3.`minor` reports it. */
export function symtableDump(model: SemanticModel, minor: number = model.minor): SymtableScope {
  return dumpScope(model, model.rootScope, minor);
}
