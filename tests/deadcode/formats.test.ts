/**
 * Output formats and command behaviour: JSON (fixed keys, no timings: same bytes twice), SARIF,
 * DOT, the call graph (dot/json), exit codes, option errors, `--jobs` equivalence, the fix guard,
 * and the entry-point readers.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { findDeadCode } from "../../src/deadcode/analyze.js";
import { planFixes } from "../../src/deadcode/fix/plan.js";
import { pyprojectEntryPoints, setupCfgEntryPoints, setupPyEntryPoints } from "../../src/deadcode/roots/entry-points.js";
import { deadcodeConfig } from "../../src/config/deadcode.js";
import { runCli } from "./helpers.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/deadcode");

describe("deadcode output", () => {
  test("json: fixed keys, summary, same bytes on every run", async () => {
    const dir = join(FIXTURES, "call-chains");
    const a = await runCli(["deadcode", ".", "--app", "--format", "json", "--no-cache"], dir);
    const b = await runCli(["deadcode", ".", "--app", "--format", "json", "--no-cache"], dir);
    expect(a.stdout).toBe(b.stdout);
    expect(a.code).toBe(1);
    const doc = JSON.parse(a.stdout) as { findings: Record<string, unknown>[]; summary: Record<string, unknown> };
    expect(Object.keys(doc.findings[0]!)).toEqual(["path", "line", "col", "kind", "name", "confidence", "reason", "code"]);
    expect(doc.findings[0]).toMatchObject({ path: "chain.py", line: 13, col: 5, kind: "function", name: "dead_root", confidence: 100, reason: "no reference", code: "TSRS101" });
    expect(doc.summary).toMatchObject({ findings: 8, belowMinConfidence: 0, minConfidence: 80, mode: "app", byKind: { function: 8 } });
    // --json is --format json; with another --format it is a usage error
    const c = await runCli(["deadcode", ".", "--app", "--json", "--no-cache"], dir);
    expect(c.stdout).toBe(a.stdout);
    const clash = await runCli(["deadcode", ".", "--app", "--json", "--format", "sarif", "--no-cache"], dir);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain("--json and --format sarif exclude each other");
  });

  test("--min-confidence filters, exit 0 when nothing is reported", async () => {
    const dir = join(FIXTURES, "confidence");
    const all = await runCli(["deadcode", ".", "--app", "--min-confidence", "0", "--no-cache"], dir);
    const high = await runCli(["deadcode", ".", "--app", "--min-confidence", "95", "--no-cache"], dir);
    expect(all.stdout.trim().split("\n").length).toBe(7);
    expect(high.stdout).toBe("");
    expect(high.code).toBe(0);
    expect(high.stderr).toContain("+7 below confidence 95");
  });

  test("sarif and dot", async () => {
    const dir = join(FIXTURES, "call-chains");
    const sarif = JSON.parse((await runCli(["deadcode", ".", "--app", "--format", "sarif", "--no-cache"], dir)).stdout) as {
      version: string;
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results).toHaveLength(8);
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: "chain.py" }, region: { startLine: 13, startColumn: 5 } });
    const dot = (await runCli(["deadcode", ".", "--app", "--format", "dot", "--no-cache"], dir)).stdout;
    expect(dot).toMatch(/^digraph deadcode \{/);
    // dead_root -> dead_middle -> dead_leaf
    expect(dot).toContain("n0 -> n1;");
    expect(dot).toContain("n1 -> n2;");
  });

  test("callgraph json and dot", async () => {
    const dir = join(FIXTURES, "imports");
    const r = await runCli(["callgraph", ".", "--app", "--format", "json", "--no-cache"], dir);
    expect(r.code).toBe(0);
    expect((await runCli(["callgraph", ".", "--app", "--json", "--no-cache"], dir)).stdout).toBe(r.stdout);
    const g = JSON.parse(r.stdout) as { nodes: { id: string; alive: boolean }[]; edges: { from: string; to: string; kind: string }[] };
    const node = (id: string): { id: string; alive: boolean } | undefined => g.nodes.find((n) => n.id === id);
    expect(node("pkg.impl:exported")?.alive).toBe(true);
    expect(node("pkg.impl:unused")?.alive).toBe(false);
    // Imports are collapsed: main's code reaches the function the package re-exports.
    expect(g.edges).toContainEqual({ from: "app.main", to: "pkg.impl:exported", kind: "ref" });
    expect(g.edges).toContainEqual({ from: "pkg.sub.tools:relative_user", to: "pkg.impl:via_alias", kind: "ref" });
    const dot = (await runCli(["callgraph", ".", "--app", "--no-cache"], dir)).stdout;
    expect(dot).toContain('"pkg.impl:unused" [label="unused", color=firebrick, fontcolor=firebrick];');
  });

  test("usage errors exit 2", async () => {
    const dir = join(FIXTURES, "call-chains");
    expect((await runCli(["deadcode", "no-such-dir"], dir)).code).toBe(2);
    expect((await runCli(["deadcode", ".", "--library", "--app"], dir)).code).toBe(2);
    expect((await runCli(["deadcode", ".", "--min-confidence", "101"], dir)).code).toBe(2);
    expect((await runCli(["deadcode", ".", "--dry-run"], dir)).code).toBe(2);
    expect((await runCli(["deadcode", ".", "--format", "xml"], dir)).code).toBe(2);
  });

  test("--jobs gives the same output", async () => {
    const dir = join(FIXTURES, "decorators");
    const one = await runCli(["deadcode", ".", "--app", "--min-confidence", "0", "-j", "1", "--no-cache"], dir);
    const two = await runCli(["deadcode", ".", "--app", "--min-confidence", "0", "-j", "2", "--no-cache"], dir);
    expect(two.stdout).toBe(one.stdout);
  });
});

describe("fix guard", () => {
  test("a removal that would leave a name unresolved is refused and the file left alone", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "tsrs-guard-"));
    try {
      cpSync(join(FIXTURES, "call-chains"), tmp, { recursive: true });
      const r = await findDeadCode({ path: tmp, cwd: tmp, mode: "app", minConfidence: 0, cacheDir: null });
      // Pretend `level2` (used by level1) were dead: the guard sees `level2` would no longer resolve.
      const level1 = r.all[0]!;
      const p = r.program;
      let level2 = -1;
      for (let d = 0; d < p.defCount; d++) if (p.name(d) === "level2") level2 = d;
      const fake = { ...level1, def: level2, name: "level2", line: 9 };
      const fixes = planFixes(p, [fake], 14);
      expect(fixes).toHaveLength(1);
      expect(fixes[0]!.after).toBeNull();
      expect(fixes[0]!.refused).toContain("'level2' would no longer resolve");
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("a file changed after analysis is skipped, not edited blindly", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "tsrs-guard-"));
    try {
      cpSync(join(FIXTURES, "call-chains"), tmp, { recursive: true });
      const r = await findDeadCode({ path: tmp, cwd: tmp, mode: "app", minConfidence: 0, cacheDir: null });
      const file = join(tmp, "chain.py");
      writeFileSync(file, "# edited\n" + readFileSync(file, "utf8"));
      const fixes = planFixes(r.program, r.findings, 14);
      expect(fixes[0]!.removed).toHaveLength(0);
      expect(fixes[0]!.skipped.length).toBe(r.findings.length);
      expect(fixes[0]!.skipped[0]!.why).toContain("changed since it was analysed");
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("entry points and config", () => {
  test("pyproject, setup.cfg, setup.py", () => {
    expect(
      pyprojectEntryPoints("p", {
        project: { scripts: { a: "pkg.cli:main" }, "entry-points": { g: { x: "pkg.plug:Plugin [extra]" } } },
        tool: { poetry: { scripts: { b: { callable: "pkg.cli:other" } } } },
      }).map((e) => `${e.group}/${e.name}=${e.value}`),
    ).toEqual(["console_scripts/a=pkg.cli:main", "g/x=pkg.plug:Plugin", "console_scripts/b=pkg.cli:other"]);
    expect(setupCfgEntryPoints("c", "[options.entry_points]\nconsole_scripts =\n    t = m.n:f\nx = y = z:w\n").map((e) => `${e.group}/${e.name}=${e.value}`)).toEqual([
      "console_scripts/t=m.n:f",
      "x/y=z:w",
    ]);
    expect(setupPyEntryPoints("s", 'EP = ["a = m:f"]\nsetup(entry_points={"console_scripts": EP, "g": "b = m:g"})\n').map((e) => `${e.group}/${e.name}=${e.value}`)).toEqual([
      "console_scripts/a=m:f",
      "g/b=m:g",
    ]);
  });

  test("[tool.tsrs.deadcode] validation names the key", () => {
    const py = (deadcode: unknown) => ({ path: "/x/pyproject.toml", data: {}, tsrs: { deadcode }, text: "" });
    expect(deadcodeConfig(py({ mode: "app", roots: ["a"], "min-confidence": 90 }))).toMatchObject({ mode: "app", roots: ["a"], minConfidence: 90 });
    expect(() => deadcodeConfig(py({ mode: "lib" }))).toThrow(/tool\.tsrs\.deadcode\.mode/);
    expect(() => deadcodeConfig(py({ roots: "a" }))).toThrow(/tool\.tsrs\.deadcode\.roots/);
    expect(() => deadcodeConfig(py({ "min-confidence": 120 }))).toThrow(/min-confidence/);
    expect(() => deadcodeConfig(py({ bogus: 1 }))).toThrow(/unknown key/);
  });
});

describe("reachable code per dependency (--venv, text)", () => {
  test("a share per dependency loaded; none for one without Python definitions", async () => {
    const { formatDependencies } = await import("../../src/cli/commands/deadcode.js");
    const dep = (name: string, definitions: number, reachable: number, loadedFiles: number) =>
      ({ name, version: "1.0", pythonFiles: 4, loadedFiles, definitions, reachable, bytes: 100, loadedBytes: 50 });
    const text = formatDependencies({
      venv: "/v (Python 3.11.2)",
      dependencies: [dep("web", 8, 6, 2), dep("speedups", 0, 0, 1), dep("unloaded", 5, 0, 0)],
    } as unknown as Parameters<typeof formatDependencies>[0]);
    expect(text.split("\n")).toEqual([
      "reachable code per dependency loaded by the project (/v (Python 3.11.2)):",
      "  web 1.0            6 of 8      definitions ( 75%)  2 of 4 files loaded",
      "  speedups 1.0       0 of 0      definitions (   —)  1 of 4 files loaded",
      "",
    ]);
  });
});
