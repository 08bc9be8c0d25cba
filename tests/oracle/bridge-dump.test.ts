/**
 * The dump emulation against CPython: CPython's own tree, bridged into our node objects, must dump
 * exactly as `ast.dump` prints it — with and without positions, in the 3.11 and 3.14 formats.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { dumpAst } from "../../src/python/dump.js";
import { cpythonTrees } from "./bridge.js";
import { oracle } from "./oracle.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/dump");
const files = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".py"))
  .map((f) => join(FIXTURES, f));

describe.each([11, 14] as const)("dump parity, Python 3.%i", (minor) => {
  test("bridged CPython trees dump exactly like ast.dump", async () => {
    const trees = await cpythonTrees(minor, files);
    const expected = await oracle(minor, "ast", files);
    expect(trees.length).toBeGreaterThan(0);
    for (const t of trees) {
      const want = expected.find((r) => r.path === t.path)!;
      expect(dumpAst(t.module, t.source, { minor }), t.path).toBe(want.dump);
      expect(dumpAst(t.module, t.source, { minor, positions: true }), t.path).toBe(want.dumpPos);
    }
  });
});
