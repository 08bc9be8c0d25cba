/**
 * `tsrs optimize CODE_DIR VENV -o OUT` — the whole deployment diet in one run, through the core
 * functions of `deadcode`, `slim` and `minify-dir`:
 *   OUT/reports/deadcode.json   dead-code findings (with reachable code per dependency)
 *   OUT/reports/callgraph.dot   the call graph
 *   OUT/reports/summary.json    sizes before/after, counts
 *   OUT/.venv-slim              the slim environment (only what the code can import)
 *   OUT/src-min                 the code, minified (and with --remove-dead, without its dead code)
 * CODE_DIR and VENV are only read. Exit 0 on success, 1 when some file could not be minified or
 * fixed safely (it is copied as it was), 2 on bad input.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { ConfigError } from "../../config/errors.js";
import { minifyConfig } from "../../config/minify.js";
import { slimSettings } from "../../config/slim.js";
import { findDeadCode } from "../../deadcode/analyze.js";
import { planFixes } from "../../deadcode/fix/plan.js";
import { formatJson } from "../../deadcode/report/json.js";
import { DEFAULT_EXCLUDES } from "../../graph/project.js";
import { buildCallGraph, callGraphDot } from "../../graph/callgraph/view.js";
import { minifyBatch, type BatchItem } from "../../minify/batch.js";
import { DEFAULT_SETTINGS, mergeSettings } from "../../minify/options.js";
import { listTree } from "../../minify/tree.js";
import { checkOutDir, OutputError } from "../../minify/write.js";
import { SlimError, VenvError } from "../../venv/errors.js";
import { planSlim } from "../../venv/slim-plan.js";
import { checkOutput, writeSlim } from "../../venv/slim-write.js";
import { type CliContext, Exit, type ExitCode, UsageError } from "../context.js";
import { formatSize } from "./analyze.js";
import { defaultCacheDir } from "../cache-dir.js";
import { deadcodeOptions } from "./deadcode.js";

interface Options {
  out?: string;
  minify?: boolean;
  slim?: boolean;
  removeDead?: boolean;
  dryRun?: boolean;
  force?: boolean;
  library?: boolean;
  app?: boolean;
  cache?: boolean;
  json?: boolean;
}

export function registerOptimize(program: Command, run: (fn: (ctx: CliContext) => Promise<ExitCode>) => Promise<void>): void {
  program
    .command("optimize")
    .description("dead-code report, slim venv and minified code in one run")
    .argument("<code-dir>", "the project's code")
    .argument("<venv>", "the environment it runs in (left untouched)")
    .requiredOption("-o, --out <dir>", "output folder (not inside CODE_DIR or VENV)")
    .option("--no-minify", "copy the code as it is (no src-min minification)")
    .option("--no-slim", "do not write the slim venv")
    .option("--remove-dead", "also remove the dead code (as deadcode --fix would) from the copy in src-min")
    .option("--library", "dead-code analysis in library mode (public API used)")
    .option("--app", "dead-code analysis in application mode (only entry points)")
    .option("--dry-run", "compute and report everything, write nothing")
    .option("--json", "print the summary (as in reports/summary.json) as JSON on stdout")
    .option("--force", "replace OUT/.venv-slim and OUT/src-min if they exist")
    .option("--no-cache", "do not read or write the analysis caches")
    .addHelpText(
      "after",
      `
Writes OUT/.venv-slim (tsrs slim), OUT/src-min (tsrs minify-dir, after tsrs deadcode --fix with
--remove-dead), OUT/reports/{deadcode.json,callgraph.dot,summary.json}, and prints the sizes
before and after. Settings come from pyproject.toml ([tool.tsrs.slim], [tool.tsrs.minify],
[tool.tsrs.deadcode]).

Examples:
  tsrs optimize . .venv -o build/deploy
  tsrs optimize src .venv -o /tmp/out --remove-dead --dry-run

Exit status: 0 ok, 1 some file was left unminified or unfixed (copied as is), 2 usage or input error.`,
    )
    .action((codeDir: string, venv: string, opts: Options) => run((ctx) => optimizeCommand(ctx, codeDir, venv, opts)));
}

interface Sizes {
  files: number;
  bytes: number;
}

export async function optimizeCommand(ctx: CliContext, codeArg: string, venvArg: string, opts: Options): Promise<ExitCode> {
  const t0 = performance.now();
  const codeDir = resolve(ctx.cwd, codeArg);
  const venv = resolve(ctx.cwd, venvArg);
  const out = resolve(ctx.cwd, opts.out!);
  if (!existsSync(codeDir) || !statSync(codeDir).isDirectory()) throw new UsageError(`not a folder: ${codeArg}`);
  const slimOut = join(out, ".venv-slim");
  const srcOut = join(out, "src-min");
  const reports = join(out, "reports");
  try {
    checkOutDir(codeDir, out);
    checkOutput(slimOut, venv, codeDir, opts.force ?? false, opts.dryRun ?? false);
  } catch (e) {
    if (e instanceof OutputError || e instanceof SlimError) throw new UsageError(e.message);
    if (e instanceof VenvError) throw new UsageError(`${e.message} [${e.code}]`);
    throw e;
  }
  if (existsSync(srcOut) && !opts.force && !opts.dryRun) throw new UsageError(`${srcOut} exists; use --force to replace it`);

  // ---- dead code (with the venv: reachability into dependencies)
  const dcOptions = deadcodeOptions(ctx, codeArg, { library: opts.library, app: opts.app, cache: opts.cache, venv: venvArg });
  let dead;
  try {
    dead = await findDeadCode(dcOptions);
  } catch (e) {
    if (e instanceof VenvError) throw new UsageError(`${e.message} [${e.code}]`);
    throw e;
  }
  const minor = dcOptions.minor ?? 14;
  const fixes = opts.removeDead ? planFixes(dead.program, dead.findings, minor) : [];
  const removed = fixes.reduce((n, f) => n + (f.after ? f.removed.length : 0), 0);
  const fixRefused = fixes.filter((f) => f.refused).length;

  // ---- slim venv
  const py = dcOptions.pyproject ?? null;
  let slimResult = null;
  if (opts.slim !== false) {
    try {
      const settings = slimSettings(py);
      const plan = await planSlim({
        codeDir,
        venv,
        entries: null,
        includeTests: settings.includeTests ?? true,
        keepOptional: settings.keepOptional ?? false,
        exclude: settings.exclude ?? DEFAULT_EXCLUDES,
        keep: settings.keep,
        drop: settings.drop,
        verify: settings.verify,
        cacheDir: opts.cache === false ? null : defaultCacheDir(),
        pyproject: py,
        cwd: ctx.cwd,
      });
      if (existsSync(slimOut) && opts.force && !opts.dryRun) rmSync(slimOut, { recursive: true, force: true });
      slimResult = await writeSlim(plan, codeDir, { out: slimOut, force: opts.force, dryRun: opts.dryRun });
    } catch (e) {
      if (e instanceof VenvError) throw new UsageError(`${e.message} [${e.code}]`);
      if (e instanceof SlimError || e instanceof ConfigError) throw new UsageError(e.message);
      throw e;
    }
  }

  // ---- code: copy, remove dead code (optional), minify (optional)
  const listed = listTree(codeDir, { skipPaths: [out] });
  // Symbolic links (not followed) are recreated as they are; the rest is read, fixed, minified.
  const links = listed.files.filter((f) => f.link !== undefined);
  const listing = { ...listed, files: listed.files.filter((f) => f.link === undefined) };
  const before: Sizes = { files: listing.files.length, bytes: 0 };
  const after: Sizes = { files: listing.files.length, bytes: 0 };
  const fixedBytes = new Map<string, Uint8Array>();
  for (const f of fixes) if (f.after) fixedBytes.set(f.file, f.after);
  const contents = new Map<string, Uint8Array>();
  const changed = new Set<string>(fixedBytes.keys());
  for (const f of listing.files) {
    const bytes = readFileSync(f.path);
    before.bytes += bytes.length;
    contents.set(f.path, fixedBytes.get(f.path) ?? bytes);
  }
  let bailouts = 0;
  if (opts.minify !== false) {
    let settings = DEFAULT_SETTINGS;
    try {
      const cfg = minifyConfig(py);
      delete cfg.include;
      delete cfg.exclude;
      settings = mergeSettings(DEFAULT_SETTINGS, { minor, ...cfg });
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(e.message);
      throw e;
    }
    // Minify the (possibly fixed) bytes: stage fixed files in a temporary folder the batch can read.
    const stage = mkdtempSync(join(tmpdir(), "tsrs-optimize-"));
    const items: BatchItem[] = [];
    const toMinify = listing.files.filter((f) => f.minify);
    for (const f of toMinify) {
      let path = f.path;
      if (fixedBytes.has(f.path)) {
        path = join(stage, f.rel);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, fixedBytes.get(f.path)!);
      }
      items.push({ path, display: f.rel, planPath: f.rel, preset: null });
    }
    try {
      const { results } = await minifyBatch(items, 1, { settings, externalNames: null, planOnly: false });
      results.forEach((r, i) => {
        if (r.status === "minified") {
          contents.set(toMinify[i]!.path, r.output);
          changed.add(toMinify[i]!.path);
        }
        else if (r.status === "bailout" || r.status === "error") bailouts++;
      });
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
  }
  for (const f of listing.files) after.bytes += contents.get(f.path)!.length;

  // ---- write
  const summary = {
    code: { path: codeDir, files: before.files, before: before.bytes, after: after.bytes, minified: opts.minify !== false, deadRemoved: removed, unchangedByBailout: bailouts },
    venv: slimResult ? { path: venv, before: slimResult.venvBytes, after: slimResult.bytes, files: slimResult.files } : null,
    deadcode: { findings: dead.findings.length, mode: dead.mode, removed, filesRefused: fixRefused },
    dependencies: dead.dependencies,
    dryRun: opts.dryRun === true,
  };
  if (!opts.dryRun) {
    if (existsSync(srcOut)) rmSync(srcOut, { recursive: true, force: true });
    for (const f of listing.files) {
      const dest = join(srcOut, f.rel);
      mkdirSync(dirname(dest), { recursive: true });
      if (!changed.has(f.path)) copyFileSync(f.path, dest);
      else writeFileSync(dest, contents.get(f.path)!, { mode: statSync(f.path).mode & 0o7777 });
    }
    for (const f of links) {
      const dest = join(srcOut, f.rel);
      mkdirSync(dirname(dest), { recursive: true });
      symlinkSync(f.link!, dest);
    }
    mkdirSync(reports, { recursive: true });
    writeFileSync(join(reports, "deadcode.json"), formatJson(dead, dead.dependencies ? { dependencies: dead.dependencies } : {}));
    writeFileSync(join(reports, "callgraph.dot"), callGraphDot(buildCallGraph(dead.program, dead.liveness.alive)));
    writeFileSync(join(reports, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  }

  // ---- summary
  const exit = bailouts > 0 || fixRefused > 0 ? Exit.Findings : Exit.Ok;
  if (opts.json) {
    ctx.stdout(JSON.stringify(summary, null, 2) + "\n");
    return exit;
  }
  const pct = (a: number, b: number): string => (b ? `${Math.round((a / b) * 100)}%` : "-");
  const lines: string[] = [];
  lines.push(`dead code: ${dead.findings.length} finding${dead.findings.length === 1 ? "" : "s"} (mode ${dead.mode})${opts.removeDead ? `, ${removed} removed` : ""}`);
  if (slimResult) lines.push(`venv:  ${formatSize(slimResult.venvBytes).padStart(9)} → ${formatSize(slimResult.bytes).padStart(9)}  (${pct(slimResult.bytes, slimResult.venvBytes)})  ${opts.dryRun ? "" : slimOut}`);
  lines.push(`code:  ${formatSize(before.bytes).padStart(9)} → ${formatSize(after.bytes).padStart(9)}  (${pct(after.bytes, before.bytes)})  ${opts.dryRun ? "" : srcOut}`);
  if (!opts.dryRun) lines.push(`reports: ${reports}`);
  lines.push(`${opts.dryRun ? "dry run, nothing written" : "done"} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  ctx.stdout(lines.join("\n") + "\n");
  return exit;
}
