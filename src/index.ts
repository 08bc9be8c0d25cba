/**
 * tsrs public API. Everything here is pure: it returns data (results and diagnostics) and never
 * touches process state; the CLI (src/cli) is a thin layer over it.
 */
export type * from "./python/ast.js";
export { ELLIPSIS, PyComplex, PyEllipsis } from "./python/ast.js";
export { NODE_SPECS, FieldKind } from "./python/ast-schema.js";
export { decodeSource, sourceFromString, SourceFile, type Position } from "./python/source.js";
export { PythonSyntaxError, parsePythonVersion, DEFAULT_MINOR } from "./python/errors.js";
export { parseSource, parseModule, type ParseOptions, type ParseResult } from "./python/parser.js";
export { dumpAst, type DumpOptions } from "./python/dump.js";
export { unparse } from "./python/unparse.js";
export { checkSyntax, type CheckOptions } from "./python/check.js";
export { buildSemanticModel, symtableDump } from "./semantic/index.js";
export { analyzeEnvironment, type EnvironmentReport } from "./venv/analyze.js";
export { findEnvironment } from "./venv/environment.js";
export { planSlim, type SlimPlan, type SlimPlanOptions } from "./venv/slim-plan.js";
export { writeSlim, type SlimWriteOptions, type SlimWriteResult } from "./venv/slim-write.js";
export { minifySource, type MinifyResult } from "./minify/pipeline.js";
export { DEFAULT_SETTINGS as DEFAULT_MINIFY_SETTINGS, mergeSettings as mergeMinifySettings, type MinifySettings } from "./minify/options.js";
export { minifyBatch, MinifyPool, type BatchData, type BatchItem, type BatchRun } from "./minify/batch.js";
export { docReadsOf, type DocReads, type DocKeepFlags } from "./minify/doc-reads.js";
export { treeReads, type TreeReads, type TreeReadsOptions } from "./minify/tree-reads.js";
export { findDeadCode, type DeadcodeOptions, type DeadcodeResult } from "./deadcode/analyze.js";
export { Codes, type Code } from "./diagnostics/codes.js";
export type { Diagnostic, Severity } from "./diagnostics/diagnostic.js";
export { VERSION } from "./version.js";
