/**
 * What `minify`, `minify-dir`, `apply-plan` and `apply-plan-dir` share: transform and output
 * options, settings resolution (defaults → `[tool.tsrs.minify]` → flags), the single-file and
 * directory runs, diffs, statistics and the JSON document.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { dirname, join, relative, resolve, sep } from "node:path";
import { Command, Option } from "commander";
import { ConfigError } from "../../config/errors.js";
import { minifyConfig, type MinifyConfig } from "../../config/minify.js";
import { findPyproject, readPyproject } from "../../config/pyproject.js";
import { isStackOverflow } from "../../python/errors.js";
import { formatDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { Codes } from "../../diagnostics/codes.js";
import { minifyOnLargeStack, minifyTree, type BatchItem } from "../../minify/batch.js";
import { TreeScan } from "../../minify/tree-reads.js";
import { MinifyCache, type CacheStats } from "../../minify/cache.js";
import { DEFAULT_SETTINGS, mergeSettings, type MinifySettings } from "../../minify/options.js";
import { addPhaseTimes, emptyPhaseTimes, PHASES, type PhaseTimes } from "../../minify/perf.js";
import type { MinifyResult } from "../../minify/pipeline.js";
import { sha256 } from "../../minify/plan.js";
import type { ScopePlan } from "../../minify/plan.js";
import { listTree, readGlobFile, type TreeEntry } from "../../minify/tree.js";
import { checkOutDir, OutputError, writeAtomic, writeBackup, WriteQueue } from "../../minify/write.js";
import { defaultCacheDir } from "../cache-dir.js";
import { type CliContext, Exit, type ExitCode, UsageError } from "../context.js";
import { jobsOption, pythonOption } from "../options.js";
import { createProgress } from "../progress.js";

// ---------------------------------------------------------------- options

export interface TransformFlags {
  python?: string;
  layout?: string;
  preserveLayout?: boolean;
  indent?: string;
  removeDocstrings?: boolean;
  removePass?: boolean;
  removeComments?: boolean;
  keepLicenseHeader?: boolean;
  renameLocals?: boolean;
  renameGlobals?: boolean;
  config?: string | false;
}

export interface OutputFlags {
  inPlace?: boolean;
  backupExt?: string;
  dryRun?: boolean;
  diff?: boolean;
  diffContext?: string;
  stats?: boolean;
  json?: boolean;
  outputJson?: string;
  quiet?: boolean;
  perf?: boolean;
  /** false: `--no-cache`. */
  cache?: boolean;
}

export interface FileFlags extends TransformFlags, OutputFlags {
  stdin?: boolean;
  stdout?: boolean;
}

export interface DirFlags extends TransformFlags, OutputFlags {
  outDir?: string;
  include?: string[];
  exclude?: string[];
  includeFile?: string[];
  excludeFile?: string[];
  respectGitignore?: boolean;
  includeHidden?: boolean;
  followSymlinks?: boolean;
  maxDepth?: string;
  jobs?: string;
  failOnChange?: boolean;
  failOnBailout?: boolean;
  failOnError?: boolean;
}

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

/** Flags that choose transforms (every minify-like command). */
export function addTransformOptions(cmd: Command): Command {
  return cmd
    .option("--python <X.Y>", "target Python version, 3.8 … 3.14 (default 3.14; the output never needs a newer one)")
    .addOption(new Option("--layout <layout>", "compact: minimal whitespace (a file computing with its own line numbers keeps them: note TSRS203); preserve: keep every line where it was").choices(["compact", "preserve"]))
    .option("--preserve-layout", "same as --layout preserve: renames and docstring removal as in-place edits")
    .addOption(new Option("--indent <indent>", "indentation of the compact layout").choices(["space", "tab"]))
    .option("--remove-docstrings", "remove docstrings (default)")
    .option("--no-remove-docstrings", "keep docstrings")
    .option("--remove-pass", "remove redundant pass statements (default)")
    .option("--no-remove-pass", "keep pass statements")
    .option("--remove-comments", "remove comments in preserve layout (default; type comments, which TorchScript reads, stay in both layouts)")
    .option("--no-remove-comments", "keep comments in preserve layout")
    .option("--keep-license-header", "keep the comment block at the top of each file (and a license module docstring)")
    .option("--no-keep-license-header", "drop it (default)")
    .option("--rename-locals", "rename local variables (default)")
    .option("--no-rename-locals", "keep every local name")
    .option("--rename-globals", "also rename private module-level names nothing else imports (opt-in)")
    .option("--no-rename-globals", "keep module-level names (default)")
    .option("--config <pyproject.toml>", "read [tool.tsrs.minify] from this file instead of the nearest pyproject.toml")
    .option("--no-config", "ignore pyproject.toml");
}

/** Output flags shared by the file commands and the directory commands. */
export function addOutputOptions(cmd: Command, dir: boolean): Command {
  cmd
    .option("-i, --in-place", dir ? "rewrite the files inside DIR instead of mirroring it" : "rewrite FILE instead of printing the result")
    .option("--backup-ext <ext>", "with --in-place: keep the original as FILE<ext> (e.g. .bak)")
    .option("-n, --dry-run", "write nothing; report what would change")
    .option("--diff", "print a unified diff of the changes")
    .option("--diff-context <N>", "lines of context in diffs (default 3)")
    .option("--stats", "print size statistics (stderr, or stdout with --json)")
    .option("--json", "print one JSON document (results and statistics) on stdout")
    .option("--output-json <file>", "also write the JSON document to a file")
    .option("-q, --quiet", "print only errors")
    .option("--perf", "print timings (per phase, summed over files) on stderr")
    .option("--no-cache", "do not read or write the result cache ($TSRS_CACHE_DIR, default ~/.cache/tsrs)");
  return cmd;
}

export function addTreeOptions(cmd: Command): Command {
  return cmd
    .option("--include <glob>", "minify files matching the glob (relative to DIR; repeatable; default **/*.py)", collect)
    .option("--exclude <glob>", "never minify files matching the glob (repeatable; excludes win)", collect)
    .option("--include-file <file>", "read include globs from a file, one per line", collect)
    .option("--exclude-file <file>", "read exclude globs from a file, one per line", collect)
    .option("--respect-gitignore", "skip files and folders .gitignore files ignore")
    .option("--include-hidden", "also enter hidden folders and minify hidden files (without: hidden files are copied as they are)")
    .option("--follow-symlinks", "follow symbolic links (loops are detected); without, a mirror recreates them as links")
    .option("--max-depth <N>", "visit at most N folder levels below DIR")
    .option("-j, --jobs <N>", "at most N threads (default: number of CPUs; a tree uses more than one only where measured faster: several MB per thread)");
}

// ---------------------------------------------------------------- settings

export interface ResolvedSettings {
  settings: MinifySettings;
  config: MinifyConfig;
}

export function resolveSettings(flags: TransformFlags, startDir: string, overrides: Partial<MinifySettings> = {}): ResolvedSettings {
  let config: MinifyConfig = {};
  if (flags.config !== false) {
    const path = typeof flags.config === "string" ? flags.config : findPyproject(startDir);
    if (path) {
      if (typeof flags.config === "string" && !existsSync(path)) throw new UsageError(`--config: no such file: ${path}`);
      try {
        config = minifyConfig(readPyproject(path));
      } catch (e) {
        if (e instanceof ConfigError) throw new UsageError(e.message);
        throw e;
      }
    }
  }
  const { include: _i, exclude: _e, ...fromConfig } = config;
  let settings = mergeSettings(DEFAULT_SETTINGS, fromConfig);
  const layout = flags.preserveLayout ? "preserve" : (flags.layout as MinifySettings["layout"] | undefined);
  settings = mergeSettings(settings, {
    minor: flags.python !== undefined ? pythonOption(flags.python) : undefined,
    layout,
    indent: flags.indent === undefined ? undefined : flags.indent === "tab" ? "\t" : " ",
    removeDocstrings: flags.removeDocstrings,
    removePass: flags.removePass,
    removeComments: flags.removeComments,
    keepLicenseHeader: flags.keepLicenseHeader,
    renameLocals: flags.renameLocals,
    renameGlobals: flags.renameGlobals,
  });
  settings = mergeSettings(settings, overrides);
  return { settings, config };
}

function diffContext(flags: OutputFlags): number {
  if (flags.diffContext === undefined) return 3;
  const n = Number(flags.diffContext);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--diff-context: expected a whole number, got '${flags.diffContext}'`);
  return n;
}

function checkOutputFlags(flags: OutputFlags): void {
  if (flags.backupExt !== undefined && !flags.inPlace) throw new UsageError("--backup-ext needs --in-place");
  if (flags.backupExt !== undefined && !/^[^/\\]+$/.test(flags.backupExt)) throw new UsageError(`--backup-ext: '${flags.backupExt}' is not a file suffix`);
}

// ---------------------------------------------------------------- reporting

export interface Totals {
  files: number;
  minified: number;
  unchanged: number;
  bailouts: number;
  errors: number;
  copied: number;
  bytesIn: number;
  bytesOut: number;
  seconds: number;
}

function totalsOf(results: readonly MinifyResult[], copied: number, seconds: number): Totals {
  const t: Totals = { files: results.length, minified: 0, unchanged: 0, bailouts: 0, errors: 0, copied, bytesIn: 0, bytesOut: 0, seconds };
  for (const r of results) {
    if (r.status === "minified") t.minified++;
    else if (r.status === "unchanged") t.unchanged++;
    else if (r.status === "bailout") t.bailouts++;
    else t.errors++;
    t.bytesIn += r.inputBytes;
    t.bytesOut += r.outputBytes;
  }
  return t;
}

function pct(t: Totals): string {
  return t.bytesIn ? ((100 * (t.bytesIn - t.bytesOut)) / t.bytesIn).toFixed(1) : "0.0";
}

function statsText(t: Totals): string {
  const mbps = t.seconds > 0 ? (t.bytesIn / 1e6 / t.seconds).toFixed(2) : "-";
  let text = `${t.files} file${t.files === 1 ? "" : "s"}: ${t.minified} minified, ${t.unchanged} unchanged, ${t.bailouts} bailout${t.bailouts === 1 ? "" : "s"}, ${t.errors} error${t.errors === 1 ? "" : "s"}`;
  if (t.copied) text += `, ${t.copied} other file${t.copied === 1 ? "" : "s"} copied`;
  text += `\n${t.bytesIn.toLocaleString("en-US")} → ${t.bytesOut.toLocaleString("en-US")} bytes (${pct(t)}% smaller) in ${t.seconds.toFixed(2)} s (${mbps} MB/s)\n`;
  return text;
}

function jsonDocument(command: string, settings: MinifySettings, results: readonly MinifyResult[], t: Totals, diagnostics: Diagnostic[]): string {
  return (
    JSON.stringify(
      {
        version: 1,
        command,
        python: `3.${settings.minor}`,
        files: results.map((r) => ({
          path: r.path,
          status: r.status,
          bytesIn: r.inputBytes,
          bytesOut: r.outputBytes,
          reason: r.reason,
          docstringsRemoved: r.removedDocstrings,
          passRemoved: r.removedPasses,
          namesRenamed: r.renamedNames,
        })),
        totals: { ...t, reduction: t.bytesIn ? Number(((t.bytesIn - t.bytesOut) / t.bytesIn).toFixed(4)) : 0, mbPerSecond: t.seconds > 0 ? Number((t.bytesIn / 1e6 / t.seconds).toFixed(3)) : null },
        diagnostics,
      },
      null,
      2,
    ) + "\n"
  );
}

/**
 * `--perf`: wall time of the steps of the run, then the per-file phases summed over files (CPU time
 * across all threads, so with `--jobs N` their sum can exceed the wall time of the minify step).
 */
function perfText(steps: Array<[string, number]>, results: readonly MinifyResult[], phases: PhaseTimes, threads: number, cache: CacheStats | null): string {
  const bytes = results.reduce((n, r) => n + r.inputBytes, 0);
  const mbps = (ms: number): string => (ms > 0 ? (bytes / 1e3 / ms).toFixed(1) : "-");
  const wall = steps.reduce((n, [, ms]) => n + ms, 0);
  const minifyMs = steps.find(([k]) => k.startsWith("minify"))?.[1] ?? wall;
  const phaseSum = PHASES.reduce((n, p) => n + phases[p], 0);
  const lines = [
    `perf: ${steps.map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`).join(", ")}; ${results.length} file${results.length === 1 ? "" : "s"}, ` +
      `${(bytes / 1e6).toFixed(2)} MB, ${threads === 0 ? "on the main thread" : `${threads} worker thread${threads === 1 ? "" : "s"}`}: ` +
      `${mbps(minifyMs)} MB/s minifying, ${mbps(wall)} MB/s with listing, scanning and writing`,
    ...(cache ? [`perf: cache ${cache.hits} hit${cache.hits === 1 ? "" : "s"}, ${cache.misses} miss${cache.misses === 1 ? "" : "es"}, ${cache.writes} written${cache.damaged ? `, ${cache.damaged} damaged (ignored)` : ""}`] : []),
  ];
  // Every file from the cache: no phase ran.
  if (phaseSum > 0) {
    lines.push(
      `perf: phases (ms summed over the files minified${threads > 1 ? " and threads" : ""}; MB/s of the phase alone):`,
      ...PHASES.map((p) => `  ${p.padEnd(18)} ${phases[p].toFixed(0).padStart(7)} ms ${((100 * phases[p]) / phaseSum).toFixed(1).padStart(5)}% ${mbps(phases[p]).padStart(8)} MB/s`),
      `  ${"total".padEnd(18)} ${phaseSum.toFixed(0).padStart(7)} ms ${"".padStart(6)} ${mbps(phaseSum).padStart(8)} MB/s`,
    );
  }
  return lines.join("\n") + "\n";
}

function decodeForDiff(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("utf8");
}

/** The diff library, loaded only when a diff is asked for (start-up time of every other run). */
let diffLib: typeof import("diff") | null = null;
async function loadDiff(flags: OutputFlags): Promise<void> {
  if (flags.diff && !diffLib) diffLib = await import("diff");
}

function unifiedDiff(path: string, before: Uint8Array, after: Uint8Array, context: number): string {
  return diffLib!.createTwoFilesPatch(`a/${path}`, `b/${path}`, decodeForDiff(before), decodeForDiff(after), undefined, undefined, { context });
}

function report(ctx: CliContext, flags: OutputFlags, command: string, settings: MinifySettings, results: MinifyResult[], t: Totals): void {
  const diagnostics = results.flatMap((r) => r.diagnostics);
  for (const d of diagnostics) {
    if (flags.quiet && d.severity !== "error") continue;
    if (!flags.json) ctx.stderr(formatDiagnostic(d).split("\n")[0] + "\n");
  }
  const doc = flags.json || flags.outputJson ? jsonDocument(command, settings, results, t, diagnostics) : "";
  if (flags.outputJson) writeFileSync(flags.outputJson, doc);
  if (flags.json) ctx.stdout(doc);
  else if (flags.stats) ctx.stderr(statsText(t));
}

async function readStdin(ctx: CliContext): Promise<Uint8Array> {
  const custom = (ctx as CliContext & { stdin?: () => Promise<Uint8Array> }).stdin;
  if (custom) return custom();
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------- JIT

/**
 * A minifier run is short and cold: much of it is spent compiling the parser, the scope model and
 * the printer (and recompiling them when an early guess proves wrong), on every worker thread
 * again. A smaller inlining budget for V8's optimizing compiler makes each compilation several
 * times cheaper for a few percent of peak speed: measured on the CPython stdlib, 10–15% less wall
 * time and 15–20% less CPU time per run (which leaves more of the machine to the other threads).
 * The flag is process-wide and read at each compilation, so it applies to the worker threads too.
 */
function tuneJitForShortRuns(): void {
  setFlagsFromString("--max-inlined-bytecode-size=100");
}

// ---------------------------------------------------------------- one file

export interface FileRun {
  command: string;
  /** Renames to apply (apply-plan) for the file, or null. */
  preset?: (path: string, bytes: Uint8Array) => ScopePlan[] | null;
  overrides?: Partial<MinifySettings>;
}

export async function runFile(ctx: CliContext, file: string | undefined, flags: FileFlags, run: FileRun): Promise<ExitCode> {
  checkOutputFlags(flags);
  await loadDiff(flags);
  tuneJitForShortRuns();
  if (flags.stdin && file) throw new UsageError("give FILE or --stdin, not both");
  if (!flags.stdin && !file) throw new UsageError("missing FILE (or --stdin)");
  if (flags.stdin && flags.inPlace) throw new UsageError("--in-place needs a FILE, not --stdin");
  if (flags.stdout && flags.inPlace) throw new UsageError("--stdout and --in-place exclude each other");
  const path = file ? resolve(ctx.cwd, file) : null;
  const display = file ?? "<stdin>";
  let bytes: Uint8Array;
  if (path) {
    try {
      if (statSync(path).isDirectory()) throw new UsageError(`${file} is a directory (use 'tsrs ${run.command}-dir')`);
      bytes = readFileSync(path);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
    }
  } else bytes = await readStdin(ctx);
  const { settings } = resolveSettings(flags, path ? dirname(path) : ctx.cwd, run.overrides);
  const preset = run.preset ? run.preset(path ?? display, bytes) : null;
  const started = performance.now();
  const perf = flags.perf ? emptyPhaseTimes() : null;
  // The result cache (not for apply-plan: the plan is an input).
  const cache = flags.cache !== false && !preset ? new MinifyCache(defaultCacheDir(), { settings, externalNames: null }) : null;
  const key = cache ? cache.key(sha256(bytes), display, display) : "";
  let result = cache ? cache.get(key, bytes) : null;
  if (!result) {
    try {
      const { minifySource } = await import("../../minify/pipeline.js");
      result = minifySource(bytes, display, settings, { presetPlan: preset ? new Map(preset.map((s) => [s.scope, s])) : null, perf });
    } catch (e) {
      if (!isStackOverflow(e)) {
        const err = e as Error;
        ctx.stderr(`tsrs: internal error on ${display}: ${err?.stack ?? String(e)}\nThis is a bug in tsrs; the file is left alone.\n`);
        return Exit.Usage;
      }
      // Nested deeper than this thread's stack: again on a thread with a large one.
      const { failed, TOO_DEEP } = await import("../../minify/task.js");
      const item = { path: path ?? display, display, planPath: display, preset, input: bytes };
      result = (await minifyOnLargeStack([item], { settings, externalNames: null, planOnly: false }))?.[0] ?? failed(item, bytes, Codes.TooDeep, TOO_DEEP);
    }
    cache?.put(key, result);
  }
  const t = totalsOf([result], 0, (performance.now() - started) / 1000);

  if (flags.inPlace && path && result.status === "minified" && !flags.dryRun) {
    try {
      if (flags.backupExt) await writeBackup(path, path + flags.backupExt);
      await writeAtomic(path, result.output);
    } catch (e) {
      throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
    }
  }
  if (perf) ctx.stderr(perfText([["minify", t.seconds * 1000]], [result], perf, 0, cache?.stats ?? null));
  if (flags.diff && result.status === "minified") ctx.stdout(unifiedDiff(display, bytes, result.output, diffContext(flags)));
  const printSource = !flags.inPlace && !flags.dryRun && !flags.diff && (flags.stdout || !flags.json) && result.status !== "error";
  if (printSource) writeOutput(ctx, result.output);
  report(ctx, flags, run.command, settings, [result], t);
  if (!flags.quiet && !flags.json && (flags.inPlace || flags.dryRun) && result.status === "minified") {
    ctx.stderr(`${flags.dryRun ? "would minify" : "minified"} ${display}: ${result.inputBytes} → ${result.outputBytes} bytes (${pct(t)}% smaller)\n`);
  }
  if (result.status === "error") return Exit.Usage;
  if (result.status === "bailout") return Exit.Findings;
  return Exit.Ok;
}

/**
 * Writes the result's bytes on stdout. Contexts can take bytes (`stdoutBytes`); otherwise UTF-8
 * text goes through `ctx.stdout`, and other encodings (a latin-1 file keeps its encoding) straight
 * to the process's stdout.
 */
function writeOutput(ctx: CliContext, bytes: Uint8Array): void {
  const raw = (ctx as CliContext & { stdoutBytes?: (b: Uint8Array) => void }).stdoutBytes;
  if (raw) return raw(bytes);
  const text = Buffer.from(bytes).toString("utf8");
  if (!text.includes("\ufffd") || Buffer.from(text, "utf8").equals(Buffer.from(bytes))) ctx.stdout(text);
  else process.stdout.write(Buffer.from(bytes));
}

// ---------------------------------------------------------------- a directory

export interface DirRun {
  command: string;
  preset?: (entries: readonly TreeEntry[]) => (entry: TreeEntry) => ScopePlan[] | null;
  overrides?: Partial<MinifySettings>;
}

/**
 * The scan of a tree before it is minified (tree-reads.ts). `files`: those minified; `unminified`:
 * the tree's other files — its Python files (excluded: tests, say) still import and read the
 * minified modules' names, so they count among the readers of private globals. `planOnly`: a rename
 * plan, which docstrings do not enter. minify-dir, apply-plan-dir and minify-plan-dir all start
 * from it, so a plan renames exactly what minify-dir would.
 */
export function treeScan(
  root: string,
  files: ReadonlyArray<{ path: string; rel: string }>,
  settings: MinifySettings,
  cacheDir: string | null,
  unminified: ReadonlyArray<{ path: string; rel: string; link?: string }> = [],
  planOnly = false,
): TreeScan {
  return new TreeScan(
    root,
    files,
    unminified.filter((f) => f.rel.endsWith(".py") && f.link === undefined),
    {
      minor: settings.minor,
      docs: settings.removeDocstrings && !planOnly,
      frames: settings.renameLocals || settings.renameGlobals,
      external: settings.renameGlobals,
      cacheDir,
    },
  );
}

export async function runDir(ctx: CliContext, dir: string, flags: DirFlags, run: DirRun): Promise<ExitCode> {
  checkOutputFlags(flags);
  await loadDiff(flags);
  tuneJitForShortRuns();
  const root = resolve(ctx.cwd, dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`${dir}: not a directory`);
  if (flags.inPlace && flags.outDir) throw new UsageError("--in-place and --out-dir exclude each other");
  const outDir = flags.inPlace ? null : resolve(ctx.cwd, flags.outDir ?? root.replace(/[\\/]+$/, "") + "-min");
  if (outDir) {
    try {
      checkOutDir(root, outDir);
    } catch (e) {
      if (e instanceof OutputError) throw new UsageError(e.message);
      throw e;
    }
  }
  const { settings, config } = resolveSettings(flags, root, run.overrides);
  const jobs = jobsOption(flags.jobs);
  const maxDepth = flags.maxDepth === undefined ? undefined : Number(flags.maxDepth);
  if (maxDepth !== undefined && (!Number.isInteger(maxDepth) || maxDepth < 0)) throw new UsageError(`--max-depth: expected a whole number, got '${flags.maxDepth}'`);
  const readGlobs = (files: string[] | undefined): string[] => {
    const out: string[] = [];
    for (const f of files ?? []) {
      try {
        out.push(...readGlobFile(resolve(ctx.cwd, f)));
      } catch (e) {
        throw new UsageError(`cannot read ${f}: ${(e as Error).message}`);
      }
    }
    return out;
  };
  const include = [...(flags.include ?? []), ...readGlobs(flags.includeFile)];
  const exclude = [...(config.exclude ?? []), ...(flags.exclude ?? []), ...readGlobs(flags.excludeFile)];
  const listStarted = performance.now();
  const listing = listTree(root, {
    include: include.length ? include : config.include,
    exclude,
    respectGitignore: flags.respectGitignore,
    includeHidden: flags.includeHidden,
    followSymlinks: flags.followSymlinks,
    maxDepth,
    skipPaths: outDir ? [outDir] : [],
  });
  for (const p of listing.problems) if (!flags.quiet) ctx.stderr(`${relPath(ctx, p.path)}: ${p.reason}\n`);

  const toMinify = listing.files.filter((f) => f.minify);
  const others = listing.files.filter((f) => !f.minify);
  const presetOf = run.preset ? run.preset(listing.files) : null;
  const cacheDir = flags.cache === false ? null : defaultCacheDir();
  const scan = treeScan(root, toMinify, settings, cacheDir, others);
  const items: BatchItem[] = toMinify.map((f) => ({ path: f.path, display: relPath(ctx, f.path), planPath: f.rel, preset: presetOf ? presetOf(f) : null, bytes: f.size }));
  const progress = createProgress(flags.json ? { ...ctx, interactive: false } : ctx, "minifying");
  const started = performance.now();
  const listMs = started - listStarted;
  // Write. A file that cannot be written is reported (in input order, at the end); the others are
  // still written. Writes run on libuv's threads (WriteQueue) while the worker threads minify: the
  // other files are copied from the start, and without diffs each result is written as soon as it
  // is there.
  const writeErrors: Array<string | undefined> = [];
  const queue = new WriteQueue();
  const failedAt =
    (index: number, path: string) =>
    (e: Error): void => {
      writeErrors[index] = `${relPath(ctx, path)}: cannot write: ${e.message}\n`;
    };
  if (outDir && !flags.dryRun) {
    others.forEach((f, k) => {
      const to = join(outDir, ...f.rel.split("/"));
      if (f.link !== undefined) queue.link(f.link, to, failedAt(toMinify.length + k, f.path));
      else queue.copy(f.path, to, f.mode, failedAt(toMinify.length + k, f.path));
    });
  }
  const write = (i: number, r: MinifyResult): void => {
    const entry = toMinify[i]!;
    if (outDir) {
      const target = join(outDir, ...entry.rel.split("/"));
      const failed = failedAt(i, target);
      if (r.status === "error" && r.output.length === 0) queue.copy(entry.path, target, entry.mode, failed);
      else queue.write(target, r.output, entry.mode, failed);
    } else if (r.status === "minified") {
      queue.add(async () => {
        if (flags.backupExt) await writeBackup(entry.path, entry.path + flags.backupExt);
        await writeAtomic(entry.path, r.output, entry.mode);
      }, failedAt(i, entry.path));
    }
  };
  const streaming = !flags.dryRun && !flags.diff;
  const batch = await minifyTree(items, jobs, { settings, externalNames: null, planOnly: false, perf: flags.perf === true, cacheDir }, scan, {
    onProgress: (d, n) => progress.update(d, n),
    onResult: streaming ? write : undefined,
  });
  progress.done();
  const results = batch.results;
  const minifyMs = performance.now() - started;

  // Diffs first: in place, the originals are about to be replaced.
  if (flags.diff) {
    const context = diffContext(flags);
    results.forEach((r, i) => {
      if (r.status === "minified") ctx.stdout(unifiedDiff(toMinify[i]!.rel, readFileSync(toMinify[i]!.path), r.output, context));
    });
  }
  if (!flags.dryRun && !streaming) results.forEach((r, i) => write(i, r));
  await queue.drain();
  for (const message of writeErrors) if (message) ctx.stderr(message);
  const writeMs = performance.now() - started - minifyMs;
  const t = totalsOf(results, outDir ? others.length : 0, (performance.now() - started) / 1000);
  report(ctx, flags, run.command, settings, results, t);
  if (flags.perf) {
    const sum = emptyPhaseTimes();
    for (const r of results) if (r.perf) addPhaseTimes(sum, r.perf);
    const steps: Array<[string, number]> = [
      ["list", listMs],
      ["scan", batch.scanMs],
      [streaming ? "minify and write" : "minify", minifyMs - batch.scanMs],
      [streaming ? "finish writing" : flags.dryRun ? "diff" : "write", writeMs],
    ];
    ctx.stderr(perfText(steps, results, sum, batch.threads, batch.cache));
  }
  if (!flags.quiet && !flags.json && !flags.stats) {
    const where = flags.dryRun ? " (dry run: nothing written)" : outDir ? ` → ${relPath(ctx, outDir)}` : " (in place)";
    ctx.stderr(`${t.minified} of ${t.files} files minified, ${pct(t)}% smaller${where}\n`);
  }
  if (writeErrors.some((m) => m !== undefined)) return Exit.Usage;
  if (flags.failOnError && t.errors > 0) return Exit.Findings;
  if (flags.failOnBailout && t.bailouts > 0) return Exit.Findings;
  if (flags.failOnChange && t.minified > 0) return Exit.Findings;
  return Exit.Ok;
}

export function relPath(ctx: CliContext, p: string): string {
  const rel = relative(ctx.cwd, p);
  const shown = rel === "" ? "." : rel.startsWith("..") || rel.startsWith(sep) ? p : rel;
  return shown.split(sep).join("/");
}
