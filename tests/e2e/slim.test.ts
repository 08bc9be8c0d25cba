/**
 * End to end: a real venv built offline with the fixture packages, slimmed with `tsrs slim`, and the
 * fixture app run with the slim venv's interpreter. Covers transitive dependencies, dist ≠ import
 * name, a namespace package split across distributions, `.pth` startup code, an extension module,
 * package data via importlib.resources, a console script, an entry-point plugin, a lazy
 * `__getattr__` package, a TYPE_CHECKING-only import, editable installs (finder and path), a
 * fallback import that never runs, a version-pruned import, metadata-only use — and the safety rules.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { CliContext } from "../../src/cli/context.js";
import { buildWorld, hasPython, runApp, snapshot, type World } from "./world.js";

const CLI = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "bundle", "cli", "main.js");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function tsrs(cwd: string, ...argv: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const ctx: CliContext = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, interactive: false };
  const code = await main(argv, ctx);
  return { code, stdout, stderr };
}

interface SlimJson {
  out: { path: string; size: number; files: number; written: boolean };
  kept: { name: string; level: string; reason: string; chain: string[] | null; size: number }[];
  dropped: { name: string; kind: string }[];
  requirements: { unused: { name: string }[]; undeclared: { name: string }[] };
  verify: { exitCode: number } | null;
  diagnostics: { code: string; message: string }[];
}

const EXPECTED_OUTPUT = [
  "<h1>home</h1>",
  "a=1, b=2",
  "acme.core",
  "hello from a .pth hook",
  "native: True",
  "package data says hi",
  "CLI!",
  "*hello plugin*",
  "lazy heavy: 42",
  "[editable finder] editable path",
  "metaonly 3.2.1",
  "tomllib",
  "optional missing",
  "",
].join("\n");

const KEPT = [
  "PyFancyYAML", "acme-core", "app-plugin-hello", "clitool", "datapkg", "editdep", "editlib", "editpath", "fastjson",
  "greeting-hook", "heavydep", "lazypkg", "metaonly", "nativedep", "plugindep", "templating", "testonlylib", "webfw",
];
const DROPPED = ["acme-extra", "fallbacklib", "oldlib", "pip", "setuptools", "typeonly", "unusedlib"];

const skip = !hasPython();

describe.skipIf(skip)("tsrs slim on a real venv", () => {
  let tmp: string;
  let w: World;
  let out: string;
  let venvBefore: string;
  let projBefore: string;
  let json: SlimJson;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), "tsrs-e2e-"));
    process.env.TSRS_CACHE_DIR = join(tmp, "cache"); // runs without --no-cache use (and fill) this one
    w = buildWorld(tmp);
    out = join(tmp, "slim");
    venvBefore = snapshot(w.venv);
    projBefore = snapshot(w.proj);
    const r = await tsrs(tmp, "slim", "proj", "venv", "-o", out, "--json", "--no-cache");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    json = JSON.parse(r.stdout) as SlimJson;
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("the app runs in the original venv (sanity check of the fixture)", () => {
    const r = runApp(w.venv, w.proj);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(EXPECTED_OUTPUT);
  });

  it("keeps what the code needs and drops the rest", () => {
    expect(json.kept.map((k) => k.name).sort()).toEqual(KEPT);
    expect(json.dropped.filter((d) => d.kind !== "unowned").map((d) => d.name).sort()).toEqual(DROPPED);
    expect(json.out.written).toBe(true);
  });

  it("explains each decision with its import chain or reason", () => {
    const by = new Map(json.kept.map((k) => [k.name, k]));
    expect(by.get("templating")!.chain).toEqual(["app.py", "webfw", "templating"]); // transitive
    expect(by.get("PyFancyYAML")!.chain).toEqual(["app.py", "fancyyaml"]); // dist ≠ import name
    expect(by.get("acme-core")!.chain).toEqual(["app.py", "acme.core"]); // namespace portion
    expect(by.get("heavydep")!.chain).toEqual(["app.py", "lazypkg", "heavydep"]); // lazy __getattr__
    expect(by.get("editdep")!.chain).toEqual(["app.py", "editlib", "editdep"]); // through an editable install
    expect(by.get("greeting-hook")!.reason).toMatch(/greeting_hook\.pth runs code at interpreter startup/);
    expect(by.get("app-plugin-hello")!.reason).toMatch(/entry point app\.plugins:hello/);
    expect(by.get("plugindep")!.chain![0]).toMatch(/entry point app\.plugins:hello/);
    expect(by.get("nativedep")!.reason).toMatch(/required by fastjson, whose compiled code/);
    expect(by.get("metaonly")!.level).toBe("metadata");
    expect(by.get("testonlylib")!.chain).toEqual(["tests/test_app.py", "testonlylib"]);
  });

  it("runs the app in the slim venv with the same output", () => {
    const r = runApp(out, w.proj);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(EXPECTED_OUTPUT);
  });

  it("loads the extension module from the slim venv", () => {
    if (!w.nativeModule) return; // this Python has no extension module as a file
    const code = `import fastjson, sys; print(fastjson._native.__file__.startswith(sys.prefix), sys.prefix)`;
    const r = spawnSync(join(out, "bin", "python"), ["-c", code], { encoding: "utf8" });
    expect(r.stdout.trim()).toBe(`True ${out}`);
  });

  it("rewrites console-script shebangs, activate scripts and pyvenv.cfg to the new location", () => {
    const r = spawnSync(join(out, "bin", "clitool"), [], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe(`CLITOOL! prefix: ${out}`);
    expect(readFileSync(join(out, "bin", "activate"), "utf8")).toContain(`VIRTUAL_ENV="${out}"`);
    expect(readFileSync(join(out, "bin", "activate"), "utf8")).not.toContain(w.venv + '"');
    const cfg = readFileSync(join(out, "pyvenv.cfg"), "utf8");
    expect(cfg).toContain("include-system-site-packages = false");
    expect(cfg).not.toMatch(new RegExp(`${w.venv}($|\\s)`, "m"));
    // pip's own scripts went with pip.
    expect(() => lstatSync(join(out, "bin", "pip"))).toThrow();
  });

  it("leaves consistent metadata: RECORD hashes match, metadata-only keeps no code", () => {
    const check = `
import base64, csv, hashlib, importlib.metadata as md, os, sys
bad = []
for d in md.distributions():
    for f in d.files or []:
        p = f.locate()
        if not os.path.exists(p):
            bad.append(str(p)); continue
        if f.hash:
            got = base64.urlsafe_b64encode(hashlib.new(f.hash.mode, open(p, "rb").read()).digest()).rstrip(b"=").decode()
            if got != f.hash.value: bad.append("hash " + str(p))
print(bad)
print(md.version("metaonly"), sorted(str(f) for f in md.files("metaonly")))
try:
    import metaonly
except ImportError:
    print("no code")
`;
    const r = spawnSync(join(out, "bin", "python"), ["-c", check], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("[]");
    expect(lines[1]).toBe("3.2.1 ['metaonly-3.2.1.dist-info/INSTALLER', 'metaonly-3.2.1.dist-info/METADATA', 'metaonly-3.2.1.dist-info/RECORD', 'metaonly-3.2.1.dist-info/REQUESTED', 'metaonly-3.2.1.dist-info/WHEEL', 'metaonly-3.2.1.dist-info/direct_url.json']");
    expect(lines[2]).toBe("no code");
  });

  it("never touches VENV or CODE_DIR", () => {
    expect(snapshot(w.venv)).toBe(venvBefore);
    expect(snapshot(w.proj)).toBe(projBefore);
  });

  it("compares declared requirements with imports", () => {
    expect(json.requirements.unused.map((u) => u.name)).toEqual(["unusedlib"]);
    expect(json.requirements.undeclared).toEqual([]);
  });

  it("--no-tests leaves test-only dependencies out; --dry-run writes nothing", async () => {
    const o = join(tmp, "dry");
    const r = await tsrs(tmp, "slim", "proj", "venv", "-o", o, "--no-tests", "--dry-run", "--json", "--no-cache");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as SlimJson;
    expect(j.out.written).toBe(false);
    expect(j.kept.map((k) => k.name)).not.toContain("testonlylib");
    expect(() => statSync(o)).toThrow();
  });

  it("--entry traces only from the given files; JSON output is reproducible, with or without cache", async () => {
    const a = await tsrs(tmp, "slim", "proj", "venv", "-o", join(tmp, "e"), "--dry-run", "--json", "--entry", "proj/app.py");
    expect(a.code).toBe(0);
    const j = JSON.parse(a.stdout) as SlimJson;
    expect(j.kept.map((k) => k.name)).not.toContain("testonlylib");
    expect(j.kept.map((k) => k.name)).toContain("webfw");
    const b = await tsrs(tmp, "slim", "proj", "venv", "-o", join(tmp, "e"), "--dry-run", "--json", "--entry", "proj/app.py");
    expect(b.stdout).toBe(a.stdout);
    const c = await tsrs(tmp, "slim", "proj", "venv", "-o", join(tmp, "e"), "--dry-run", "--json", "--entry", "proj/app.py", "--no-cache");
    expect(c.stdout).toBe(a.stdout);
  });

  it.skipIf(!existsSync(CLI))("the built CLI gives the same answer with parsing threads (-j 2)", () => {
    const run = (j: string): string => {
      const r = spawnSync(process.execPath, [CLI, "slim", "proj", "venv", "-o", join(tmp, "j"), "--dry-run", "--json", "--no-cache", "-j", j], { cwd: tmp, encoding: "utf8" });
      expect(r.status).toBe(0);
      return r.stdout;
    };
    expect(run("2")).toBe(run("1"));
  });

  it("--keep and --drop override the analysis (with a warning when dropping a needed one)", async () => {
    const r = await tsrs(tmp, "slim", "proj", "venv", "-o", join(tmp, "x"), "--dry-run", "--json", "--no-cache", "--keep", "typeonly", "--drop", "templating", "--keep", "nosuchdist");
    const j = JSON.parse(r.stdout) as SlimJson;
    expect(j.kept.map((k) => k.name)).toContain("typeonly");
    expect(j.kept.map((k) => k.name)).not.toContain("templating");
    expect(j.diagnostics.map((d) => d.code)).toContain("TSRS340");
    expect(j.diagnostics.map((d) => d.code)).toContain("TSRS341");
  });

  it("reads [tool.tsrs.slim] from pyproject.toml", async () => {
    const proj2 = join(tmp, "proj2");
    cpSync(w.proj, proj2, { recursive: true });
    const py = readFileSync(join(proj2, "pyproject.toml"), "utf8");
    writeFileSync(join(proj2, "pyproject.toml"), py + '\n[tool.tsrs.slim]\nkeep = ["unusedlib"]\ninclude-tests = false\n');
    const r = await tsrs(tmp, "slim", "proj2", "venv", "-o", join(tmp, "x2"), "--dry-run", "--json", "--no-cache");
    expect(r.code).toBe(0);
    const names = (JSON.parse(r.stdout) as SlimJson).kept.map((k) => k.name);
    expect(names).toContain("unusedlib");
    expect(names).not.toContain("testonlylib");
    writeFileSync(join(proj2, "pyproject.toml"), py + '\n[tool.tsrs.slim]\nkepp = ["x"]\n');
    const bad = await tsrs(tmp, "slim", "proj2", "venv", "-o", join(tmp, "x3"), "--dry-run");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/tool\.tsrs\.slim\.kepp: unknown key/);
  });

  it("refuses unsafe outputs", async () => {
    const inVenv = await tsrs(tmp, "slim", "proj", "venv", "-o", join(w.venv, "slim"));
    expect(inVenv.code).toBe(2);
    expect(inVenv.stderr).toMatch(/inside the venv/);
    const inCode = await tsrs(tmp, "slim", "proj", "venv", "-o", join(w.proj, "slim"));
    expect(inCode.code).toBe(2);
    expect(inCode.stderr).toMatch(/inside the code folder/);
    const aboveVenv = await tsrs(tmp, "slim", "proj", "venv", "-o", tmp, "--force");
    expect(aboveVenv.code).toBe(2);
    const exists = await tsrs(tmp, "slim", "proj", "venv", "-o", out);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toMatch(/not empty \(use --force/);
    const notVenv = join(tmp, "notvenv");
    mkdirSync(notVenv);
    writeFileSync(join(notVenv, "precious.txt"), "keep me");
    const forced = await tsrs(tmp, "slim", "proj", "venv", "-o", notVenv, "--force");
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/not a virtual environment/);
    expect(readFileSync(join(notVenv, "precious.txt"), "utf8")).toBe("keep me");
    // A dry run reports what it would do and says a real run would stop; it still refuses unsafe places.
    const dry = await tsrs(tmp, "slim", "proj", "venv", "-o", notVenv, "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would write/);
    expect(dry.stderr).toMatch(/a real run would stop here: refusing to write .*not empty \(use --force.*\[TSRS343\]/);
    expect(readFileSync(join(notVenv, "precious.txt"), "utf8")).toBe("keep me");
    expect((await tsrs(tmp, "slim", "proj", "venv", "-o", join(w.venv, "slim"), "--dry-run")).code).toBe(2);
    const missing = await tsrs(tmp, "slim", "proj", "novenv");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such environment/);
  });

  it("--force replaces a previous slim venv; --link hard-links; --verify runs a command inside", async () => {
    const r = await tsrs(tmp, "slim", "proj", "venv", "-o", out, "--force", "--link", "--verify", "python app.py", "--no-cache");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("verify: passed");
    expect(r.stderr).toContain("hello from a .pth hook");
    const lib = readdirSync(join(out, "lib")).find((n) => n.startsWith("python"))!;
    const init = join("lib", lib, "site-packages", "webfw", "__init__.py");
    expect(statSync(join(out, init)).ino).toBe(statSync(join(w.venv, init)).ino);
    const failing = await tsrs(tmp, "slim", "proj", "venv", "-o", out, "--force", "--verify", "python -c 'import typeonly'", "--no-cache");
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain("verify: FAILED");
  });

  it("analyze describes the venv", async () => {
    const r = await tsrs(tmp, "analyze", "venv", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      python: string;
      distributions: { name: string; importNames: string[]; native: boolean; editable: boolean; requires: { text: string; active: boolean }[] }[];
      totals: { distributions: number };
    };
    const by = new Map(j.distributions.map((d) => [d.name, d]));
    expect(j.python).toMatch(/^3\.\d+\.\d+$/);
    expect(by.get("PyFancyYAML")!.importNames).toEqual(["fancyyaml"]);
    expect(by.get("acme-core")!.importNames).toEqual(["acme.core"]);
    expect(by.get("editlib")!.editable).toBe(true);
    if (w.nativeModule) expect(by.get("fastjson")!.native).toBe(true);
    expect(by.get("webfw")!.requires).toEqual([
      { text: "templating>=1.0", active: true, installed: true },
      { text: 'winonly ; sys_platform == "win32"', active: false, installed: false },
    ]);
    expect(j.totals.distributions).toBe(25);
    const text = await tsrs(tmp, "analyze", "venv");
    expect(text.stdout).toMatch(/^PyFancyYAML\s+2\.0\s+.*fancyyaml/m);
    const bad = await tsrs(tmp, "analyze", "proj");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a Python environment/);
  });
});
