/**
 * The safety net. A minified file is accepted only when
 *  1. its bytes decode and parse again for the target version;
 *  2. the re-parsed tree equals the transformed tree exactly (the printer or the source edits are
 *     faithful), and the transformed tree equals the original modulo the allowed changes: removed
 *     docstrings and `pass` statements, renamed identifiers;
 *  3. when names were renamed: the semantic model of the output resolves every name occurrence the
 *     way the original's did — same kind (local, free, global, builtin…), the same variable under a
 *     one-to-one mapping, builtins and unresolved globals under their own names.
 * Anything else is a bailout: the file is left byte-identical and the reason reported.
 */
import type { Assign, ConstantValue, Module, Node, Stmt } from "../python/ast.js";
import { ELLIPSIS, PyComplex, PyStr } from "../python/ast.js";
import { FieldKind, NODE_SPECS } from "../python/ast-schema.js";
import { dumpAst } from "../python/dump.js";
import { ResolutionKind, type SemanticModel } from "../semantic/index.js";

export interface Mismatch {
  /** Where, as a path of fields from the module (`body[3].value.args[0]`). */
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

const STMT_LISTS = new Set(["body", "orelse", "finalbody"]);
/** Identifier fields a rename may change. */
const RENAMABLE = new Set(["Name.id", "arg.arg", "ExceptHandler.name", "alias.asname", "Global.names", "Nonlocal.names",
  "MatchAs.name", "MatchStar.name", "MatchMapping.rest", "FunctionDef.name", "AsyncFunctionDef.name", "ClassDef.name"]);

/** Node pairs the semantic check looks at: `Name`s and binding sites, in walk order. */
export interface Pairs {
  a: Node[];
  b: Node[];
}

/**
 * Compares two trees; returns the first mismatch or null. With `pairs`, collects node pairs for the
 * semantic check.
 */
export function compareTrees(a: Module, b: Module, options: CompareOptions = STRICT, pairs: Pairs | null = null): Mismatch | null {
  const path: string[] = [];
  let mismatch: Mismatch | null = null;
  const fail = (message: string): false => {
    mismatch = { path: path.join("") || "<module>", message };
    return false;
  };

  const node = (x: Node, y: Node): boolean => {
    if (x._type !== y._type) return fail(`${x._type} became ${y._type}`);
    if (pairs && (x._type === "Name" || BINDING_SITES.has(x._type))) {
      pairs.a.push(x);
      pairs.b.push(y);
    }
    const spec = NODE_SPECS[x._type];
    const rx = x as unknown as Record<string, unknown>;
    const ry = y as unknown as Record<string, unknown>;
    for (const f of spec.fields) {
      const vx = rx[f.name];
      const vy = ry[f.name];
      path.push("." + f.name);
      let ok: boolean;
      if (x._type === "Constant" && f.name === "value") {
        ok = sameConstant(vx as ConstantValue, vy as ConstantValue) || fail(`constant ${show(vx)} became ${show(vy)}`);
      } else if (f.kind === FieldKind.List) {
        const lx = (vx as unknown[] | undefined) ?? [];
        const ly = (vy as unknown[] | undefined) ?? [];
        ok = STMT_LISTS.has(f.name) ? block(lx as Stmt[], ly as Stmt[]) : list(lx, ly, `${x._type}.${f.name}`);
      } else ok = value(vx, vy, `${x._type}.${f.name}`);
      path.pop();
      if (!ok) return false;
    }
    return true;
  };

  const value = (vx: unknown, vy: unknown, field: string): boolean => {
    if (vx === undefined) vx = null;
    if (vy === undefined) vy = null;
    if (vx !== null && typeof vx === "object") {
      if (vy === null || typeof vy !== "object") return fail(`${field} changed`);
      return node(vx as Node, vy as Node);
    }
    if (vx === vy) return true;
    if (typeof vx === "string" && typeof vy === "string" && options.identifiers && RENAMABLE.has(field)) return true;
    // `alias.asname` may appear when an import is renamed.
    if (field === "alias.asname" && options.identifiers && (vx === null || vy === null)) return true;
    return fail(`${field} ${show(vx)} became ${show(vy)}`);
  };

  const list = (lx: unknown[], ly: unknown[], field: string): boolean => {
    if (lx.length !== ly.length) return fail(`${field} has ${ly.length} items instead of ${lx.length}`);
    for (let i = 0; i < lx.length; i++) {
      path.push(`[${i}]`);
      const ok = value(lx[i], ly[i], field);
      path.pop();
      if (!ok) return false;
    }
    return true;
  };

  /** Statement lists: removed docstrings and passes are skipped; an emptied block holds `pass`. */
  const inserted = options.inserted;
  const block = (lx: Stmt[], ly: Stmt[]): boolean => {
    if (!options.docstrings && !options.pass && !inserted?.size) return list(lx, ly, "body");
    let i = 0;
    let j = 0;
    let leading = true;
    while (i < lx.length) {
      while (inserted && j < ly.length && inserted.has(ly[j])) j++;
      const x = lx[i]!;
      const y = ly[j];
      const droppable = (options.docstrings && leading && isStringStmt(x)) || (options.pass && x._type === "Pass");
      if (droppable && !(y && sameStmtHead(x, y))) {
        i++;
        continue;
      }
      leading = false;
      if (!y) return fail(`statement ${i} (${x._type}) is missing`);
      path.push(`[${i}]`);
      const ok = node(x, y);
      path.pop();
      if (!ok) return false;
      i++;
      j++;
    }
    while (inserted && j < ly.length && inserted.has(ly[j])) j++;
    if (j < ly.length) {
      // A block emptied by the removals holds a single `pass`.
      if (j === 0 && ly.length === 1 && ly[0]!._type === "Pass" && lx.length > 0) return true;
      return fail(`extra statement ${ly[j]!._type}`);
    }
    return true;
  };

  return node(a, b) ? null : mismatch;
}

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

/** Node types that bind names without being a `Name`. */
const BINDING_SITES = new Set([
  "arg", "ExceptHandler", "alias", "Global", "Nonlocal", "MatchAs", "MatchStar", "MatchMapping",
  "FunctionDef", "AsyncFunctionDef", "ClassDef", "TypeVar", "ParamSpec", "TypeVarTuple",
]);

/**
 * Semantic check of renames: every paired occurrence resolves alike in both models (see the module
 * comment). `original` must be the model of the tree `pairs.a` belongs to.
 */
export function compareResolution(
  original: SemanticModel,
  output: SemanticModel,
  pairs: Pairs,
  aliases: ReadonlyArray<{ arg: Node; stmt: Assign }> = [],
): Mismatch | null {
  const refs1 = nodeIndex(original.data.referenceNode);
  const refs2 = nodeIndex(output.data.referenceNode);
  const binds1 = nodeIndex(original.data.bindingNode);
  const binds2 = nodeIndex(output.data.bindingNode);
  const fwd = new Map<number, number>();
  const rev = new Map<number, number>();
  const d1 = original.data;
  const d2 = output.data;

  const sameVariable = (t1: number, t2: number, what: string): Mismatch | null => {
    if (t1 < 0 || t2 < 0) return t1 === t2 ? null : { path: what, message: "resolves to a different kind of name" };
    const f = fwd.get(t1);
    const r = rev.get(t2);
    if (f === undefined && r === undefined) {
      fwd.set(t1, t2);
      rev.set(t2, t1);
      return null;
    }
    if (f === t2 && r === t1) return null;
    return { path: what, message: `'${d1.symbolName[t1]}' and '${d2.symbolName[t2]}' are not renamed one-to-one` };
  };

  // A parameter alias: the original parameter's variable continues as the alias (`a=param`), and
  // the parameter itself is read exactly once, by that assignment.
  const skip = new Set<Node>();
  if (aliases.length) {
    const counterpart = new Map<Node, Node>();
    for (let i = 0; i < pairs.a.length; i++) counterpart.set(pairs.a[i]!, pairs.b[i]!);
    for (const al of aliases) {
      const target = al.stmt.targets[0]!;
      const value = al.stmt.value;
      const argOut = counterpart.get(al.arg);
      const targetOut = counterpart.get(target);
      const valueOut = counterpart.get(value);
      const where = `alias of parameter '${(al.arg as { arg: string }).arg}'`;
      if (!argOut || !targetOut || !valueOut) return { path: where, message: "the alias assignment is missing" };
      const b1 = binds1.get(al.arg)?.[0];
      const b2 = binds2.get(argOut)?.[0];
      const t = refs2.get(targetOut)?.[0];
      const v = refs2.get(valueOut)?.[0];
      if (b1 === undefined || b2 === undefined || t === undefined || v === undefined) return { path: where, message: "the alias does not resolve" };
      const p1 = d1.symbolTarget[d1.bindingSymbol[b1]!]!;
      const p2 = d2.symbolTarget[d2.bindingSymbol[b2]!]!;
      const a2 = d2.referenceTarget[t]!;
      const ok =
        d2.referenceResolution[t] === ResolutionKind.Local &&
        d2.referenceResolution[v] === ResolutionKind.Local &&
        d2.referenceTarget[v] === p2 &&
        a2 >= 0 &&
        output.bindingsOf(a2).length === 1 &&
        output.referencesOfSymbol(p2).length === 1 &&
        !fwd.has(p1) &&
        !rev.has(a2) &&
        !rev.has(p2);
      if (!ok) return { path: where, message: "the alias does not stand for the parameter" };
      fwd.set(p1, a2);
      rev.set(a2, p1);
      rev.set(p2, -2); // nothing else may turn into the parameter
      skip.add(al.arg);
      skip.add(target);
      skip.add(value);
    }
  }

  for (let i = 0; i < pairs.a.length; i++) {
    const x = pairs.a[i]!;
    const y = pairs.b[i]!;
    if (skip.has(x)) continue;
    if (x._type === "Name") {
      const r1 = refs1.get(x);
      const r2 = refs2.get(y);
      if (r1 === undefined || r2 === undefined) {
        if (r1 !== r2) return { path: nameAt(x), message: "a name reference appeared or vanished" };
        continue;
      }
      const where = `name '${d1.referenceName[r1[0]!]}' (now '${d2.referenceName[r2[0]!]}')`;
      for (let k = 0; k < Math.max(r1.length, r2.length); k++) {
        const a = r1[k];
        const b = r2[k];
        if (a === undefined || b === undefined) return { path: where, message: "reference count differs" };
        if (d1.referenceResolution[a] !== d2.referenceResolution[b]) return { path: where, message: "resolves differently after renaming" };
        const t1 = d1.referenceTarget[a]!;
        const t2 = d2.referenceTarget[b]!;
        if (t1 < 0 && d1.referenceName[a] !== d2.referenceName[b]) return { path: where, message: "a builtin or global name was renamed" };
        const m = sameVariable(t1, t2, where);
        if (m) return m;
      }
      continue;
    }
    const b1 = binds1.get(x) ?? [];
    const b2 = binds2.get(y) ?? [];
    if (b1.length !== b2.length) return { path: x._type, message: "bindings appeared or vanished" };
    for (let k = 0; k < b1.length; k++) {
      const a = b1[k]!;
      const b = b2[k]!;
      const where = `binding '${d1.bindingName[a]}' (now '${d2.bindingName[b]}')`;
      if (d1.bindingKind[a] !== d2.bindingKind[b]) return { path: where, message: "binds differently" };
      const t1 = d1.symbolTarget[d1.bindingSymbol[a]!]!;
      const t2 = d2.symbolTarget[d2.bindingSymbol[b]!]!;
      if (t1 < 0 && d1.bindingName[a] !== d2.bindingName[b]) return { path: where, message: "an unresolved binding was renamed" };
      const m = sameVariable(t1, t2, where);
      if (m) return m;
    }
  }
  return null;
}

function nameAt(n: Node): string {
  return n._type === "Name" ? `name '${n.id}'` : n._type;
}

function nodeIndex(nodes: readonly Node[]): Map<Node, number[]> {
  const map = new Map<Node, number[]>();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const list = map.get(n);
    if (list) list.push(i);
    else map.set(n, [i]);
  }
  return map;
}
