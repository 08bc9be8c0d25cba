/**
 * `tsrs optimize CODE_DIR VENV -o OUT` end to end on the venv-callbacks fixture (a small project
 * and a hand-made venv holding one framework): reports, slim venv and minified code are written,
 * dead code is removed with --remove-dead, and the minified code still compiles.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { runCli } from "./helpers.js";

const CASE = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/deadcode/venv-callbacks");

test("optimize writes reports, a slim venv and minified code without the dead code", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "tsrs-optimize-"));
  try {
    const code = join(tmp, "code");
    cpSync(join(CASE, "app.py"), join(code, "app.py"));
    const out = join(tmp, "out");
    const dry = await runCli(["optimize", code, join(CASE, "venv"), "-o", out, "--app", "--remove-dead", "--dry-run", "--no-cache"], tmp);
    expect(dry.code).toBe(0);
    expect(existsSync(out)).toBe(false);
    const dryJson = await runCli(["optimize", code, join(CASE, "venv"), "-o", out, "--app", "--remove-dead", "--dry-run", "--json", "--no-cache"], tmp);
    expect(dryJson.code).toBe(0);
    expect(JSON.parse(dryJson.stdout)).toMatchObject({ dryRun: true, code: { deadRemoved: 1, minified: true }, deadcode: { findings: 1 } });
    expect(existsSync(out)).toBe(false);

    const r = await runCli(["optimize", code, join(CASE, "venv"), "-o", out, "--app", "--remove-dead", "--no-cache"], tmp);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("1 removed");
    for (const f of ["reports/deadcode.json", "reports/callgraph.dot", "reports/summary.json", "src-min/app.py", ".venv-slim/pyvenv.cfg"]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(out, "reports/summary.json"), "utf8")) as {
      code: { before: number; after: number; deadRemoved: number };
      dependencies: { name: string; reachable: number; definitions: number }[];
    };
    expect(summary.code.deadRemoved).toBe(1);
    expect(summary.code.after).toBeLessThan(summary.code.before);
    expect(summary.dependencies.find((d) => d.name === "framework")).toMatchObject({ reachable: 9, definitions: 11 });
    const min = readFileSync(join(out, "src-min/app.py"), "utf8");
    expect(min).not.toContain("unused_in_project");
    expect(min).toContain("def on_request");
    const compiled = spawnSync("python3", ["-c", "import sys; compile(open(sys.argv[1]).read(), 'app.py', 'exec')", join(out, "src-min/app.py")], { encoding: "utf8" });
    expect(compiled.status, compiled.stderr).toBe(0);
    // The code folder is only read.
    expect(readFileSync(join(code, "app.py"), "utf8")).toContain("unused_in_project");
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
