/**
 * Pass 1 of the semantic model: walks the AST in CPython's symtable order, creating scopes and
 * recording, per scope, the raw facts about each name (CPython's `DEF_*` flags), plus every
 * binding site and `Name` reference. It raises the same SyntaxErrors as CPython's symtable, at the
 * same place, for the target version. Pass 2 (analyze.ts) decides each name's scope when the tree
 * is complete; pass 3 (resolve.ts) points bindings and references at their variables.
 *
 * Version differences modelled (3.8 … 3.14): comprehension inlining (3.12+), type parameter scopes
 * (3.12+, defaults 3.13+), PEP 649 annotation scopes (3.14), hidden annotation scopes under
 * `from __future__ import annotations` (3.10+), `__debug__`/await/async checks (3.14), visiting
 * order of decorators and annotations (≤ 3.11 vs 3.12+), error message wording.
 */
import type * as A from "../python/ast.js";
import type { SourceFile } from "../python/source.js";
import { DEFAULT_MINOR } from "../python/errors.js";
import { analyzeModel } from "./analyze.js";
import { symtableError } from "./errors.js";
import {
  BindingKind,
  ComprehensionKind,
  ReferenceContext,
  ReferenceFlag,
  ScopeFlag,
  ScopeKind,
  SymbolFlag,
  TaintReason,
} from "./flags.js";
import { frameReadersOf, readsCallerFrame } from "./frame-readers.js";
import { futureFeatures } from "./future.js";
import { findIdentifier, nameAfterKeywords } from "./identifier-span.js";
import { mangleName } from "./mangle.js";
import { type ModelData, type ScopeId, type SymbolId, SemanticModel } from "./model.js";
import { resolveModel } from "./resolve.js";
import { addSymbol, findSymbol, findSymbolByName, grown, initialSlots, internName } from "./symbols.js";

export interface SemanticOptions {
  /** Python 3 minor version (8 … 14); default 14. */
  minor?: number;
  /** Functions elsewhere (other files of the tree) that read their caller's variables by name. */
  frameReaders?: ReadonlySet<string> | null;
}

const F = SymbolFlag;
const K = ScopeKind;

/** Per-scope state that only matters while walking (CPython's transient `ste_*` fields). */
interface WalkState {
  compIterTarget: boolean;
  compIterExpr: number;
  inConditional: boolean;
  inUnevaluated: boolean;
  annotationBlock: ScopeId;
  mangledNames: Set<string> | null;
  /** global/nonlocal (and walrus) directives: mangled name, start, end — for error locations. */
  directives: (string | number)[] | null;
  /** What a type variable scope holds, for messages ("a TypeVar bound"…). */
  scopeInfo: string | null;
}

/**
 * Builds the semantic model of a module. Throws `PythonSyntaxError` for what CPython's symtable
 * rejects (with CPython's message, line and column).
 */
export function buildSemanticModel(module: A.Module, source: SourceFile, options: SemanticOptions = {}): SemanticModel {
  const minor = options.minor ?? DEFAULT_MINOR;
  const columns = pool ?? newColumns();
  pool = null; // a build that throws leaves its columns to the garbage collector
  const builder = new ScopeBuilder(module, source, minor, columns, options.frameReaders ?? null);
  builder.build();
  builder.finishReferences();
  analyzeModel(builder.data, minor, source, builder.directivesOf);
  propagateInlinedTaint(builder.data);
  resolveModel(builder.data, minor);
  finishSymbols(builder.data, columns);
  pool = columns;
  return new SemanticModel(module, source, minor, builder.data);
}

/**
 * Growable columns for references, bindings and symbols, kept from one build to the next: a build
 * writes into them and the model gets exact-size copies, so arrays are not regrown for every file.
 */
interface Columns {
  refScope: Int32Array;
  refSymbol: Int32Array;
  refContext: Uint8Array;
  refFlags: Uint8Array;
  refStart: Int32Array;
  refEnd: Int32Array;
  refNode: (A.Name | null)[];
  refName: string[];
  bindScope: Int32Array;
  bindSymbol: Int32Array;
  bindKind: Uint8Array;
  bindStart: Int32Array;
  bindEnd: Int32Array;
  bindNode: (A.Node | null)[];
  bindName: string[];
  symNameId: Int32Array;
  symNext: Int32Array;
  symScope: Int32Array;
  symFlags: Int32Array;
  symWhere: Uint8Array;
}

let pool: Columns | null = null;

function newColumns(): Columns {
  const r = 1024;
  const b = 512;
  const s = 512;
  return {
    refScope: new Int32Array(r), refSymbol: new Int32Array(r), refContext: new Uint8Array(r), refFlags: new Uint8Array(r),
    refStart: new Int32Array(r), refEnd: new Int32Array(r), refNode: [], refName: [],
    bindScope: new Int32Array(b), bindSymbol: new Int32Array(b), bindKind: new Uint8Array(b), bindStart: new Int32Array(b),
    bindEnd: new Int32Array(b), bindNode: [], bindName: [],
    symNameId: new Int32Array(s), symNext: new Int32Array(s), symScope: new Int32Array(s), symFlags: new Int32Array(s),
    symWhere: new Uint8Array(s),
  };
}

/** Gives the model exact-size symbol columns and keeps the (possibly grown) working ones. */
function finishSymbols(d: ModelData, c: Columns): void {
  const n = d.symbolName.length;
  c.symNameId = d.symbolNameId;
  c.symNext = d.symbolNext;
  c.symScope = d.symbolScope;
  c.symFlags = d.symbolFlags;
  c.symWhere = d.symbolWhere;
  d.symbolNameId = c.symNameId.slice(0, n);
  d.symbolNext = c.symNext.slice(0, n);
  d.symbolScope = c.symScope.slice(0, n);
  d.symbolFlags = c.symFlags.slice(0, n);
  d.symbolWhere = c.symWhere.slice(0, n);
}

/**
 * An inlined comprehension (3.12+) runs in its parent's frame: `locals()`, `eval()`… there see the
 * parent's names, so the parent carries the comprehension's taint.
 */
function propagateInlinedTaint(d: ModelData): void {
  // Children have larger ids than their parents: walk backwards so chains of inlining add up.
  for (let s = d.scopeKind.length - 1; s > 0; s--) {
    if (d.scopeFlags[s]! & ScopeFlag.CompInlined && d.scopeTaint[s]) d.scopeTaint[d.scopeParent[s]!]! |= d.scopeTaint[s]!;
  }
}

function emptyData(slots: Int32Array, c: Columns): ModelData {
  const none = new Int32Array(0);
  const none8 = new Uint8Array(0);
  return {
    scopeKind: [], scopeName: [], scopeParent: [], scopeNode: [], scopeLine: [], scopeFlags: [],
    scopeComprehension: [], scopeChildren: [], scopeFirstSymbol: [], scopeLastSymbol: [], scopeSymbolCount: [],
    scopeTaint: [], scopeClass: [], names: [], nameIds: new Map(),
    symbolName: [], symbolNameId: c.symNameId, symbolNext: c.symNext, symbolSlots: slots, symbolScope: c.symScope,
    symbolFlags: c.symFlags, symbolWhere: c.symWhere,
    bindingName: [], bindingScope: none, bindingSymbol: none, bindingKind: none8, bindingNode: [], bindingStart: none, bindingEnd: none,
    referenceName: [], referenceScope: none, referenceSymbol: none, referenceContext: none8, referenceFlags: none8,
    referenceNode: [], referenceStart: none, referenceEnd: none,
    symbolTarget: none, symbolBound: none8, symbolResolution: none8, referenceTarget: none, referenceResolution: none8,
  };
}

class ScopeBuilder {
  readonly data: ModelData;
  private readonly walk: WalkState[] = [];
  private readonly stack: ScopeId[] = [];
  private cur: ScopeId = -1;
  /** CPython's `st_private`: the class whose body we are in, for name mangling. */
  private priv: string | null = null;
  private futureAnnotations = false;
  private futureLast: A.ImportFrom | null = null;
  /** Kind recorded for `Name` stores (set by the statement being visited). */
  private bindKind: BindingKind = BindingKind.Assignment;
  private refFlags = 0;
  private refCount = 0;
  private bindCount = 0;

  // Version gates.
  private readonly inlineComprehensions: boolean;
  private readonly pep695: boolean;
  private readonly pep696: boolean;
  private readonly pep649: boolean;
  private readonly hideFutureAnnotations: boolean;
  private readonly symtableChecks314: boolean;
  /** Functions of this module that read a frame's `f_locals` (frame-readers.ts). */
  private readonly frameReaders: ReadonlySet<string>;

  constructor(
    private readonly module: A.Module,
    private readonly source: SourceFile,
    private readonly minor: number,
    private readonly c: Columns,
    treeFrameReaders: ReadonlySet<string> | null,
  ) {
    this.inlineComprehensions = minor >= 12;
    this.pep695 = minor >= 12;
    this.pep696 = minor >= 13;
    this.pep649 = minor >= 14;
    this.hideFutureAnnotations = minor >= 10;
    this.symtableChecks314 = minor >= 14;
    this.frameReaders = frameReadersOf(module, source, treeFrameReaders);
    this.data = emptyData(initialSlots(source.text.length), c);
  }

  readonly directivesOf = (scope: ScopeId): (string | number)[] | null => this.walk[scope]?.directives ?? null;

  build(): void {
    const future = futureFeatures(this.module, this.source, this.minor);
    this.futureAnnotations = future.annotations;
    this.futureLast = future.last;
    this.enterBlock(K.Module, "top", this.module, 0);
    for (const s of this.module.body) this.visitStmt(s);
    this.exitBlock();
  }

  // ------------------------------------------------------------ errors and positions

  private error(message: string, node: A.Located): never {
    throw symtableError(this.source, message, node.start, node.end);
  }

  private line(node: A.Located): number {
    return this.source.lineOf(node.start);
  }

  // ------------------------------------------------------------ scopes

  private isFunctionLike(scope: ScopeId): boolean {
    const k = this.data.scopeKind[scope]!;
    if (k === K.Module || k === K.Class) return false;
    return this.pep695 || k !== K.Annotation;
  }

  private newScope(kind: ScopeKind, name: string, node: A.Node, line: number): ScopeId {
    const d = this.data;
    const id = d.scopeKind.length;
    const parent = this.cur;
    let flags = 0;
    if (parent >= 0) {
      if (d.scopeFlags[parent]! & ScopeFlag.Nested || this.isFunctionLike(parent)) flags |= ScopeFlag.Nested;
      if (d.scopeFlags[parent]! & ScopeFlag.Hidden) flags |= ScopeFlag.Hidden;
      if (d.scopeKind[parent] === K.Class && kind === K.Function) flags |= ScopeFlag.Method;
    }
    d.scopeKind.push(kind);
    d.scopeName.push(name);
    d.scopeParent.push(parent);
    d.scopeNode.push(node);
    d.scopeLine.push(line);
    d.scopeFlags.push(flags);
    d.scopeComprehension.push(ComprehensionKind.None);
    d.scopeChildren.push([]);
    d.scopeFirstSymbol.push(-1);
    d.scopeLastSymbol.push(-1);
    d.scopeSymbolCount.push(0);
    d.scopeTaint.push(0);
    d.scopeClass.push(-1);
    this.walk.push({
      compIterTarget: false, compIterExpr: 0, inConditional: false, inUnevaluated: false,
      annotationBlock: -1, mangledNames: null, directives: null, scopeInfo: null,
    });
    return id;
  }

  /** CPython's `symtable_enter_existing_block`. */
  private enterExisting(scope: ScopeId, addToChildren: boolean): void {
    const d = this.data;
    const prev = this.cur;
    this.stack.push(scope);
    const w = this.walk[scope]!;
    if (prev >= 0) {
      const pw = this.walk[prev]!;
      w.compIterExpr = pw.compIterExpr;
      if (pw.mangledNames && d.scopeKind[scope] !== K.Class) w.mangledNames = pw.mangledNames;
    }
    this.cur = scope;
    // Under `from __future__ import annotations` annotation scopes stay out of the tree.
    if (this.futureAnnotations && this.hideFutureAnnotations && d.scopeKind[scope] === K.Annotation) {
      d.scopeFlags[scope]! |= ScopeFlag.Hidden;
      return;
    }
    if (prev >= 0 && addToChildren) d.scopeChildren[prev]!.push(scope);
  }

  private enterBlock(kind: ScopeKind, name: string, node: A.Node, line: number): ScopeId {
    const id = this.newScope(kind, name, node, line);
    this.enterExisting(id, true);
    if (this.pep649 && (kind === K.Annotation || kind === K.TypeVariable || kind === K.TypeAlias)) {
      // The `format` argument of __annotate__ and of lazily evaluated type expressions.
      this.addImplicit(".format", F.DefParam);
      this.addImplicit(".format", F.Use);
    }
    return id;
  }

  private exitBlock(): void {
    this.stack.pop();
    this.cur = this.stack.length > 0 ? this.stack[this.stack.length - 1]! : -1;
  }

  private setFlag(scope: ScopeId, flag: number): void {
    this.data.scopeFlags[scope]! |= flag;
  }

  private hasFlag(scope: ScopeId, flag: number): boolean {
    return (this.data.scopeFlags[scope]! & flag) !== 0;
  }

  // ------------------------------------------------------------ symbols

  private mangle(name: string): string {
    const mangled = this.walk[this.cur]!.mangledNames;
    if (mangled && !mangled.has(name)) return name;
    return mangleName(this.priv, name);
  }

  /** Flags of `name` in `scope` so far (CPython's `symtable_lookup_entry`). */
  private lookupIn(scope: ScopeId, name: string): number {
    const sym = findSymbolByName(this.data, scope, this.mangle(name));
    return sym < 0 ? 0 : this.data.symbolFlags[sym]!;
  }

  private symbolFor(scope: ScopeId, key: string): SymbolId {
    const d = this.data;
    const id = internName(d, key);
    const sym = findSymbol(d, scope, id);
    return sym >= 0 ? sym : addSymbol(d, scope, id, 0);
  }

  /** CPython's `symtable_add_def_helper`: records `flag` for `name` in `scope`. */
  private addDefHelper(name: string, flag: number, scope: ScopeId, node: A.Located): SymbolId {
    const d = this.data;
    const key = this.mangle(name);
    const sym = this.symbolFor(scope, key);
    let val = d.symbolFlags[sym]!;
    if (flag & F.DefParam && val & F.DefParam) this.error(`duplicate argument '${name}' in function definition`, node);
    if (flag & F.DefTypeParam && val & F.DefTypeParam) this.error(`duplicate type parameter '${name}'`, node);
    val |= flag;
    const iterScope = this.pep649 ? scope : this.cur;
    if (this.walk[iterScope]!.compIterTarget) {
      if (val & (F.DefGlobal | F.DefNonlocal)) {
        this.error(`comprehension inner loop cannot rebind assignment expression target '${name}'`, node);
      }
      val |= F.DefCompIter;
    }
    d.symbolFlags[sym] = val;
    if (flag & F.DefGlobal) {
      const g = this.symbolFor(0, key);
      d.symbolFlags[g]! |= flag;
    }
    return sym;
  }

  /** CPython's `symtable_add_def_ctx` on the current scope. */
  private addDef(name: string, flag: number, node: A.Located, ctx: A.ExprContext = flag === F.Use ? "Load" : "Store"): SymbolId {
    if (this.symtableChecks314 && flag & (F.DefParam | F.DefLocal | F.DefImport)) this.checkName(name, node, ctx);
    if (flag & F.DefTypeParam) this.walk[this.cur]!.mangledNames?.add(name);
    return this.addDefHelper(name, flag, this.cur, node);
  }

  /** An implicit name (`.0`, `.format`, `__classdict__`…): never an error, never mangled. */
  private addImplicit(name: string, flag: number): void {
    const sym = this.symbolFor(this.cur, name);
    this.data.symbolFlags[sym]! |= flag;
  }

  private checkName(name: string, node: A.Located, ctx: A.ExprContext): void {
    if (name !== "__debug__") return;
    if (ctx === "Store") this.error("cannot assign to __debug__", node);
    if (ctx === "Del") this.error("cannot delete __debug__", node);
  }

  private recordDirective(name: string, node: A.Located): void {
    const w = this.walk[this.cur]!;
    (w.directives ??= []).push(this.mangle(name), node.start, node.end);
  }

  // ------------------------------------------------------------ bindings and references

  private bind(kind: BindingKind, name: string, sym: SymbolId, node: A.Node, start: number, end: number): void {
    const n = this.bindCount++;
    if (n === this.c.bindScope.length) this.growBindings();
    const c = this.c;
    c.bindScope[n] = this.cur;
    c.bindSymbol[n] = sym;
    c.bindKind[n] = kind;
    c.bindStart[n] = start;
    c.bindEnd[n] = end;
    if (n < c.bindNode.length) {
      c.bindNode[n] = node;
      c.bindName[n] = name;
    } else {
      c.bindNode.push(node);
      c.bindName.push(name);
    }
  }

  private growBindings(): void {
    const c = this.c;
    const n = c.bindScope.length * 2;
    c.bindScope = grown(c.bindScope, new Int32Array(n));
    c.bindSymbol = grown(c.bindSymbol, new Int32Array(n));
    c.bindKind = grown(c.bindKind, new Uint8Array(n));
    c.bindStart = grown(c.bindStart, new Int32Array(n));
    c.bindEnd = grown(c.bindEnd, new Int32Array(n));
  }

  private growReferences(): void {
    const c = this.c;
    const n = c.refScope.length * 2;
    c.refScope = grown(c.refScope, new Int32Array(n));
    c.refSymbol = grown(c.refSymbol, new Int32Array(n));
    c.refContext = grown(c.refContext, new Uint8Array(n));
    c.refFlags = grown(c.refFlags, new Uint8Array(n));
    c.refStart = grown(c.refStart, new Int32Array(n));
    c.refEnd = grown(c.refEnd, new Int32Array(n));
  }

  /** Exact-size reference and binding arrays for the model; the columns drop their nodes (and the names' source text). */
  finishReferences(): void {
    const c = this.c;
    const d = this.data;
    const r = this.refCount;
    d.referenceScope = c.refScope.slice(0, r);
    d.referenceSymbol = c.refSymbol.slice(0, r);
    d.referenceContext = c.refContext.slice(0, r);
    d.referenceFlags = c.refFlags.slice(0, r);
    d.referenceStart = c.refStart.slice(0, r);
    d.referenceEnd = c.refEnd.slice(0, r);
    d.referenceNode = c.refNode.slice(0, r) as A.Name[];
    d.referenceName = c.refName.slice(0, r);
    c.refNode.fill(null, 0, r);
    c.refName.fill("", 0, r);
    const b = this.bindCount;
    d.bindingScope = c.bindScope.slice(0, b);
    d.bindingSymbol = c.bindSymbol.slice(0, b);
    d.bindingKind = c.bindKind.slice(0, b);
    d.bindingStart = c.bindStart.slice(0, b);
    d.bindingEnd = c.bindEnd.slice(0, b);
    d.bindingNode = c.bindNode.slice(0, b) as A.Node[];
    d.bindingName = c.bindName.slice(0, b);
    c.bindNode.fill(null, 0, b);
    c.bindName.fill("", 0, b);
  }

  private bindAt(kind: BindingKind, name: string, sym: SymbolId, node: A.Node & A.Located): void {
    this.bind(kind, name, sym, node, node.start, node.end);
  }

  /** A binding whose identifier starts at `at` inside `node` (the node's span when unknown). */
  private bindName(kind: BindingKind, name: string, sym: SymbolId, node: A.Node & A.Located, at: number): void {
    if (at < 0) this.bind(kind, name, sym, node, node.start, node.end);
    else this.bind(kind, name, sym, node, at, at + name.length);
  }

  private nameAfter(node: A.Located, name: string): number {
    return nameAfterKeywords(this.source, node.start, node.end, name);
  }

  private reference(e: A.Name, sym: SymbolId, flags: number): void {
    const n = this.refCount++;
    if (n === this.c.refScope.length) this.growReferences();
    const c = this.c;
    const cur = this.cur;
    const ctx = e.ctx;
    c.refScope[n] = cur;
    c.refSymbol[n] = sym;
    c.refContext[n] = ctx === "Load" ? ReferenceContext.Load : ctx === "Store" ? ReferenceContext.Store : ReferenceContext.Del;
    c.refFlags[n] = this.data.scopeFlags[cur]! & ScopeFlag.Hidden ? flags | ReferenceFlag.InHiddenScope : flags;
    c.refStart[n] = e.start;
    c.refEnd[n] = e.end;
    if (n < c.refNode.length) {
      c.refNode[n] = e;
      c.refName[n] = e.id;
    } else {
      c.refNode.push(e);
      c.refName.push(e.id);
    }
  }

  private taint(reason: number): void {
    this.data.scopeTaint[this.cur]! |= reason;
    const global = TaintReason.Eval | TaintReason.Exec | TaintReason.Globals | TaintReason.GetFrame | TaintReason.CallerFrame;
    if (reason & global) this.data.scopeTaint[0]! |= reason & global;
  }

  // ------------------------------------------------------------ statements

  private visitStmts(body: readonly A.Stmt[]): void {
    for (const s of body) this.visitStmt(s);
  }

  private visitExprs(list: readonly (A.Expr | null)[]): void {
    for (const e of list) if (e) this.visitExpr(e);
  }

  /** Marks the current scope as inside a conditional block (3.14 annotations); returns the old mark. */
  private enterConditional(): boolean {
    const w = this.walk[this.cur]!;
    const saved = w.inConditional;
    w.inConditional = true;
    return saved;
  }

  private leaveConditional(saved: boolean): void {
    this.walk[this.cur]!.inConditional = saved;
  }

  /** Visits `e` as a binding target of `kind` (the kind recorded for its `Name` stores). */
  private visitTarget(e: A.Expr, kind: BindingKind): void {
    const saved = this.bindKind;
    this.bindKind = kind;
    this.visitExpr(e);
    this.bindKind = saved;
  }

  private visitTargets(list: readonly A.Expr[], kind: BindingKind): void {
    const saved = this.bindKind;
    this.bindKind = kind;
    this.visitExprs(list);
    this.bindKind = saved;
  }

  private visitStmt(s: A.Stmt): void {
    switch (s._type) {
      case "FunctionDef":
      case "AsyncFunctionDef":
        this.visitFunctionDef(s);
        break;
      case "ClassDef":
        this.visitClassDef(s);
        break;
      case "TypeAlias":
        this.visitTypeAlias(s);
        break;
      case "Return":
        if (s.value) {
          this.visitExpr(s.value);
          this.setFlag(this.cur, ScopeFlag.ReturnsValue);
        }
        break;
      case "Delete":
        this.visitExprs(s.targets);
        break;
      case "Assign":
        this.visitTargets(s.targets, BindingKind.Assignment);
        this.visitExpr(s.value);
        break;
      case "AnnAssign":
        this.visitAnnAssign(s);
        break;
      case "AugAssign":
        this.visitTarget(s.target, BindingKind.AugAssignment);
        this.visitExpr(s.value);
        break;
      case "For":
      case "AsyncFor":
        if (s._type === "AsyncFor") this.requireCoroutine("'async for' outside async function", s);
        this.visitTarget(s.target, BindingKind.ForTarget);
        this.visitExpr(s.iter);
        this.visitConditional(s.body, s.orelse);
        break;
      case "While":
      case "If":
        this.visitExpr(s.test);
        this.visitConditional(s.body, s.orelse);
        break;
      case "Match": {
        this.visitExpr(s.subject);
        const saved = this.enterConditional();
        for (const c of s.cases) {
          this.visitPattern(c.pattern);
          if (c.guard) this.visitExpr(c.guard);
          this.visitStmts(c.body);
        }
        this.leaveConditional(saved);
        break;
      }
      case "Raise":
        if (s.exc) {
          this.visitExpr(s.exc);
          if (s.cause) this.visitExpr(s.cause);
        }
        break;
      case "Try":
      case "TryStar": {
        const saved = this.enterConditional();
        this.visitStmts(s.body);
        // ≤ 3.13 visits `else:` before the handlers.
        if (!this.symtableChecks314) this.visitStmts(s.orelse);
        for (const h of s.handlers) {
          if (h.type) this.visitExpr(h.type);
          if (h.name !== null) {
            const at = findIdentifier(this.source, h.name, h.type ? h.type.end : h.start, h.body[0]?.start ?? h.end);
            this.bindName(BindingKind.ExceptHandler, h.name, this.addDef(h.name, F.DefLocal, h), h, at);
          }
          this.visitStmts(h.body);
        }
        if (this.symtableChecks314) this.visitStmts(s.orelse);
        this.visitStmts(s.finalbody);
        this.leaveConditional(saved);
        break;
      }
      case "Assert":
        this.visitExpr(s.test);
        if (s.msg) this.visitExpr(s.msg);
        break;
      case "Import":
        for (const a of s.names) this.visitAlias(a, BindingKind.Import);
        break;
      case "ImportFrom":
        for (const a of s.names) this.visitAlias(a, BindingKind.ImportFrom);
        if (this.symtableChecks314) this.checkImportFrom(s);
        break;
      case "Global":
      case "Nonlocal":
        this.visitDirective(s);
        break;
      case "Expr":
        this.visitExpr(s.value);
        break;
      case "Pass":
      case "Break":
      case "Continue":
        break;
      case "With":
      case "AsyncWith":
        if (s._type === "AsyncWith") this.requireCoroutine("'async with' outside async function", s);
        {
          const saved = this.enterConditional();
          for (const item of s.items) {
            this.visitExpr(item.context_expr);
            if (item.optional_vars) this.visitTarget(item.optional_vars, BindingKind.WithItem);
          }
          this.visitStmts(s.body);
          this.leaveConditional(saved);
        }
        break;
    }
  }

  /** A loop's or an `if`'s body and `else:` block, inside a conditional block. */
  private visitConditional(body: readonly A.Stmt[], orelse: readonly A.Stmt[]): void {
    const saved = this.enterConditional();
    this.visitStmts(body);
    this.visitStmts(orelse);
    this.leaveConditional(saved);
  }

  private requireCoroutine(message: string, s: A.Stmt): void {
    if (this.symtableChecks314 && !this.hasFlag(this.cur, ScopeFlag.Coroutine)) this.error(message, s);
  }

  private checkImportFrom(s: A.ImportFrom): void {
    if (s.module !== "__future__" || s.level !== 0) return;
    const last = this.futureLast;
    if (last === s) return;
    const line = this.line(s);
    if (last === null || line > this.line(last) || (line === this.source.lineOf(last.end) && s.start > last.end)) {
      this.error("from __future__ imports must occur at the beginning of the file", s);
    }
  }

  private visitDirective(s: A.Global | A.Nonlocal): void {
    const global = s._type === "Global";
    const what = global ? "global" : "nonlocal";
    let from = s.start + what.length;
    for (const name of s.names) {
      const cur = this.lookupIn(this.cur, name);
      if (cur & (F.DefParam | F.DefLocal | F.Use | F.DefAnnot)) {
        let msg: string;
        if (cur & F.DefParam) msg = `name '${name}' is parameter and ${what}`;
        else if (cur & F.Use) msg = `name '${name}' is used prior to ${what} declaration`;
        else if (cur & F.DefAnnot) msg = `annotated name '${name}' can't be ${what}`;
        else msg = `name '${name}' is assigned to before ${what} declaration`;
        this.error(msg, s);
      }
      const sym = this.addDef(name, global ? F.DefGlobal : F.DefNonlocal, s);
      this.recordDirective(name, s);
      const at = findIdentifier(this.source, name, from, s.end);
      if (at >= 0) from = at + name.length;
      this.bindName(global ? BindingKind.Global : BindingKind.Nonlocal, name, sym, s, at);
    }
  }

  private visitAlias(a: A.Alias, kind: BindingKind): void {
    const name = a.asname ?? a.name;
    if (name === "*") {
      if (this.data.scopeKind[this.cur] !== K.Module) this.error("import * only allowed at module level", a);
      this.taint(TaintReason.ImportStar);
      return;
    }
    const dot = name.indexOf(".");
    const store = dot >= 0 ? name.slice(0, dot) : name;
    const at = a.asname !== null ? a.end - a.asname.length : a.start;
    this.bindName(kind, store, this.addDef(store, F.DefImport, a), a, at);
  }

  private visitFunctionDef(s: A.FunctionDef | A.AsyncFunctionDef): void {
    this.bindName(BindingKind.FunctionDef, s.name, this.addDef(s.name, F.DefLocal, s), s, this.nameAfter(s, s.name));
    const args = s.args;
    this.visitExprs(args.defaults);
    this.visitExprs(args.kw_defaults);
    const generic = this.pep695 && s.type_params.length > 0;
    if (this.pep695) {
      this.visitExprs(s.decorator_list);
      if (generic) {
        this.enterTypeParamBlock(s.name, s, true, args.kw_defaults.some((d) => d !== null), false);
        this.visitTypeParams(s.type_params);
      }
      this.visitFunctionAnnotations(s, args, s.returns);
    } else {
      this.visitFunctionAnnotations(s, args, s.returns);
      this.visitExprs(s.decorator_list);
    }
    this.enterBlock(K.Function, s.name, s, this.line(s));
    if (s._type === "AsyncFunctionDef") this.setFlag(this.cur, ScopeFlag.Coroutine);
    this.visitArguments(args);
    this.visitStmts(s.body);
    this.exitBlock();
    if (generic) this.exitBlock();
  }

  private visitClassDef(s: A.ClassDef): void {
    this.bindName(BindingKind.ClassDef, s.name, this.addDef(s.name, F.DefLocal, s), s, this.nameAfter(s, s.name));
    const savedPriv = this.priv;
    const generic = this.pep695 && s.type_params.length > 0;
    if (this.pep695) {
      this.visitExprs(s.decorator_list);
      if (generic) {
        this.enterTypeParamBlock(s.name, s, false, false, true);
        this.priv = s.name;
        this.walk[this.cur]!.mangledNames = new Set();
        this.visitTypeParams(s.type_params);
      }
      this.visitExprs(s.bases);
      this.visitKeywords(s.keywords);
    } else {
      this.visitExprs(s.bases);
      this.visitKeywords(s.keywords);
      this.visitExprs(s.decorator_list);
    }
    this.enterBlock(K.Class, s.name, s, this.line(s));
    this.priv = s.name;
    if (generic) {
      this.addDef("__type_params__", F.DefLocal, s);
      this.addImplicit(".type_params", F.Use);
    }
    this.visitStmts(s.body);
    this.exitBlock();
    if (generic) this.exitBlock();
    this.priv = savedPriv;
  }

  private visitTypeAlias(s: A.TypeAlias): void {
    this.visitTarget(s.name, BindingKind.TypeAlias);
    const name = s.name.id;
    const inClass = this.data.scopeKind[this.cur] === K.Class;
    const generic = s.type_params.length > 0;
    if (generic) {
      this.enterTypeParamBlock(name, s, false, false, false);
      this.visitTypeParams(s.type_params);
    }
    this.enterBlock(K.TypeAlias, name, s, this.line(s));
    if (inClass) {
      this.setFlag(this.cur, ScopeFlag.CanSeeClassScope);
      this.addImplicit("__classdict__", F.Use);
    }
    this.visitExpr(s.value);
    this.exitBlock();
    if (generic) this.exitBlock();
  }

  /** CPython's `symtable_enter_type_param_block`. */
  private enterTypeParamBlock(name: string, s: A.Stmt, isFunction: boolean, hasKwDefaults: boolean, isClass: boolean): void {
    const inClass = this.data.scopeKind[this.cur] === K.Class;
    this.enterBlock(K.TypeParameters, name, s, this.line(s));
    if (inClass) {
      this.setFlag(this.cur, ScopeFlag.CanSeeClassScope);
      this.addImplicit("__classdict__", F.Use);
    }
    if (isClass) {
      this.addImplicit(".type_params", F.DefLocal | F.Use);
      this.addImplicit(".generic_base", F.DefLocal | F.Use);
    }
    // CPython tests `args->defaults != NULL`, which holds for every def (an empty list is not NULL).
    if (isFunction) this.addImplicit(".defaults", F.DefParam);
    if (hasKwDefaults) this.addImplicit(".kwdefaults", F.DefParam);
  }

  private visitTypeParams(params: readonly A.TypeParam[]): void {
    for (const tp of params) {
      const sym = this.addDef(tp.name, F.DefTypeParam | F.DefLocal, tp);
      this.bindName(BindingKind.TypeParam, tp.name, sym, tp, this.nameAfter(tp, tp.name));
      if (tp._type === "TypeVar") {
        const info = tp.bound ? (tp.bound._type === "Tuple" ? "a TypeVar constraint" : "a TypeVar bound") : null;
        this.visitTypeVariable(tp.bound, tp, info);
        if (this.pep696) this.visitTypeVariable(tp.default_value, tp, "a TypeVar default");
      } else {
        const info = tp._type === "TypeVarTuple" ? "a TypeVarTuple default" : "a ParamSpec default";
        this.visitTypeVariable(this.pep696 ? tp.default_value : null, tp, info);
      }
    }
  }

  private visitTypeVariable(e: A.Expr | null, tp: A.TypeParam, info: string | null): void {
    if (this.pep696 && tp.name === "__classdict__") {
      this.error("reserved name '__classdict__' cannot be used for type parameter", tp);
    }
    if (!e) return;
    const inClass = this.hasFlag(this.cur, ScopeFlag.CanSeeClassScope);
    this.enterBlock(K.TypeVariable, tp.name, tp, this.line(e));
    if (inClass) {
      this.setFlag(this.cur, ScopeFlag.CanSeeClassScope);
      this.addImplicit("__classdict__", F.Use);
    }
    this.walk[this.cur]!.scopeInfo = info;
    this.visitExpr(e);
    this.exitBlock();
  }

  private visitArguments(a: A.Arguments): void {
    for (const list of [a.posonlyargs, a.args, a.kwonlyargs]) {
      for (const arg of list) this.visitParam(arg);
    }
    if (a.vararg) {
      this.visitParam(a.vararg);
      this.setFlag(this.cur, ScopeFlag.VarArgs);
    }
    if (a.kwarg) {
      this.visitParam(a.kwarg);
      this.setFlag(this.cur, ScopeFlag.VarKeywords);
    }
  }

  private visitParam(arg: A.Arg): void {
    const sym = this.addDef(arg.arg, F.DefParam, arg);
    this.bind(BindingKind.Parameter, arg.arg, sym, arg, arg.start, arg.start + arg.arg.length);
  }

  private visitKeywords(keywords: readonly A.Keyword[]): void {
    if (this.symtableChecks314) {
      for (const k of keywords) if (k.arg !== null) this.checkName(k.arg, k, "Store");
    }
    for (const k of keywords) this.visitExpr(k.value);
  }

  // ------------------------------------------------------------ annotations

  private visitAnnAssign(s: A.AnnAssign): void {
    const target = s.target;
    if (target._type === "Name") {
      const cur = this.lookupIn(this.cur, target.id);
      if (cur & (F.DefGlobal | F.DefNonlocal) && this.cur !== 0 && s.simple) {
        const what = cur & F.DefGlobal ? "global" : "nonlocal";
        this.error(`annotated name '${target.id}' can't be ${what}`, s);
      }
      let sym = -1;
      if (s.simple) sym = this.addDef(target.id, F.DefAnnot | F.DefLocal, target);
      if (s.value) sym = this.addDef(target.id, F.DefLocal, target);
      if (sym >= 0) {
        this.bindAt(s.value ? BindingKind.AnnAssignment : BindingKind.Annotation, target.id, sym, target);
        this.reference(target, sym, this.refFlags);
      }
    } else {
      this.visitTarget(target, BindingKind.AnnAssignment);
    }
    this.visitAnnotation(s.annotation);
    if (s.value) this.visitExpr(s.value);
  }

  /** The annotation of an AnnAssign. */
  private visitAnnotation(annotation: A.Expr): void {
    if (!this.pep649) {
      if (this.futureAnnotations && this.hideFutureAnnotations) {
        this.enterBlock(K.Annotation, "_annotation", annotation, this.line(annotation));
        this.visitExpr(annotation);
        this.exitBlock();
      } else this.visitExpr(annotation);
      return;
    }
    const parent = this.cur;
    const kind = this.data.scopeKind[parent];
    const pw = this.walk[parent]!;
    const unevaluated = kind === K.Function;
    if (
      (kind === K.Module || (kind === K.Class && pw.inConditional)) &&
      !this.hasFlag(parent, ScopeFlag.HasConditionalAnnotations)
    ) {
      this.setFlag(parent, ScopeFlag.HasConditionalAnnotations);
      this.addImplicit("__conditional_annotations__", F.Use);
    }
    if (pw.annotationBlock < 0) {
      pw.annotationBlock = this.enterBlock(K.Annotation, "__annotate__", annotation, this.line(annotation));
      if (kind === K.Class && !this.futureAnnotations) {
        this.setFlag(this.cur, ScopeFlag.CanSeeClassScope);
        this.addImplicit("__classdict__", F.Use);
      }
    } else {
      this.enterExisting(pw.annotationBlock, false);
    }
    const w = this.walk[this.cur]!;
    if (unevaluated) w.inUnevaluated = true;
    this.visitExpr(annotation);
    if (unevaluated) w.inUnevaluated = false;
    this.exitBlock();
  }

  /** Parameter and return annotations of a def. */
  private visitFunctionAnnotations(s: A.FunctionDef | A.AsyncFunctionDef, a: A.Arguments, returns: A.Expr | null): void {
    let entered = false;
    if (this.pep649) {
      const inClass = this.hasFlag(this.cur, ScopeFlag.CanSeeClassScope) || this.data.scopeKind[this.cur] === K.Class;
      this.enterBlock(K.Annotation, "__annotate__", a, this.line(s));
      entered = true;
      if (inClass) {
        this.setFlag(this.cur, ScopeFlag.CanSeeClassScope);
        this.addImplicit("__classdict__", F.Use);
      }
    } else if (this.futureAnnotations && this.hideFutureAnnotations) {
      this.enterBlock(K.Annotation, "_annotation", s, this.line(s));
      entered = true;
    }
    for (const arg of a.posonlyargs) if (arg.annotation) this.visitExpr(arg.annotation);
    for (const arg of a.args) if (arg.annotation) this.visitExpr(arg.annotation);
    if (a.vararg?.annotation) this.visitExpr(a.vararg.annotation);
    if (a.kwarg?.annotation) this.visitExpr(a.kwarg.annotation);
    for (const arg of a.kwonlyargs) if (arg.annotation) this.visitExpr(arg.annotation);
    if (returns) this.visitExpr(returns);
    if (entered) this.exitBlock();
  }

  /** Errors for expressions not allowed in annotation and type scopes. */
  private checkAnnotationBlock(what: string, e: A.Located): void {
    const kind = this.data.scopeKind[this.cur];
    if (!this.pep695) {
      if (kind === K.Annotation) this.error(`'${what}' can not be used within an annotation`, e);
      return;
    }
    if (kind === K.Annotation) this.error(`${what} cannot be used within an annotation`, e);
    if (kind === K.TypeVariable) {
      const info = this.pep696 ? this.walk[this.cur]!.scopeInfo : "a TypeVar bound";
      this.error(`${what} cannot be used within ${info}`, e);
    }
    if (kind === K.TypeAlias) this.error(`${what} cannot be used within a type alias`, e);
    if (kind === K.TypeParameters) this.error(`${what} cannot be used within the definition of a generic`, e);
  }

  // ------------------------------------------------------------ expressions

  private visitExpr(e: A.Expr): void {
    switch (e._type) {
      case "NamedExpr":
        this.checkAnnotationBlock("named expression", e);
        this.visitNamedExpr(e);
        break;
      case "BoolOp":
        this.visitExprs(e.values);
        break;
      case "BinOp":
        this.visitExpr(e.left);
        this.visitExpr(e.right);
        break;
      case "UnaryOp":
        this.visitExpr(e.operand);
        break;
      case "Lambda":
        this.visitExprs(e.args.defaults);
        this.visitExprs(e.args.kw_defaults);
        this.enterBlock(K.Lambda, "lambda", e, this.line(e));
        this.visitArguments(e.args);
        this.visitExpr(e.body);
        this.exitBlock();
        break;
      case "IfExp":
        this.visitExpr(e.test);
        this.visitExpr(e.body);
        this.visitExpr(e.orelse);
        break;
      case "Dict":
        this.visitExprs(e.keys);
        this.visitExprs(e.values);
        break;
      case "Set":
        this.visitExprs(e.elts);
        break;
      case "GeneratorExp":
        this.visitComprehension(e, "genexpr", ComprehensionKind.Generator, e.elt, null);
        break;
      case "ListComp":
        this.visitComprehension(e, "listcomp", ComprehensionKind.List, e.elt, null);
        break;
      case "SetComp":
        this.visitComprehension(e, "setcomp", ComprehensionKind.Set, e.elt, null);
        break;
      case "DictComp":
        this.visitComprehension(e, "dictcomp", ComprehensionKind.Dict, e.key, e.value);
        break;
      case "Yield":
      case "YieldFrom":
        this.checkAnnotationBlock("yield expression", e);
        if (e.value) this.visitExpr(e.value);
        this.setFlag(this.cur, ScopeFlag.Generator);
        this.checkYieldInComprehension(e);
        break;
      case "Await":
        this.checkAnnotationBlock("await expression", e);
        if (this.symtableChecks314) {
          if (!this.isFunctionLike(this.cur)) this.error("'await' outside function", e);
          if (!this.isAsyncDef() && this.data.scopeComprehension[this.cur] === ComprehensionKind.None) {
            this.error("'await' outside async function", e);
          }
        }
        this.visitExpr(e.value);
        this.setFlag(this.cur, ScopeFlag.Coroutine);
        break;
      case "Compare":
        this.visitExpr(e.left);
        this.visitExprs(e.comparators);
        break;
      case "Call":
        this.visitCall(e);
        break;
      case "FormattedValue":
      case "Interpolation":
        this.visitExpr(e.value);
        if (e.format_spec) this.visitExpr(e.format_spec);
        break;
      case "JoinedStr":
      case "TemplateStr":
        for (const v of e.values) this.visitExpr(v);
        break;
      case "Constant":
        break;
      case "Attribute": {
        if (this.symtableChecks314) this.checkName(e.attr, e, e.ctx);
        const saved = this.refFlags;
        if (e.value._type === "Name") this.refFlags |= ReferenceFlag.AttributeRoot;
        this.visitExpr(e.value);
        this.refFlags = saved;
        break;
      }
      case "Subscript":
        this.visitExpr(e.value);
        this.visitExpr(e.slice);
        break;
      case "Starred":
        this.visitExpr(e.value);
        break;
      case "Slice":
        if (e.lower) this.visitExpr(e.lower);
        if (e.upper) this.visitExpr(e.upper);
        if (e.step) this.visitExpr(e.step);
        break;
      case "Name":
        this.visitName(e);
        break;
      case "List":
      case "Tuple":
        this.visitExprs(e.elts);
        break;
    }
  }

  private isAsyncDef(): boolean {
    return this.data.scopeKind[this.cur] === K.Function && this.hasFlag(this.cur, ScopeFlag.Coroutine);
  }

  private checkYieldInComprehension(e: A.Located): void {
    const comp = this.data.scopeComprehension[this.cur];
    if (comp === ComprehensionKind.None) return;
    const what =
      comp === ComprehensionKind.List ? "list comprehension"
      : comp === ComprehensionKind.Set ? "set comprehension"
      : comp === ComprehensionKind.Dict ? "dict comprehension"
      : "generator expression";
    this.error(`'yield' inside ${what}`, e);
  }

  private visitName(e: A.Name): void {
    const flags = this.refFlags;
    this.refFlags = 0;
    if (this.walk[this.cur]!.inUnevaluated) {
      this.reference(e, -1, flags | ReferenceFlag.Unevaluated);
      return;
    }
    const sym = this.addDef(e.id, e.ctx === "Load" ? F.Use : F.DefLocal, e, e.ctx);
    this.reference(e, sym, flags);
    if (e.ctx === "Store") this.bindAt(this.bindKind, e.id, sym, e);
    // `super` reads the implicit `__class__` cell.
    if (e.ctx === "Load" && e.id === "super" && this.isFunctionLike(this.cur)) this.addImplicit("__class__", F.Use);
  }

  private visitCall(e: A.Call): void {
    const f = e.func;
    const noArgs = e.args.length === 0 && e.keywords.length === 0;
    if (f._type === "Name") {
      switch (f.id) {
        case "eval": this.taint(TaintReason.Eval); break;
        case "exec": this.taint(TaintReason.Exec); break;
        case "locals": this.taint(TaintReason.Locals); break;
        case "globals": this.taint(TaintReason.Globals); break;
        case "vars": if (noArgs) this.taint(TaintReason.Vars); break;
        case "dir": if (noArgs) this.taint(TaintReason.Dir); break;
        case "super": if (noArgs) this.taint(TaintReason.Super); break;
      }
    } else if (f._type === "Attribute" && f.attr === "_getframe") {
      this.taint(TaintReason.GetFrame);
    }
    if (readsCallerFrame(e, this.frameReaders)) this.taint(TaintReason.CallerFrame);
    this.visitExpr(f);
    this.visitExprs(e.args);
    this.visitKeywords(e.keywords);
  }

  private visitNamedExpr(e: A.NamedExpr): void {
    if (this.walk[this.cur]!.compIterExpr > 0) {
      this.error("assignment expression cannot be used in a comprehension iterable expression", e);
    }
    if (this.data.scopeComprehension[this.cur] !== ComprehensionKind.None) this.extendNamedExprScope(e.target);
    this.visitExpr(e.value);
    this.visitTarget(e.target, BindingKind.NamedExpr);
  }

  /** A walrus in a comprehension binds in the nearest enclosing function or module. */
  private extendNamedExprScope(target: A.Name): void {
    const name = target.id;
    const d = this.data;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const ste = this.stack[i]!;
      if (d.scopeComprehension[ste] !== ComprehensionKind.None) {
        const flags = this.lookupIn(ste, name);
        if (flags & F.DefCompIter && flags & F.DefLocal) {
          this.error(`assignment expression cannot rebind comprehension iteration variable '${name}'`, target);
        }
        continue;
      }
      const kind = d.scopeKind[ste];
      if (kind === K.Function || kind === K.Lambda) {
        const flags = this.lookupIn(ste, name);
        this.addDef(name, flags & F.DefGlobal ? F.DefGlobal : F.DefNonlocal, target);
        this.recordDirective(name, target);
        this.addDefHelper(name, F.DefLocal, ste, target);
        return;
      }
      if (kind === K.Module) {
        this.addDef(name, F.DefGlobal, target);
        this.recordDirective(name, target);
        this.addDefHelper(name, F.DefGlobal, ste, target);
        return;
      }
      if (kind === K.Class) this.error("assignment expression within a comprehension cannot be used in a class body", target);
      if (kind === K.TypeParameters) {
        this.error("assignment expression within a comprehension cannot be used within the definition of a generic", target);
      }
      if (kind === K.TypeAlias) this.error("assignment expression within a comprehension cannot be used in a type alias", target);
      if (kind === K.TypeVariable) this.error("assignment expression within a comprehension cannot be used in a TypeVar bound", target);
    }
  }

  private visitComprehension(
    e: A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp,
    name: string,
    comp: ComprehensionKind,
    elt: A.Expr,
    value: A.Expr | null,
  ): void {
    const generators = e.generators;
    const outermost = generators[0]!;
    const isGenerator = comp === ComprehensionKind.Generator;
    // The outermost iterable is evaluated in the enclosing scope.
    const w = this.walk[this.cur]!;
    w.compIterExpr++;
    this.visitExpr(outermost.iter);
    w.compIterExpr--;
    const scope = this.enterBlock(K.Comprehension, name, e, this.line(e));
    this.data.scopeComprehension[scope] = comp;
    if (outermost.is_async) this.setFlag(scope, ScopeFlag.Coroutine);
    this.addImplicit(".0", F.DefParam);
    this.visitComprehensionTarget(outermost.target);
    this.visitExprs(outermost.ifs);
    for (let i = 1; i < generators.length; i++) {
      const g = generators[i]!;
      this.visitComprehensionTarget(g.target);
      const sw = this.walk[scope]!;
      sw.compIterExpr++;
      this.visitExpr(g.iter);
      sw.compIterExpr--;
      this.visitExprs(g.ifs);
      if (g.is_async) this.setFlag(scope, ScopeFlag.Coroutine);
    }
    if (value) this.visitExpr(value);
    this.visitExpr(elt);
    if (isGenerator) this.setFlag(scope, ScopeFlag.Generator);
    else this.data.scopeFlags[scope]! &= ~ScopeFlag.Generator;
    const isAsync = this.hasFlag(scope, ScopeFlag.Coroutine) && !isGenerator;
    this.exitBlock();
    if (this.symtableChecks314 && isAsync) {
      if (!this.isAsyncDef() && this.data.scopeComprehension[this.cur] === ComprehensionKind.None) {
        this.error("asynchronous comprehension outside of an asynchronous function", e);
      }
      this.setFlag(this.cur, ScopeFlag.Coroutine);
    }
  }

  private visitComprehensionTarget(target: A.Expr): void {
    const w = this.walk[this.cur]!;
    w.compIterTarget = true;
    this.visitTarget(target, BindingKind.ComprehensionTarget);
    w.compIterTarget = false;
  }

  // ------------------------------------------------------------ patterns

  private visitPattern(p: A.Pattern): void {
    switch (p._type) {
      case "MatchValue":
        this.visitExpr(p.value);
        break;
      case "MatchSingleton":
        break;
      case "MatchSequence":
      case "MatchOr":
        for (const q of p.patterns) this.visitPattern(q);
        break;
      case "MatchStar":
        if (p.name !== null) this.bindName(BindingKind.MatchCapture, p.name, this.addDef(p.name, F.DefLocal, p), p, p.end - p.name.length);
        break;
      case "MatchMapping":
        this.visitExprs(p.keys);
        for (const q of p.patterns) this.visitPattern(q);
        if (p.rest !== null) {
          const stars = this.source.text.lastIndexOf("**", p.end);
          const at = findIdentifier(this.source, p.rest, stars >= p.start ? stars + 2 : p.start, p.end);
          this.bindName(BindingKind.MatchCapture, p.rest, this.addDef(p.rest, F.DefLocal, p), p, at);
        }
        break;
      case "MatchClass":
        this.visitExpr(p.cls);
        for (const q of p.patterns) this.visitPattern(q);
        if (this.symtableChecks314) {
          p.kwd_attrs.forEach((attr, i) => this.checkName(attr, p.kwd_patterns[i] ?? p, "Store"));
        }
        for (const q of p.kwd_patterns) this.visitPattern(q);
        break;
      case "MatchAs":
        if (p.pattern) this.visitPattern(p.pattern);
        if (p.name !== null) this.bindName(BindingKind.MatchCapture, p.name, this.addDef(p.name, F.DefLocal, p), p, p.end - p.name.length);
        break;
    }
  }
}
