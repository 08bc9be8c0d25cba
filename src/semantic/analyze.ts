/**
 * Pass 2 of the semantic model: decides the scope of every name once the whole tree is known, as
 * CPython's `symtable_analyze` does. Each block sees the names bound by its enclosing function-like
 * blocks (`bound`) and the declared globals (`global`); free names flow back up to the block that
 * binds them, which turns them into cells. Class blocks do not pass their names down, except to
 * annotation/type scopes that can see the class namespace. 3.12+ inlines list/set/dict
 * comprehensions: their names are merged into the parent's table (PEP 709).
 */
import type { SourceFile } from "../python/source.js";
import { symtableError } from "./errors.js";
import { CPYTHON_SYMBOL_BITS, DEF_BOUND, ScopeFlag, ScopeKind, SymbolFlag, SymbolScope } from "./flags.js";
import type { ModelData, ScopeId, SymbolId } from "./model.js";

const F = SymbolFlag;
const S = SymbolScope;
const K = ScopeKind;

type Directives = (scope: ScopeId) => (string | number)[] | null;

class Analyzer {
  constructor(
    readonly d: ModelData,
    readonly minor: number,
    readonly source: SourceFile,
    readonly directivesOf: Directives,
  ) {}

  private isFunctionLike(scope: ScopeId): boolean {
    const k = this.d.scopeKind[scope]!;
    if (k === K.Module || k === K.Class) return false;
    return this.minor >= 12 || k !== K.Annotation;
  }

  private errorAtDirective(scope: ScopeId, name: string, message: string): never {
    const list = this.directivesOf(scope) ?? [];
    for (let i = 0; i < list.length; i += 3) {
      if (list[i] === name) {
        throw symtableError(this.source, message, list[i + 1] as number, list[i + 2] as number);
      }
    }
    throw new Error(`semantic: no directive for '${name}'`);
  }

  private newSymbol(scope: ScopeId, name: string, flags: number): SymbolId {
    const d = this.d;
    const sym = d.symbolName.length;
    d.symbolName.push(name);
    d.symbolScope.push(scope);
    d.symbolFlags.push(flags);
    d.symbolWhere.push(0);
    d.scopeSymbols[scope]!.set(name, sym);
    return sym;
  }

  /** CPython's `analyze_name`. */
  private analyzeName(
    ste: ScopeId,
    scopes: Map<string, number>,
    name: string,
    flags: number,
    bound: Set<string> | null,
    local: Set<string>,
    free: Set<string>,
    global: Set<string>,
    typeParams: Set<string>,
    classEntry: ScopeId,
  ): void {
    if (flags & F.DefGlobal) {
      if (flags & F.DefNonlocal) this.errorAtDirective(ste, name, `name '${name}' is nonlocal and global`);
      scopes.set(name, S.GlobalExplicit);
      global.add(name);
      bound?.delete(name);
      return;
    }
    if (flags & F.DefNonlocal) {
      if (!bound) this.errorAtDirective(ste, name, "nonlocal declaration not allowed at module level");
      if (!bound.has(name)) this.errorAtDirective(ste, name, `no binding for nonlocal '${name}' found`);
      if (typeParams.has(name)) {
        this.errorAtDirective(ste, name, `nonlocal binding not allowed for type parameter '${name}'`);
      }
      scopes.set(name, S.Free);
      free.add(name);
      return;
    }
    if (flags & DEF_BOUND) {
      scopes.set(name, S.Local);
      local.add(name);
      global.delete(name);
      if (flags & F.DefTypeParam) typeParams.add(name);
      else typeParams.delete(name);
      return;
    }
    if (classEntry >= 0) {
      const sym = this.d.scopeSymbols[classEntry]!.get(name);
      const classFlags = sym === undefined ? 0 : this.d.symbolFlags[sym]!;
      if (classFlags & F.DefGlobal) {
        scopes.set(name, S.GlobalExplicit);
        return;
      }
      if (classFlags & DEF_BOUND && !(classFlags & F.DefNonlocal)) {
        scopes.set(name, S.GlobalImplicit);
        return;
      }
    }
    if (bound && bound.has(name)) {
      scopes.set(name, S.Free);
      free.add(name);
      return;
    }
    scopes.set(name, S.GlobalImplicit);
  }

  /** CPython's `ste_children` after PEP 709 splicing of inlined comprehensions. */
  private splicedChildren(scope: ScopeId, out: ScopeId[] = []): ScopeId[] {
    for (const c of this.d.scopeChildren[scope]!) {
      if (this.d.scopeFlags[c]! & ScopeFlag.CompInlined) this.splicedChildren(c, out);
      else out.push(c);
    }
    return out;
  }

  private isFreeInAnyChild(comp: ScopeId, name: string): boolean {
    for (const c of this.splicedChildren(comp)) {
      const sym = this.d.scopeSymbols[c]!.get(name);
      if (sym !== undefined && this.d.symbolWhere[sym] === S.Free) return true;
    }
    return false;
  }

  /** CPython's `inline_comprehension`. */
  private inlineComprehension(
    ste: ScopeId,
    comp: ScopeId,
    scopes: Map<string, number>,
    compFree: Set<string>,
    inlinedCells: Set<string>,
  ): void {
    const d = this.d;
    const isClass = d.scopeKind[ste] === K.Class;
    const table = d.scopeSymbols[ste]!;
    let removeDunderClass = false;
    for (const [name, sym] of d.scopeSymbols[comp]!) {
      const compFlags = d.symbolFlags[sym]!;
      if (compFlags & F.DefParam) continue; // the implicit `.0`
      let scope: number = d.symbolWhere[sym]!;
      if (scope === S.Cell || compFlags & F.DefCompCell) inlinedCells.add(name);
      const existing = table.get(name);
      // __class__ is never free through a class scope.
      if (scope === S.Free && isClass && name === "__class__") {
        scope = S.GlobalImplicit;
        compFree.delete(name);
        removeDunderClass = true;
      }
      if (existing === undefined) {
        this.newSymbol(ste, name, (compFlags & CPYTHON_SYMBOL_BITS) | F.Inlined);
        scopes.set(name, scope);
      } else if (d.symbolFlags[existing]! & DEF_BOUND && !isClass && !this.isFreeInAnyChild(comp, name)) {
        compFree.delete(name);
      }
    }
    if (removeDunderClass) d.scopeSymbols[comp]!.delete("__class__");
  }

  /** CPython's `analyze_block`; adds the block's free names to `free`. */
  analyzeBlock(
    ste: ScopeId,
    bound: Set<string> | null,
    free: Set<string>,
    global: Set<string>,
    typeParams: Set<string>,
    classEntry: ScopeId,
  ): void {
    const d = this.d;
    const minor = this.minor;
    const local = new Set<string>();
    const scopes = new Map<string, number>();
    const newglobal = new Set<string>();
    const newfree = new Set<string>();
    const newbound = new Set<string>();
    const inlinedCells = new Set<string>();
    const isClass = d.scopeKind[ste] === K.Class;
    const functionLike = this.isFunctionLike(ste);
    const canSeeClass = (d.scopeFlags[ste]! & ScopeFlag.CanSeeClassScope) !== 0;

    if (isClass) {
      for (const n of global) newglobal.add(n);
      if (bound) for (const n of bound) newbound.add(n);
    }
    for (const [name, sym] of d.scopeSymbols[ste]!) {
      this.analyzeName(ste, scopes, name, d.symbolFlags[sym]!, bound, local, free, global, typeParams, classEntry);
    }
    if (!isClass) {
      if (functionLike) for (const n of local) newbound.add(n);
      if (bound) for (const n of bound) newbound.add(n);
      for (const n of global) newglobal.add(n);
    } else {
      newbound.add("__class__");
      if (minor >= 12) newbound.add("__classdict__");
      if (minor >= 14) newbound.add("__conditional_annotations__");
    }

    for (const child of d.scopeChildren[ste]!) {
      let childClass: ScopeId = -1;
      if (d.scopeFlags[child]! & ScopeFlag.CanSeeClassScope) childClass = isClass ? ste : classEntry;
      d.scopeClass[child] = childClass;
      const inline =
        minor >= 12 &&
        d.scopeKind[child] === K.Comprehension &&
        !(d.scopeFlags[child]! & ScopeFlag.Generator) &&
        !canSeeClass;
      const childFree = new Set<string>();
      this.analyzeBlock(child, new Set(newbound), childFree, new Set(newglobal), new Set(typeParams), childClass);
      if (inline) {
        this.inlineComprehension(ste, child, scopes, childFree, inlinedCells);
        d.scopeFlags[child]! |= ScopeFlag.CompInlined;
      }
      for (const n of childFree) newfree.add(n);
    }

    if (functionLike) {
      for (const [name, scope] of scopes) {
        if (scope !== S.Local) continue;
        if (!newfree.has(name) && !inlinedCells.has(name)) continue;
        scopes.set(name, S.Cell);
        newfree.delete(name);
      }
    } else if (isClass) {
      if (newfree.delete("__class__")) d.scopeFlags[ste]! |= ScopeFlag.NeedsClassClosure;
      if (minor >= 12 && newfree.delete("__classdict__")) d.scopeFlags[ste]! |= ScopeFlag.NeedsClassDict;
      if (minor >= 14 && newfree.delete("__conditional_annotations__")) {
        d.scopeFlags[ste]! |= ScopeFlag.HasConditionalAnnotations;
      }
    }
    this.updateSymbols(ste, scopes, bound, newfree, inlinedCells, isClass || canSeeClass);
    for (const n of newfree) free.add(n);
  }

  /** CPython's `update_symbols`. */
  private updateSymbols(
    ste: ScopeId,
    scopes: Map<string, number>,
    bound: Set<string> | null,
    free: Set<string>,
    inlinedCells: Set<string>,
    classFlag: boolean,
  ): void {
    const d = this.d;
    const table = d.scopeSymbols[ste]!;
    for (const [name, sym] of table) {
      if (inlinedCells.has(name)) d.symbolFlags[sym]! |= F.DefCompCell;
      d.symbolWhere[sym] = scopes.get(name) as SymbolScope;
    }
    for (const name of free) {
      const sym = table.get(name);
      if (sym !== undefined) {
        // A free variable of a method that the class also binds.
        if (classFlag && (this.minor >= 14 || d.symbolFlags[sym]! & (DEF_BOUND | F.DefGlobal))) {
          d.symbolFlags[sym]! |= F.DefFreeClass;
        }
        continue;
      }
      if (bound && !bound.has(name)) continue; // a global
      const added = this.newSymbol(ste, name, 0);
      d.symbolWhere[added] = S.Free;
    }
  }
}

/** Runs the analysis over the module scope (the tree built by pass 1). */
export function analyzeModel(d: ModelData, minor: number, source: SourceFile, directivesOf: Directives): void {
  new Analyzer(d, minor, source, directivesOf).analyzeBlock(0, null, new Set(), new Set(), new Set(), -1);
}
