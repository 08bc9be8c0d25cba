#!/usr/bin/env node
/**
 * The tsrs command line: argv → command → reporter → exit code. The only place that touches
 * process.argv, process.exit and the real output streams.
 */
import { realpathSync } from "node:fs";
import nodeModule from "node:module";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { type CliContext, Exit, type ExitCode, processContext, UsageError } from "./context.js";

type Runner = (fn: (ctx: CliContext) => Promise<ExitCode>) => Promise<void>;
type Register = (program: Command, run: Runner) => void;

/**
 * Every command, in help order: the names it answers to and how to load its module. Only the
 * module of the command being run is loaded (start-up time matters for a CLI run on every save);
 * help and unknown commands load them all.
 */
const COMMANDS: ReadonlyArray<{ names: readonly string[]; load: () => Promise<Register> }> = [
  { names: ["check-syntax"], load: async () => (await import("./commands/check-syntax.js")).registerCheckSyntax },
  { names: ["debug"], load: async () => (await import("./commands/debug.js")).registerDebug },
  { names: ["analyze"], load: async () => (await import("./commands/analyze.js")).registerAnalyze },
  { names: ["slim"], load: async () => (await import("./commands/slim.js")).registerSlim },
  { names: ["minify", "minify-dir"], load: async () => (await import("./commands/minify.js")).registerMinify },
  { names: ["minify-plan", "minify-plan-dir"], load: async () => (await import("./commands/minify-plan.js")).registerMinifyPlan },
  { names: ["apply-plan", "apply-plan-dir"], load: async () => (await import("./commands/apply-plan.js")).registerApplyPlan },
  { names: ["deadcode"], load: async () => (await import("./commands/deadcode.js")).registerDeadcode },
  { names: ["callgraph"], load: async () => (await import("./commands/callgraph.js")).registerCallgraph },
  { names: ["optimize"], load: async () => (await import("./commands/optimize.js")).registerOptimize },
];

/** The register functions needed for `argv`: the named command's, or all of them. */
async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  const first = argv.find((a) => !a.startsWith("-"));
  if (first === undefined && (argv.includes("-V") || argv.includes("--version"))) return [];
  const chosen = COMMANDS.filter((c) => first !== undefined && c.names.includes(first));
  return Promise.all((chosen.length ? chosen : COMMANDS).map((c) => c.load()));
}

export function buildProgram(ctx: CliContext, setExit: (code: ExitCode) => void, commands: readonly Register[]): Command {
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
  for (const register of commands) register(program, run);
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
  const program = buildProgram(ctx, (c) => (code = c), await commandsFor(argv));
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

/**
 * Node ≥ 22.1 keeps the compiled bytecode of the modules loaded after this call (every command
 * module, the parser, the minifier) in its compile cache (in the system's temp folder, keyed by
 * source; NODE_DISABLE_COMPILE_CACHE=1 turns it off): 10–20 ms less start-up per run. Older Node
 * has no such call.
 */
function enableCompileCache(): void {
  const m = nodeModule as { enableCompileCache?: () => unknown };
  try {
    m.enableCompileCache?.();
  } catch {
    // a read-only temp folder: run without the cache
  }
}

if (invokedDirectly()) {
  enableCompileCache();
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
