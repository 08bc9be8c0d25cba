/**
 * Typed errors of the Python front end. A syntax error is an operational failure for one file: the
 * caller turns it into a diagnostic; it never ends a run over many files.
 */

export interface SyntaxErrorLocation {
  /** 1-based line, as CPython's `SyntaxError.lineno`. */
  line: number;
  /** 1-based column in code points, as CPython's `SyntaxError.offset`. */
  col: number;
  /** End of the offending range when known (same units), else equal to the start. */
  endLine: number;
  endCol: number;
}

/** Raised for source CPython would reject with `SyntaxError` (including decoding problems). */
export class PythonSyntaxError extends Error {
  override readonly name = "PythonSyntaxError";
  /** CPython's exception class name: SyntaxError, IndentationError or TabError. */
  readonly kind: "SyntaxError" | "IndentationError" | "TabError";
  constructor(
    message: string,
    readonly file: string,
    readonly location: SyntaxErrorLocation,
    kind: "SyntaxError" | "IndentationError" | "TabError" = "SyntaxError",
  ) {
    super(message);
    this.kind = kind;
  }
  get line(): number {
    return this.location.line;
  }
  get col(): number {
    return this.location.col;
  }
  /** `file:line:col: message`, the form every reporter uses. */
  format(): string {
    return `${this.file}:${this.location.line}:${this.location.col}: ${this.message}`;
  }
}

/** Python minor versions we model: 3.8 … 3.14. */
export const MIN_MINOR = 8;
export const MAX_MINOR = 14;
export const DEFAULT_MINOR = 14;

/** Parses "3.11" / "3.8" into a minor number; throws a RangeError naming the accepted range. */
export function parsePythonVersion(text: string): number {
  const m = /^3\.(\d{1,2})$/.exec(text.trim());
  const minor = m ? Number(m[1]) : NaN;
  if (!(minor >= MIN_MINOR && minor <= MAX_MINOR)) {
    throw new RangeError(`unsupported Python version '${text}' (expected 3.${MIN_MINOR} … 3.${MAX_MINOR})`);
  }
  return minor;
}

/**
 * Whether `e` is V8 running out of stack: a tree nested deeper than the recursive walks of this
 * thread can follow (the main thread's stack is about 1 MB; a worker's can be set larger).
 */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message.includes("call stack");
}

/** What is said of a file for which `isStackOverflow`. */
export const TOO_DEEP_MESSAGE = "nested too deeply for tsrs to follow (expressions or blocks thousands of levels deep)";
