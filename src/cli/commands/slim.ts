/**
 * `tsrs slim CODE_DIR VENV [-o OUT]` — writes a working venv holding only the distributions the
 * code in CODE_DIR can import (transitively, through third-party code), and reports what was kept
 * (with the import chain that needs it), what was dropped, the sizes, and how the project's
 * declared requirements compare with its imports. Never touches VENV or CODE_DIR.
 *
 * Exit 0 on success, 1 when `--verify` fails, 2 on bad input (missing venv, unsafe OUT, bad config).
 */
import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { ConfigError } from "../../config/errors.js";
import { findPyproject, readPyproject, type Pyproject } from "../../config/pyproject.js";
import { slimSettings } from "../../config/slim.js";
import { Codes } from "../../diagnostics/codes.js";
import { formatDiagnostic } from "../../diagnostics/diagnostic.js";
import { DEFAULT_EXCLUDES } from "../../graph/project.js";
import { SlimError, VenvError } from "../../venv/errors.js";
import { formatVersion } from "../../venv/environment.js";
import { describeReason, importChain, keptFiles, planSlim, type KeepReason, type SlimPlan } from "../../venv/slim-plan.js";
import { checkOutput, writeSlim, type SlimWriteResult } from "../../venv/slim-write.js";
import { runVerify, type VerifyResult } from "../../venv/verify.js";
import { defaultCacheDir } from "../cache-dir.js";
import { type CliContext, Exit, type ExitCode, UsageError } from "../context.js";
import { jobsOption } from "../options.js";
import { createProgress } from "../progress.js";
import { formatSize } from "./analyze.js";

interface Options {
  out?: string;
  keep?: string[];
  drop?: string[];
  entry?: string[];
  exclude?: string[];
  includeTests?: boolean;
  tests?: boolean;
  keepOptional?: boolean;
  dryRun?: boolean;
  json?: boolean;
  link?: boolean;
  verify?: string;
  force?: boolean;
  cache?: boolean;
  perf?: boolean;
  jobs?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Informational findings worth a line in the text report (the rest are in --json). */
const SHOWN_INFO = new Set<string>([Codes.DynamicImport, Codes.UnusedRequirement, Codes.UndeclaredDependency]);

export function registerSlim(program: Command, run: (fn: (ctx: CliContext) => Promise<ExitCode>) => Promise<void>): void {
  program
    .command("slim")
    .description("write a venv holding only what the code can import")
    .argument("<code-dir>", "the project's code (a folder; its src/ layout and tests are found)")
    .argument("<venv>", "the virtual environment the code runs in (left untouched)")
    .option("-o, --out <dir>", "where to write the slim venv (default: .venv-slim beside VENV)")
    .option("--keep <dist>", "keep this distribution even if no import reaches it (repeatable)", collect)
    .option("--drop <dist>", "drop this distribution even if imported (repeatable)", collect)
    .option("--entry <file>", "trace only from these entry files, not the whole code folder (repeatable)", collect)
    .option("--exclude <path>", `skip this path of the code folder (repeatable; default: ${DEFAULT_EXCLUDES.join(", ")})`, collect)
    .option("--include-tests", "trace code under tests/ and test files too (the default)")
    .option("--no-tests", "leave code under tests/ and test_*.py files out")
    .option("--keep-optional", "also follow libraries' optional features (guarded or undeclared imports in functions)")
    .option("--dry-run", "decide and report, write nothing (an existing OUT is reported, not refused)")
    .option("--json", "print one JSON document (kept/dropped, sizes, import chains) instead of text")
    .option("--link", "hard-link files instead of copying them (same file system only; falls back to copies)")
    .option("--verify <cmd>", 'run CMD inside the slim venv afterwards, e.g. "python -m pytest"; exit 1 if it fails')
    .option("--force", "replace OUT if it exists (only if it is a virtual environment)")
    .option("--no-cache", "do not read or write the module cache (~/.cache/tsrs)")
    .option("-j, --jobs <N>", "threads parsing modules ahead of the walk (default 1; helps cold runs on idle many-core machines)")
    .option("--perf", "print phase timings on stderr")
    .addHelpText(
      "after",
      `
What is kept: every distribution one of whose modules the code can import — at any depth,
through third-party code, including imports in functions and try/except blocks, literal
importlib.import_module()/__import__() calls, modules your settings name by string
(INSTALLED_APPS, middleware paths), drivers your connection URLs name ("mysql+pymysql://"),
python-dotenv when a .env or .flaskenv lies beside the code,
console scripts and entry-point plugins of what is kept, .pth startup hooks, the modules
compiled extensions name (cffi's _cffi_backend) and the requirements of compiled code; packages
that load submodules lazily are followed whole; imports under "if TYPE_CHECKING:" do not count,
nor do a library's optional features: imports whose ImportError it handles that run only in a
function, under a run-time condition or in code loaded on demand, imports in its functions of
packages it does not declare (pytest's numpy support), its extras' imports of packages it
requires only for an extra, and imports that run only once another module is loaded
(if "django" in sys.modules:) unless that module is kept. --keep-optional follows the optional
ones too. Your own code's imports are always followed. Code read only through
importlib.metadata keeps just the metadata. Everything else is dropped; RECORD files are
rewritten to match, and shebangs, activate scripts and pyvenv.cfg point at OUT.

Settings can live in pyproject.toml (CLI flags add to or override them):
  [tool.tsrs.slim]
  keep = ["gunicorn"]
  drop = ["setuptools"]
  entry = ["src/app/main.py"]
  include-tests = false
  keep-optional = false
  verify = "python -m pytest -q"

Safety: VENV and CODE_DIR are only read. OUT must not be inside either (or contain them); an
existing non-empty OUT is replaced only with --force and only if it is a venv. OUT is built in a
temporary sibling folder and renamed into place, so it is never half-written.

Examples:
  tsrs slim ./src ./.venv                          # writes ./.venv-slim
  tsrs slim . .venv -o ../app-venv --no-tests      # a deployment venv without test tools
  tsrs slim --dry-run --json src .venv | jq .dropped
  tsrs slim src .venv --verify "python -m pytest -q" --force

Exit status: 0 ok, 1 --verify failed, 2 usage or input error (missing venv, unsafe OUT, bad config).`,
    )
    .action((codeDir: string, venv: string, opts: Options) => run((ctx) => slimCommand(ctx, codeDir, venv, opts)));
}


interface DistLine {
  name: string;
  version: string;
  kind: string;
  size: number;
  files: number;
}

export async function slimCommand(ctx: CliContext, codeDirArg: string, venvArg: string, given: Options): Promise<ExitCode> {
  const opts = { ...given, keep: given.keep ?? [], drop: given.drop ?? [], entry: given.entry ?? [], exclude: given.exclude ?? [] };
  const t0 = performance.now();
  const codeDir = resolve(ctx.cwd, codeDirArg);
  const venv = resolve(ctx.cwd, venvArg);
  try {
    if (!statSync(codeDir).isDirectory()) throw new UsageError(`not a folder: ${codeDirArg}`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`no such code folder: ${codeDirArg}`);
  }

  let py: Pyproject | null = null;
  let settings;
  try {
    const found = findPyproject(codeDir);
    py = found ? readPyproject(found) : null;
    settings = slimSettings(py);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const includeTests = opts.tests === false ? false : opts.includeTests ? true : (settings.includeTests ?? true);
  const entries =
    opts.entry.length > 0
      ? opts.entry.map((e) => resolve(ctx.cwd, e))
      : settings.entry
        ? settings.entry.map((e) => resolve(settings.baseDir ?? codeDir, e))
        : null;
  for (const e of entries ?? []) {
    try {
      statSync(e);
    } catch {
      throw new UsageError(`--entry: no such file: ${e}`);
    }
  }
  const out = resolve(ctx.cwd, opts.out ?? join(dirname(venv), ".venv-slim"));
  const verify = opts.verify ?? settings.verify ?? null;
  const interactive = ctx.interactive && !opts.json;

  let plan: SlimPlan;
  const timings: [string, number][] = [];
  try {
    checkOutput(out, venv, codeDir, opts.force ?? false, opts.dryRun ?? false);
    if (interactive) ctx.stderr("\rtracing imports…");
    plan = await planSlim({
      codeDir,
      venv,
      entries,
      includeTests,
      keepOptional: opts.keepOptional ?? settings.keepOptional ?? false,
      exclude: opts.exclude.length > 0 ? opts.exclude : (settings.exclude ?? DEFAULT_EXCLUDES),
      keep: [...settings.keep, ...opts.keep],
      drop: [...settings.drop, ...opts.drop],
      verify,
      cacheDir: opts.cache === false ? null : defaultCacheDir(),
      pyproject: py,
      cwd: ctx.cwd,
      jobs: opts.jobs === undefined ? 1 : jobsOption(opts.jobs),
    });
    if (interactive) ctx.stderr("\r\x1b[K");
  } catch (e) {
    if (interactive) ctx.stderr("\r\x1b[K");
    if (e instanceof VenvError) throw new UsageError(`${e.message} [${e.code}]`);
    if (e instanceof SlimError) throw new UsageError(e.message);
    throw e;
  }
  const t1 = performance.now();
  timings.push(["plan", t1 - t0]);

  let written: SlimWriteResult;
  const progress = createProgress({ ...ctx, interactive }, opts.dryRun ? "measuring" : "writing");
  try {
    written = await writeSlim(plan, codeDir, {
      out,
      force: opts.force,
      link: opts.link,
      dryRun: opts.dryRun,
      onProgress: (d, t) => progress.update(d, t),
    });
  } catch (e) {
    progress.done();
    if (e instanceof SlimError) throw new UsageError(e.message);
    throw e;
  }
  progress.done();
  const t2 = performance.now();
  timings.push([opts.dryRun ? "measure" : "write", t2 - t1]);

  let verified: VerifyResult | null = null;
  if (verify && !opts.dryRun) {
    if (!opts.json) ctx.stderr(`verify: ${verify}\n`);
    verified = await runVerify(verify, out, codeDir, (s) => ctx.stderr(s), plan.env.layout);
    timings.push(["verify", performance.now() - t2]);
  }

  const diagnostics = [...plan.diagnostics, ...written.diagnostics];
  const kept: (DistLine & { level: string; reason: string; chain: string[] | null })[] = [];
  const dropped: (DistLine & { droppedOnRequest: boolean })[] = [];
  for (const p of plan.dists) {
    const d = plan.inst.dists[p.id]!;
    const base: DistLine = { name: d.name, version: d.version, kind: d.kind, size: d.size, files: d.files.length };
    if (p.level === "metadata") {
      const meta = keptFiles(plan, p.id);
      base.size = meta.reduce((n, f) => n + (plan.inst.sizes.get(f) ?? 0), 0);
      base.files = meta.length;
    }
    if (p.level === "none") {
      dropped.push({ ...base, droppedOnRequest: p.droppedOnRequest });
      continue;
    }
    kept.push({ ...base, level: p.level, reason: describeReason(p.reason!, plan.inst, plan.graph), chain: chainOf(plan, p.reason!) });
  }
  const bySize = (a: DistLine, b: DistLine): number => b.size - a.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  kept.sort(bySize);
  dropped.sort(bySize);
  const sum = (l: DistLine[]): number => l.reduce((n, d) => n + d.size, 0);
  const real = (l: DistLine[]): DistLine[] => l.filter((d) => d.kind !== "unowned");

  if (opts.json) {
    const doc = {
      venv: { path: plan.env.root, python: formatVersion(plan.env.version), size: written.venvBytes, files: written.venvFiles },
      out: { path: written.out, size: written.bytes, files: written.files, written: written.written, dryRun: opts.dryRun === true },
      kept: kept.map((k) => ({ name: k.name, version: k.version, kind: k.kind, size: k.size, files: k.files, level: k.level, reason: k.reason, chain: k.chain })),
      dropped: dropped.map((d) => ({ name: d.name, version: d.version, kind: d.kind, size: d.size, files: d.files, droppedOnRequest: d.droppedOnRequest })),
      totals: {
        kept: { distributions: real(kept).length, size: sum(kept) },
        dropped: { distributions: real(dropped).length, size: sum(dropped) },
      },
      requirements: {
        unused: plan.unusedRequirements.map((u) => ({ name: u.name ?? u.key, file: u.file, line: u.line })),
        undeclared: plan.undeclaredDependencies.map((u) => ({ name: u.name ?? u.key, file: u.file, line: u.line })),
      },
      recordsRewritten: written.recordsRewritten,
      verify: verified ? { command: verified.command, exitCode: verified.exitCode } : null,
      // Timings and cache counts differ run to run: only on request, so that output is reproducible.
      ...(opts.perf ? { stats: { ...plan.stats, totalMs: Math.round(performance.now() - t0) } } : {}),
      diagnostics: diagnostics.map((d) => ({ path: d.file, line: d.line, code: d.code, severity: d.severity, message: d.message })),
    };
    ctx.stdout(JSON.stringify(doc, null, 2) + "\n");
  } else {
    const lines: string[] = [];
    const w = Math.max(12, ...kept.map((k) => `${k.name} ${k.version}`.length));
    lines.push(`kept ${real(kept).length} distribution${real(kept).length === 1 ? "" : "s"} (${formatSize(sum(kept))}):`);
    for (const k of kept) {
      const label = k.kind === "unowned" ? `(unowned) ${k.name}` : `${k.name} ${k.version}`;
      const why = k.chain ? k.chain.join(" → ") : k.reason;
      lines.push(`  ${label.padEnd(w)}  ${formatSize(k.size).padStart(8)}  ${k.level === "metadata" ? `metadata only, read by ${why}` : why}`);
    }
    lines.push(`dropped ${real(dropped).length} distribution${real(dropped).length === 1 ? "" : "s"} (${formatSize(sum(dropped))}):`);
    for (const d of dropped) {
      if (d.kind === "unowned" && d.size === 0) continue;
      const label = d.kind === "unowned" ? `(unowned) ${d.name}` : `${d.name} ${d.version}`;
      lines.push(`  ${label.padEnd(w)}  ${formatSize(d.size).padStart(8)}${d.droppedOnRequest ? "  (--drop)" : ""}`);
    }
    if (plan.unusedRequirements.length > 0) {
      lines.push(`declared but unused: ${plan.unusedRequirements.map((u) => u.name ?? u.key).join(", ")}`);
    }
    if (plan.undeclaredDependencies.length > 0) {
      lines.push(`used but undeclared: ${plan.undeclaredDependencies.map((u) => u.name ?? u.key).join(", ")}`);
    }
    const ratio = written.venvBytes ? (written.bytes / written.venvBytes) * 100 : 0;
    const pct = ratio > 0 && ratio < 1 ? "<1" : String(Math.round(ratio));
    const verb = written.written ? "wrote" : "would write";
    lines.push(
      `${verb} ${written.out}: ${written.files} files, ${formatSize(written.bytes)} (${pct}% of ${formatSize(written.venvBytes)})` +
        (written.linked ? `, ${written.linked} hard links` : "") +
        ` in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
    );
    ctx.stdout(lines.join("\n") + "\n");
    for (const d of diagnostics) {
      if (d.severity !== "info" || SHOWN_INFO.has(d.code)) ctx.stderr(`${formatDiagnostic(d)} [${d.code}]\n`);
    }
    if (verified) {
      ctx.stderr(verified.exitCode === 0 ? `verify: passed (${(verified.ms / 1000).toFixed(1)} s)\n` : `verify: FAILED with exit status ${verified.exitCode}\n`);
    }
  }
  if (opts.perf) {
    const s = plan.stats;
    ctx.stderr(
      timings.map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(", ") +
        ` (venv ${s.ms.venv} ms, graph ${s.ms.graph} ms, report ${s.ms.report} ms)` +
        ` | modules ${s.modules}, parsed ${s.parsed} (${formatSize(s.parsedBytes)}), cached ${s.cached}\n`,
    );
  }
  if (verified && verified.exitCode !== 0) return Exit.Findings;
  return Exit.Ok;
}

function chainOf(plan: SlimPlan, r: KeepReason): string[] | null {
  if (r.kind === "import" || r.kind === "metadata") return importChain(plan, r.node);
  return null;
}
