/**
 * Findings about user code are data, never thrown: a Diagnostic names a stable code, the file and
 * a range. Reporters format them; the CLI picks the exit code.
 */
import type { Code } from "./codes.js";

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  /** Path relative to the working directory (POSIX separators) or as given. */
  file: string;
  /** 1-based line and column (code points, as CPython reports them); 0 when not applicable. */
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
}

/** Sort key order used everywhere: path, line, column, code. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.col - b.col ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/** `file:line:col: message` (the form editors and CI annotators understand); parts that are 0
 * (not applicable) are left out: `file:line: message`, `file: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? (d.col > 0 ? `${d.file}:${d.line}:${d.col}` : `${d.file}:${d.line}`) : d.file;
  return `${where}: ${d.message}`;
}
