/**
 * Kinds and bit sets of the semantic model. Symbol flags use CPython's own bit values
 * (`Include/internal/pycore_symtable.h`), so a symbol's flags read exactly like `_symtable`'s.
 */

/** What a symbol table entry records about a name in one scope (CPython's `DEF_*` / `USE`). */
export const SymbolFlag = {
  /** `global name` in this scope (or a walrus that binds a global from a comprehension). */
  DefGlobal: 1 << 0,
  /** Bound in this scope: assignment target, def/class name, for/with/except target, `del`… */
  DefLocal: 1 << 1,
  /** A parameter of this scope. */
  DefParam: 1 << 2,
  /** `nonlocal name` in this scope (or a walrus binding an enclosing function's name). */
  DefNonlocal: 1 << 3,
  /** Read in this scope. */
  Use: 1 << 4,
  /** Free in a child scope (CPython ≤ 3.11 bookkeeping; never set by this model). */
  DefFree: 1 << 5,
  /** Free in a method while also bound (or declared global) in the class. */
  DefFreeClass: 1 << 6,
  /** Bound by an import. */
  DefImport: 1 << 7,
  /** Annotated (`name: T`). */
  DefAnnot: 1 << 8,
  /** A comprehension iteration variable. */
  DefCompIter: 1 << 9,
  /** A type parameter (PEP 695). */
  DefTypeParam: 1 << 10,
  /** A cell of an inlined comprehension (PEP 709). */
  DefCompCell: 1 << 11,
  // -- not CPython's: model bookkeeping, above CPython's bits
  /** Copied into this scope from an inlined comprehension (PEP 709); owned by the comprehension. */
  Inlined: 1 << 16,
} as const;
export type SymbolFlag = (typeof SymbolFlag)[keyof typeof SymbolFlag];

/** Flags that make a name local to its scope (CPython's `DEF_BOUND`). */
export const DEF_BOUND = SymbolFlag.DefLocal | SymbolFlag.DefParam | SymbolFlag.DefImport;
/** Mask of CPython's own symbol bits. */
export const CPYTHON_SYMBOL_BITS = (1 << 12) - 1;

/** Where a name lives, as decided by the analysis pass (CPython's `LOCAL` … `CELL`, same values). */
export const SymbolScope = {
  /** Not analysed (symbols of annotation scopes hidden by `from __future__ import annotations`). */
  Unknown: 0,
  Local: 1,
  GlobalExplicit: 2,
  GlobalImplicit: 3,
  Free: 4,
  Cell: 5,
} as const;
export type SymbolScope = (typeof SymbolScope)[keyof typeof SymbolScope];

export const ScopeKind = {
  Module: 0,
  Class: 1,
  Function: 2,
  Lambda: 3,
  /** List/set/dict comprehension or generator expression (see {@link ComprehensionKind}). */
  Comprehension: 4,
  /** PEP 649 `__annotate__` scope (3.14), or the hidden annotation scope of `from __future__ import annotations`. */
  Annotation: 5,
  /** PEP 695 scope holding the type parameters of a generic def/class/type alias (3.12+). */
  TypeParameters: 6,
  /** Value of a `type X = …` statement (3.12+). */
  TypeAlias: 7,
  /** Bound, constraints or default of one type parameter (3.12+). */
  TypeVariable: 8,
} as const;
export type ScopeKind = (typeof ScopeKind)[keyof typeof ScopeKind];

export const ComprehensionKind = { None: 0, List: 1, Set: 2, Dict: 3, Generator: 4 } as const;
export type ComprehensionKind = (typeof ComprehensionKind)[keyof typeof ComprehensionKind];

/** Facts about a scope (CPython's `ste_*` booleans plus model bookkeeping). */
export const ScopeFlag = {
  /** Inside a function-like scope (CPython `ste_nested`). */
  Nested: 1 << 0,
  Generator: 1 << 1,
  Coroutine: 1 << 2,
  VarArgs: 1 << 3,
  VarKeywords: 1 << 4,
  ReturnsValue: 1 << 5,
  /** A class whose methods use `__class__` (or `super()`). */
  NeedsClassClosure: 1 << 6,
  /** A class whose annotation/type scopes read `__classdict__`. */
  NeedsClassDict: 1 << 7,
  /** A comprehension inlined into its parent (PEP 709, 3.12+). */
  CompInlined: 1 << 8,
  /** An annotation/type scope that sees the enclosing class namespace. */
  CanSeeClassScope: 1 << 9,
  /** A module/class with annotations under conditions (3.14 `__conditional_annotations__`). */
  HasConditionalAnnotations: 1 << 10,
  /**
   * Not part of CPython's scope tree: the annotation scope of `from __future__ import annotations`
   * (annotations become strings), and every scope inside it.
   */
  Hidden: 1 << 11,
  /** A function defined directly in a class body. */
  Method: 1 << 12,
} as const;
export type ScopeFlag = (typeof ScopeFlag)[keyof typeof ScopeFlag];

/**
 * Why a scope's names can be reached by string at run time, so renaming them is unsafe.
 * Recorded on the scope containing the call; eval/exec/globals()/sys._getframe also mark the
 * module scope (they reach the globals).
 */
export const TaintReason = {
  Eval: 1 << 0,
  Exec: 1 << 1,
  /** `locals()` */
  Locals: 1 << 2,
  /** `vars()` without arguments */
  Vars: 1 << 3,
  /** `dir()` without arguments */
  Dir: 1 << 4,
  /** `super()` without arguments (reads the first parameter and `__class__` from the frame) */
  Super: 1 << 5,
  /** `sys._getframe(...)` */
  GetFrame: 1 << 6,
  /** `from m import *` */
  ImportStar: 1 << 7,
  /** `globals()` */
  Globals: 1 << 8,
  /**
   * A call that reads the caller's variables by name through its frame (frame-readers.ts: numpy's
   * `bmat("A,B")`, pandas' `query("a > @x")`, a function of the module reading `f_locals`).
   */
  CallerFrame: 1 << 9,
} as const;
export type TaintReason = (typeof TaintReason)[keyof typeof TaintReason];

/** What kind of definition site a binding is. */
export const BindingKind = {
  /** `x = …` (also tuple/list/starred targets) */
  Assignment: 0,
  /** `x += …` */
  AugAssignment: 1,
  /** `x: T = …` */
  AnnAssignment: 2,
  /** `x: T` without value (declares, binds nothing at run time) */
  Annotation: 3,
  /** `import a.b` / `import a as b` */
  Import: 4,
  /** `from m import a` / `from m import a as b` */
  ImportFrom: 5,
  Parameter: 6,
  FunctionDef: 7,
  ClassDef: 8,
  /** target of `for` / `async for` */
  ForTarget: 9,
  /** `with … as x` */
  WithItem: 10,
  /** `except … as x` */
  ExceptHandler: 11,
  /** `(x := …)` */
  NamedExpr: 12,
  /** capture pattern, `*rest` in a sequence pattern, `**rest` in a mapping pattern */
  MatchCapture: 13,
  /** `global x` */
  Global: 14,
  /** `nonlocal x` */
  Nonlocal: 15,
  /** PEP 695 type parameter */
  TypeParam: 16,
  /** `type X = …` */
  TypeAlias: 17,
  /** target of a comprehension's `for` */
  ComprehensionTarget: 18,
} as const;
export type BindingKind = (typeof BindingKind)[keyof typeof BindingKind];

/** How a reference uses its name. */
export const ReferenceContext = { Load: 0, Store: 1, Del: 2 } as const;
export type ReferenceContext = (typeof ReferenceContext)[keyof typeof ReferenceContext];

export const ReferenceFlag = {
  /** The Name is the root of an attribute chain (`x` in `x.a.b`). */
  AttributeRoot: 1 << 0,
  /** Inside an annotation CPython does not evaluate (3.14 local variable annotations). */
  Unevaluated: 1 << 1,
  /** Inside a scope hidden by `from __future__ import annotations`. */
  InHiddenScope: 1 << 2,
} as const;
export type ReferenceFlag = (typeof ReferenceFlag)[keyof typeof ReferenceFlag];

/** How a reference (or symbol) was resolved. */
export const ResolutionKind = {
  /** Bound in the reference's own scope. */
  Local: 0,
  /** Free: bound in an enclosing function-like scope (closure cell). */
  Enclosing: 1,
  /** A module-level name with at least one binding (in the module or via `global`). */
  Global: 2,
  /** Seen by an annotation/type scope in the enclosing class namespace. */
  ClassScope: 3,
  /** A builtin of the target Python version, not bound in the module. */
  Builtin: 4,
  /** A global lookup with no static binding: may be defined dynamically (star import, globals()…). */
  Unresolved: 5,
  /** A module attribute set by the import system (`__name__`, `__file__`…), not bound in the module. */
  ImplicitGlobal: 6,
} as const;
export type ResolutionKind = (typeof ResolutionKind)[keyof typeof ResolutionKind];
