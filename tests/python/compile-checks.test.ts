/**
 * The post-parse checks against CPython's compile(): every fixture is parsed by CPython itself
 * (bridge), then our future and compiler checks must give exactly compile()'s verdict — same message,
 * line and column — for Python 3.11 (python3) and 3.14 (pyodide).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { checkCompiler, checkFutureImports } from "../../src/python/compile-checks.js";
import { cpythonTrees } from "../oracle/bridge.js";
import { oracle } from "../oracle/oracle.js";

const DIR = join(import.meta.dirname, "../fixtures/compile");
const files = readdirSync(DIR).filter((f) => f.endsWith(".py")).sort().map((f) => join(DIR, f));

describe.each([11, 14] as const)("compile-time checks match CPython 3.%i", (minor) => {
  test("every fixture", async () => {
    const trees = await cpythonTrees(minor, files);
    const verdicts = new Map((await oracle(minor, "compile", files)).map((r) => [r.path, r]));
    expect(trees.length).toBeGreaterThan(40);
    const failures: string[] = [];
    let errorsCompared = 0;
    for (const t of trees) {
      const want = verdicts.get(t.path)!;
      const got = checkFutureImports(t.module, t.source, minor) ?? checkCompiler(t.module, t.source, minor);
      const name = t.path.slice(DIR.length + 1);
      const ours = got ? `${got.message} @${got.line}:${got.col}` : "ok";
      const theirs = want.ok ? "ok" : `${want.error!.message} @${want.error!.line}:${want.error!.col}`;
      if (!want.ok) errorsCompared++;
      if (ours !== theirs) failures.push(`${name}: ours ${ours} | cpython ${theirs}`);
    }
    expect(failures).toEqual([]);
    expect(errorsCompared).toBeGreaterThan(40);
  });
});
