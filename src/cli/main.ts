#!/usr/bin/env node
/**
 * The tsrs command line: argv → command → reporter → exit code. The only place that touches
 * process.argv, process.exit and the real output streams.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { registerAnalyze } from "./commands/analyze.js";
import { registerCheckSyntax } from "./commands/check-syntax.js";
import { registerDebug } from "./commands/debug.js";
import { registerSlim } from "./commands/slim.js";
import { registerApplyPlan } from "./commands/apply-plan.js";
import { registerMinify } from "./commands/minify.js";
import { registerMinifyPlan } from "./commands/minify-plan.js";
import { type CliContext, Exit, type ExitCode, processContext, UsageError } from "./context.js";

export function buildProgram(ctx: CliContext, setExit: (code: ExitCode) => void): Command {
  const program = new Command();
  const run = async (fn: (ctx: CliContext) => Promise<ExitCode>): Promise<void> => {
    setExit(await fn(ctx));
  };
  program
    .name("tsrs")
    .description("Static analysis for Python deployments: slim venvs, find dead code, minify safely.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
  registerCheckSyntax(program, run);
  registerDebug(program, run);
  registerAnalyze(program, run);
  registerSlim(program, run);
  registerMinify(program, run);
  registerMinifyPlan(program, run);
  registerApplyPlan(program, run);
  program.addHelpText(
    "after",
    `
Exit status: 0 ok, 1 findings or failed check, 2 usage or input error.
Run 'tsrs <command> --help' for a command's options and examples.`,
  );
  for (const cmd of program.commands) {
    cmd.exitOverride();
    for (const sub of cmd.commands) sub.exitOverride();
  }
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], ctx: CliContext = processContext()): Promise<ExitCode> {
  let code: ExitCode = Exit.Ok;
  const program = buildProgram(ctx, (c) => (code = c));
  try {
    if (argv.length === 0) {
      ctx.stdout(program.helpInformation());
      return Exit.Usage;
    }
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return Exit.Ok;
      return Exit.Usage;
    }
    if (e instanceof UsageError) {
      ctx.stderr(`tsrs: error: ${e.message}\n`);
      return Exit.Usage;
    }
    const err = e as Error;
    ctx.stderr(`tsrs: internal error: ${err?.stack ?? String(e)}\nThis is a bug in tsrs; please report it with the input that caused it.\n`);
    return Exit.Usage;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(String(e) + "\n");
      process.exitCode = Exit.Usage;
    },
  );
}
