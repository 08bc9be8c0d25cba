/**
 * The quick part of `npm run test:cpython` (scripts/test-cpython.mjs --quick): six stdlib modules
 * (json, textwrap, shlex, string, fractions, tomllib) minified with the built CLI, then CPython's own
 * tests for them run against the originals and against the minified copies. Every test case must
 * have the same outcome, except doctests and `__doc__` checks on removed docstrings.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe.skipIf(!existsSync(join(ROOT, "dist/bundle/cli/main.js")))("CPython's test suite on minified stdlib modules (quick set)", () => {
  test("same outcomes as with the original modules", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/test-cpython.mjs"), "--quick"], { encoding: "utf8", maxBuffer: 1 << 26 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const minified = /minified (\d+) files of 6 modules: .* (\d+) bailouts, (\d+) errors/.exec(r.stdout);
    expect(minified, r.stdout).not.toBeNull();
    expect(Number(minified![1])).toBeGreaterThan(5);
    expect([minified![2], minified![3]]).toEqual(["0", "0"]);
    const original = /original: (\d+) passed, (\d+) failed/.exec(r.stdout);
    const both = /passing in both: (\d+); docstring casualties [^:]*: (\d+)/.exec(r.stdout);
    expect(original && both, r.stdout).toBeTruthy();
    expect(Number(original![1])).toBeGreaterThan(200);
    expect(Number(original![2])).toBe(0);
    // Every test that passed with the originals passes minified, but for docstring casualties.
    expect(Number(both![1]) + Number(both![2])).toBe(Number(original![1]));
    expect(r.stdout).not.toContain("REGRESSIONS");
  }, 180_000);
});
