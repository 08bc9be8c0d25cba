/**
 * `--fix`: removes dead definitions with minimal edits to the source text — whole lines of the
 * removed statement (decorators included), one name out of a multi-name import, a `pass` where a
 * block would be left empty — keeping the bytes of everything else (formatting, comments).
 *
 * Guard (every edited file): the new text must re-parse and compile for the target version, and
 * every name read in it must still resolve as before (no new unresolved globals, no definition
 * whose removal exposes a builtin). A file failing the guard is left untouched and reported.
 *
 * What is not removed (reported as skipped): a statement sharing its line with another
 * (`a = 1; b = 2`), one of several assignment targets (`a = b = 1`), a variable whose value may
 * have side effects.
 */
import { readFileSync } from "node:fs";
import { forEachBlock } from "../../python/walk.js";
import type * as A from "../../python/ast.js";
import { PythonSyntaxError } from "../../python/errors.js";
import { parseSource } from "../../python/parser.js";
import { decodeSource, type SourceFile } from "../../python/source.js";
import { checkSyntax } from "../../python/check.js";
import { buildSemanticModel, ResolutionKind, ReferenceContext, type SemanticModel } from "../../semantic/index.js";
import { outputCodec } from "../../minify/encoding.js";
import { DefFlag, DefKind } from "../../graph/callgraph/facts.js";
import type { Program } from "../../graph/callgraph/program.js";
import type { Finding } from "../findings.js";

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface FileFix {
  /** Absolute path and report path. */
  file: string;
  path: string;
  before: Uint8Array;
  /** New bytes, or null when nothing changes or the guard refused. */
  after: Uint8Array | null;
  removed: Finding[];
  skipped: { finding: Finding; why: string }[];
  /** Why the whole file was left untouched (guard failure), or null. */
  refused: string | null;
}

interface StmtInfo {
  stmt: A.Stmt;
  /** The statement list it belongs to. */
  body: A.Stmt[];
  /** Whether that list is a module body (may be empty) or a block (needs `pass`). */
  moduleLevel: boolean;
}

/** Plans the fixes for the given findings, file by file (sorted by path). */
export function planFixes(program: Program, findings: readonly Finding[], minor: number): FileFix[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const l = byFile.get(f.file);
    if (l) l.push(f);
    else byFile.set(f.file, [f]);
  }
  const out: FileFix[] = [];
  for (const [file, list] of [...byFile].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    out.push(fixFile(program, file, list, minor));
  }
  return out;
}

function fixFile(program: Program, file: string, findings: readonly Finding[], minor: number): FileFix {
  const path = findings[0]!.path;
  const result: FileFix = { file, path, before: new Uint8Array(), after: null, removed: [], skipped: [], refused: null };
  let source: SourceFile;
  let module: A.Module;
  try {
    result.before = readFileSync(file);
    source = decodeSource(result.before, file);
    module = parseSource(source, { minor }).module;
  } catch (e) {
    result.refused = `cannot read or parse: ${(e as Error).message}`;
    return result;
  }
  const text = source.text;
  const stmts = indexStatements(module, text);
  const edits: Edit[] = [];
  /** Statements removed whole, by the body they belong to. */
  const removedInBody = new Map<A.Stmt[], Set<A.Stmt>>();
  const removeStmt = (info: StmtInfo): void => {
    let set = removedInBody.get(info.body);
    if (!set) removedInBody.set(info.body, (set = new Set()));
    set.add(info.stmt);
  };
  // Import statements: dead aliases per statement.
  const deadAliases = new Map<A.Stmt, Set<number>>();
  // Assignments with several targets: the dead ones (by target offset) per statement.
  const deadTargets = new Map<A.Stmt, { findings: Finding[]; names: Set<number> }>();

  for (const f of findings) {
    const defs = [f.def, ...f.companions];
    let ok = true;
    const infos: StmtInfo[] = [];
    for (const d of defs) {
      const facts = program.facts(d);
      const local = program.defLocal[d]!;
      const flags = facts.defFlags[local]!;
      const kind = facts.defKind[local]!;
      const info = stmts.get(facts.defStart[local]!);
      if (!info || info.stmt.end !== facts.defEnd[local]) {
        result.skipped.push({ finding: f, why: "the file changed since it was analysed" });
        ok = false;
        break;
      }
      if (flags & DefFlag.SharesLine || !ownsLines(text, startOf(info.stmt, text), info.stmt.end)) {
        result.skipped.push({ finding: f, why: "shares its line with other code" });
        ok = false;
        break;
      }
      if (kind === DefKind.Variable && !(flags & DefFlag.Pure)) {
        result.skipped.push({ finding: f, why: "its value may have side effects" });
        ok = false;
        break;
      }
      if (kind === DefKind.Variable && flags & DefFlag.MultiTarget) {
        // `a = b = 1` / `a, b = 1, 2`: removable only when every target goes.
        let set = deadTargets.get(info.stmt);
        if (!set) deadTargets.set(info.stmt, (set = { findings: [], names: new Set() }));
        set.findings.push(f);
        set.names.add(facts.defItemStart[local]!);
        continue;
      }
      if (kind === DefKind.Import) {
        const stmt = info.stmt as A.Import | A.ImportFrom;
        const idx = stmt.names.findIndex((a) => a.start === facts.defItemStart[local] && a.end === facts.defItemEnd[local]);
        if (idx < 0) {
          result.skipped.push({ finding: f, why: "the file changed since it was analysed" });
          ok = false;
          break;
        }
        let set = deadAliases.get(stmt);
        if (!set) deadAliases.set(stmt, (set = new Set()));
        set.add(idx);
        continue;
      }
      infos.push(info);
    }
    if (!ok) continue;
    if (deadTargetsHave(deadTargets, f)) continue;
    for (const info of infos) removeStmt(info);
    result.removed.push(f);
  }
  for (const [stmt, dead] of deadTargets) {
    const all = assignedNames(stmt);
    if (all.length > 0 && all.every((n) => dead.names.has(n.start))) {
      removeStmt(stmts.get(stmt.start)!);
      result.removed.push(...dead.findings);
    } else {
      for (const f of dead.findings) result.skipped.push({ finding: f, why: "one of several assignment targets, not all unused" });
    }
  }

  // Imports: whole statement when every alias goes, else the aliases (with their commas).
  for (const [stmt, dead] of deadAliases) {
    const s = stmt as A.Import | A.ImportFrom;
    if (dead.size === s.names.length) {
      removeStmt(stmts.get(stmt.start)!);
      continue;
    }
    const idx = [...dead].sort((a, b) => a - b);
    let i = 0;
    while (i < idx.length) {
      let j = i;
      while (j + 1 < idx.length && idx[j + 1] === idx[j]! + 1) j++;
      const first = idx[i]!;
      const last = idx[j]!;
      if (last < s.names.length - 1) edits.push({ start: s.names[first]!.start, end: s.names[last + 1]!.start, text: "" });
      else edits.push({ start: s.names[first - 1]!.end, end: s.names[last]!.end, text: "" });
      i = j + 1;
    }
  }

  // Whole statements: remove their lines; a block left empty gets `pass`.
  for (const [body, removed] of removedInBody) {
    const info = stmts.get(startOf([...removed][0]!, text))!;
    const emptied = !info.moduleLevel && body.every((s) => removed.has(s));
    const ordered = body.filter((s) => removed.has(s));
    ordered.forEach((s, k) => {
      const start = startOf(s, text);
      const range = lineRange(text, start, s.end);
      if (emptied && k === 0) {
        const indent = text.slice(range.start, start);
        edits.push({ start: range.start, end: range.end, text: `${indent}pass${lineEnding(text, range.end)}` });
      } else edits.push(blankAware(text, range));
    });
  }

  if (edits.length === 0) return result;
  const newText = applyEdits(text, edits);
  const codec = outputCodec(source.encoding);
  const encoded = codec.encode(newText);
  if (!encoded) {
    result.refused = `cannot encode the result as ${source.encoding}`;
    result.removed = [];
    return result;
  }
  const after = source.bom ? concat(Uint8Array.from([0xef, 0xbb, 0xbf]), encoded) : encoded;
  const refusal = guard(source, module, after, minor, file);
  if (refusal) {
    result.refused = refusal;
    result.removed = [];
    return result;
  }
  result.after = after;
  return result;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function deadTargetsHave(m: Map<A.Stmt, { findings: Finding[] }>, f: Finding): boolean {
  for (const v of m.values()) if (v.findings.includes(f)) return true;
  return false;
}

/** The names an assignment binds (every target, unpacked). */
function assignedNames(s: A.Stmt): A.Name[] {
  const out: A.Name[] = [];
  const visit = (t: A.Expr): void => {
    if (t._type === "Name") out.push(t);
    else if (t._type === "Tuple" || t._type === "List") t.elts.forEach(visit);
    else if (t._type === "Starred") visit(t.value);
    else out.length = 0; // attribute or subscript target: not ours to remove
  };
  if (s._type === "Assign") {
    for (const t of s.targets) {
      visit(t);
      if (t._type !== "Name" && t._type !== "Tuple" && t._type !== "List") return [];
    }
  }
  return out;
}

/** The first offset of a statement, decorators included. */
function startOf(s: A.Stmt, text: string): number {
  if ((s._type === "FunctionDef" || s._type === "AsyncFunctionDef" || s._type === "ClassDef") && s.decorator_list.length > 0) {
    let i = s.decorator_list[0]!.start - 1;
    while (i >= 0 && text[i] !== "@") i--;
    return Math.max(0, i);
  }
  return s.start;
}

/** Every statement (in any block) by its start offset (decorators included). */
function indexStatements(module: A.Module, text: string): Map<number, StmtInfo> {
  const out = new Map<number, StmtInfo>();
  const visit = (body: A.Stmt[], moduleLevel: boolean): void => {
    for (const s of body) {
      out.set(startOf(s, text), { stmt: s, body, moduleLevel });
      if (s.start !== startOf(s, text)) out.set(s.start, { stmt: s, body, moduleLevel });
      forEachBlock(s, (b) => visit(b, false));
    }
  };
  visit(module.body, true);
  return out;
}

/** Whether [start, end) spans whole lines: only white space before, only white space or a comment after. */
function ownsLines(text: string, start: number, end: number): boolean {
  for (let i = start - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === "\n" || c === "\r") break;
    if (c !== " " && c !== "\t" && c !== "\f") return false;
  }
  for (let i = end; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n" || c === "\r" || c === "#") break;
    if (c !== " " && c !== "\t" && c !== "\f" && c !== "\\") return false;
  }
  return true;
}

/** The whole lines holding [start, end): from the line start to just after the line ending. */
function lineRange(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  while (s > 0 && text[s - 1] !== "\n" && text[s - 1] !== "\r") s--;
  let e = end;
  while (e < text.length && text[e] !== "\n" && text[e] !== "\r") e++;
  if (text[e] === "\r" && text[e + 1] === "\n") e += 2;
  else if (e < text.length) e++;
  return { start: s, end: e };
}

function lineEnding(text: string, at: number): string {
  const i = text.lastIndexOf("\n", at - 1);
  if (i > 0 && text[i - 1] === "\r") return "\r\n";
  if (i >= 0) return "\n";
  return text.includes("\r") ? "\r" : "\n";
}

const BLANK = /^[ \t\f]*(?:\r\n|\n|\r)/;

/**
 * Removes the lines, and as many blank lines after them as there are before (so two functions
 * separated by two blank lines stay so); at the end of the file the blank lines before go too.
 */
function blankAware(text: string, range: { start: number; end: number }): Edit {
  let before = 0;
  let p = range.start;
  for (;;) {
    let q = p - 1;
    if (q < 0) break;
    if (text[q] === "\n" && text[q - 1] === "\r") q--;
    let ls = q;
    while (ls > 0 && text[ls - 1] !== "\n" && text[ls - 1] !== "\r") ls--;
    if (!/^[ \t\f]*$/.test(text.slice(ls, q))) break;
    before++;
    p = ls;
    if (ls === 0) break;
  }
  let end = range.end;
  let after = 0;
  // First statement of a block (the line before opens it): the blank lines after it go too.
  const limit = before === 0 && opensBlock(text, range.start) ? Infinity : before;
  while (after < limit) {
    const m = BLANK.exec(text.slice(end, end + 200));
    if (!m) break;
    end += m[0].length;
    after++;
  }
  if (end >= text.length || /^[ \t\f\r\n]*$/.test(text.slice(end))) {
    // Nothing but blank lines follow: drop the blank lines before too.
    return { start: p, end: text.length, text: "" };
  }
  return { start: range.start, end, text: "" };
}

/** Whether the last non-blank line before `at` ends with `:` (a block header). */
function opensBlock(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 2000), at).replace(/#[^\n\r]*/g, "").trimEnd();
  return before.endsWith(":");
}

function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) {
      // Overlapping edits (blank-line extensions meeting): keep the larger reach.
      if (e.end > pos) pos = e.end;
      out += e.text;
      continue;
    }
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** Null when the new text is safe; else why not. */
function guard(source: SourceFile, module: A.Module, bytes: Uint8Array, minor: number, file: string): string | null {
  const diag = checkSyntax(bytes, file, { minor });
  if (diag) return `the edited file would not compile: ${diag.message} (line ${diag.line})`;
  let before: SemanticModel;
  let after: SemanticModel;
  try {
    before = buildSemanticModel(module, source, { minor });
    const src2 = decodeSource(bytes, file);
    after = buildSemanticModel(parseSource(src2, { minor }).module, src2, { minor });
  } catch (e) {
    if (e instanceof PythonSyntaxError) return `the edited file would not compile: ${e.message}`;
    throw e;
  }
  const loose = (m: SemanticModel): Set<string> => {
    const out = new Set<string>();
    for (let r = 0; r < m.referenceCount; r++) {
      if (m.data.referenceContext[r] === ReferenceContext.Store) continue;
      const k = m.data.referenceResolution[r];
      if (k === ResolutionKind.Unresolved || k === ResolutionKind.Builtin) out.add(m.data.referenceName[r]!);
    }
    return out;
  };
  const was = loose(before);
  for (const name of loose(after)) {
    if (!was.has(name)) return `'${name}' would no longer resolve to a definition`;
  }
  return null;
}
