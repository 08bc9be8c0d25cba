/**
 * `findDeadCode`: the whole pipeline as data — collect the project's files (every `*.py` under the
 * folder, `src/` layouts and several packages alike, plus extension-less Python scripts), reduce
 * each to call-graph facts (cached by content), link them into one program, mark the roots, run
 * reachability, and turn what stays dead into findings with confidence and reasons.
 */
import { statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { Codes } from "../diagnostics/codes.js";
import { compareDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { CallgraphFactsCache, loadAllFacts, loadFacts } from "../graph/callgraph/load.js";
import { DefKind } from "../graph/callgraph/facts.js";
import { moduleNames, Program, type ProgramFile } from "../graph/callgraph/program.js";
import { collectProject, describeFiles, type ProjectFile } from "../graph/project.js";
import type { Pyproject } from "../config/pyproject.js";
import { isPytestFile, pytestNaming } from "../config/pytest.js";
import { DEFAULT_MINOR } from "../python/errors.js";
import { computeFindings, type Finding } from "./findings.js";
import { globToRegExp } from "./glob.js";
import { ClassAncestry } from "./hierarchy.js";
import { computeLiveness, type Liveness } from "./liveness.js";
import { ROOT_KINDS, type RootContext, type RootMark } from "./roots/index.js";
import { collectEntryPoints, findConfigFiles, type EntryPoint } from "./roots/entry-points.js";
import { findScriptFiles } from "./roots/scripts.js";
import { collectDependencies, dependencyReports, describeVenv, openVenv, type DependencyReport } from "./venv.js";

export type DeadcodeModeOption = "auto" | "library" | "app";

export interface DeadcodeOptions {
  /** A project folder (or one file). */
  path: string;
  cwd?: string;
  mode?: DeadcodeModeOption;
  roots?: readonly string[];
  whitelist?: readonly string[];
  noopDecorators?: readonly string[];
  ignoreNames?: readonly string[];
  /** Paths relative to the project folder (or absolute) not analysed. */
  exclude?: readonly string[];
  /** Reported findings must have at least this confidence (default 80). */
  minConfidence?: number;
  /** Python 3.minor the code targets (parsing), default 3.14. */
  minor?: number;
  cacheDir?: string | null;
  pyproject?: Pyproject | null;
  /** Worker threads for reading and analysing files (default 1: on the calling thread). */
  jobs?: number;
  /** A virtual environment: reachability continues into its packages (and back). */
  venv?: string | null;
}

export interface DeadcodeResult {
  projectDir: string;
  mode: "library" | "app";
  /** Why this mode (for the report header). */
  modeReason: string;
  program: Program;
  liveness: Liveness;
  /** Every dead definition worth reporting, any confidence, sorted. */
  all: Finding[];
  /** Those at or above the minimum confidence. */
  findings: Finding[];
  minConfidence: number;
  entryPoints: EntryPoint[];
  /** With `venv`: per distribution, how much of its code the project reaches. */
  dependencies: DependencyReport[] | null;
  /** With `venv`: the environment (path and Python version). */
  venv: string | null;
  diagnostics: Diagnostic[];
  stats: { files: number; bytes: number; parsed: number; cached: number; definitions: number; ms: Record<string, number> };
}

export const DEFAULT_MIN_CONFIDENCE = 80;

/**
 * Whether a top-level package's `__init__.py` presents an API to importers: it sets `__all__`, or
 * re-exports public names of its own modules (`from .app import Flask as Flask`).
 */
function presentsApi(f: ProgramFile): boolean {
  const x = f.facts;
  for (let i = 0; i < x.defKind.length; i++) {
    if (x.defParent[i] !== -1) continue;
    if (x.defName[i] === "__all__") return true;
    if (x.defKind[i] === DefKind.Import && !x.defName[i]!.startsWith("_") && x.defTarget[i]!.startsWith(`${f.module}.`)) return true;
  }
  return false;
}

/** Folders holding example or test projects, not the project's own packaging. */
const EXAMPLE_DIRS = new Set(["docs", "doc", "examples", "example", "tests", "test", "testing", "demo", "demos", "samples", "sample"]);

/** Whether a configuration file belongs to an example or test project inside the analysed folder. */
function isExampleConfig(projectDir: string, file: string): boolean {
  return relative(projectDir, file).split(sep).slice(0, -1).some((part) => EXAMPLE_DIRS.has(part));
}

export async function findDeadCode(options: DeadcodeOptions): Promise<DeadcodeResult> {
  const t0 = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const target = resolve(cwd, options.path);
  let projectDir = target;
  let files: ProjectFile[];
  let projectRoots: string[];
  const diagnostics: Diagnostic[] = [];
  const isDir = statSync(target).isDirectory();
  if (isDir) {
    const excl = (options.exclude ?? []).map((e) => resolve(target, e));
    const project = collectProject(target, { exclude: excl });
    const scripts = findScriptFiles(target).filter((s) => !excl.some((e) => s === e || s.startsWith(e + sep)));
    files = [...project.files, ...describeFiles(target, scripts).files.map((f) => ({ ...f, module: f.module.replace(/[^A-Za-z0-9_.]/g, "_"), aliases: [] }))];
    projectRoots = project.roots;
    for (const pr of project.problems) diagnostics.push({ code: Codes.ReadError, severity: "warning", message: `cannot read: ${pr.reason}`, file: display(cwd, pr.path), line: 0, col: 0 });
  } else {
    projectDir = dirname(target);
    const described = describeFiles(projectDir, [target]);
    files = described.files;
    projectRoots = described.roots;
  }
  const venv = options.venv ? openVenv(options.venv, projectRoots) : null;
  const minor = options.minor ?? venv?.env.version.minor ?? DEFAULT_MINOR;
  const ms: Record<string, number> = {};
  const t1 = performance.now();
  ms.collect = t1 - t0;

  // ---- facts
  const cache = options.cacheDir ? new CallgraphFactsCache(options.cacheDir, minor) : null;
  const programFiles: ProgramFile[] = [];
  let bytes = 0;
  let parsed = 0;
  let cached = 0;
  const testNaming = pytestNaming(projectDir);
  const loaded = await loadAllFacts(files.map((f) => ({ path: f.path, module: f.module, isPackage: f.isPackage })), minor, cache, options.jobs ?? 1);
  files.forEach((f, i) => {
    const r = loaded[i]!;
    bytes += r.bytes;
    if (r.cached) cached++;
    else if (r.facts) parsed++;
    const rel = display(cwd, f.path);
    if (r.error) {
      const code = r.error.kind === "read" ? Codes.ReadError : r.error.kind === "too-deep" ? Codes.TooDeep : Codes.SyntaxError;
      diagnostics.push({ code, severity: "warning", message: `${r.error.message} (its names are kept as used)`, file: rel, line: r.error.line, col: r.error.col });
    }
    if (!r.facts) return;
    const collected = isPytestFile(testNaming, f.rel) || /(?:^|\/)conftest\.py$/.test(f.rel);
    programFiles.push({ path: f.path, rel, module: f.module, aliases: f.aliases, isPackage: f.isPackage, isTest: f.isTest || collected || isUnderTesting(rel, f.module, f.isPackage), collected, external: false, dist: "", facts: r.facts });
  });
  // ---- dependencies (--venv): what the project's imports load, transitively
  if (venv) {
    const projectModules = new Set<string>();
    for (const f of programFiles) {
      for (const name of moduleNames(f)) {
        const parts = name.split(".");
        for (let k = 1; k <= parts.length; k++) projectModules.add(parts.slice(0, k).join("."));
      }
    }
    const deps = collectDependencies(venv, programFiles.map((f) => f.facts), (m) => projectModules.has(m), (input) => {
      const r = loadFacts(input, minor, cache);
      bytes += r.bytes;
      return r.facts;
    });
    deps.inputs.forEach((input, i) => {
      programFiles.push({ path: input.path, rel: display(cwd, input.path), module: input.module, isPackage: input.isPackage, isTest: false, external: true, dist: input.dist, facts: deps.facts[i]! });
    });
  }
  cache?.save();
  const t2 = performance.now();
  ms.facts = t2 - t1;

  // ---- link
  const program = new Program(programFiles);
  const ancestry = new ClassAncestry(program);
  const t3 = performance.now();
  ms.link = t3 - t2;

  // ---- mode and roots
  const configFiles = isDir ? findConfigFiles(projectDir) : [];
  const entryPoints = collectEntryPoints(configFiles);
  let mode: "library" | "app";
  let modeReason: string;
  const requested = options.mode ?? "auto";
  // The project's own entry points: those of example projects (docs/examples/x/setup.py) do not
  // make the project an application; nor do they when the package they run from presents an API
  // (a library with a command line).
  const ownEntryPoints = entryPoints.filter((e) => !isExampleConfig(projectDir, e.file));
  const ownEntryTops = new Set(ownEntryPoints.map((e) => e.value.split(":")[0]!.split(".")[0]!));
  const apiPackage = programFiles.find((f) => f.isPackage && !f.isTest && !f.external && ownEntryTops.has(f.module) && presentsApi(f)) ?? null;
  if (requested !== "auto") {
    mode = requested;
    modeReason = `--${requested}`;
  } else if (ownEntryPoints.length > 0 && !apiPackage) {
    mode = "app";
    const ep = ownEntryPoints[0]!;
    modeReason = `entry point '${ep.name}' in ${display(cwd, ep.file)}; use --library if others import this code`;
  } else if (apiPackage) {
    // A library with a command line (pygments, pytest, flask): its package presents an API.
    mode = "library";
    modeReason = `${apiPackage.rel} exports an API (__all__ or re-exports), though the project has entry points; use --app for an application`;
  } else if (programFiles.some((f) => f.isPackage && !f.isTest && !f.external)) {
    mode = "library";
    modeReason = "a package without entry points: its public API counts as used; use --app for an application";
  } else {
    mode = "app";
    modeReason = "no package: scripts and modules of an application";
  }
  const roots = new Map<number, RootMark>();
  const rootAttrs = new Map<string, RootMark>();
  const ctx: RootContext = {
    program,
    settings: {
      mode,
      roots: options.roots ?? [],
      whitelist: (options.whitelist ?? []).map((w) => resolve(cwd, w)),
      noopDecorators: options.noopDecorators ?? [],
    },
    projectDir,
    configFiles,
    pyproject: options.pyproject ?? null,
    testNaming,
    ancestry,
    root(node, mark) {
      if (!roots.has(node)) roots.set(node, mark);
    },
    rootWithParents(node, mark) {
      for (let d = node; d >= 0 && d < program.defCount; d = program.defParent[d]!) if (!roots.has(d)) roots.set(d, mark);
      if (node >= program.defCount && !roots.has(node)) roots.set(node, mark);
    },
    rootAttr(name, mark) {
      if (!rootAttrs.has(name)) rootAttrs.set(name, mark);
    },
    diagnostics,
  };
  for (const kind of ROOT_KINDS) kind.collect(ctx);
  const t4 = performance.now();
  ms.roots = t4 - t3;

  // ---- reachability and findings
  const liveness = computeLiveness(program, ancestry, roots, rootAttrs);
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const all = computeFindings(program, liveness, ancestry, {
    ignoreNames: (options.ignoreNames ?? []).map(globToRegExp),
    minConfidence,
    minor,
    library: mode === "library",
    noopDecorators: (options.noopDecorators ?? []).map(globToRegExp),
  });
  const t5 = performance.now();
  ms.analyse = t5 - t4;
  const dependencies = venv ? dependencyReports(venv, program, liveness.alive) : null;
  diagnostics.sort(compareDiagnostics);
  return {
    dependencies,
    venv: venv ? describeVenv(venv) : null,
    projectDir,
    mode,
    modeReason,
    program,
    liveness,
    all,
    findings: all.filter((f) => f.confidence >= minConfidence),
    minConfidence,
    entryPoints,
    diagnostics,
    stats: { files: programFiles.filter((f) => !f.external).length, bytes, parsed, cached, definitions: program.defCount, ms },
  };
}

/** pytest's own layout keeps tests in `testing/` (src/project.ts knows `tests/` and `test/`). */
/**
 * Under a `testing` folder that is not a subpackage of a package: pytest's own `testing/` is its
 * test suite, while `sqlalchemy.testing`, `numpy.testing` are library code other projects import.
 */
function isUnderTesting(rel: string, module: string, isPackage: boolean): boolean {
  // The packages the file is in: a package's `__init__.py` is its own module (`sqlalchemy.testing`).
  const packages = isPackage ? module.split(".") : module.split(".").slice(0, -1);
  return rel.split("/").slice(0, -1).includes("testing") && !packages.slice(1).includes("testing");
}

function display(cwd: string, p: string): string {
  const r = relative(cwd, p);
  return (r && !r.startsWith("..") ? r : p).split(sep).join("/");
}
