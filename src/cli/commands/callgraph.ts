/**
 * `tsrs callgraph PATH [--format dot|json]` — the whole-program call graph the dead-code analysis
 * works on: definitions and module code as nodes (dead ones marked), references as edges (imports
 * followed to what they import, attribute uses to the members they may reach).
 */
import type { Command } from "commander";
import { Option } from "commander";
import { formatDiagnostic } from "../../diagnostics/diagnostic.js";
import { findDeadCode } from "../../deadcode/analyze.js";
import { buildCallGraph, callGraphDot } from "../../graph/callgraph/view.js";
import { VenvError } from "../../venv/errors.js";
import { type CliContext, Exit, type ExitCode, UsageError } from "../context.js";
import { deadcodeOptions } from "./deadcode.js";

interface Options {
  format: string;
  json?: boolean;
  library?: boolean;
  app?: boolean;
  root: string[];
  exclude: string[];
  python?: string;
  cache?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerCallgraph(program: Command, run: (fn: (ctx: CliContext) => Promise<ExitCode>) => Promise<void>): void {
  program
    .command("callgraph")
    .description("print the whole-program call graph (Graphviz dot or JSON)")
    .argument("<path>", "the project folder, or a file")
    .addOption(new Option("--format <format>", "output format").choices(["dot", "json"]).default("dot"))
    .addOption(new Option("--json", "same as --format json").implies({ format: "json" }))
    .option("--library", "mark liveness as in library mode (public API used)")
    .option("--app", "mark liveness as in application mode (only entry points)")
    .option("--root <name>", "also treat this as used (repeatable)", collect, [])
    .option("--exclude <path>", "skip this path of the project (repeatable)", collect, [])
    .option("--python <X.Y>", "target Python version for parsing, 3.8 … 3.14 (default 3.14)")
    .option("--no-cache", "do not read or write the analysis cache")
    .addHelpText(
      "after",
      `
Nodes: modules (module code), functions, classes, methods, properties, module-level variables,
with "alive" as the dead-code analysis decides. Edges: "ref" (a name or dotted path resolved
through imports), "string" (a name or "pkg.mod:func" in a string), "star" (through
"from m import *"), "attr" (an attribute use, reaching every member of that name).

Examples:
  tsrs callgraph . | dot -Tsvg > callgraph.svg
  tsrs callgraph src --format json | jq '.edges | length'

Exit status: 0 ok, 2 usage or input error.`,
    )
    .action((path: string, opts: Options) => run((ctx) => callgraphCommand(ctx, path, opts)));
}

export async function callgraphCommand(ctx: CliContext, pathArg: string, opts: Options): Promise<ExitCode> {
  const options = deadcodeOptions(ctx, pathArg, { ...opts, whitelist: [], ignoreNames: [], noopDecorator: [] });
  let result;
  try {
    result = await findDeadCode(options);
  } catch (e) {
    if (e instanceof VenvError) throw new UsageError(`${e.message} [${e.code}]`);
    throw e;
  }
  for (const d of result.diagnostics) if (d.severity !== "info") ctx.stderr(`${d.file ? formatDiagnostic(d) : d.message} [${d.code}]\n`);
  const graph = buildCallGraph(result.program, result.liveness.alive);
  if (opts.format === "json") ctx.stdout(JSON.stringify({ nodes: graph.nodes, edges: graph.edges }, null, 2) + "\n");
  else ctx.stdout(callGraphDot(graph));
  return Exit.Ok;
}
