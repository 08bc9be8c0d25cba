/**
 * The semantic model of one module: scopes, symbols, bindings and references in flat arrays,
 * pointing at each other by numeric id (`ScopeId`, `SymbolId`, `BindingId`, `ReferenceId`; -1 is
 * "none"). Built by {@link buildSemanticModel} (scope-builder.ts).
 *
 * - Scopes are CPython's symbol table blocks, with the same names, kinds, line numbers and children
 *   order. Comprehensions stay scopes of their own even when CPython 3.12+ inlines them (PEP 709):
 *   they are flagged `ScopeFlag.CompInlined`, and their names are also copied into the parent's
 *   symbol table (flagged `SymbolFlag.Inlined`) exactly as CPython does, so `symbolsOf()` equals
 *   `symtable` while resolution still sees the comprehension's own variables.
 * - A symbol is one name in one scope; its flags are CPython's `DEF_*`/`USE` bits and its
 *   `SymbolScope` is CPython's analysed scope (LOCAL, CELL, FREE, GLOBAL_…). Names are stored
 *   mangled (`__x` in class `C` → `_C__x`), as CPython stores them.
 * - A binding is one definition site (assignment target, def, import alias, parameter…); a
 *   reference is one `Name` node (load, store or del). Both know their own scope's symbol; each
 *   symbol is resolved once to its *target*: the symbol of the scope that owns the variable
 *   (itself for locals, the enclosing function's for free variables, the module's for globals,
 *   the class's for annotation scopes reading the class namespace), or -1 for builtins and
 *   unresolved globals. Resolution is static and flow-insensitive: a reference resolves to the
 *   variable, whose bindings are `bindingsOf(target)`.
 */
import type { Module, Node } from "../python/ast.js";
import type { SourceFile } from "../python/source.js";
import { lookupStatic } from "./resolve.js";
import { mangleName } from "./mangle.js";
import { findSymbolByName } from "./symbols.js";
import {
  type ComprehensionKind,
  type ResolutionKind,
  type SymbolScope,
  ScopeFlag,
  ScopeKind,
  SymbolFlag,
} from "./flags.js";

export type ScopeId = number;
export type SymbolId = number;
export type BindingId = number;
export type ReferenceId = number;

/** What a reference resolved to. */
export interface Resolution {
  kind: ResolutionKind;
  /** The target symbol (owner of the variable), or -1 for builtins and unresolved names. */
  symbol: SymbolId;
  /** The scope owning the target symbol, or -1. */
  scope: ScopeId;
}

/**
 * Raw storage, filled by the builder; the model exposes it read-only. Per-symbol, per-binding and
 * per-reference numbers are typed arrays of exactly the count's length (kinds as their enums' values).
 */
export interface ModelData {
  // ---- scopes
  scopeKind: ScopeKind[];
  scopeName: string[];
  scopeParent: ScopeId[];
  /** The node that opens the scope (Module, FunctionDef, ClassDef, Lambda, comprehension expr, annotation…). */
  scopeNode: Node[];
  /** CPython's `lineno` of the block (0 for the module). */
  scopeLine: number[];
  scopeFlags: number[];
  scopeComprehension: ComprehensionKind[];
  /** Children in CPython's `ste_children` order (before PEP 709 splicing; hidden scopes excluded). */
  scopeChildren: ScopeId[][];
  /** Each scope's symbol table (see symbols.ts): first and last symbol in CPython's insertion order, size. */
  scopeFirstSymbol: SymbolId[];
  scopeLastSymbol: SymbolId[];
  scopeSymbolCount: number[];
  scopeTaint: number[];
  /** For scopes that can see a class namespace (annotation/type scopes in a class): that class. */
  scopeClass: ScopeId[];
  // ---- names: each distinct (mangled) name once, by name id
  names: string[];
  nameIds: Map<string, number>;
  // ---- symbols (`symbolName.length` is the count)
  symbolName: string[];
  symbolNameId: Int32Array;
  /** The next symbol of the same scope's table, or -1. */
  symbolNext: Int32Array;
  /** Hash of (scope, name id) → symbol + 1 (0: empty slot, -1: removed); see symbols.ts. */
  symbolSlots: Int32Array;
  symbolScope: Int32Array;
  symbolFlags: Int32Array;
  /** `SymbolScope` values. */
  symbolWhere: Uint8Array;
  // ---- bindings
  bindingName: string[];
  bindingScope: Int32Array;
  bindingSymbol: Int32Array;
  /** `BindingKind` values. */
  bindingKind: Uint8Array;
  bindingNode: Node[];
  bindingStart: Int32Array;
  bindingEnd: Int32Array;
  // ---- references
  referenceName: string[];
  referenceScope: Int32Array;
  /** The symbol in the reference's own scope, or -1 (unevaluated annotation names…). */
  referenceSymbol: Int32Array;
  /** `ReferenceContext` values. */
  referenceContext: Uint8Array;
  /** `ReferenceFlag` bits. */
  referenceFlags: Uint8Array;
  referenceNode: Node[];
  referenceStart: Int32Array;
  referenceEnd: Int32Array;
  // ---- resolution (filled by resolve.ts)
  symbolTarget: Int32Array;
  /** 1 for module symbols bound somewhere (at module level or through `global`). */
  symbolBound: Uint8Array;
  /** `ResolutionKind` values. */
  symbolResolution: Uint8Array;
  referenceTarget: Int32Array;
  /** `ResolutionKind` values. */
  referenceResolution: Uint8Array;
}

const EMPTY: readonly number[] = [];

export class SemanticModel {
  /** Bindings per target symbol and references per target symbol (built lazily). */
  private bindingIndex: number[][] | null = null;
  private referenceIndex: number[][] | null = null;
  private nodeScopes: Map<Node, ScopeId> | null = null;
  /** `symbolsOf()` maps, made on first request. */
  private symbolMaps: (Map<string, SymbolId> | undefined)[] = [];

  constructor(
    readonly module: Module,
    readonly source: SourceFile,
    /** Python 3 minor version the model was built for. */
    readonly minor: number,
    /** Raw arrays; read-only for callers. */
    readonly data: Readonly<ModelData>,
  ) {}

  // ------------------------------------------------------------ scopes

  /** The module scope. */
  get rootScope(): ScopeId {
    return 0;
  }
  get scopeCount(): number {
    return this.data.scopeKind.length;
  }
  scopeKind(scope: ScopeId): ScopeKind {
    return this.data.scopeKind[scope]!;
  }
  scopeName(scope: ScopeId): string {
    return this.data.scopeName[scope]!;
  }
  parentOf(scope: ScopeId): ScopeId {
    return this.data.scopeParent[scope]!;
  }
  nodeOf(scope: ScopeId): Node {
    return this.data.scopeNode[scope]!;
  }
  scopeFlags(scope: ScopeId): number {
    return this.data.scopeFlags[scope]!;
  }
  hasScopeFlag(scope: ScopeId, flag: ScopeFlag): boolean {
    return (this.data.scopeFlags[scope]! & flag) !== 0;
  }
  /** Child scopes in CPython's order (inlined comprehensions included, hidden scopes excluded). */
  childrenOf(scope: ScopeId): readonly ScopeId[] {
    return this.data.scopeChildren[scope]!;
  }
  /**
   * The function/lambda/class/comprehension scope a node opens (FunctionDef, ClassDef, Lambda,
   * ListComp…), or -1. Generic defs also open a type-parameter scope: that one is the parent.
   */
  scopeOfNode(node: Node): ScopeId {
    if (!this.nodeScopes) {
      const map = new Map<Node, ScopeId>();
      const { scopeNode, scopeKind } = this.data;
      for (let s = 0; s < scopeNode.length; s++) {
        const k = scopeKind[s]!;
        if (k === ScopeKind.Module || k === ScopeKind.Class || k === ScopeKind.Function || k === ScopeKind.Lambda || k === ScopeKind.Comprehension) {
          map.set(scopeNode[s]!, s);
        }
      }
      this.nodeScopes = map;
    }
    return this.nodeScopes.get(node) ?? -1;
  }

  // ------------------------------------------------------------ symbols

  /** Mangled name → symbol of a scope, in CPython's order (same names as `symtable`). */
  symbolsOf(scope: ScopeId): ReadonlyMap<string, SymbolId> {
    let map = this.symbolMaps[scope];
    if (!map) {
      map = new Map();
      const { symbolName, symbolNext } = this.data;
      for (let s = this.data.scopeFirstSymbol[scope]!; s >= 0; s = symbolNext[s]!) map.set(symbolName[s]!, s);
      this.symbolMaps[scope] = map;
    }
    return map;
  }
  /** Symbols of a scope in CPython's order (what `symbolsOf()` lists), without making a Map. */
  symbolIdsOf(scope: ScopeId): SymbolId[] {
    const out: SymbolId[] = [];
    const next = this.data.symbolNext;
    for (let s = this.data.scopeFirstSymbol[scope]!; s >= 0; s = next[s]!) out.push(s);
    return out;
  }
  symbolName(symbol: SymbolId): string {
    return this.data.symbolName[symbol]!;
  }
  symbolScope(symbol: SymbolId): ScopeId {
    return this.data.symbolScope[symbol]!;
  }
  /** CPython's flags (`SymbolFlag`), plus model bits (`SymbolFlag.Inlined`). */
  symbolFlags(symbol: SymbolId): number {
    return this.data.symbolFlags[symbol]!;
  }
  /** CPython's analysed scope of the symbol. */
  symbolWhere(symbol: SymbolId): SymbolScope {
    return this.data.symbolWhere[symbol]! as SymbolScope;
  }
  /** The symbol owning the variable this symbol names (see the module comment), or -1. */
  targetOf(symbol: SymbolId): SymbolId {
    return this.data.symbolTarget[symbol]!;
  }

  /**
   * What `name` (as written) means when read in `scope`: the target symbol, following Python's
   * rules (class bodies are skipped by nested functions; annotation scopes see their class).
   */
  lookup(scope: ScopeId, name: string): Resolution {
    const key = this.mangle(scope, name);
    const own = findSymbolByName(this.data, scope, key);
    if (own >= 0 && !(this.data.symbolFlags[own]! & SymbolFlag.Inlined)) {
      return this.resolution(this.data.symbolResolution[own]! as ResolutionKind, this.data.symbolTarget[own]!);
    }
    const r = lookupStatic(this.data, scope, key, this.minor);
    return this.resolution(r.kind, r.symbol);
  }

  // ------------------------------------------------------------ bindings and references

  get bindingCount(): number {
    return this.data.bindingKind.length;
  }
  get referenceCount(): number {
    return this.data.referenceScope.length;
  }

  /**
   * Every binding of the variable `symbol` names (any symbol of it: `global x` in a function and
   * the module's `x` give the same list), in source order.
   */
  bindingsOf(symbol: SymbolId): readonly BindingId[] {
    const target = symbol < 0 ? -1 : this.data.symbolTarget[symbol]!;
    if (target < 0) return EMPTY;
    if (!this.bindingIndex) this.bindingIndex = this.index(this.data.bindingSymbol);
    return this.bindingIndex[target] ?? EMPTY;
  }

  /** References to the variable `binding` binds (its store sites included), in source order. */
  referencesOf(binding: BindingId): readonly ReferenceId[] {
    return this.referencesOfSymbol(this.data.bindingSymbol[binding]!);
  }

  /** Every reference to the variable `symbol` names (loads, stores and dels), in source order. */
  referencesOfSymbol(symbol: SymbolId): readonly ReferenceId[] {
    symbol = symbol < 0 ? -1 : this.data.symbolTarget[symbol]!;
    if (symbol < 0) return EMPTY;
    if (!this.referenceIndex) {
      const target = this.data.referenceTarget;
      const out = emptyLists(this.data.symbolName.length);
      for (let r = 0; r < target.length; r++) {
        const t = target[r]!;
        if (t < 0) continue;
        if (out[t] === EMPTY) out[t] = [r];
        else out[t]!.push(r);
      }
      sortByStart(out, this.data.referenceStart);
      this.referenceIndex = out;
    }
    return this.referenceIndex[symbol] ?? EMPTY;
  }

  /** Where a reference points. */
  resolveReference(ref: ReferenceId): Resolution {
    return this.resolution(this.data.referenceResolution[ref]! as ResolutionKind, this.data.referenceTarget[ref]!);
  }

  // ------------------------------------------------------------ taint

  /** Reasons (`TaintReason` bits) why names of the scope may be reached dynamically; 0 if none. */
  taintOf(scope: ScopeId): number {
    return this.data.scopeTaint[scope]!;
  }
  isTainted(scope: ScopeId): boolean {
    return this.data.scopeTaint[scope]! !== 0;
  }

  // ------------------------------------------------------------ helpers

  /** The name `name` gets in `scope` after private name mangling. */
  mangle(scope: ScopeId, name: string): string {
    if (name.charCodeAt(0) !== 95 || name.charCodeAt(1) !== 95) return name;
    const { scopeKind, scopeParent, scopeName, scopeNode, symbolFlags } = this.data;
    for (let s = scope; s >= 0; s = scopeParent[s]!) {
      const kind = scopeKind[s];
      // The innermost class whose body (or a scope nested in it) contains `scope`.
      if (kind === ScopeKind.Class) return mangleName(scopeName[s]!, name);
      // Inside the type-parameter scope of a generic class only the type parameters are mangled.
      if (kind === ScopeKind.TypeParameters && scopeNode[s]!._type === "ClassDef") {
        const mangled = mangleName(scopeName[s]!, name);
        const sym = findSymbolByName(this.data, s, mangled);
        return sym >= 0 && symbolFlags[sym]! & SymbolFlag.DefTypeParam ? mangled : name;
      }
    }
    return name;
  }

  private resolution(kind: ResolutionKind, symbol: SymbolId): Resolution {
    return { kind, symbol, scope: symbol < 0 ? -1 : this.data.symbolScope[symbol]! };
  }

  private index(symbolOf: Int32Array): number[][] {
    const target = this.data.symbolTarget;
    const out = emptyLists(this.data.symbolName.length);
    for (let i = 0; i < symbolOf.length; i++) {
      const t = target[symbolOf[i]!]!;
      if (t < 0) continue;
      if (out[t] === EMPTY) out[t] = [i];
      else out[t]!.push(i);
    }
    sortByStart(out, this.data.bindingStart);
    return out;
  }
}

/**
 * One (shared, empty) list per symbol. Every symbol has an entry, so lookups never read past the
 * end or a hole (which would make optimized code that reads the index fall back and recompile).
 */
function emptyLists(n: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i++) out.push(EMPTY as number[]);
  return out;
}

/**
 * Sorts each list of ids by (start offset, id). Ids are pushed in visiting order, which is almost
 * always source order already: those lists are left as they are (sorting them would not change them).
 */
function sortByStart(lists: number[][], start: Int32Array): void {
  for (const list of lists) {
    if (list.length < 2) continue;
    let sorted = true;
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      if (start[a]! > start[b]! || (start[a] === start[b] && a > b)) {
        sorted = false;
        break;
      }
    }
    if (!sorted) list.sort((a, b) => start[a]! - start[b]! || a - b);
  }
}

