/**
 * Differential test of the scope model against CPython's `symtable` (3.11 via python3, 3.14 via
 * pyodide), live: every fixture in tests/fixtures/symtable (valid programs by theme),
 * tests/fixtures/symtable/errors (programs the symtable rejects, one error each) and
 * tests/fixtures/symtable/cases (small scope-* and error-* edge cases) must produce the
 * same scope tree, symbol flags and children order — or the same SyntaxError, line and column.
 * Each fixture runs twice: on CPython's own tree (bridge) and on our parser's tree.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cpythonTrees } from "../oracle/bridge.js";
import { oracle } from "../oracle/oracle.js";
import { ourSymtable, parseWithOurs, theirSymtable } from "./harness.js";

const DIR = join(import.meta.dirname, "../fixtures/symtable");
const list = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".py"))
    .sort()
    .map((f) => join(dir, f));
const files = [...list(DIR), ...list(join(DIR, "errors")), ...list(join(DIR, "cases"))];

describe.each([11, 14] as const)("symtable parity, Python 3.%i", (minor) => {
  test("on CPython's trees", async () => {
    const [trees, records] = await Promise.all([cpythonTrees(minor, files), oracle(minor, "symtable", files)]);
    const byPath = new Map(records.map((r) => [r.path, r]));
    expect(trees.length).toBeGreaterThan(40);
    for (const t of trees) {
      expect(ourSymtable(t.module, t.source, minor), t.path).toEqual(theirSymtable(byPath.get(t.path)!));
    }
  });

  test("on our parser's trees", async () => {
    const records = await oracle(minor, "symtable", files);
    let compared = 0;
    for (const rec of records) {
      const parsed = parseWithOurs(rec.path, minor);
      if (!parsed) {
        // Our parser rejects: CPython must reject too (the parser's own tests check the message).
        expect(rec.ok, rec.path).toBe(false);
        continue;
      }
      // Some checks live in CPython's parser but in our semantic pass (future imports in 3.14):
      // either way the outcome of `symtable.symtable()` must be the same.
      expect(ourSymtable(parsed.module, parsed.source, minor), rec.path).toEqual(theirSymtable(rec));
      compared++;
    }
    expect(compared).toBeGreaterThan(40);
  });

  test("the corpus exercises both outcomes", async () => {
    const records = await oracle(minor, "symtable", files);
    expect(records.filter((r) => r.ok).length).toBeGreaterThan(10);
    expect(records.filter((r) => !r.ok).length).toBeGreaterThan(10);
  });
});
