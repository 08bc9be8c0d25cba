/**
 * `tsrs debug ast` and `tsrs debug symbols`: our parser's tree and scope model printed exactly as
 * CPython prints them (`ast.dump`, `symtable`) for the target version. Used by people to look, and
 * by the differential tests as the hook that compares us with CPython.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { describeFsError, displayPath } from "../../files/collect.js";
import { dumpAst } from "../../python/dump.js";
import { PythonSyntaxError } from "../../python/errors.js";
import { parseSource } from "../../python/parser.js";
import { decodeSource, type SourceFile } from "../../python/source.js";
import { buildSemanticModel, symtableDump } from "../../semantic/index.js";
import { type CliContext, Exit, type ExitCode } from "../context.js";
import { pythonOption } from "../options.js";

type Runner = (fn: (ctx: CliContext) => Promise<ExitCode>) => Promise<void>;

export function registerDebug(program: Command, run: Runner): void {
  const debug = program.command("debug").description("inspect how tsrs reads Python (parser and scope model)");
  debug
    .command("ast")
    .description("print the AST exactly as CPython's ast.dump(ast.parse(source)) prints it")
    .argument("<files...>", "Python files")
    .option("--python <X.Y>", "target Python version (also selects the dump format)", "3.14")
    .option("--positions", "include lineno/col_offset/end_lineno/end_col_offset (include_attributes=True)")
    .option("--json", 'one JSON line per file: {"path","ok","dump"} or {"path","ok":false,"error"}')
    .addHelpText("after", "\nExample:\n  tsrs debug ast --python 3.11 --positions app.py")
    .action((files: string[], opts: { python?: string; positions?: boolean; json?: boolean }) =>
      run((ctx) => {
        const minor = pythonOption(opts.python);
        return Promise.resolve(
          eachFile(ctx, files, !!opts.json, (source) => {
            const { module } = parseSource(source, { minor });
            const dump = dumpAst(module, source, { minor, positions: !!opts.positions });
            return { text: dump, json: { dump } };
          }),
        );
      }),
    );
  debug
    .command("symbols")
    .description("print the scope tree exactly as CPython's symtable module reports it")
    .argument("<files...>", "Python files")
    .option("--python <X.Y>", "target Python version", "3.14")
    .option("--json", 'one JSON line per file: {"path","ok","scopes"} or {"path","ok":false,"error"}')
    .addHelpText("after", "\nExample:\n  tsrs debug symbols --python 3.11 --json app.py")
    .action((files: string[], opts: { python?: string; json?: boolean }) =>
      run((ctx) => {
        const minor = pythonOption(opts.python);
        return Promise.resolve(
          eachFile(ctx, files, !!opts.json, (source) => {
            const { module } = parseSource(source, { minor });
            const model = buildSemanticModel(module, source, { minor });
            const scopes = [symtableDump(model, minor)];
            return { text: JSON.stringify(scopes[0], null, 2), json: { scopes } };
          }),
        );
      }),
    );
}

/** Runs `fn` on each file; syntax and read errors are reported per file (exit 1 / 2), never thrown. */
function eachFile(
  ctx: CliContext,
  files: string[],
  json: boolean,
  fn: (source: SourceFile) => { text: string; json: Record<string, unknown> },
): ExitCode {
  let code: ExitCode = Exit.Ok;
  for (const file of files) {
    const shown = displayPath(file, ctx.cwd);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      const message = `cannot read file: ${describeFsError(e)}`;
      if (json) ctx.stdout(JSON.stringify({ path: shown, ok: false, error: { line: null, col: null, message } }) + "\n");
      else ctx.stderr(`${shown}: ${message}\n`);
      code = Exit.Usage;
      continue;
    }
    try {
      const out = fn(decodeSource(bytes, shown));
      if (json) ctx.stdout(JSON.stringify({ path: shown, ok: true, ...out.json }) + "\n");
      else {
        if (files.length > 1) ctx.stdout(`==> ${shown} <==\n`);
        ctx.stdout(out.text + "\n");
      }
    } catch (e) {
      if (!(e instanceof PythonSyntaxError)) throw e;
      if (json) {
        ctx.stdout(JSON.stringify({ path: shown, ok: false, error: { line: e.line, col: e.col, message: e.message } }) + "\n");
      } else ctx.stderr(`${e.format()}\n`);
      if (code === Exit.Ok) code = Exit.Findings;
    }
  }
  return code;
}
