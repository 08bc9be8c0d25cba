/**
 * The differential corpora: every .py file of CPython 3.11's standard library (the machine's
 * python3, incl. test/ and lib2to3 data with intentionally broken files) and of CPython 3.14's
 * (pyodide's python_stdlib.zip, extracted once into a cache folder).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export type CorpusMinor = 11 | 14;

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "__pycache__" && e.name !== "site-packages") walk(p, out);
    } else if (e.isFile() && e.name.endsWith(".py")) out.push(p);
  }
}

let stdlib311: string | null = null;
/** Root of python3's standard library. */
export function stdlibRoot311(): string {
  stdlib311 ??= execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim();
  return stdlib311;
}

/** Root of pyodide's (CPython 3.14) standard library, extracted on first use. */
export function stdlibRoot314(): string {
  const zip = join(dirname(createRequire(import.meta.url).resolve("pyodide/package.json")), "python_stdlib.zip");
  const dest = join(tmpdir(), "tsrs-corpus", "py314-stdlib");
  if (!existsSync(join(dest, "ast.py"))) {
    const staging = `${dest}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    execFileSync("python3", ["-m", "zipfile", "-e", zip, staging]);
    rmSync(dest, { recursive: true, force: true });
    renameSync(staging, dest);
  }
  return dest;
}

/**
 * All .py files of a corpus, sorted. For 3.14 that is pyodide's standard library (which ships
 * without tests) plus every file of the 3.11 library, read by CPython 3.14 too: thousands more
 * files, including the test suite's intentionally invalid ones.
 */
export function corpusFiles(minor: CorpusMinor): string[] {
  const out: string[] = [];
  walk(stdlibRoot311(), out);
  if (minor === 14) walk(stdlibRoot314(), out);
  return out.sort();
}

/** A deterministic sample: every `step`-th file (by sorted path), plus the files matching `always`. */
export function sampleFiles(files: string[], step: number, always: RegExp = /badsyntax|bad_coding|tokenize_tests|test_grammar|test_patma|test_fstring/): string[] {
  return files.filter((f, i) => i % step === 0 || always.test(f));
}
