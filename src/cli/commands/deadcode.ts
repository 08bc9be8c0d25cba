/**
 * `tsrs deadcode PATH` — whole-program dead code: definitions nothing live uses, with confidence
 * and reason; `--fix` removes them with minimal edits (each edited file re-parsed and checked, else
 * left untouched). Exit 0 when nothing is reported, 1 when findings remain, 2 on bad input.
 */
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { Option } from "commander";
import { createTwoFilesPatch } from "diff";
import { ConfigError } from "../../config/errors.js";
import { deadcodeConfig, type DeadcodeConfig } from "../../config/deadcode.js";
import { findPyproject, readPyproject, type Pyproject } from "../../config/pyproject.js";
import { formatDiagnostic } from "../../diagnostics/diagnostic.js";
import { Codes } from "../../diagnostics/codes.js";
import { findDeadCode, type DeadcodeOptions, type DeadcodeResult } from "../../deadcode/analyze.js";
import { planFixes, type FileFix } from "../../deadcode/fix/plan.js";
import { formatDeadDot } from "../../deadcode/report/dot.js";
import { findingJson, summaryJson } from "../../deadcode/report/json.js";
import { formatSarif } from "../../deadcode/report/sarif.js";
import { formatFindingLine } from "../../deadcode/report/text.js";
import { VenvError } from "../../venv/errors.js";
import { writeAtomic } from "../../minify/write.js";
import { defaultCacheDir } from "../cache-dir.js";
import { type CliContext, Exit, type ExitCode, UsageError } from "../context.js";
import { jobsOption, pythonOption } from "../options.js";

interface Options {
  venv?: string;
  format: string;
  json?: boolean;
  minConfidence?: string;
  library?: boolean;
  app?: boolean;
  root: string[];
  whitelist: string[];
  exclude: string[];
  ignoreNames: string[];
  noopDecorator: string[];
  python?: string;
  fix?: boolean;
  dryRun?: boolean;
  diff?: boolean;
  cache?: boolean;
  perf?: boolean;
  jobs?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerDeadcode(program: Command, run: (fn: (ctx: CliContext) => Promise<ExitCode>) => Promise<void>): void {
  program
    .command("deadcode")
    .description("find (and remove) code nothing uses, across the whole program")
    .argument("<path>", "the project folder (all its packages, src/ layouts, scripts and tests form one program), or a file")
    .option("--venv <dir>", "follow calls into this environment's packages and callbacks back; report reachable code per dependency")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "sarif", "dot"]).default("text"))
    .addOption(new Option("--json", "same as --format json").implies({ format: "json" }))
    .option("--min-confidence <N>", "report findings with at least this confidence, 0-100 (default 80)")
    .option("--library", "the public API (non-underscore names of importable modules) is used by others")
    .option("--app", "only entry points, scripts and tests are roots (public names are not)")
    .option("--root <name>", "also treat this as used: pkg.mod:func, Cls.method, a glob (repeatable)", collect, [])
    .option("--whitelist <file>", "names declared used: vulture-style .py, or one name per line (repeatable)", collect, [])
    .option("--exclude <path>", "skip this path of the project (repeatable)", collect, [])
    .option("--ignore-names <glob>", "never report definitions with these names (repeatable)", collect, [])
    .option("--noop-decorator <name>", "a decorator that registers nothing, e.g. mylib.cached (repeatable)", collect, [])
    .option("--python <X.Y>", "target Python version for parsing, 3.8 … 3.14 (default 3.14)")
    .option("--fix", "remove the reported definitions (and imports only they used) in place")
    .option("--dry-run", "with --fix: change nothing, say what would change")
    .option("--diff", "with --fix: print a unified diff of the changes")
    .option("-j, --jobs <N>", "worker threads for parsing (default 1: on two cores, workers' start-up cost more than they saved)")
    .option("--no-cache", "do not read or write the analysis cache (~/.cache/tsrs)")
    .option("--perf", "print phase timings on stderr")
    .addHelpText(
      "after",
      `
What is used: module code of every file, entry points (pyproject.toml, setup.cfg, setup.py),
scripts and __main__.py, tests (pytest and unittest conventions, fixtures, conftest.py; the
python_files/python_classes/python_functions of the project's pytest configuration),
functions and classes under a registering decorator (@app.route, @pytest.fixture, …), dunder
and protocol methods, overrides of standard-library base methods, names in __all__ or in
strings (getattr(x, "name"), "pkg.mod:func"), the globals of Python configuration files (Sphinx
conf.py, gunicorn.conf.py, Jupyter configs), names frameworks read by name (settings modules'
UPPER_CASE names, urlpatterns, WSGI application, migrations, PLY rules), --root,
[tool.tsrs.deadcode] roots, whitelist files, and "# tsrs: keep" comments; then everything they
reach. A method call on an object of unknown type keeps every method of that name.

Modes: --library (default for a package without entry points, and for one whose entry points
run from a package exporting an API — __all__ or re-exports in its __init__.py: a library with a
command line) keeps the public API; --app (default when the project declares entry points; those
of example projects under docs/ or examples/ do not count) keeps only what the roots above reach.

Confidence: 100 = no use anywhere; lower when the name appears in a string, the class derives
from an unknown base, the module reads its globals dynamically, an import may run for its side
effects, a variable's value has side effects, a comment says it is kept for compatibility — and
never above that of the dead code using it.

Settings in pyproject.toml (flags add to or override them):
  [tool.tsrs.deadcode]
  mode = "app"
  roots = ["pkg.cli:main"]
  min-confidence = 90
  exclude = ["scripts/old"]
  ignore-names = ["visit_*"]
  noop-decorators = ["mylib.cached"]
  whitelist = ["whitelist.py"]

Examples:
  tsrs deadcode .
  tsrs deadcode src --app --format json | jq '.findings[] | .name'
  tsrs deadcode . --fix --diff --dry-run
  tsrs deadcode . --format sarif > deadcode.sarif

Exit status: 0 nothing reported, 1 findings remain, 2 usage or input error.`,
    )
    .action((path: string, opts: Options) => run((ctx) => deadcodeCommand(ctx, path, opts)));
}


function minConfidenceOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 100) throw new UsageError(`--min-confidence: expected a whole number from 0 to 100, got '${v}'`);
  return n;
}

/** Builds the core options from flags and `[tool.tsrs.deadcode]` (flags win, lists merge). */
export function deadcodeOptions(ctx: CliContext, pathArg: string, opts: Partial<Options>): DeadcodeOptions {
  if (opts.json && opts.format !== "json") throw new UsageError(`--json and --format ${opts.format} exclude each other`);
  const path = resolve(ctx.cwd, pathArg);
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new UsageError(`no such file or folder: ${pathArg}`);
  }
  if (opts.library && opts.app) throw new UsageError("--library and --app exclude each other");
  let py: Pyproject | null = null;
  let config: DeadcodeConfig;
  try {
    const found = findPyproject(isDir ? path : dirname(path));
    py = found ? readPyproject(found) : null;
    config = deadcodeConfig(py);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const base = config.baseDir ?? path;
  const fromConfig = (list: readonly string[]): string[] => list.map((p) => resolve(base, p));
  return {
    path,
    cwd: ctx.cwd,
    mode: opts.library ? "library" : opts.app ? "app" : (config.mode ?? "auto"),
    roots: [...config.roots, ...(opts.root ?? [])],
    whitelist: [...fromConfig(config.whitelist), ...(opts.whitelist ?? []).map((w) => resolve(ctx.cwd, w))],
    exclude: [...fromConfig(config.exclude), ...(opts.exclude ?? []).map((e) => resolve(ctx.cwd, e))],
    ignoreNames: [...config.ignoreNames, ...(opts.ignoreNames ?? [])],
    noopDecorators: [...config.noopDecorators, ...(opts.noopDecorator ?? [])],
    minConfidence: minConfidenceOption(opts.minConfidence) ?? config.minConfidence ?? undefined,
    minor: opts.python !== undefined ? pythonOption(opts.python) : (config.minor ?? undefined),
    cacheDir: opts.cache === false ? null : defaultCacheDir(),
    pyproject: py,
    venv: opts.venv ? resolve(ctx.cwd, opts.venv) : null,
    jobs: opts.jobs === undefined ? 1 : jobsOption(opts.jobs),
  };
}

export async function deadcodeCommand(ctx: CliContext, pathArg: string, opts: Options): Promise<ExitCode> {
  const t0 = performance.now();
  const options = deadcodeOptions(ctx, pathArg, opts);
  if ((opts.dryRun || opts.diff) && !opts.fix) throw new UsageError("--dry-run and --diff go with --fix");
  let result: DeadcodeResult;
  const interactive = ctx.interactive && opts.format === "text";
  try {
    if (interactive) ctx.stderr("\ranalysing…");
    result = await findDeadCode(options);
    if (interactive) ctx.stderr("\r\x1b[K");
  } catch (e) {
    if (interactive) ctx.stderr("\r\x1b[K");
    if (e instanceof VenvError) throw new UsageError(`${e.message} [${e.code}]`);
    throw e;
  }
  for (const d of result.diagnostics) {
    if (opts.format === "text" || d.severity !== "info") ctx.stderr(`${d.file ? formatDiagnostic(d) : d.message} [${d.code}]\n`);
  }

  let fixes: FileFix[] = [];
  if (opts.fix) {
    fixes = planFixes(result.program, result.findings, options.minor ?? 14);
    for (const f of fixes) {
      if (opts.diff && f.after) {
        const a = Buffer.from(f.before).toString("latin1");
        const b = Buffer.from(f.after).toString("latin1");
        ctx.stdout(createTwoFilesPatch(`a/${f.path}`, `b/${f.path}`, a, b, "", "", { context: 3 }));
      }
      if (f.refused) ctx.stderr(`${f.path}: ${Codes.DeadcodeFixRefused} left unchanged: ${f.refused}\n`);
      for (const s of f.skipped) ctx.stderr(`${formatFindingLine(s.finding)}: not removed: ${s.why}\n`);
      if (f.after && !opts.dryRun) {
        try {
          await writeAtomic(f.file, f.after);
        } catch (e) {
          ctx.stderr(`${f.path}: cannot write: ${(e as Error).message}\n`);
          f.refused = `cannot write: ${(e as Error).message}`;
          f.removed = [];
        }
      }
    }
  }
  const removed = new Set(fixes.flatMap((f) => (f.after ? f.removed.map((x) => x.def) : [])));
  const remaining = opts.fix && !opts.dryRun ? result.findings.filter((f) => !removed.has(f.def)) : result.findings;

  switch (opts.format) {
    case "json": {
      const extra: Record<string, unknown> = {};
      if (result.dependencies) extra.dependencies = result.dependencies;
      if (opts.fix) {
        extra.fix = {
          dryRun: opts.dryRun === true,
          removed: removed.size,
          files: fixes.map((f) => ({
            path: f.path,
            removed: f.after ? f.removed.map((x) => x.name) : [],
            skipped: f.skipped.map((s) => ({ name: s.finding.name, why: s.why })),
            refused: f.refused,
          })),
        };
      }
      ctx.stdout(JSON.stringify({ findings: remaining.map(findingJson), summary: summaryJson(result, extra) }, null, 2) + "\n");
      break;
    }
    case "sarif":
      ctx.stdout(formatSarif(remaining));
      break;
    case "dot":
      ctx.stdout(formatDeadDot(result.program, remaining));
      break;
    default:
      if (!opts.diff) for (const f of remaining) ctx.stdout(formatFindingLine(f) + "\n");
  }
  if (opts.format === "text") {
    const hidden = result.all.length - result.findings.length;
    const secs = ((performance.now() - t0) / 1000).toFixed(2);
    let line = `${result.findings.length} finding${result.findings.length === 1 ? "" : "s"}`;
    if (hidden > 0) line += ` (+${hidden} below confidence ${result.minConfidence})`;
    line += ` in ${result.stats.files} files, mode ${result.mode} (${result.modeReason}), ${secs} s`;
    ctx.stderr(line + "\n");
    if (result.dependencies) ctx.stderr(formatDependencies(result));
    if (opts.fix) {
      const files = fixes.filter((f) => f.after).length;
      const refused = fixes.filter((f) => f.refused).length;
      ctx.stderr(`${opts.dryRun ? "would remove" : "removed"} ${removed.size} definition${removed.size === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}${refused ? `, ${refused} file${refused === 1 ? "" : "s"} left unchanged` : ""}\n`);
    }
  }
  if (opts.perf) {
    const ms = result.stats.ms;
    ctx.stderr(Object.entries(ms).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(", ") + ` | files ${result.stats.files}, parsed ${result.stats.parsed}, cached ${result.stats.cached}\n`);
  }
  const left = opts.fix && !opts.dryRun ? remaining.length : result.findings.length;
  return left > 0 ? Exit.Findings : Exit.Ok;
}

/** Per dependency: how much of its code the project reaches (text report, on stderr). */
export function formatDependencies(result: DeadcodeResult): string {
  const deps = result.dependencies ?? [];
  const lines = [`reachable code per dependency loaded by the project (${result.venv}):`];
  const rows = deps.filter((d) => d.loadedFiles > 0);
  const w = Math.max(10, ...rows.map((d) => `${d.name} ${d.version}`.length));
  for (const d of rows) {
    // No Python definitions (compiled code only): a share would say nothing.
    const pct = d.definitions ? `${String(Math.round((d.reachable / d.definitions) * 100)).padStart(3)}%` : "   —";
    lines.push(
      `  ${`${d.name} ${d.version}`.padEnd(w)}  ${String(d.reachable).padStart(6)} of ${String(d.definitions).padEnd(6)} definitions (${pct})  ${d.loadedFiles} of ${d.pythonFiles} files loaded`,
    );
  }
  return lines.join("\n") + "\n";
}
