/**
 * Fixture projects, one per kind of reference and root: tests/fixtures/deadcode/<case>/ holds a
 * small Python project, `expected.txt` (the findings `tsrs deadcode` prints at
 * `--min-confidence 0`, written by reading the project) and optional `args.json` (extra flags).
 * Runs the CLI in-process with the case folder as working directory, so paths are relative.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { runCli } from "./helpers.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/deadcode");

describe("deadcode fixtures", () => {
  for (const name of readdirSync(ROOT).sort()) {
    const dir = join(ROOT, name);
    if (!existsSync(join(dir, "expected.txt"))) continue;
    test(name, async () => {
      const extra = existsSync(join(dir, "args.json")) ? (JSON.parse(readFileSync(join(dir, "args.json"), "utf8")) as string[]) : [];
      const r = await runCli(["deadcode", ".", "--min-confidence", "0", "--no-cache", ...extra], dir);
      const expected = readFileSync(join(dir, "expected.txt"), "utf8");
      expect(r.stdout).toBe(expected);
      expect(r.code).toBe(expected.trim() ? 1 : 0);
    });
  }
});
