/**
 * `tsrs apply-plan FILE --plan plan.json` and `tsrs apply-plan-dir DIR --plan plan.json`: minify
 * with the renames of a (reviewed, possibly edited) plan instead of computed ones. Same output
 * options as `minify` / `minify-dir`. Refused before anything is written: a plan of a newer
 * version, a file that changed since the plan was made (hash), a path outside DIR, a missing file.
 * Renaming a name the minifier keeps, or to an unusable name, is refused for that file; the safety
 * net checks the rest.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { parsePlan, PlanError, sha256, type FilePlan, type PlanBundle, type ScopePlan } from "../../minify/plan.js";
import { insideRoot, type TreeEntry } from "../../minify/tree.js";
import { type CliContext, type ExitCode, UsageError } from "../context.js";
import {
  addOutputOptions, addTransformOptions, addTreeOptions, runDir, runFile, type DirFlags, type FileFlags,
} from "./minify-shared.js";

interface PlanOption {
  plan?: string;
}

export function registerApplyPlan(program: Command, run: (fn: (ctx: CliContext) => Promise<ExitCode>) => Promise<void>): void {
  const file = program
    .command("apply-plan")
    .description("minify one file with the renames of a plan (see minify-plan)")
    .argument("<file>", "the Python file")
    .requiredOption("--plan <plan.json>", "the plan");
  addTransformOptions(addOutputOptions(file, false))
    .option("--stdout", "print the result on standard output (the default without --in-place)")
    .addHelpText(
      "after",
      `
Examples:
  tsrs minify-plan app.py > plan.json    # review / edit the "renames"
  tsrs apply-plan app.py --plan plan.json --in-place

Exit status: 0 done, 1 bailout (file left unchanged), 2 usage error or a plan that does not fit.`,
    )
    .action((f: string, opts: FileFlags & PlanOption) => run((ctx) => applyFile(ctx, f, opts)));

  const dir = program
    .command("apply-plan-dir")
    .description("minify a folder with the renames of a plan bundle (see minify-plan-dir)")
    .argument("<dir>", "the folder the plan was made for")
    .requiredOption("--plan <plan.json>", "the plan bundle")
    .option("-o, --out-dir <dir>", "the mirror folder (default: DIR-min beside DIR)");
  addTransformOptions(addTreeOptions(addOutputOptions(dir, true)))
    .option("--fail-on-change", "exit 1 when some file would change")
    .option("--fail-on-bailout", "exit 1 when some file could not be minified safely")
    .option("--fail-on-error", "exit 1 when some file could not be read, parsed or planned")
    .addHelpText(
      "after",
      `
Files of DIR the plan does not list are minified without renaming.

Exit status: 0 done, 1 a --fail-on-* condition was met, 2 usage error or a plan that does not fit.`,
    )
    .action((d: string, opts: DirFlags & PlanOption) => run((ctx) => applyDir(ctx, d, opts)));
}

function loadPlan(ctx: CliContext, path: string): PlanBundle {
  const full = resolve(ctx.cwd, path);
  let text: string;
  try {
    text = readFileSync(full, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read the plan ${path}: ${(e as Error).message}`);
  }
  try {
    return parsePlan(text, path);
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(e.message);
    throw e;
  }
}

/** Both renaming switches on: the plan decides what is renamed. */
const PLAN_OVERRIDES = { renameLocals: true, renameGlobals: true } as const;

async function applyFile(ctx: CliContext, file: string, flags: FileFlags & PlanOption): Promise<ExitCode> {
  const bundle = loadPlan(ctx, flags.plan!);
  const target = resolve(ctx.cwd, file);
  const entry: FilePlan | undefined =
    bundle.files.find((f) => resolve(ctx.cwd, f.path) === target) ?? (bundle.files.length === 1 ? bundle.files[0] : undefined);
  if (!entry) throw new UsageError(`the plan ${flags.plan} has no entry for ${file}`);
  return runFile(ctx, file, flags, {
    command: "apply-plan",
    overrides: PLAN_OVERRIDES,
    preset: (_path, bytes) => {
      if (sha256(bytes) !== entry.sha256) {
        throw new UsageError(`the plan no longer matches ${file}: the file changed since the plan was made (sha256 differs); make a new plan`);
      }
      return entry.scopes as ScopePlan[];
    },
  });
}

async function applyDir(ctx: CliContext, dir: string, flags: DirFlags & PlanOption): Promise<ExitCode> {
  const bundle = loadPlan(ctx, flags.plan!);
  const root = resolve(ctx.cwd, dir);
  const byRel = new Map<string, FilePlan>();
  const problems: string[] = [];
  for (const f of bundle.files) {
    const full = insideRoot(root, f.path);
    if (!full || f.path.includes("\\")) {
      problems.push(`${f.path}: the plan names a path outside ${dir}`);
      continue;
    }
    if (!existsSync(full)) {
      problems.push(`${f.path}: no such file in ${dir}`);
      continue;
    }
    if (sha256(readFileSync(full)) !== f.sha256) {
      problems.push(`${f.path}: the file changed since the plan was made (sha256 differs)`);
      continue;
    }
    byRel.set(f.path.split("\\").join("/"), f);
  }
  if (problems.length) throw new UsageError(`the plan ${flags.plan} does not fit ${dir}; nothing was written:\n  ${problems.join("\n  ")}`);
  return runDir(ctx, dir, flags, {
    command: "apply-plan-dir",
    overrides: PLAN_OVERRIDES,
    preset: () => (entry: TreeEntry) => (byRel.get(entry.rel)?.scopes as ScopePlan[] | undefined) ?? [],
  });
}
