/**
 * The safety net. A minified file is accepted only when
 *  1. its bytes decode and parse again for the target version;
 *  2. the re-parsed tree equals the transformed tree exactly (the printer or the source edits are
 *     faithful), and the transformed tree equals the original modulo the allowed changes: removed
 *     docstrings and `pass` statements, renamed identifiers, inserted parameter aliases;
 *  3. when names were renamed: the semantic model of the output resolves every name occurrence the
 *     way the original's did — same kind (local, free, global, builtin…), the same variable under a
 *     one-to-one mapping, builtins and unresolved globals under their own names; an aliased
 *     parameter is read exactly once, by its alias.
 * Anything else is a bailout: the file is left byte-identical and the reason reported.
 */
import type { Assign, ConstantValue, Module, Node, Stmt } from "../python/ast.js";
import { ELLIPSIS, PyComplex, PyStr } from "../python/ast.js";
import { FieldKind, NODE_SPECS } from "../python/ast-schema.js";
import { dumpAst } from "../python/dump.js";
import { ResolutionKind, type SemanticModel } from "../semantic/index.js";

export interface Mismatch {
  /** Where, as a path of fields from the module (`.body[3].value.args[0]`). */
  path: string;
  message: string;
}

export interface CompareOptions {
  /** Leading string statements of a block may be gone (docstrings). */
  docstrings: boolean;
  /** `pass` statements may be gone. */
  pass: boolean;
  /** Identifiers may differ (checked semantically afterwards). */
  identifiers: boolean;
  /** Statements of the second tree that were inserted (parameter aliases); skipped. */
  inserted?: ReadonlySet<unknown>;
}

const STRICT: CompareOptions = { docstrings: false, pass: false, identifiers: false };

/** Identifier fields a rename may change. */
const RENAMABLE = new Set(["Name.id", "arg.arg", "ExceptHandler.name", "alias.asname", "Global.names", "Nonlocal.names",
  "MatchAs.name", "MatchStar.name", "MatchMapping.rest", "FunctionDef.name", "AsyncFunctionDef.name", "ClassDef.name"]);

interface FieldInfo {
  name: string;
  list: boolean;
  /** A statement list (body, orelse, finalbody). */
  stmts: boolean;
  /** `Type.field`, for messages. */
  key: string;
  renamable: boolean;
}

/** Per node type: its fields, precomputed once. */
const FIELDS: Record<string, FieldInfo[]> = {};
for (const [type, spec] of Object.entries(NODE_SPECS)) {
  FIELDS[type] = spec.fields.map((f) => ({
    name: f.name,
    list: f.kind === FieldKind.List,
    stmts: f.kind === FieldKind.List && (f.name === "body" || f.name === "orelse" || f.name === "finalbody") && type !== "Lambda",
    key: `${type}.${f.name}`,
    renamable: RENAMABLE.has(`${type}.${f.name}`),
  }));
}

/** Nodes of the first tree whose counterparts in the second tree the caller wants. */
export interface Watch {
  nodes: ReadonlySet<Node>;
  found: Map<Node, Node>;
}

/** Compares two trees; returns the first mismatch or null. */
export function compareTrees(a: Module, b: Module, options: CompareOptions = STRICT, watch: Watch | null = null): Mismatch | null {
  const c = new Comparer(options, watch);
  if (c.node(a, b)) return null;
  return { path: c.path.reverse().join("") || "<module>", message: c.message };
}

class Comparer {
  message = "";
  /** Filled while unwinding from a mismatch, innermost first. */
  readonly path: string[] = [];
  private readonly lenient: boolean;

  constructor(
    private readonly options: CompareOptions,
    private readonly watch: Watch | null,
  ) {
    this.lenient = options.docstrings || options.pass || (options.inserted?.size ?? 0) > 0;
  }

  private fail(message: string): false {
    this.message = message;
    return false;
  }

  node(x: Node, y: Node): boolean {
    const type = x._type;
    if (type !== y._type) return this.fail(`${type} became ${y._type}`);
    if (this.watch && this.watch.nodes.has(x)) this.watch.found.set(x, y);
    const fields = FIELDS[type]!;
    const rx = x as unknown as Record<string, unknown>;
    const ry = y as unknown as Record<string, unknown>;
    for (let k = 0; k < fields.length; k++) {
      const f = fields[k]!;
      const vx = rx[f.name];
      const vy = ry[f.name];
      let ok: boolean;
      if (f.list) {
        const lx = (vx as unknown[] | undefined) ?? EMPTY;
        const ly = (vy as unknown[] | undefined) ?? EMPTY;
        ok = f.stmts && this.lenient ? this.block(lx as Stmt[], ly as Stmt[]) : this.list(lx, ly, f);
      } else if (type === "Constant" && f.name === "value") {
        ok = sameConstant(vx as ConstantValue, vy as ConstantValue) || this.fail(`constant ${show(vx)} became ${show(vy)}`);
      } else ok = this.value(vx, vy, f);
      if (!ok) {
        this.path.push("." + f.name);
        return false;
      }
    }
    return true;
  }

  private value(vx: unknown, vy: unknown, f: FieldInfo): boolean {
    if (vx === vy) return true;
    if (vx === undefined) vx = null;
    if (vy === undefined) vy = null;
    if (vx !== null && typeof vx === "object") {
      if (vy === null || typeof vy !== "object") return this.fail(`${f.key} changed`);
      return this.node(vx as Node, vy as Node);
    }
    if (vx === vy) return true;
    if (this.options.identifiers && f.renamable && typeof vx === "string" && typeof vy === "string") return true;
    return this.fail(`${f.key} ${show(vx)} became ${show(vy)}`);
  }

  private list(lx: unknown[], ly: unknown[], f: FieldInfo): boolean {
    if (lx.length !== ly.length) return this.fail(`${f.key} has ${ly.length} items instead of ${lx.length}`);
    for (let i = 0; i < lx.length; i++) {
      if (!this.value(lx[i], ly[i], f)) {
        this.path.push(`[${i}]`);
        return false;
      }
    }
    return true;
  }

  /** Statement lists: removed docstrings and passes are skipped; an emptied block holds `pass`. */
  private block(lx: Stmt[], ly: Stmt[]): boolean {
    const { docstrings, pass, inserted } = this.options;
    let i = 0;
    let j = 0;
    let leading = true;
    while (i < lx.length) {
      while (inserted && j < ly.length && inserted.has(ly[j])) j++;
      const x = lx[i]!;
      const y = ly[j];
      const droppable = (docstrings && leading && isStringStmt(x)) || (pass && x._type === "Pass");
      if (droppable && !(y && sameStmtHead(x, y))) {
        i++;
        continue;
      }
      leading = false;
      if (!y) return this.fail(`statement ${i} (${x._type}) is missing`);
      if (!this.node(x, y)) {
        this.path.push(`[${i}]`);
        return false;
      }
      i++;
      j++;
    }
    while (inserted && j < ly.length && inserted.has(ly[j])) j++;
    if (j < ly.length) {
      // A block emptied by the removals holds a single `pass`.
      if (j === 0 && ly.length === 1 && ly[0]!._type === "Pass" && lx.length > 0) return true;
      return this.fail(`extra statement ${ly[j]!._type}`);
    }
    return true;
  }
}

const EMPTY: unknown[] = [];

function isStringStmt(s: Stmt): boolean {
  return s._type === "Expr" && s.value._type === "Constant" && typeof s.value.value === "string";
}

function sameStmtHead(x: Stmt, y: Stmt): boolean {
  if (x._type !== y._type) return false;
  if (x._type === "Expr" && y._type === "Expr") {
    return x.value._type === y.value._type && (x.value._type !== "Constant" || sameConstant(x.value.value, (y.value as typeof x.value).value));
  }
  return true;
}

export function sameConstant(x: ConstantValue, y: ConstantValue): boolean {
  if (typeof x === "number" && typeof y === "number") return Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
  if (x === y) return true;
  if (x instanceof Uint8Array && y instanceof Uint8Array) {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (x instanceof PyStr && y instanceof PyStr) {
    return x.codePoints.length === y.codePoints.length && x.codePoints.every((c, i) => c === y.codePoints[i]);
  }
  if (x instanceof PyComplex && y instanceof PyComplex) {
    return sameConstant(x.real, y.real) && sameConstant(x.imag, y.imag);
  }
  return x === ELLIPSIS && y === ELLIPSIS;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (typeof v === "object" && "_type" in (v as object)) {
    const d = dumpAst(v as Node, null);
    return d.length > 80 ? d.slice(0, 80) + "…" : d;
  }
  return String(v);
}

export interface AliasCheck {
  /** The parameter (in the transformed tree) and its counterpart in the output. */
  arg: Node;
  argOut: Node;
  stmt: Assign;
  /** Counterparts of the alias assignment's target and value names. */
  targetOut: Node;
  valueOut: Node;
}

/**
 * Semantic check of renames. `original` is the model of the input (built before the transforms,
 * on the same node objects), `output` the model of the re-parsed output. Both models list their
 * references and bindings in the same (CPython symtable) order, since the trees have the same shape
 * apart from the inserted alias assignments, whose names are skipped and checked on their own.
 */
export function compareResolution(original: SemanticModel, output: SemanticModel, aliases: readonly AliasCheck[] = []): Mismatch | null {
  const d1 = original.data;
  const d2 = output.data;
  const fwd = new Map<number, number>();
  const rev = new Map<number, number>();
  const skipOut = new Set<Node>();
  const aliasArgs = new Set<Node>();
  for (const al of aliases) {
    skipOut.add(al.targetOut);
    skipOut.add(al.valueOut);
    aliasArgs.add(al.arg);
  }
  const outRef = new Map<Node, number>();
  const outBinding = new Map<Node, number>();

  const sameVariable = (t1: number, t2: number, what: () => string): Mismatch | null => {
    if (t1 < 0 || t2 < 0) return t1 === t2 ? null : { path: what(), message: "resolves to a different kind of name" };
    const f = fwd.get(t1);
    const r = rev.get(t2);
    if (f === undefined && r === undefined) {
      fwd.set(t1, t2);
      rev.set(t2, t1);
      return null;
    }
    if (f === t2 && r === t1) return null;
    return { path: what(), message: `'${d1.symbolName[t1]}' and '${d2.symbolName[t2]}' are not renamed one-to-one` };
  };

  // References, in order.
  const n1 = d1.referenceNode.length;
  const n2 = d2.referenceNode.length;
  let j = 0;
  for (let i = 0; i < n1; i++) {
    while (j < n2 && skipOut.has(d2.referenceNode[j]!)) outRef.set(d2.referenceNode[j]!, j++);
    if (j >= n2) return { path: `name '${d1.referenceName[i]}'`, message: "a name reference vanished" };
    const what = (): string => `name '${d1.referenceName[i]}' (now '${d2.referenceName[j]}')`;
    if (d1.referenceResolution[i] !== d2.referenceResolution[j]) return { path: what(), message: "resolves differently after renaming" };
    const t1 = d1.referenceTarget[i]!;
    const t2 = d2.referenceTarget[j]!;
    if (t1 < 0 && d1.referenceName[i] !== d2.referenceName[j]) return { path: what(), message: "a builtin or global name was renamed" };
    const m = sameVariable(t1, t2, what);
    if (m) return m;
    j++;
  }
  while (j < n2 && skipOut.has(d2.referenceNode[j]!)) outRef.set(d2.referenceNode[j]!, j++);
  if (j < n2) return { path: `name '${d2.referenceName[j]}'`, message: "a name reference appeared" };

  // Bindings, in order.
  const params = new Map<Node, number>();
  const m1 = d1.bindingNode.length;
  const m2 = d2.bindingNode.length;
  j = 0;
  for (let i = 0; i < m1; i++) {
    while (j < m2 && skipOut.has(d2.bindingNode[j]!)) outBinding.set(d2.bindingNode[j]!, j++);
    if (j >= m2) return { path: `binding '${d1.bindingName[i]}'`, message: "a binding vanished" };
    const what = (): string => `binding '${d1.bindingName[i]}' (now '${d2.bindingName[j]}')`;
    if (d1.bindingKind[i] !== d2.bindingKind[j]) return { path: what(), message: "binds differently" };
    const t1 = d1.symbolTarget[d1.bindingSymbol[i]!]!;
    const t2 = d2.symbolTarget[d2.bindingSymbol[j]!]!;
    if (aliasArgs.has(d1.bindingNode[i]!)) {
      params.set(d1.bindingNode[i]!, j);
      j++;
      continue;
    }
    if (t1 < 0 && d1.bindingName[i] !== d2.bindingName[j]) return { path: what(), message: "an unresolved binding was renamed" };
    const m = sameVariable(t1, t2, what);
    if (m) return m;
    j++;
  }
  while (j < m2 && skipOut.has(d2.bindingNode[j]!)) outBinding.set(d2.bindingNode[j]!, j++);
  if (j < m2) return { path: `binding '${d2.bindingName[j]}'`, message: "a binding appeared" };

  // Aliases: `a=param`, where `a` is the variable every original read of the parameter became,
  // and the parameter is read by nothing else.
  for (const al of aliases) {
    const where = `alias of parameter '${(al.arg as { arg: string }).arg}'`;
    const pb = params.get(al.arg);
    const t = outRef.get(al.targetOut);
    const v = outRef.get(al.valueOut);
    const b1 = d1.bindingNode.indexOf(al.arg);
    if (pb === undefined || t === undefined || v === undefined || b1 < 0) return { path: where, message: "the alias assignment does not resolve" };
    const p1 = d1.symbolTarget[d1.bindingSymbol[b1]!]!;
    const p2 = d2.symbolTarget[d2.bindingSymbol[pb]!]!;
    const a2 = d2.referenceTarget[t]!;
    const ok =
      d2.referenceResolution[t] === ResolutionKind.Local &&
      d2.referenceResolution[v] === ResolutionKind.Local &&
      d2.referenceTarget[v] === p2 &&
      a2 >= 0 &&
      (fwd.get(p1) ?? a2) === a2 &&
      (rev.get(a2) ?? p1) === p1 &&
      !rev.has(p2) &&
      output.bindingsOf(a2).length === 1 &&
      output.referencesOfSymbol(p2).length === 1;
    if (!ok) return { path: where, message: "the alias does not stand for the parameter" };
  }
  return null;
}
