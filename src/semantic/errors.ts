/**
 * Syntax errors raised by the symbol table pass. CPython locates them with the node's
 * `col_offset + 1`, i.e. a 1-based column in UTF-8 *bytes* (not code points as the parser does),
 * so they are built here rather than with `SourceFile.syntaxError`.
 */
import { PythonSyntaxError } from "../python/errors.js";
import type { SourceFile } from "../python/source.js";

/** A symtable error spanning `[start, end)`; `columnBias` is added to the 0-based byte column (1, or 0 for a 3.11 quirk). */
export function symtableError(
  source: SourceFile,
  message: string,
  start: number,
  end: number = start,
  columnBias = 1,
): PythonSyntaxError {
  const a = source.position(start);
  const b = source.position(Math.max(start, end));
  return new PythonSyntaxError(message, source.path, {
    line: a.line,
    col: a.col + columnBias,
    endLine: b.line,
    endCol: b.col + columnBias,
  });
}
