/**
 * Shared helpers for the semantic differential tests: run our symtable emulation on a file and
 * shape the result like the CPython oracle's record.
 */
import { readFileSync } from "node:fs";
import type { Module } from "../../src/python/ast.js";
import { PythonSyntaxError } from "../../src/python/errors.js";
import { parseSource } from "../../src/python/parser.js";
import { decodeSource, type SourceFile } from "../../src/python/source.js";
import { buildSemanticModel } from "../../src/semantic/scope-builder.js";
import { symtableDump } from "../../src/semantic/symtable-dump.js";
import type { OracleRecord } from "../oracle/oracle.js";

export interface Outcome {
  ok: boolean;
  scopes?: unknown[];
  error?: { line: number | null; col: number | null; message: string };
}

/** Our symtable for a parsed module, or the SyntaxError it raises. */
export function ourSymtable(module: Module, source: SourceFile, minor: number): Outcome {
  try {
    return { ok: true, scopes: [symtableDump(buildSemanticModel(module, source, { minor }), minor)] };
  } catch (e) {
    if (e instanceof PythonSyntaxError) return { ok: false, error: { line: e.line, col: e.col, message: e.message } };
    throw e;
  }
}

/** Parse with our parser; null when our parser rejects the file. */
export function parseWithOurs(path: string, minor: number): { module: Module; source: SourceFile } | null {
  try {
    const source = decodeSource(readFileSync(path), path);
    return { module: parseSource(source, { minor }).module, source };
  } catch (e) {
    if (e instanceof PythonSyntaxError) return null;
    throw e;
  }
}

/** The oracle's record in the same shape (SyntaxError type dropped: always SyntaxError here). */
export function theirSymtable(rec: OracleRecord): Outcome {
  if (rec.ok) return { ok: true, scopes: rec.scopes };
  const e = rec.error!;
  return { ok: false, error: { line: e.line, col: e.col, message: e.message } };
}
