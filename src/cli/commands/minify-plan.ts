/**
 * `tsrs minify-plan FILE` and `tsrs minify-plan-dir DIR`: the rename plan the minifier would
 * apply, as JSON (version 1): per file, per scope, the names, the renames and the names kept with
 * the reason. Review or edit it, then apply it with `tsrs apply-plan` / `tsrs apply-plan-dir`.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { formatDiagnostic } from "../../diagnostics/diagnostic.js";
import { minifyTree, type BatchItem } from "../../minify/batch.js";
import { minifySource } from "../../minify/pipeline.js";
import { formatPlan, PLAN_VERSION, type FilePlan } from "../../minify/plan.js";
import { listTree, readGlobFile } from "../../minify/tree.js";
import { type CliContext, Exit, type ExitCode, UsageError } from "../context.js";
import { jobsOption } from "../options.js";
import { addTransformOptions, addTreeOptions, relPath, resolveSettings, treeScan, type DirFlags, type TransformFlags } from "./minify-shared.js";

interface PlanFlags extends TransformFlags {
  out?: string;
  quiet?: boolean;
}

export function registerMinifyPlan(program: Command, run: (fn: (ctx: CliContext) => Promise<ExitCode>) => Promise<void>): void {
  const file = program
    .command("minify-plan")
    .description("print the rename plan of one file as JSON (nothing is changed)")
    .argument("<file>", "the Python file")
    .option("-o, --out <plan.json>", "write the plan to a file instead of standard output")
    .option("-q, --quiet", "print only errors");
  addTransformOptions(file)
    .addHelpText(
      "after",
      `
Examples:
  tsrs minify-plan app.py > plan.json
  tsrs apply-plan app.py --plan plan.json --in-place

Exit status: 0 plan written, 2 usage or input error (the file does not parse).`,
    )
    .action((f: string, opts: PlanFlags) => run((ctx) => planFile(ctx, f, opts)));

  const dir = program
    .command("minify-plan-dir")
    .description("write the rename plan of every Python file of a folder as one JSON bundle")
    .argument("<dir>", "the folder")
    .option("-o, --out <plan.json>", "write the plan to a file instead of standard output")
    .option("-q, --quiet", "print only errors");
  addTransformOptions(addTreeOptions(dir))
    .addHelpText(
      "after",
      `
Examples:
  tsrs minify-plan-dir src --out plan.json
  tsrs apply-plan-dir src --plan plan.json --out-dir build/src

Paths in the plan are relative to DIR. Exit status: 0 plan written (files that do not parse are
reported and left out), 2 usage or input error.`,
    )
    .action((d: string, opts: PlanFlags & DirFlags) => run((ctx) => planDir(ctx, d, opts)));
}

function emit(ctx: CliContext, text: string, out: string | undefined): void {
  if (out) writeFileSync(resolve(ctx.cwd, out), text);
  else ctx.stdout(text);
}

async function planFile(ctx: CliContext, file: string, flags: PlanFlags): Promise<ExitCode> {
  const path = resolve(ctx.cwd, file);
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${file} is a directory (use 'tsrs minify-plan-dir')`);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const { settings } = resolveSettings(flags, dirname(path));
  const display = relPath(ctx, path);
  const result = minifySource(bytes, display, settings, { planOnly: true, planPath: display });
  if (result.status === "error") {
    for (const d of result.diagnostics) ctx.stderr(formatDiagnostic(d) + "\n");
    return Exit.Usage;
  }
  emit(ctx, formatPlan({ version: PLAN_VERSION, tool: "tsrs", python: `3.${settings.minor}`, files: [result.plan] }), flags.out);
  return Exit.Ok;
}

async function planDir(ctx: CliContext, dir: string, flags: PlanFlags & DirFlags): Promise<ExitCode> {
  const root = resolve(ctx.cwd, dir);
  try {
    if (!statSync(root).isDirectory()) throw new Error();
  } catch {
    throw new UsageError(`${dir}: not a directory`);
  }
  const { settings, config } = resolveSettings(flags, root);
  const globs = (files: string[] | undefined): string[] => (files ?? []).flatMap((f) => readGlobFile(resolve(ctx.cwd, f)));
  const include = [...(flags.include ?? []), ...globs(flags.includeFile)];
  const listing = listTree(root, {
    include: include.length ? include : config.include,
    exclude: [...(config.exclude ?? []), ...(flags.exclude ?? []), ...globs(flags.excludeFile)],
    respectGitignore: flags.respectGitignore,
    includeHidden: flags.includeHidden,
    followSymlinks: flags.followSymlinks,
    maxDepth: flags.maxDepth === undefined ? undefined : Number(flags.maxDepth),
  });
  const entries = listing.files.filter((f) => f.minify);
  const items: BatchItem[] = entries.map((f) => ({ path: f.path, display: relPath(ctx, f.path), planPath: f.rel, preset: null, bytes: f.size }));
  // The same cross-file facts as minify-dir (names other modules import, callers of frame readers):
  // the plan renames what minify-dir would, so apply-plan-dir accepts it as it is.
  const scan = treeScan(root, entries, settings, null, listing.files.filter((f) => !f.minify), true);
  const { results } = await minifyTree(items, jobsOption(flags.jobs), { settings, externalNames: null, planOnly: true }, scan);
  const files: FilePlan[] = [];
  for (const r of results) {
    if (r.status === "error") {
      for (const d of r.diagnostics) ctx.stderr(formatDiagnostic(d).split("\n")[0] + "\n");
      continue;
    }
    files.push(r.plan);
  }
  emit(ctx, formatPlan({ version: PLAN_VERSION, tool: "tsrs", python: `3.${settings.minor}`, files }), flags.out);
  if (!flags.quiet && flags.out) ctx.stderr(`plan of ${files.length} file${files.length === 1 ? "" : "s"} written to ${flags.out}\n`);
  return Exit.Ok;
}
