/**
 * Differential test against CPython 3.14 (pyodide, in-process): its standard library — code that
 * uses 3.12–3.14 syntax (PEP 695 type parameters, nested f-string quotes, PEP 758 `except A, B:`,
 * template strings) — minified for `--python 3.14` compiles under 3.14 and has the same tree as
 * the original once names, docstrings, redundant `pass` and parameter aliases are set aside
 * (oracle.py's `shape` mode). The 3.11 differential test (differential.test.ts) checks the renames
 * themselves with CPython's symtable; this one checks the printer on the newest grammar.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, expect, test } from "vitest";
import { DEFAULT_SETTINGS, mergeSettings } from "../../src/minify/options.js";
import { minifySource } from "../../src/minify/pipeline.js";
import { oracle314, pyodideStdlib } from "../oracle/oracle.js";

const work = mkdtempSync(join(tmpdir(), "tsrs-diff314-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("the 3.14 stdlib, minified for 3.14, compiles under CPython 3.14 and keeps its shape", { timeout: 300_000 }, async () => {
  const all = await pyodideStdlib(join(work, "orig"));
  expect(all.length).toBeGreaterThan(400);
  // Every 6th file (all with TSRS_DIFF=full), and every file that spells 3.12+ syntax.
  const every = process.env.TSRS_DIFF === "full" ? 1 : 6;
  const modern = /^\s*type\s+\w+\s*(\[|=)|\bdef\s+\w+\[|\bclass\s+\w+\[|^\s*except\s+\w+(\.\w+)*\s*,|(^|[^\w\\])[tT][rR]?["'][^"'\n]*\{/m;
  const sample = all.filter((f, i) => i % every === 0 || modern.test(readFileSync(f, "latin1")));
  const settings = mergeSettings(DEFAULT_SETTINGS, { minor: 14 });
  const originals: string[] = [];
  const minified: string[] = [];
  const bailouts: string[] = [];
  for (const file of sample) {
    const r = minifySource(readFileSync(file), file, settings);
    if (r.status === "error") continue; // not valid Python 3.14 (none expected)
    if (r.status === "bailout") bailouts.push(`${file}: ${r.reason}`);
    if (r.status !== "minified") continue;
    const out = join(work, "min", relative(join(work, "orig"), file));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, r.output);
    originals.push(file);
    minified.push(out);
  }
  expect(bailouts).toEqual([]);
  expect(minified.length).toBeGreaterThan(sample.length * 0.9);
  const before = await oracle314("shape", originals);
  const after = await oracle314("shape", minified);
  const failures: string[] = [];
  before.forEach((b, i) => {
    const a = after[i]!;
    const name = relative(work, originals[i]!);
    if (!b.ok) return; // CPython itself rejects it: nothing to compare
    if (!a.ok) failures.push(`${name}: minified does not compile: ${a.error?.message} (line ${a.error?.line})`);
    else if (a.dump !== b.dump) failures.push(`${name}: tree differs`);
  });
  expect(failures).toEqual([]);
});
