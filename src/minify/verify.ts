/**
 * The safety net. A minified file is accepted only when
 *  1. its bytes decode and parse again for the target version;
 *  2. the re-parsed tree equals the original tree (a copy taken before any transform ran) with
 *     exactly the changes the transforms recorded, and nothing else: each renamed identifier has
 *     its recorded new name and every other identifier its old one; the removed docstrings (leading
 *     string statements) and `pass` statements are gone, an emptied block holds `pass`; the
 *     parameter aliases stand where they were inserted, exactly as built;
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
import type { ChangeLog } from "./transform.js";

export interface Mismatch {
  /** Where, as a path of fields from the module (`.body[3].value.args[0]`). */
  path: string;
  message: string;
}

/** Identifier fields a rename may change, each with a small code for {@link identifierKey}. */
const RENAMABLE: Readonly<Record<string, number>> = {
  "Name.id": 1, "arg.arg": 2, "ExceptHandler.name": 3, "alias.asname": 4, "Global.names": 5, "Nonlocal.names": 6,
  "MatchAs.name": 7, "MatchStar.name": 8, "MatchMapping.rest": 9, "FunctionDef.name": 10, "AsyncFunctionDef.name": 11,
  "ClassDef.name": 12,
};

/**
 * The key of an identifier occurrence: the node's start offset and the field. Renamable nodes are
 * all located, and no two nodes of one type start at the same offset — but for match captures
 * (`case [y as v]`: both MatchAs start at `y`), which are keyed by {@link patternKey}.
 */
/** RENAMABLE by type, then field (no string building per lookup). */
const RENAMABLE_BY_TYPE: Record<string, Record<string, number>> = {};
for (const [key, code] of Object.entries(RENAMABLE)) {
  const [type, field] = key.split(".") as [string, string];
  (RENAMABLE_BY_TYPE[type] ??= {})[field] = code;
}

function identifierKey(start: number, code: number): number {
  return start * 16 + code;
}

const PATTERN_CODES = new Set([RENAMABLE["MatchAs.name"], RENAMABLE["MatchStar.name"], RENAMABLE["MatchMapping.rest"]]);

function patternKey(start: number, end: number, code: number): string {
  return `${start}:${end}:${code}`;
}

interface FieldInfo {
  name: string;
  list: boolean;
  /** A statement list (body, orelse, finalbody). */
  stmts: boolean;
  /** `Type.field`, for messages. */
  key: string;
  /** The {@link RENAMABLE} code, or 0. */
  renamable: number;
}

/** Per node type: its fields, precomputed once. */
const FIELDS: Record<string, FieldInfo[]> = {};
for (const [type, spec] of Object.entries(NODE_SPECS)) {
  FIELDS[type] = spec.fields.map((f) => ({
    name: f.name,
    list: f.kind === FieldKind.List,
    stmts: f.kind === FieldKind.List && (f.name === "body" || f.name === "orelse" || f.name === "finalbody") && type !== "Lambda",
    key: `${type}.${f.name}`,
    renamable: RENAMABLE[`${type}.${f.name}`] ?? 0,
  }));
}

function fieldInfo(type: string, name: string): FieldInfo {
  const f = FIELDS[type]!.find((i) => i.name === name);
  if (!f) throw new Error(`invariant: no field ${type}.${name}`);
  return f;
}
const NAME_ID = fieldInfo("Name", "id");
const NAME_CTX = fieldInfo("Name", "ctx");
const CONSTANT_VALUE = fieldInfo("Constant", "value");
const CONSTANT_KIND = fieldInfo("Constant", "kind");
const ATTRIBUTE_VALUE = fieldInfo("Attribute", "value");
const ATTRIBUTE_ATTR = fieldInfo("Attribute", "attr");
const ATTRIBUTE_CTX = fieldInfo("Attribute", "ctx");
const CALL_FUNC = fieldInfo("Call", "func");
const CALL_ARGS = fieldInfo("Call", "args");
const CALL_KEYWORDS = fieldInfo("Call", "keywords");
const EXPR_VALUE = fieldInfo("Expr", "value");
const KEYWORD_ARG = fieldInfo("keyword", "arg");
const KEYWORD_VALUE = fieldInfo("keyword", "value");
const TUPLE_FIELDS = [fieldInfo("Tuple", "elts"), fieldInfo("Tuple", "ctx")];
const LIST_FIELDS = [fieldInfo("List", "elts"), fieldInfo("List", "ctx")];
const BINOP_LEFT = fieldInfo("BinOp", "left");
const BINOP_OP = fieldInfo("BinOp", "op");
const BINOP_RIGHT = fieldInfo("BinOp", "right");
const SUBSCRIPT_VALUE = fieldInfo("Subscript", "value");
const SUBSCRIPT_SLICE = fieldInfo("Subscript", "slice");
const SUBSCRIPT_CTX = fieldInfo("Subscript", "ctx");

const DOCSTRING = 1;
const PASS = 2;
/** The removed statement was the last of its block and a `pass` took the block's place. */
const REPLACED = 4;

/** What the output must differ from the original by: the transforms' change log, indexed. */
export interface Expected {
  /** New names of renamed identifiers, by {@link identifierKey}. */
  names: Map<number, string>;
  /** New names of renamed match captures, by {@link patternKey}. */
  patternNames: Map<string, string>;
  /** New names inside `global`/`nonlocal` lists, by identifier key, then index. */
  listNames: Map<number, Map<number, string>>;
  /** Removed statements, by start offset: DOCSTRING or PASS, plus REPLACED. */
  removed: Map<number, number>;
  /** Statements inserted into a def's body, by the def's start offset: before original statement `at`. */
  inserted: Map<number, { at: number; stmts: Stmt[] }>;
}

/** Indexes the change log for {@link compareOutput}. */
export function expectedChanges(changes: ChangeLog): Expected {
  const names = new Map<number, string>();
  const patternNames = new Map<string, string>();
  const listNames = new Map<number, Map<number, string>>();
  for (const r of changes.renamed) {
    const node = r.node as Node & { start: number; end: number };
    const code = RENAMABLE_BY_TYPE[node._type]?.[r.field];
    // Only renamable fields may be recorded; anything else can never match the output.
    if (!code) throw new Error(`invariant: rename recorded for ${node._type}.${r.field}`);
    const key = identifierKey(node.start, code);
    if (PATTERN_CODES.has(code)) patternNames.set(patternKey(node.start, node.end, code), r.to);
    else if (r.index >= 0) {
      let m = listNames.get(key);
      if (!m) listNames.set(key, (m = new Map()));
      m.set(r.index, r.to);
    } else names.set(key, r.to);
  }
  const removed = new Map<number, number>();
  for (const r of changes.removed) removed.set(r.stmt.start, (r.why === "docstring" ? DOCSTRING : PASS) | (r.replacement ? REPLACED : 0));
  const inserted = new Map<number, { at: number; stmts: Stmt[] }>();
  for (const a of changes.aliases) {
    let entry = inserted.get(a.fn.start);
    if (!entry) inserted.set(a.fn.start, (entry = { at: a.at, stmts: [] }));
    if (entry.at !== a.at) throw new Error("invariant: aliases of one def inserted at different places");
    entry.stmts.push(a.stmt);
  }
  return { names, patternNames, listNames, removed, inserted };
}

const NOTHING: Expected = { names: new Map(), patternNames: new Map(), listNames: new Map(), removed: new Map(), inserted: new Map() };

/**
 * Compares the original tree with the re-parsed output: they must be equal but for the expected
 * changes. `found` receives, for each inserted statement, its counterpart in the output. Returns
 * the first mismatch or null.
 */
export function compareOutput(original: Module, output: Module, expected: Expected = NOTHING, found: Map<Stmt, Stmt> | null = null): Mismatch | null {
  const c = new Comparer(expected, found);
  if (c.node(original, output)) return null;
  return { path: c.path.reverse().join("") || "<module>", message: c.message };
}

class Comparer {
  message = "";
  /** Filled while unwinding from a mismatch, innermost first. */
  readonly path: string[] = [];
  private readonly names: Map<number, string>;
  private readonly changesBlocks: boolean;
  /** Compares inserted statements with what they were built as, exactly. */
  private strict: Comparer | null = null;

  constructor(
    private readonly expected: Expected,
    private readonly found: Map<Stmt, Stmt> | null,
  ) {
    this.names = expected.names;
    this.changesBlocks = expected.removed.size > 0 || expected.inserted.size > 0;
  }

  private fail(message: string): false {
    this.message = message;
    return false;
  }

  node(x: Node, y: Node): boolean {
    const type = x._type;
    if (type !== y._type) return this.fail(`${type} became ${y._type}`);
    // The most frequent node types field by field (named loads instead of a loop over the
    // schema); tests/minify/verify.test.ts checks that every field of every type is compared.
    switch (x._type) {
      case "Name": {
        const b = y as typeof x;
        return (this.value(this.names.get(identifierKey(x.start, NAME_ID.renamable)) ?? x.id, b.id, NAME_ID) || this.at(NAME_ID)) &&
          (x.ctx === b.ctx || this.scalar(x.ctx, b.ctx, NAME_CTX));
      }
      case "Constant": {
        const b = y as typeof x;
        return (sameConstant(x.value, b.value) || (this.fail(`constant ${show(x.value)} became ${show(b.value)}`) || this.at(CONSTANT_VALUE))) &&
          (x.kind === b.kind || this.scalar(x.kind, b.kind, CONSTANT_KIND));
      }
      case "Attribute": {
        const b = y as typeof x;
        return (this.value(x.value, b.value, ATTRIBUTE_VALUE) || this.at(ATTRIBUTE_VALUE)) &&
          (x.attr === b.attr || this.scalar(x.attr, b.attr, ATTRIBUTE_ATTR)) &&
          (x.ctx === b.ctx || this.scalar(x.ctx, b.ctx, ATTRIBUTE_CTX));
      }
      case "Call": {
        const b = y as typeof x;
        return (this.value(x.func, b.func, CALL_FUNC) || this.at(CALL_FUNC)) && this.fieldList(x.args, b.args, CALL_ARGS) && this.fieldList(x.keywords, b.keywords, CALL_KEYWORDS);
      }
      case "Expr":
        return this.value(x.value, (y as typeof x).value, EXPR_VALUE) || this.at(EXPR_VALUE);
      case "keyword": {
        const b = y as typeof x;
        return (x.arg === b.arg || this.scalar(x.arg, b.arg, KEYWORD_ARG)) && (this.value(x.value, b.value, KEYWORD_VALUE) || this.at(KEYWORD_VALUE));
      }
      case "Tuple":
      case "List": {
        const b = y as typeof x;
        const f = x._type === "Tuple" ? TUPLE_FIELDS : LIST_FIELDS;
        return this.fieldList(x.elts, b.elts, f[0]!) && (x.ctx === b.ctx || this.scalar(x.ctx, b.ctx, f[1]!));
      }
      case "BinOp": {
        const b = y as typeof x;
        return (this.value(x.left, b.left, BINOP_LEFT) || this.at(BINOP_LEFT)) && (x.op === b.op || this.scalar(x.op, b.op, BINOP_OP)) && (this.value(x.right, b.right, BINOP_RIGHT) || this.at(BINOP_RIGHT));
      }
      case "Subscript": {
        const b = y as typeof x;
        return (this.value(x.value, b.value, SUBSCRIPT_VALUE) || this.at(SUBSCRIPT_VALUE)) && (this.value(x.slice, b.slice, SUBSCRIPT_SLICE) || this.at(SUBSCRIPT_SLICE)) &&
          (x.ctx === b.ctx || this.scalar(x.ctx, b.ctx, SUBSCRIPT_CTX));
      }
      default:
        return this.generic(x, y);
    }
  }

  /** Records the field of a failed comparison in the path; false. */
  private at(f: FieldInfo): false {
    this.path.push("." + f.name);
    return false;
  }

  /** Two scalars known to differ. */
  private scalar(vx: unknown, vy: unknown, f: FieldInfo): boolean {
    return this.value(vx, vy, f) || this.at(f);
  }

  /** A list field (statements with the block rules when blocks changed). */
  private fieldList(lx: Node[], ly: Node[], f: FieldInfo): boolean {
    return this.list(lx, ly, f) || this.at(f);
  }

  /** Any node type, field by field from the schema. */
  private generic(x: Node, y: Node): boolean {
    const type = x._type;
    const fields = FIELDS[type]!;
    const rx = x as unknown as Record<string, unknown>;
    const ry = y as unknown as Record<string, unknown>;
    for (let k = 0; k < fields.length; k++) {
      const f = fields[k]!;
      let vx = rx[f.name];
      const vy = ry[f.name];
      let ok: boolean;
      if (f.list) {
        const lx = (vx as unknown[] | undefined) ?? EMPTY;
        const ly = (vy as unknown[] | undefined) ?? EMPTY;
        if (f.stmts && this.changesBlocks) ok = this.block(lx as Stmt[], ly as Stmt[], x, f);
        else if (f.renamable) ok = this.expected.listNames.size > 0 ? this.nameList(lx as string[], ly, f, rx.start as number) : this.list(lx, ly, f);
        else ok = this.list(lx, ly, f);
      } else if (type === "Constant" && f.name === "value") {
        ok = sameConstant(vx as ConstantValue, vy as ConstantValue) || this.fail(`constant ${show(vx)} became ${show(vy)}`);
      } else {
        if (f.renamable && typeof vx === "string") vx = this.expectedName(vx, rx, f.renamable);
        ok = this.value(vx, vy, f);
      }
      if (!ok) {
        this.path.push("." + f.name);
        return false;
      }
    }
    return true;
  }

  /** The name an identifier of the original must have in the output. */
  private expectedName(name: string, node: Record<string, unknown>, code: number): string {
    if (PATTERN_CODES.has(code)) {
      const renamed = this.expected.patternNames;
      return renamed.size > 0 ? (renamed.get(patternKey(node.start as number, node.end as number, code)) ?? name) : name;
    }
    return this.names.get(identifierKey(node.start as number, code)) ?? name;
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

  /** `global`/`nonlocal` names, with their expected new names. */
  private nameList(lx: string[], ly: unknown[], f: FieldInfo, start: number): boolean {
    const renamed = this.expected.listNames.get(identifierKey(start, f.renamable));
    if (!renamed) return this.list(lx, ly, f);
    return this.list(lx.map((n, i) => renamed.get(i) ?? n), ly, f);
  }

  /**
   * Statement lists: the removed statements are skipped (docstrings only while they lead the
   * block), an emptied block holds `pass`, inserted statements must stand where they were put.
   */
  private block(lx: Stmt[], ly: Stmt[], owner: Node, f: FieldInfo): boolean {
    const removed = this.expected.removed;
    const inserted =
      f.name === "body" && (owner._type === "FunctionDef" || owner._type === "AsyncFunctionDef")
        ? this.expected.inserted.get((owner as { start: number }).start)
        : undefined;
    let i = 0;
    let j = 0;
    let leading = true;
    let allRemoved = lx.length > 0;
    for (;;) {
      if (inserted && i === inserted.at && !this.insertedAt(inserted.stmts, ly, j)) {
        this.path.push(`[${j}]`);
        return false;
      }
      if (inserted && i === inserted.at) j += inserted.stmts.length;
      if (i >= lx.length) break;
      const x = lx[i]!;
      const why = removed.size > 0 ? (removed.get(x.start) ?? 0) : 0;
      if ((why & DOCSTRING && leading && isStringStmt(x)) || (why & PASS && x._type === "Pass")) {
        i++;
        continue;
      }
      leading = false;
      allRemoved = false;
      const y = ly[j];
      if (!y) return this.fail(`statement ${i} (${x._type}) is missing`);
      if (!this.node(x, y)) {
        this.path.push(`[${i}]`);
        return false;
      }
      i++;
      j++;
    }
    if (j < ly.length) {
      // A block emptied by the removals holds a single `pass`.
      if (j === 0 && ly.length === 1 && ly[0]!._type === "Pass" && allRemoved && (removed.get(lx[lx.length - 1]!.start)! & REPLACED)) return true;
      return this.fail(`extra statement ${ly[j]!._type}`);
    }
    return true;
  }

  /** The inserted statements, exactly as built, at `ly[j…]`. */
  private insertedAt(stmts: readonly Stmt[], ly: Stmt[], j: number): boolean {
    this.strict ??= new Comparer(NOTHING, null);
    for (let k = 0; k < stmts.length; k++) {
      const y = ly[j + k];
      if (!y) return this.fail(`inserted statement ${k} (${stmts[k]!._type}) is missing`);
      if (!this.strict.node(stmts[k]!, y)) {
        this.message = this.strict.message;
        this.path.push(...this.strict.path.splice(0));
        return false;
      }
      this.found?.set(stmts[k]!, y);
    }
    return true;
  }
}

const EMPTY: unknown[] = [];

function isStringStmt(s: Stmt): boolean {
  return s._type === "Expr" && s.value._type === "Constant" && typeof s.value.value === "string";
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
  /** The parameter (a node of the tree the original model was built on). */
  arg: Node;
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
  // The one-to-one mapping of variables found so far (-1: not yet mapped).
  const fwd = new Int32Array(d1.symbolName.length).fill(-1);
  const rev = new Int32Array(d2.symbolName.length).fill(-1);
  const skipOut = new Set<Node>();
  const aliasArgs = new Set<Node>();
  for (const al of aliases) {
    skipOut.add(al.targetOut);
    skipOut.add(al.valueOut);
    aliasArgs.add(al.arg);
  }
  const skipping = skipOut.size > 0;
  const outRef = new Map<Node, number>();

  /** Null when t1 and t2 are the same variable under the mapping (recording a new pair). */
  const sameVariable = (t1: number, t2: number): string | null => {
    if (t1 < 0 || t2 < 0) return t1 === t2 ? null : "resolves to a different kind of name";
    const f = fwd[t1]!;
    const r = rev[t2]!;
    if (f < 0 && r < 0) {
      fwd[t1] = t2;
      rev[t2] = t1;
      return null;
    }
    if (f === t2 && r === t1) return null;
    return `'${d1.symbolName[t1]}' and '${d2.symbolName[t2]}' are not renamed one-to-one`;
  };

  // References, in order.
  const n1 = d1.referenceNode.length;
  const n2 = d2.referenceNode.length;
  const refWhat = (i: number, j: number): string => `name '${d1.referenceName[i]}' (now '${d2.referenceName[j]}')`;
  let j = 0;
  for (let i = 0; i < n1; i++) {
    if (skipping) while (j < n2 && skipOut.has(d2.referenceNode[j]!)) outRef.set(d2.referenceNode[j]!, j++);
    if (j >= n2) return { path: `name '${d1.referenceName[i]}'`, message: "a name reference vanished" };
    if (d1.referenceResolution[i] !== d2.referenceResolution[j]) return { path: refWhat(i, j), message: "resolves differently after renaming" };
    const t1 = d1.referenceTarget[i]!;
    const t2 = d2.referenceTarget[j]!;
    if (t1 < 0 && d1.referenceName[i] !== d2.referenceName[j]) return { path: refWhat(i, j), message: "a builtin or global name was renamed" };
    const m = sameVariable(t1, t2);
    if (m) return { path: refWhat(i, j), message: m };
    j++;
  }
  if (skipping) while (j < n2 && skipOut.has(d2.referenceNode[j]!)) outRef.set(d2.referenceNode[j]!, j++);
  if (j < n2) return { path: `name '${d2.referenceName[j]}'`, message: "a name reference appeared" };

  // Bindings, in order.
  const params = new Map<Node, number>();
  const params1 = new Map<Node, number>();
  const m1 = d1.bindingNode.length;
  const m2 = d2.bindingNode.length;
  const bindingWhat = (i: number, j: number): string => `binding '${d1.bindingName[i]}' (now '${d2.bindingName[j]}')`;
  j = 0;
  for (let i = 0; i < m1; i++) {
    if (skipping) while (j < m2 && skipOut.has(d2.bindingNode[j]!)) j++;
    if (j >= m2) return { path: `binding '${d1.bindingName[i]}'`, message: "a binding vanished" };
    if (d1.bindingKind[i] !== d2.bindingKind[j]) return { path: bindingWhat(i, j), message: "binds differently" };
    const t1 = d1.symbolTarget[d1.bindingSymbol[i]!]!;
    const t2 = d2.symbolTarget[d2.bindingSymbol[j]!]!;
    if (skipping && aliasArgs.has(d1.bindingNode[i]!)) {
      if (!params1.has(d1.bindingNode[i]!)) params1.set(d1.bindingNode[i]!, i);
      params.set(d1.bindingNode[i]!, j);
      j++;
      continue;
    }
    if (t1 < 0 && d1.bindingName[i] !== d2.bindingName[j]) return { path: bindingWhat(i, j), message: "an unresolved binding was renamed" };
    const m = sameVariable(t1, t2);
    if (m) return { path: bindingWhat(i, j), message: m };
    j++;
  }
  if (skipping) while (j < m2 && skipOut.has(d2.bindingNode[j]!)) j++;
  if (j < m2) return { path: `binding '${d2.bindingName[j]}'`, message: "a binding appeared" };
  if (aliases.length === 0) return null;

  // How many bindings and references each variable of the output has (what bindingsOf() and
  // referencesOfSymbol() of the output model would list).
  const bindingCount = new Int32Array(d2.symbolName.length);
  for (let b = 0; b < m2; b++) {
    const t = d2.symbolTarget[d2.bindingSymbol[b]!]!;
    if (t >= 0) bindingCount[t]!++;
  }
  const referenceCount = new Int32Array(d2.symbolName.length);
  for (let r = 0; r < n2; r++) {
    const t = d2.referenceTarget[r]!;
    if (t >= 0) referenceCount[t]!++;
  }
  const countOf = (counts: Int32Array, symbol: number): number => {
    const t = symbol < 0 ? -1 : d2.symbolTarget[symbol]!;
    return t < 0 ? 0 : counts[t]!;
  };

  // Aliases: `a=param`, where `a` is the variable every original read of the parameter became,
  // and the parameter is read by nothing else.
  for (const al of aliases) {
    const where = `alias of parameter '${(al.arg as { arg: string }).arg}'`;
    const pb = params.get(al.arg);
    const t = outRef.get(al.targetOut);
    const v = outRef.get(al.valueOut);
    const b1 = params1.get(al.arg) ?? -1;
    if (pb === undefined || t === undefined || v === undefined || b1 < 0) return { path: where, message: "the alias assignment does not resolve" };
    const p1 = d1.symbolTarget[d1.bindingSymbol[b1]!]!;
    const p2 = d2.symbolTarget[d2.bindingSymbol[pb]!]!;
    const a2 = d2.referenceTarget[t]!;
    const f = fwd[p1] ?? -1;
    const r = a2 >= 0 ? rev[a2]! : -1;
    const ok =
      d2.referenceResolution[t] === ResolutionKind.Local &&
      d2.referenceResolution[v] === ResolutionKind.Local &&
      d2.referenceTarget[v] === p2 &&
      a2 >= 0 &&
      (f < 0 ? a2 : f) === a2 &&
      (r < 0 ? p1 : r) === p1 &&
      !(p2 >= 0 && rev[p2]! >= 0) &&
      countOf(bindingCount, a2) === 1 &&
      countOf(referenceCount, p2) === 1;
    if (!ok) return { path: where, message: "the alias does not stand for the parameter" };
  }
  return null;
}
