/**
 * The one registry of stable diagnostic codes. A code never changes meaning once released; new
 * findings get new codes. TSRS0xx: input and syntax; TSRS1xx: dead code; TSRS2xx: minifier;
 * TSRS3xx: environments.
 */
export const Codes = {
  /** The file does not parse for the target Python version. */
  SyntaxError: "TSRS001",
  /** The file's bytes cannot be decoded (coding cookie, invalid UTF-8, NUL bytes). */
  DecodeError: "TSRS002",
  /** The file could not be read (permissions, broken symlink, vanished). */
  ReadError: "TSRS003",
  /** CPython's compiler would reject the file though it parses (symtable / compile-time checks). */
  CompileError: "TSRS004",
  /** tsrs itself failed on this input: a bug to report; the file is left alone. */
  InternalError: "TSRS900",
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];
