/**
 * Files nested as deeply as CPython compiles (about 3,000 levels of expressions) go through the
 * built CLI: the minifier's recursive walks outgrow the main thread's stack, so such a file is
 * minified again on a thread with a large stack; dead-code analysis treats it like a file it cannot
 * parse (its names count as used) instead of failing the run.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { tempTree, tsrs } from "./helpers.js";

const DEPTH = 2900;
const DEEP: Record<string, string> = {
  "binop.py": `def total():\n    return ${Array.from({ length: DEPTH }, (_, i) => String(i % 7)).join(" + ")}\nprint(total())\n`,
  "attr.py": `class A:\n    pass\na = A()\na.b = a\nprint(a${".b".repeat(DEPTH)} is a)\n`,
  "nots.py": `def flip(value):\n    return ${"not ".repeat(DEPTH)}value\nprint(flip(True))\n`,
};

function python(file: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("python3", [file], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("deeply nested files", () => {
  test("minify and minify-dir minify them, and they print the same", () => {
    const { dir, cleanup } = tempTree(DEEP);
    try {
      for (const name of Object.keys(DEEP)) {
        const before = python(join(dir, name));
        expect(before.status, `${name}: ${before.stderr}`).toBe(0);
        const one = tsrs(["minify", name, "--no-cache"], dir);
        expect(one.stderr).not.toContain("internal error");
        expect(one.status, one.stderr).toBe(0);
        writeFileSync(join(dir, `min_${name}`), one.stdout);
        expect(python(join(dir, `min_${name}`)).stdout, name).toBe(before.stdout);
      }
      for (const name of Object.keys(DEEP)) rmSync(join(dir, `min_${name}`));
      const run = tsrs(["minify-dir", dir, "--no-cache", "--json"], dir);
      expect(run.status, run.stderr).toBe(0);
      const doc = JSON.parse(run.stdout) as { totals: { minified: number; errors: number } };
      expect(doc.totals).toMatchObject({ minified: Object.keys(DEEP).length, errors: 0 });
      for (const name of Object.keys(DEEP)) {
        const out = join(`${dir}-min`, name);
        expect(readFileSync(out, "utf8").length).toBeLessThan(DEEP[name]!.length);
        expect(python(out).stdout, name).toBe(python(join(dir, name)).stdout);
      }
    } finally {
      rmSync(`${dir}-min`, { recursive: true, force: true });
      cleanup();
    }
  });

  test("deadcode keeps the names of a file it cannot follow, and the run goes on", () => {
    const { dir, cleanup } = tempTree({
      "app.py": "from helpers import used\nprint(used())\n",
      "helpers.py": "def used():\n    return 1\n\ndef only_in_deep():\n    return 2\n",
      "deep.py": `import helpers\nx = ${Array.from({ length: DEPTH }, () => "helpers.only_in_deep()").join(" + ")}\n`,
    });
    try {
      const run = tsrs(["deadcode", ".", "--json"], dir);
      expect(run.stderr).not.toContain("internal error");
      expect([0, 1]).toContain(run.status);
      const doc = JSON.parse(run.stdout) as { findings: Array<{ name?: string; message?: string }> };
      expect(JSON.stringify(doc.findings)).not.toContain("only_in_deep");
      expect(run.stderr).toContain("deep.py: nested too deeply for tsrs to follow");
      expect(run.stderr).toContain("[TSRS005]");
    } finally {
      cleanup();
    }
  });
});
