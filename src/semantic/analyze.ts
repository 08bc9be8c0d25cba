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
import { addSymbol, findSymbol, nameIdOf, removeSymbol } from "./symbols.js";

const F = SymbolFlag;
const S = SymbolScope;
const K = ScopeKind;

type Directives = (scope: ScopeId) => (string | number)[] | null;

/** Temporary mark of a symbol named like a cell of an inlined comprehension (CPython's `inlined_cells`). */
const INLINED_CELL = 1 << 24;

/** Adds `id` to a list used as an insertion-ordered set (free-name sets are a few names at most). */
function addName(list: number[], id: number): void {
  if (!list.includes(id)) list.push(id);
}

function deleteName(list: number[], id: number): boolean {
  const i = list.indexOf(id);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

/**
 * Sets of names are by name id. CPython's `bound` (names of enclosing function-like scopes) and
 * `type_params` sets, which every block receives as a copy of its parent's, are one mark array
 * each: a block changes the marks for its children and undoes its changes when it is done, so no
 * block copies a set. CPython's `global` set is not kept: it never changes a name's scope (a name
 * it would make GLOBAL_IMPLICIT is GLOBAL_IMPLICIT anyway). `scopes` is written straight into
 * `symbolWhere`, `local` is read back from the symbol flags, and `inlined_cells` is a mark on the
 * parent's symbol.
 */
class Analyzer {
  private readonly bound: Uint8Array;
  private readonly typeParams: Uint8Array;
  /** Undo log of mark changes: (name id × 2 + which array, old value) pairs. */
  private readonly undo: number[] = [];
  private readonly idClass: number;
  private readonly idClassDict: number;
  private readonly idConditional: number;

  constructor(
    readonly d: ModelData,
    readonly minor: number,
    readonly source: SourceFile,
    readonly directivesOf: Directives,
  ) {
    this.bound = new Uint8Array(d.names.length);
    this.typeParams = new Uint8Array(d.names.length);
    this.idClass = nameIdOf(d, "__class__");
    this.idClassDict = nameIdOf(d, "__classdict__");
    this.idConditional = nameIdOf(d, "__conditional_annotations__");
  }

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

  private setBound(id: number, value: number): void {
    if (id < 0 || this.bound[id] === value) return;
    this.undo.push(id * 2, this.bound[id]!);
    this.bound[id] = value;
  }

  private setTypeParam(id: number, value: number): void {
    if (this.typeParams[id] === value) return;
    this.undo.push(id * 2 + 1, this.typeParams[id]!);
    this.typeParams[id] = value;
  }

  private undoTo(mark: number): void {
    const undo = this.undo;
    while (undo.length > mark) {
      const old = undo.pop()!;
      const key = undo.pop()!;
      if (key & 1) this.typeParams[key >> 1] = old;
      else this.bound[key >> 1] = old;
    }
  }

  /** CPython's `analyze_name` for symbol `sym` of block `ste`. */
  private analyzeName(ste: ScopeId, sym: SymbolId, hasBound: boolean, free: number[], classEntry: ScopeId): void {
    const d = this.d;
    const flags = d.symbolFlags[sym]!;
    const id = d.symbolNameId[sym]!;
    if (flags & F.DefGlobal) {
      if (flags & F.DefNonlocal) this.nameError(ste, sym, "is nonlocal and global");
      d.symbolWhere[sym] = S.GlobalExplicit;
      return;
    }
    if (flags & F.DefNonlocal) {
      if (!hasBound) this.errorAtDirective(ste, d.symbolName[sym]!, "nonlocal declaration not allowed at module level");
      if (!this.bound[id]) this.nameError(ste, sym, "");
      if (this.typeParams[id]) this.nameError(ste, sym, "type parameter");
      d.symbolWhere[sym] = S.Free;
      free.push(id);
      return;
    }
    if (flags & DEF_BOUND) {
      d.symbolWhere[sym] = S.Local;
      this.setTypeParam(id, flags & F.DefTypeParam ? 1 : 0);
      return;
    }
    if (classEntry >= 0) {
      const cs = findSymbol(d, classEntry, id);
      const classFlags = cs < 0 ? 0 : d.symbolFlags[cs]!;
      if (classFlags & F.DefGlobal) {
        d.symbolWhere[sym] = S.GlobalExplicit;
        return;
      }
      if (classFlags & DEF_BOUND && !(classFlags & F.DefNonlocal)) {
        d.symbolWhere[sym] = S.GlobalImplicit;
        return;
      }
    }
    if (hasBound && this.bound[id]) {
      d.symbolWhere[sym] = S.Free;
      free.push(id);
      return;
    }
    d.symbolWhere[sym] = S.GlobalImplicit;
  }

  /** The errors of `analyze_name` about a directive (rare: kept out of the hot function). */
  private nameError(ste: ScopeId, sym: SymbolId, what: string): never {
    const name = this.d.symbolName[sym]!;
    if (what === "is nonlocal and global") this.errorAtDirective(ste, name, `name '${name}' is nonlocal and global`);
    if (what === "type parameter") this.errorAtDirective(ste, name, `nonlocal binding not allowed for type parameter '${name}'`);
    this.errorAtDirective(ste, name, `no binding for nonlocal '${name}' found`);
  }

  /** CPython's `ste_children` after PEP 709 splicing of inlined comprehensions. */
  private splicedChildren(scope: ScopeId, out: ScopeId[] = []): ScopeId[] {
    for (const c of this.d.scopeChildren[scope]!) {
      if (this.d.scopeFlags[c]! & ScopeFlag.CompInlined) this.splicedChildren(c, out);
      else out.push(c);
    }
    return out;
  }

  private isFreeInAnyChild(comp: ScopeId, id: number): boolean {
    for (const c of this.splicedChildren(comp)) {
      const sym = findSymbol(this.d, c, id);
      if (sym >= 0 && this.d.symbolWhere[sym] === S.Free) return true;
    }
    return false;
  }

  /** CPython's `inline_comprehension`. */
  private inlineComprehension(ste: ScopeId, comp: ScopeId, compFree: number[]): void {
    const d = this.d;
    const isClass = d.scopeKind[ste] === K.Class;
    let removeDunderClass = false;
    for (let sym = d.scopeFirstSymbol[comp]!; sym >= 0; sym = d.symbolNext[sym]!) {
      const compFlags = d.symbolFlags[sym]!;
      if (compFlags & F.DefParam) continue; // the implicit `.0`
      const id = d.symbolNameId[sym]!;
      let scope: number = d.symbolWhere[sym]!;
      const cell = scope === S.Cell || (compFlags & F.DefCompCell) !== 0;
      let own = findSymbol(d, ste, id);
      // __class__ is never free through a class scope.
      if (scope === S.Free && isClass && id === this.idClass) {
        scope = S.GlobalImplicit;
        deleteName(compFree, id);
        removeDunderClass = true;
      }
      if (own < 0) {
        own = addSymbol(d, ste, id, (compFlags & CPYTHON_SYMBOL_BITS) | F.Inlined);
        d.symbolWhere[own] = scope as SymbolScope;
      } else if (d.symbolFlags[own]! & DEF_BOUND && !isClass && !this.isFreeInAnyChild(comp, id)) {
        deleteName(compFree, id);
      }
      if (cell) d.symbolFlags[own]! |= INLINED_CELL;
    }
    if (removeDunderClass) {
      const sym = findSymbol(d, comp, this.idClass);
      if (sym >= 0) removeSymbol(d, sym);
    }
  }

  /** CPython's `analyze_block`; adds the block's free names to `free`. */
  analyzeBlock(ste: ScopeId, free: number[], classEntry: ScopeId): void {
    const d = this.d;
    const minor = this.minor;
    const isClass = d.scopeKind[ste] === K.Class;
    const functionLike = this.isFunctionLike(ste);
    const canSeeClass = (d.scopeFlags[ste]! & ScopeFlag.CanSeeClassScope) !== 0;
    const hasBound = ste !== 0; // CPython passes no `bound` set to the module only
    const mark = this.undo.length;

    for (let sym = d.scopeFirstSymbol[ste]!; sym >= 0; sym = d.symbolNext[sym]!) {
      this.analyzeName(ste, sym, hasBound, free, classEntry);
    }
    // The marks become the children's `bound`: this block's locals (if function-like) and what it
    // received minus its globals, or for a class what it received plus the class's implicit cells.
    if (!isClass) {
      for (let sym = d.scopeFirstSymbol[ste]!; sym >= 0; sym = d.symbolNext[sym]!) {
        const flags = d.symbolFlags[sym]!;
        if (flags & F.DefGlobal) this.setBound(d.symbolNameId[sym]!, 0);
        else if (functionLike && flags & DEF_BOUND && !(flags & F.DefNonlocal)) this.setBound(d.symbolNameId[sym]!, 1);
      }
    } else {
      this.setBound(this.idClass, 1);
      if (minor >= 12) this.setBound(this.idClassDict, 1);
      if (minor >= 14) this.setBound(this.idConditional, 1);
    }

    const newfree: number[] = [];
    const children = d.scopeChildren[ste]!;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      let childClass: ScopeId = -1;
      if (d.scopeFlags[child]! & ScopeFlag.CanSeeClassScope) childClass = isClass ? ste : classEntry;
      d.scopeClass[child] = childClass;
      const inline =
        minor >= 12 &&
        d.scopeKind[child] === K.Comprehension &&
        !(d.scopeFlags[child]! & ScopeFlag.Generator) &&
        !canSeeClass;
      const childFree: number[] = [];
      this.analyzeBlock(child, childFree, childClass);
      if (inline) {
        this.inlineComprehension(ste, child, childFree);
        d.scopeFlags[child]! |= ScopeFlag.CompInlined;
      }
      for (let j = 0; j < childFree.length; j++) addName(newfree, childFree[j]!);
    }
    // Back to the `bound` this block received (what update_symbols reads).
    this.undoTo(mark);

    if (functionLike) {
      for (let sym = d.scopeFirstSymbol[ste]!; sym >= 0; sym = d.symbolNext[sym]!) {
        if (d.symbolWhere[sym] !== S.Local) continue;
        const id = d.symbolNameId[sym]!;
        if (deleteName(newfree, id) || d.symbolFlags[sym]! & INLINED_CELL) d.symbolWhere[sym] = S.Cell;
      }
    } else if (isClass) {
      if (deleteName(newfree, this.idClass)) d.scopeFlags[ste]! |= ScopeFlag.NeedsClassClosure;
      if (minor >= 12 && deleteName(newfree, this.idClassDict)) d.scopeFlags[ste]! |= ScopeFlag.NeedsClassDict;
      if (minor >= 14 && deleteName(newfree, this.idConditional)) {
        d.scopeFlags[ste]! |= ScopeFlag.HasConditionalAnnotations;
      }
    }
    this.updateSymbols(ste, hasBound, newfree, isClass || canSeeClass);
    for (let j = 0; j < newfree.length; j++) addName(free, newfree[j]!);
  }

  /** CPython's `update_symbols` (the scopes are already in `symbolWhere`). */
  private updateSymbols(ste: ScopeId, hasBound: boolean, free: number[], classFlag: boolean): void {
    const d = this.d;
    for (let sym = d.scopeFirstSymbol[ste]!; sym >= 0; sym = d.symbolNext[sym]!) {
      const flags = d.symbolFlags[sym]!;
      if (flags & INLINED_CELL) d.symbolFlags[sym] = (flags & ~INLINED_CELL) | F.DefCompCell;
    }
    for (let i = 0; i < free.length; i++) {
      const id = free[i]!;
      const sym = findSymbol(d, ste, id);
      if (sym >= 0) {
        // A free variable of a method that the class also binds.
        if (classFlag && (this.minor >= 14 || d.symbolFlags[sym]! & (DEF_BOUND | F.DefGlobal))) {
          d.symbolFlags[sym]! |= F.DefFreeClass;
        }
        continue;
      }
      if (hasBound && !this.bound[id]) continue; // a global
      const added = addSymbol(d, ste, id, 0);
      d.symbolWhere[added] = S.Free;
    }
  }
}

/** Runs the analysis over the module scope (the tree built by pass 1). */
export function analyzeModel(d: ModelData, minor: number, source: SourceFile, directivesOf: Directives): void {
  new Analyzer(d, minor, source, directivesOf).analyzeBlock(0, [], -1);
}
