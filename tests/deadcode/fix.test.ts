/**
 * `--fix` on fixture projects that carry their own unittest suites: tests/fixtures/deadcode/
 * fix-<case>/project is copied to a temporary folder, fixed in place, and then (1) every file in
 * fix-<case>/expected/ must match the edited file byte for byte, (2) every file must still compile
 * (`python3 -m compileall`), (3) the project's tests must still pass (`python3 -m unittest`), and
 * (4) a second run finds nothing more to remove at the same confidence (fixing is idempotent).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { runCli } from "./helpers.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/deadcode");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function python(args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync("python3", args, { cwd, encoding: "utf8", env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("deadcode --fix", () => {
  for (const name of readdirSync(ROOT).filter((n) => n.startsWith("fix-")).sort()) {
    const caseDir = join(ROOT, name);
    test(name, async () => {
      const tmp = mkdtempSync(join(tmpdir(), "tsrs-fix-"));
      try {
        cpSync(join(caseDir, "project"), tmp, { recursive: true });
        const extra = existsSync(join(caseDir, "args.json")) ? (JSON.parse(readFileSync(join(caseDir, "args.json"), "utf8")) as string[]) : [];
        const before = python(["-m", "unittest", "discover", "-s", "tests", "-t", "."], tmp);
        expect(before.status, before.out).toBe(0);

        await runCli(["deadcode", ".", "--fix", "--no-cache", ...extra], tmp);
        for (const file of walk(join(caseDir, "expected"))) {
          const rel = relative(join(caseDir, "expected"), file);
          expect(readFileSync(join(tmp, rel)).toString("latin1"), rel).toBe(readFileSync(file).toString("latin1"));
        }
        const compiled = python(["-m", "compileall", "-q", "."], tmp);
        expect(compiled.status, compiled.out).toBe(0);
        const after = python(["-m", "unittest", "discover", "-s", "tests", "-t", "."], tmp);
        expect(after.status, after.out).toBe(0);

        const again = await runCli(["deadcode", ".", "--fix", "--dry-run", "--no-cache", "--format", "json", ...extra], tmp);
        const doc = JSON.parse(again.stdout) as { summary: { fix: { removed: number } } };
        expect(doc.summary.fix.removed).toBe(0);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});
