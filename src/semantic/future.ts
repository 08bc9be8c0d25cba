/**
 * `from __future__ import …` handling, as CPython's future.c runs it before the symbol table:
 * collects the features and rejects unknown ones (`symtable.symtable()` reports these errors too).
 */
import type { ImportFrom, Module, Stmt } from "../python/ast.js";
import type { SourceFile } from "../python/source.js";
import { symtableError } from "./errors.js";

export interface FutureFeatures {
  /** `from __future__ import annotations` (PEP 563). */
  annotations: boolean;
  /** The last statement of the leading block of future imports (3.14 rejects later ones), or null. */
  last: ImportFrom | null;
}

const KNOWN = new Set([
  "nested_scopes", "generators", "division", "absolute_import", "with_statement", "print_function",
  "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations",
]);

function isDocstring(s: Stmt | undefined): boolean {
  return s !== undefined && s._type === "Expr" && s.value._type === "Constant" && typeof s.value.value === "string";
}

function isFutureImport(s: Stmt): s is ImportFrom {
  return s._type === "ImportFrom" && s.module === "__future__";
}

function checkFeatures(s: ImportFrom, source: SourceFile, minor: number, out: FutureFeatures): void {
  for (const alias of s.names) {
    if (alias.name === "annotations") out.annotations = true;
    if (KNOWN.has(alias.name)) continue;
    // 3.14 points at the alias; 3.11 at the statement.
    const at = minor >= 14 ? alias.start : s.start;
    if (alias.name === "braces") throw symtableError(source, "not a chance", at);
    throw symtableError(source, `future feature ${alias.name} is not defined`, at);
  }
}

/** The future features of a module; throws PythonSyntaxError like CPython's future pass. */
export function futureFeatures(module: Module, source: SourceFile, minor: number): FutureFeatures {
  const out: FutureFeatures = { annotations: false, last: null };
  const body = module.body;
  let i = isDocstring(body[0]) ? 1 : 0;
  if (minor >= 14) {
    for (; i < body.length; i++) {
      const s = body[i]!;
      if (!isFutureImport(s) || s.level !== 0) break;
      checkFeatures(s, source, minor, out);
      out.last = s;
    }
    return out;
  }
  // ≤ 3.13: a future import after another statement on the *same line* is rejected here (with the
  // statement's 0-based column); later lines are left to the compiler.
  let done = false;
  let prevLine = 0;
  for (; i < body.length; i++) {
    const s = body[i]!;
    const line = source.lineOf(s.start);
    if (done && line > prevLine) break;
    prevLine = line;
    if (isFutureImport(s)) {
      if (done) throw symtableError(source, "from __future__ imports must occur at the beginning of the file", s.start, s.start, 0);
      checkFeatures(s, source, minor, out);
      out.last = s;
    } else done = true;
  }
  return out;
}
