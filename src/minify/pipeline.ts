/**
 * Minifies one file: bytes in, bytes out, with everything that happened as data.
 *
 *   decode → parse → transforms (in this order, each switched by the settings) → emit (compact
 *   printer, or source edits in preserve layout) → encode → safety net (verify.ts)
 *
 * A file that cannot be read as Python is an error; an output that fails the safety net is a
 * bailout. Either way the result carries the input bytes unchanged and the reason.
 */
import type { Assign, Module, Stmt } from "../python/ast.js";
import { checkCompiler, checkFutureImports } from "../python/compile-checks.js";
import { PythonSyntaxError } from "../python/errors.js";
import { parseSource } from "../python/parser.js";
import { decodeSource, type SourceFile } from "../python/source.js";
import { buildSemanticModel, type SemanticModel } from "../semantic/index.js";
import { Codes } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { cloneTree } from "./clone.js";
import type { DocKeep } from "./doc-reads.js";
import { outputCodec } from "./encoding.js";
import { fileHeader } from "./header.js";
import { preserveLayout } from "./layout.js";
import { lineArithmeticOf } from "./line-reads.js";
import type { MinifySettings } from "./options.js";
import { Laps, type PhaseTimes } from "./perf.js";
import { runtimeComments } from "./type-comments.js";
import { PlanError, sha256, type FilePlan, type ScopePlan } from "./plan.js";
import { PrintError, printModule } from "./printer.js";
import type { ChangeLog, Transform, TransformContext } from "./transform.js";
import { removeDocstrings } from "./transforms/remove-docstrings.js";
import { removePass } from "./transforms/remove-pass.js";
import { renameNames } from "./transforms/rename-names.js";
import { compareOutput, compareResolution, expectedChanges, type AliasCheck } from "./verify.js";

/** The transforms, in the order they run. */
export const TRANSFORMS: readonly Transform[] = [renameNames, removeDocstrings, removePass];

export type MinifyStatus = "minified" | "unchanged" | "bailout" | "error";

export interface MinifyResult {
  /** Path as given (for messages). */
  path: string;
  status: MinifyStatus;
  /** The new bytes; the input bytes for unchanged, bailout and error. */
  output: Uint8Array;
  inputBytes: number;
  outputBytes: number;
  /** Why the file was left alone (bailout or error). */
  reason: string | null;
  diagnostics: Diagnostic[];
  /** The rename plan of the file (scopes that own variables). */
  plan: FilePlan;
  removedDocstrings: number;
  removedPasses: number;
  renamedNames: number;
  /** Milliseconds per phase, when they were asked for (`MinifyExtras.perf`, batch `perf`). */
  perf?: PhaseTimes;
}

export interface MinifyExtras {
  /** Renames to apply instead of computing them (apply-plan): scope id → plan. */
  presetPlan?: ReadonlyMap<string, ScopePlan> | null;
  /** Module-level names other files of the tree import (rename-globals). */
  externalNames?: ReadonlySet<string> | null;
  /** Docstrings of this file the rest of the tree reads (minify-dir). */
  docKeep?: DocKeep | null;
  /** Functions of other files that read their caller's variables (minify-dir; semantic/frame-readers.ts). */
  frameReaders?: ReadonlySet<string> | null;
  /** Plan path to record (defaults to `path`). */
  planPath?: string;
  /** Only compute the plan: no output, no safety net. */
  planOnly?: boolean;
  /** Fill `result.plan` (always done with `planOnly`). */
  wantPlan?: boolean;
  /** Add the time of each phase here (`--perf`). */
  perf?: PhaseTimes | null;
}

class Bailout extends Error {}

export function minifySource(bytes: Uint8Array, path: string, settings: MinifySettings, extras: MinifyExtras = {}): MinifyResult {
  const laps = new Laps(extras.perf ?? null);
  const hash = sha256(bytes);
  const result: MinifyResult = {
    path,
    status: "unchanged",
    output: bytes,
    inputBytes: bytes.length,
    outputBytes: bytes.length,
    reason: null,
    diagnostics: [],
    plan: { path: extras.planPath ?? path, sha256: hash, scopes: [] },
    removedDocstrings: 0,
    removedPasses: 0,
    renamedNames: 0,
  };
  let source: SourceFile;
  let module: Module;
  let comments: Array<{ start: number; end: number }>;
  try {
    source = decodeSource(bytes, path);
    laps.lap("decode");
    const parsed = parseSource(source, { minor: settings.minor });
    module = parsed.module;
    comments = parsed.comments;
    // What CPython rejects after parsing (`return` outside a function, a misplaced `from
    // __future__`, an unreachable `case`…): the file cannot run as it is, so it stays as it is.
    const rejected = checkFutureImports(module, source, settings.minor) ?? checkCompiler(module, source, settings.minor);
    if (rejected) return fail(result, "error", rejected.message, rejected, Codes.CompileError);
    laps.lap("parse");
  } catch (e) {
    if (e instanceof PythonSyntaxError) return fail(result, "error", e.message, e, e.message.includes("codec") || e.message.includes("encoding") ? Codes.DecodeError : Codes.SyntaxError);
    throw e;
  }

  // Code computing with its own line numbers keeps them: the preserve layout moves no line (decided
  // before the transforms: the compact layout's parameter aliases insert statements).
  const lineReader = settings.layout === "compact" ? lineArithmeticOf(module, source) : null;
  if (lineReader) {
    settings = { ...settings, layout: "preserve" };
    const at = source.errorPosition(lineReader.start);
    result.diagnostics.push({
      code: Codes.MinifyLinesKept,
      severity: "info",
      message: "line structure kept: the code computes with line numbers of running code (the compact layout would change them)",
      file: path,
      line: at.line,
      col: at.col,
    });
  }
  laps.lap("parse");
  const semanticOptions = { minor: settings.minor, frameReaders: extras.frameReaders ?? null };
  const pristine = cloneTree(module);
  laps.lap("snapshot");
  let model: SemanticModel | null = null;
  const changes: ChangeLog = { removed: [], renamed: [], aliases: [], scopes: [], renamedCount: 0 };
  const ctx: TransformContext = {
    settings,
    source,
    model: () => {
      if (model) return model;
      laps.lap("transforms");
      model = buildSemanticModel(module, source, semanticOptions);
      laps.lap("model");
      return model;
    },
    builtModel: () => model,
    wantPlan: extras.planOnly === true || extras.wantPlan === true,
    changes,
    presetPlan: extras.presetPlan ?? null,
    externalNames: extras.externalNames ?? null,
    docKeep: extras.docKeep ?? null,
  };
  try {
    for (const t of TRANSFORMS) if (t.enabled(settings)) t.run(module, ctx);
    laps.lap("transforms");
  } catch (e) {
    if (e instanceof PythonSyntaxError) return fail(result, "error", e.message, e, Codes.CompileError);
    if (e instanceof PlanError) return fail(result, "error", `rename plan: ${e.message}`, null, Codes.MinifyPlanRejected);
    throw e;
  }
  result.plan.scopes = changes.scopes;
  result.removedDocstrings = changes.removed.filter((r) => r.why === "docstring").length;
  result.removedPasses = changes.removed.filter((r) => r.why === "pass").length;
  result.renamedNames = changes.renamedCount;
  if (extras.planOnly) return result;

  try {
    const codec = outputCodec(source.encoding);
    const text =
      settings.layout === "preserve"
        ? preserveLayout(module, source, changes, comments, settings, codec.canEncode)
        : compactText(module, source, comments, settings, codec.canEncode);
    laps.lap("print");
    const encoded = codec.encode(text);
    if (!encoded) throw new Bailout(`the output cannot be written in the file's encoding (${source.encoding})`);
    const out = source.bom ? withBom(encoded) : encoded;
    const same = sameBytes(out, bytes);
    laps.lap("encode");
    if (same) return result;
    verifyOutput(out, path, settings, pristine, model, changes, laps);
    result.status = "minified";
    result.output = out;
    result.outputBytes = out.length;
    return result;
  } catch (e) {
    if (e instanceof Bailout || e instanceof PrintError) return fail(result, "bailout", e.message, null, Codes.MinifyBailout);
    throw e;
  }
}

function fail(result: MinifyResult, status: "error" | "bailout", reason: string, e: PythonSyntaxError | null, code: Diagnostic["code"]): MinifyResult {
  result.status = status;
  result.reason = reason;
  result.output = result.output; // unchanged input
  result.renamedNames = status === "bailout" ? 0 : result.renamedNames;
  result.diagnostics.push({
    code,
    severity: status === "error" ? "error" : "warning",
    message: status === "bailout" ? `left unchanged: ${reason}` : reason,
    file: result.path,
    line: e ? e.line : 0,
    col: e ? e.col : 0,
  });
  return result;
}

/** Header lines, then the printed module, in the file's newline style and trailing newline. */
function compactText(
  module: Module,
  source: SourceFile,
  comments: ReadonlyArray<{ start: number }>,
  settings: MinifySettings,
  canEncode: (cp: number) => boolean,
): string {
  const header = fileHeader(source, settings.keepLicenseHeader);
  const kept = runtimeComments(source.text, comments, new Set(header.map((h) => h.start)));
  const body = printModule(module, { minor: settings.minor, indent: settings.indent, canEncode, comments: kept.length ? { kept, text: source.text } : null, text: source.text });
  const lines = header.map((h) => h.text);
  if (body) lines.push(body);
  const nl = source.newline;
  let text = lines.join("\n");
  if (nl !== "\n") text = text.replace(/\n/g, nl);
  const trailing = /[\r\n]$/.test(source.text);
  if (text && trailing) text += nl;
  return text;
}

function withBom(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(bytes, 3);
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The safety net (see verify.ts); throws Bailout with the reason. */
function verifyOutput(
  out: Uint8Array,
  path: string,
  settings: MinifySettings,
  pristine: Module,
  model: SemanticModel | null,
  changes: ChangeLog,
  laps: Laps,
): void {
  let source2: SourceFile;
  let module2: Module;
  try {
    source2 = decodeSource(out, path);
    module2 = parseSource(source2, { minor: settings.minor }).module;
    laps.lap("verify.reparse");
  } catch (e) {
    if (e instanceof PythonSyntaxError) throw new Bailout(`the output does not parse: ${e.format()}`);
    throw e;
  }
  // The output counterparts of the inserted alias assignments, for the semantic check.
  const found = new Map<Stmt, Stmt>();
  const mismatch = compareOutput(pristine, module2, expectedChanges(changes), found);
  if (mismatch) throw new Bailout(`the output's syntax tree differs from the original at ${mismatch.path}: ${mismatch.message}`);
  laps.lap("verify.compare");
  const renamed = changes.renamed.length > 0;
  if (renamed && model) {
    let model2: SemanticModel;
    try {
      model2 = buildSemanticModel(module2, source2, { minor: settings.minor });
      laps.lap("verify.model");
    } catch (e) {
      if (e instanceof PythonSyntaxError) throw new Bailout(`the output does not compile: ${e.message}`);
      throw e;
    }
    const checks: AliasCheck[] = [];
    for (const a of changes.aliases) {
      const stmtOut = found.get(a.stmt) as Assign | undefined;
      if (!stmtOut) throw new Bailout(`a parameter alias is missing from the output`);
      checks.push({ arg: a.arg, stmt: a.stmt, targetOut: stmtOut.targets[0]!, valueOut: stmtOut.value });
    }
    const m = compareResolution(model, model2, checks);
    if (m) throw new Bailout(`renaming changed name resolution: ${m.path}: ${m.message}`);
    laps.lap("verify.resolution");
  }
}
