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
  /**
   * The file nests expressions or blocks deeper than tsrs can follow on the thread's stack (CPython
   * compiles about 3,000 levels; tsrs retries such a file on a thread with a large stack first).
   */
  TooDeep: "TSRS005",
  // ---- TSRS3xx: environments (venv model, import graph, slim)
  /** The environment path does not exist or is not a directory. */
  EnvNotFound: "TSRS301",
  /** The directory is not a Python environment (no pyvenv.cfg, no lib/pythonX.Y/site-packages). */
  EnvNotPython: "TSRS302",
  /** The environment is damaged: unreadable pyvenv.cfg, no usable site-packages, missing interpreter. */
  EnvBroken: "TSRS303",
  /** A distribution's metadata is missing or malformed (it is still listed, with what could be read). */
  DistMetadata: "TSRS310",
  /** Two metadata folders describe the same distribution. */
  DistDuplicate: "TSRS311",
  /** Two distributions claim the same file. */
  DistSharedFile: "TSRS312",
  /** A distribution's file list (RECORD, installed-files.txt) names files that are not there. */
  DistStaleRecord: "TSRS313",
  /** A distribution has no file list; its files were derived from its import names. */
  DistNoRecord: "TSRS314",
  /** An import in the project's code resolves to no module (outside try/except ImportError). */
  UnresolvedImport: "TSRS320",
  /** A dynamic import whose target is not a literal; the enclosing package is kept whole. */
  DynamicImport: "TSRS321",
  /** A module could not be read or parsed; its imports are unknown (its distribution's requirements are kept). */
  UnreadableModule: "TSRS322",
  /**
   * A module of the venv imports, unconditionally and at module level, a module the venv does not
   * have: importing it fails in the original venv too (a missing dependency).
   */
  BrokenImport: "TSRS323",
  /** A requirement the project declares that its code never imports (declared but unused). */
  UnusedRequirement: "TSRS330",
  /** A distribution the project's code imports but does not declare (used but undeclared). */
  UndeclaredDependency: "TSRS331",
  /** A distribution was dropped on request although the code imports it. */
  DroppedButUsed: "TSRS340",
  /** A `--keep`/`--drop` name matches no installed distribution. */
  UnknownDistribution: "TSRS341",
  /** Hard links were requested but not possible (other file system); files were copied. */
  LinkFallback: "TSRS342",
  /** A dry run's output folder exists and a real run would refuse it (without --force, or not a venv). */
  OutputExists: "TSRS343",
  // ---- TSRS2xx: minifier
  /** The minified output failed the safety net (re-parse, tree comparison, name resolution) or could not be written; the file was left unchanged. */
  MinifyBailout: "TSRS201",
  /** A rename plan does not fit the file (changed source, unknown scope or name, a kept name renamed, a bad new name). */
  MinifyPlanRejected: "TSRS202",
  /** The file computes with line numbers of running code (pyparsing's `_trim_arity`): it was minified in preserve layout, every line kept where it was. */
  MinifyLinesKept: "TSRS203",
  // ---- TSRS1xx: dead code
  /** A function nothing live uses. */
  UnusedFunction: "TSRS101",
  /** A class nothing live uses. */
  UnusedClass: "TSRS102",
  /** A method nothing live calls (no use of its name on a live path, no override of a used method). */
  UnusedMethod: "TSRS103",
  /** A property nothing live reads or writes. */
  UnusedProperty: "TSRS104",
  /** A module-level variable nothing live reads. */
  UnusedVariable: "TSRS105",
  /** An import nothing live uses. */
  UnusedImport: "TSRS106",
  /** `--fix` left a file untouched: the edited text would not re-parse, or would change what names resolve to. */
  DeadcodeFixRefused: "TSRS110",
  /** A `--root`, configured root or whitelist name matches no definition. */
  DeadcodeUnknownRoot: "TSRS112",
  /** tsrs itself failed on this input: a bug to report; the file is left alone. */
  InternalError: "TSRS900",
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];
