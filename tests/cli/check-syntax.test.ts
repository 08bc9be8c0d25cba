/** `tsrs check-syntax` end to end: verdicts, output forms, exit codes, version gating, parallelism. */
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { CLI, tempTree, tsrs } from "./helpers.js";

const tree = tempTree({
  "ok.py": "def f(x):\n    return x + 1\n",
  "pkg/__init__.py": "",
  "pkg/matcher.py": "match x:\n    case [a, *rest]:\n        pass\n",
  "pkg/generic.py": "def first[T](xs: list[T]) -> T:\n    return xs[0]\n",
  "bad/syntax.py": "def f(:\n    pass\n",
  "bad/indent.py": "if x:\npass\n",
  "bad/compile.py": "def f():\n    nonlocal y\n",
  "bad/return.py": "return 1\n",
  "bad/binary.py": Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0x01]),
  ".hidden/skipped.py": "this is not python\n",
  "__pycache__/skipped.py": "neither is this\n",
  "notes.txt": "not python either\n",
});
afterAll(tree.cleanup);

describe("check-syntax", () => {
  test("reports each failing file as file:line:col: message, sorted, exit 1", () => {
    const r = tsrs(["check-syntax", "."], tree.dir);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines.map((l) => l.split(":")[0])).toEqual(["bad/binary.py", "bad/compile.py", "bad/indent.py", "bad/return.py", "bad/syntax.py"]);
    expect(r.stdout).toContain("bad/syntax.py:1:7: ");
    expect(r.stdout).toContain("bad/indent.py:2:1: IndentationError: expected an indented block after 'if' statement on line 1");
    expect(r.stdout).toContain("bad/compile.py:2:5: no binding for nonlocal 'y' found");
    expect(r.stdout).toContain("bad/return.py:1:1: 'return' outside function");
    expect(r.stderr).toMatch(/9 files checked for Python 3\.14: 5 failed/);
  });

  test("syntax newer than the target is an error naming the version", () => {
    const r = tsrs(["check-syntax", "--python", "3.9", "pkg"], tree.dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/pkg\/generic\.py:1:\d+: .*3\.12/);
    expect(r.stdout).toMatch(/pkg\/matcher\.py:1:\d+: .*3\.10/);
    expect(tsrs(["check-syntax", "--python", "3.12", "pkg"], tree.dir).status).toBe(0);
  });

  test("--json is one document with a summary and diagnostics", () => {
    const r = tsrs(["check-syntax", "--json", "bad/return.py", "ok.py"], tree.dir);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.python).toBe("3.14");
    expect(doc.summary).toMatchObject({ files: 2, failed: 1, unreadable: 0 });
    expect(doc.diagnostics).toEqual([
      { path: "bad/return.py", line: 1, col: 1, code: "TSRS004", message: "'return' outside function" },
    ]);
    expect(r.stderr).toBe("");
  });

  test("--jobs 1 and --jobs 2 print the same bytes", () => {
    const one = tsrs(["check-syntax", "--jobs", "1", "."], tree.dir);
    const two = tsrs(["check-syntax", "--jobs", "2", "."], tree.dir);
    expect(two.stdout).toBe(one.stdout);
    expect(two.status).toBe(one.status);
  });

  test("--no-semantic checks parsing only", () => {
    const r = tsrs(["check-syntax", "--no-semantic", "bad/compile.py", "bad/return.py"], tree.dir);
    expect(r.status).toBe(0);
  });

  test("input errors: missing path, broken link, bad option values exit 2", () => {
    const missing = tsrs(["check-syntax", "nope/"], tree.dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("nope/: no such file or directory");
    symlinkSync(join(tree.dir, "gone.py"), join(tree.dir, "link.py"));
    const broken = tsrs(["check-syntax", "ok.py", "link.py"], tree.dir);
    expect(broken.status).toBe(2);
    expect(broken.stdout).toContain("link.py: broken symbolic link");
    expect(tsrs(["check-syntax", "--python", "2.7", "ok.py"], tree.dir).status).toBe(2);
    expect(tsrs(["check-syntax", "--jobs", "0", "ok.py"], tree.dir).status).toBe(2);
    expect(tsrs(["check-syntax", "--frobnicate", "ok.py"], tree.dir).status).toBe(2);
  });
});

describe("debug", () => {
  test("debug ast prints exactly ast.dump for the target version", () => {
    const r311 = tsrs(["debug", "ast", "--python", "3.11", "ok.py"], tree.dir);
    expect(r311.status).toBe(0);
    expect(r311.stdout).toContain("arguments(posonlyargs=[], args=[arg(arg='x')], kwonlyargs=[], kw_defaults=[], defaults=[])");
    const r314 = tsrs(["debug", "ast", "ok.py"], tree.dir);
    expect(r314.stdout).toContain("arguments(args=[arg(arg='x')])");
    const pos = tsrs(["debug", "ast", "--positions", "ok.py"], tree.dir);
    expect(pos.stdout).toContain("lineno=1, col_offset=0, end_lineno=2, end_col_offset=16");
  });

  test("debug ast --json: one line per file, errors as data, exit 1", () => {
    const r = tsrs(["debug", "ast", "--json", "ok.py", "bad/syntax.py"], tree.dir);
    expect(r.status).toBe(1);
    const [a, b] = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(a).toMatchObject({ path: "ok.py", ok: true });
    expect(a.dump).toMatch(/^Module\(body=\[FunctionDef/);
    expect(b).toMatchObject({ path: "bad/syntax.py", ok: false, error: { line: 1, col: 7 } });
  });

  test("debug symbols --json follows the symtable shape", () => {
    const r = tsrs(["debug", "symbols", "--json", "--python", "3.11", "ok.py"], tree.dir);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.scopes[0]).toMatchObject({ type: "module", name: "top", lineno: 0, symbols: { f: ["assigned", "global", "local", "namespace"] } });
    expect(doc.scopes[0].children[0]).toMatchObject({ type: "function", name: "f", lineno: 1, symbols: { x: ["local", "parameter", "referenced"] } });
  });
});

describe("top level", () => {
  test("--version matches package.json; --help lists commands; no args is a usage error", async () => {
    const pkg = (await import("../../package.json", { with: { type: "json" } })).default as { version: string };
    expect(tsrs(["--version"]).stdout.trim()).toBe(pkg.version);
    const help = tsrs(["--help"]);
    expect(help.status).toBe(0);
    for (const cmd of ["check-syntax", "debug", "analyze", "slim", "minify", "minify-dir"]) expect(help.stdout).toContain(cmd);
    expect(tsrs([]).status).toBe(2);
    expect(tsrs(["no-such-command"]).status).toBe(2);
  });
});

describe("pipes", () => {
  test("a reader that closes early (| head) ends the output quietly", () => {
    const r = spawnSync("bash", ["-c", `node ${JSON.stringify(CLI)} --help | head -1; exit \${PIPESTATUS[0]}`], { encoding: "utf8" });
    expect(r.stdout.trim()).toMatch(/^Usage: tsrs/);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.status).toBe(0);
  });
});
