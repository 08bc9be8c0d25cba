/**
 * "Will this file compile on Python 3.X?" — decode, parse for the target version, then run the
 * checks CPython's compiler makes after parsing (symtable), so that what we accept is what
 * `python -m py_compile` accepts. Returns findings as data.
 */
import { Codes } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { buildSemanticModel } from "../semantic/index.js";
import { checkCompiler, checkFutureImports } from "./compile-checks.js";
import { PythonSyntaxError } from "./errors.js";
import { parseSource } from "./parser.js";
import { decodeSource, type SourceFile } from "./source.js";

export interface CheckOptions {
  minor: number;
  /** Also run compile-time (symtable) checks (default true). */
  semantic?: boolean;
}

/** The first error CPython would report for these bytes, or null when the file compiles. */
export function checkSyntax(bytes: Uint8Array, file: string, options: CheckOptions): Diagnostic | null {
  let source: SourceFile;
  try {
    source = decodeSource(bytes, file);
  } catch (e) {
    if (e instanceof PythonSyntaxError) return toDiagnostic(e, Codes.DecodeError, file);
    throw e;
  }
  try {
    const { module } = parseSource(source, { minor: options.minor });
    if (options.semantic === false) return null;
    // CPython's order after parsing: __future__ rules, then the symbol table, then the compiler.
    const future = checkFutureImports(module, source, options.minor);
    if (future) return toDiagnostic(future, Codes.CompileError, file);
    try {
      buildSemanticModel(module, source, { minor: options.minor });
    } catch (e) {
      if (e instanceof PythonSyntaxError) return toDiagnostic(e, Codes.CompileError, file);
      throw e;
    }
    const compiled = checkCompiler(module, source, options.minor);
    return compiled ? toDiagnostic(compiled, Codes.CompileError, file) : null;
  } catch (e) {
    if (e instanceof PythonSyntaxError) return toDiagnostic(e, Codes.SyntaxError, file);
    throw e;
  }
}

function toDiagnostic(e: PythonSyntaxError, code: Diagnostic["code"], file: string): Diagnostic {
  const kind = e.kind === "SyntaxError" ? "" : `${e.kind}: `;
  return {
    code,
    severity: "error",
    message: kind + e.message,
    file,
    line: e.location.line,
    col: e.location.col,
    endLine: e.location.endLine,
    endCol: e.location.endCol,
  };
}
