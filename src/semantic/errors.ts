/**
 * Syntax errors raised by the symbol table pass. CPython locates them with the node's
 * `col_offset + 1`, i.e. a 1-based column in UTF-8 *bytes* (not code points as the parser does),
 * so they are built here rather than with `SourceFile.syntaxError`.
 */
import { PythonSyntaxError } from "../python/errors.js";
import type { SourceFile } from "../python/source.js";

/** A symtable error spanning `[start, end)`; `byteOffset` is added to the column (CPython quirks). */
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
