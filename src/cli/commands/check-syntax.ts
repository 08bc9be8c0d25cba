/**
 * `tsrs check-syntax [--python X.Y] [--jobs N] [--json] PATH...` — does every Python file parse
 * and compile on the target version? One `file:line:col: message` line per failing file, then a
 * summary. Exit 0 when all compile, 1 when some do not, 2 on unusable input.
 */
import type { Command } from "commander";
import { compareDiagnostics, formatDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { Codes } from "../../diagnostics/codes.js";
import { collectFiles, displayPath } from "../../files/collect.js";
import { checkFile, type CheckFileOptions, type CheckFileResult } from "../../parallel/check-file.js";
import { runPool } from "../../parallel/pool.js";
import { type CliContext, Exit, type ExitCode, UsageError } from "../context.js";
import { jobsOption, pythonOption } from "../options.js";
import { createProgress } from "../progress.js";

interface Options {
  python?: string;
  jobs?: string;
  json?: boolean;
  semantic: boolean;
  includeHidden?: boolean;
}

export function registerCheckSyntax(program: Command, run: (fn: (ctx: CliContext) => Promise<ExitCode>) => Promise<void>): void {
  program
    .command("check-syntax")
    .description("check that Python files parse and compile on a target Python version")
    .argument("<paths...>", "files or directories (directories are searched for *.py)")
    .option("--python <X.Y>", "target Python version, 3.8 … 3.14", "3.14")
    .option("-j, --jobs <N>", "parallel workers (default: number of CPUs)")
    .option("--json", "print one JSON document instead of text")
    .option("--no-semantic", "parse only; skip compile-time checks (nonlocal/global misuse, …)")
    .option("--include-hidden", "also search hidden directories")
    .addHelpText(
      "after",
      `
Examples:
  tsrs check-syntax src/                 # will it compile on Python 3.14?
  tsrs check-syntax --python 3.9 src/    # … on Python 3.9?
  tsrs check-syntax --json . > report.json

Exit status: 0 all files compile, 1 some do not, 2 usage or input error.`,
    )
    .action((paths: string[], opts: Options) => run((ctx) => checkSyntaxCommand(ctx, paths, opts)));
}

export async function checkSyntaxCommand(ctx: CliContext, paths: string[], opts: Options): Promise<ExitCode> {
  const minor = pythonOption(opts.python);
  const jobs = jobsOption(opts.jobs);
  const started = performance.now();
  const { files, problems } = collectFiles(paths, { includeHidden: opts.includeHidden ?? false });
  if (files.length === 0 && problems.length > 0 && problems.length === paths.length) {
    throw new UsageError(problems.map((p) => `${p.path}: ${p.reason}`).join("\n"));
  }
  const display: Record<string, string> = {};
  for (const f of files) display[f] = displayPath(f, ctx.cwd);
  const data: CheckFileOptions = { minor, semantic: opts.semantic, display };
  const progress = createProgress(ctx, "checking");
  const results: CheckFileResult[] = await runPool(files, jobs, {
    workerUrl: new URL("../../parallel/check-worker.js", import.meta.url),
    inline: (path, d) => checkFile(path, d as CheckFileOptions),
    data,
    onProgress: opts.json ? undefined : (done, total) => progress.update(done, total),
  });
  progress.done();

  const diagnostics: Diagnostic[] = problems.map((p) => ({
    code: Codes.ReadError, severity: "error" as const, message: p.reason, file: displayPath(p.path, ctx.cwd), line: 0, col: 0,
  }));
  let bytes = 0;
  for (const r of results) {
    bytes += r.bytes;
    if (r.diagnostic) diagnostics.push(r.diagnostic);
  }
  diagnostics.sort(compareDiagnostics);
  const inputErrors = diagnostics.filter((d) => d.code === Codes.ReadError).length;
  const failing = diagnostics.length - inputErrors;
  const seconds = (performance.now() - started) / 1000;

  if (opts.json) {
    ctx.stdout(
      JSON.stringify({
        python: `3.${minor}`,
        summary: { files: files.length, failed: failing, unreadable: inputErrors, bytes },
        diagnostics: diagnostics.map((d) => ({ path: d.file, line: d.line, col: d.col, code: d.code, message: d.message })),
      }) + "\n",
    );
  } else {
    for (const d of diagnostics) ctx.stdout(formatDiagnostic(d) + "\n");
    const mb = bytes / 1e6;
    const what = failing === 0 ? "all compile" : `${failing} failed`;
    ctx.stderr(
      `${files.length} file${files.length === 1 ? "" : "s"} checked for Python 3.${minor}: ${what}` +
        (inputErrors ? `, ${inputErrors} unreadable` : "") +
        ` (${mb.toFixed(1)} MB in ${seconds.toFixed(2)} s)\n`,
    );
  }
  if (inputErrors > 0) return Exit.Usage;
  return failing > 0 ? Exit.Findings : Exit.Ok;
}
