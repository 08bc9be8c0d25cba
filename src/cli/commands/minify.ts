/**
 * `tsrs minify FILE` and `tsrs minify-dir DIR`: the safe minifier. Every output is re-parsed and
 * compared with the original; a file that fails is left byte-identical and reported.
 */
import type { Command } from "commander";
import type { CliContext, ExitCode } from "../context.js";
import {
  addOutputOptions, addTransformOptions, addTreeOptions, runDir, runFile, type DirFlags, type FileFlags,
} from "./minify-shared.js";

export function registerMinify(program: Command, run: (fn: (ctx: CliContext) => Promise<ExitCode>) => Promise<void>): void {
  const file = program
    .command("minify")
    .description("minify one Python file (renames locals, drops docstrings and comments, compact layout)")
    .argument("[file]", "the Python file (or --stdin)");
  addTransformOptions(addOutputOptions(file, false))
    .option("--stdin", "read the source from standard input")
    .option("--stdout", "print the result on standard output (the default without --in-place)")
    .addHelpText(
      "after",
      `
Examples:
  tsrs minify app.py > app.min.py
  tsrs minify --in-place --backup-ext .bak app.py
  tsrs minify --diff --python 3.9 app.py
  cat app.py | tsrs minify --stdin --stats

Every result is re-parsed and its syntax tree compared with the original's (modulo renames and
removed docstrings); if anything differs the file is left unchanged and the reason reported.

Exit status: 0 minified or already minimal, 1 bailout (file left unchanged), 2 usage or input error.`,
    )
    .action((f: string | undefined, opts: FileFlags) => run((ctx) => runFile(ctx, f, opts, { command: "minify" })));

  const dir = program
    .command("minify-dir")
    .description("minify every Python file of a folder into a mirror folder (or in place)")
    .argument("<dir>", "the folder")
    .option("-o, --out-dir <dir>", "the mirror folder (default: DIR-min beside DIR)");
  addTransformOptions(addTreeOptions(addOutputOptions(dir, true)))
    .option("--fail-on-change", "exit 1 when some file would change (CI: is the tree minified?)")
    .option("--fail-on-bailout", "exit 1 when some file could not be minified safely")
    .option("--fail-on-error", "exit 1 when some file could not be read or parsed")
    .addHelpText(
      "after",
      `
Examples:
  tsrs minify-dir src                       # → src-min/, other files copied as they are
  tsrs minify-dir src -o build/src --jobs 4 --stats
  tsrs minify-dir src --in-place --exclude 'tests/**'
  tsrs minify-dir src --dry-run --diff | less

Skipped: .git, __pycache__, .venv, node_modules and other caches, and hidden folders unless
--include-hidden. Hidden files are copied, not minified, unless --include-hidden. Symbolic links
are recreated as links in the mirror unless --follow-symlinks. An output folder inside DIR is refused.

Exit status: 0 done, 1 a --fail-on-* condition was met, 2 usage or input error.`,
    )
    .action((d: string, opts: DirFlags) => run((ctx) => runDir(ctx, d, opts, { command: "minify-dir" })));
}
