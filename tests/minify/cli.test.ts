/**
 * The minifier's commands, run in-process through `main()`: output flags, directory mirroring and
 * in-place runs, file preservation (BOM, CRLF, latin-1, trailing newline, mode bits), the out-dir
 * checks, CI flags, configuration, and rename plans.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import type { CliContext } from "../../src/cli/context.js";

interface Captured {
  code: number;
  out: string;
  bytes: Uint8Array;
  err: string;
}

async function tsrs(cwd: string, args: string[], stdin?: string): Promise<Captured> {
  let out = "";
  let err = "";
  const chunks: Uint8Array[] = [];
  const ctx: CliContext & { stdoutBytes: (b: Uint8Array) => void; stdin?: () => Promise<Uint8Array> } = {
    stdout: (t) => {
      out += t;
      chunks.push(Buffer.from(t, "utf8"));
    },
    stderr: (t) => (err += t),
    cwd,
    interactive: false,
    stdoutBytes: (b) => {
      chunks.push(b);
      out += Buffer.from(b).toString("latin1");
    },
  };
  if (stdin !== undefined) ctx.stdin = async () => Buffer.from(stdin, "utf8");
  const code = await main(args, ctx);
  return { code, out, err, bytes: Buffer.concat(chunks) };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "tsrs-cli-"));
}

function write(path: string, text: string | Uint8Array, mode?: number): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  if (mode !== undefined) chmodSync(path, mode);
}

const SAMPLE = `"""Doc."""


def area(width, height):
    """Area."""
    result = width * height  # product
    return result
`;

describe("tsrs minify FILE", () => {
  test("prints the minified source", async () => {
    const dir = tmp();
    write(join(dir, "a.py"), SAMPLE);
    const r = await tsrs(dir, ["minify", "a.py"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("def area(width,height):a=width*height;return a\n");
  });

  test("--stats --json gives one JSON document", async () => {
    const dir = tmp();
    write(join(dir, "a.py"), SAMPLE);
    const r = await tsrs(dir, ["minify", "a.py", "--stats", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.version).toBe(1);
    expect(doc.files[0]).toMatchObject({ path: "a.py", status: "minified", docstringsRemoved: 2 });
    expect(doc.totals.bytesIn).toBe(Buffer.byteLength(SAMPLE));
  });

  test("--in-place with a backup keeps mode bits; --dry-run writes nothing", async () => {
    const dir = tmp();
    const file = join(dir, "a.py");
    write(file, SAMPLE, 0o750);
    const dry = await tsrs(dir, ["minify", "a.py", "--in-place", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(SAMPLE);
    expect(dry.err).toContain("would minify a.py");
    const r = await tsrs(dir, ["minify", "a.py", "--in-place", "--backup-ext", ".bak"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(readFileSync(file, "utf8")).toBe("def area(width,height):a=width*height;return a\n");
    expect(readFileSync(file + ".bak", "utf8")).toBe(SAMPLE);
    expect(statSync(file).mode & 0o777).toBe(0o750);
    expect(statSync(file + ".bak").mode & 0o777).toBe(0o750);
  });

  test("--diff prints a unified diff", async () => {
    const dir = tmp();
    write(join(dir, "a.py"), SAMPLE);
    const r = await tsrs(dir, ["minify", "a.py", "--diff", "--diff-context", "0"]);
    expect(r.out).toContain("--- a/a.py");
    expect(r.out).toContain("+def area(width,height):a=width*height;return a");
  });

  test("--stdin reads standard input", async () => {
    const r = await tsrs(tmp(), ["minify", "--stdin"], "x = [ 1 ,  2 ]\n");
    expect(r.code).toBe(0);
    expect(r.out).toBe("x=[1,2]\n");
  });

  test("a file that does not parse is an input error", async () => {
    const dir = tmp();
    write(join(dir, "bad.py"), "def f(:\n");
    const r = await tsrs(dir, ["minify", "bad.py"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.py:1:\d+: /);
    expect(r.out).toBe("");
  });

  test("a file CPython rejects after parsing is an input error too, left as it is", async () => {
    // These parse, but python3 -m py_compile refuses them: minified, they would not run either.
    const dir = tmp();
    const cases: Array<[string, string, RegExp]> = [
      ["ret.py", "x = 1\nreturn x\n", /ret\.py:2:1: 'return' outside function/],
      ["fut.py", "import os\nfrom __future__ import annotations\n", /fut\.py:2:1: from __future__ imports must occur at the beginning of the file/],
      ["brk.py", "def f():\n    break\n", /brk\.py:2:5: 'break' outside loop/],
    ];
    for (const [name, text, message] of cases) {
      write(join(dir, name), text);
      const r = await tsrs(dir, ["minify", name]);
      expect(r.code, name).toBe(2);
      expect(r.err, name).toMatch(message);
      expect(r.out, name).toBe("");
      const check = spawnSync("python3", ["-m", "py_compile", join(dir, name)], { encoding: "utf8" });
      expect(check.status, `${name}: CPython accepts it`).not.toBe(0);
    }
    const d = await tsrs(dir, ["minify-dir", ".", "--in-place", "--fail-on-error"]);
    expect(d.code).toBe(1);
    for (const [name, text] of cases) expect(readFileSync(join(dir, name), "utf8"), name).toBe(text);
  });

  test("usage errors", async () => {
    const dir = tmp();
    write(join(dir, "a.py"), SAMPLE);
    expect((await tsrs(dir, ["minify"])).code).toBe(2);
    expect((await tsrs(dir, ["minify", "a.py", "--backup-ext", ".bak"])).code).toBe(2);
    expect((await tsrs(dir, ["minify", "a.py", "--python", "2.7"])).code).toBe(2);
    expect((await tsrs(dir, ["minify", "missing.py"])).err).toContain("missing.py");
  });
});

describe("file preservation", () => {
  test("BOM, CRLF, coding cookie, latin-1 bytes and a missing trailing newline are kept", async () => {
    const dir = tmp();
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# -*- coding: utf-8 -*-\r\n"""d"""\r\nx = "caf\u00e9"\r\n', "utf8")]);
    write(join(dir, "bom.py"), bom);
    const latin = Buffer.from('# -*- coding: latin-1 -*-\nx = "caf\xe9"  # note\ny = "\\u20ac"', "latin1");
    write(join(dir, "latin.py"), latin);
    expect((await tsrs(dir, ["minify", "--in-place", "bom.py", "--python", "3.11"])).code).toBe(0);
    expect((await tsrs(dir, ["minify", "--in-place", "latin.py"])).code).toBe(0);
    expect(readFileSync(join(dir, "bom.py"))).toEqual(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("# -*- coding: utf-8 -*-\r\nx='caf\u00e9'\r\n", "utf8")]),
    );
    // é stays one latin-1 byte; € cannot be encoded in latin-1 and stays an escape; no newline at the end.
    expect(readFileSync(join(dir, "latin.py"))).toEqual(Buffer.from("# -*- coding: latin-1 -*-\nx='caf\xe9';y='\\u20ac'", "latin1"));
    // Printed to stdout, the bytes are the file's own (latin-1), not UTF-8.
    write(join(dir, "latin2.py"), latin);
    const r = await tsrs(dir, ["minify", "latin2.py"]);
    expect(Buffer.from(r.bytes)).toEqual(Buffer.from("# -*- coding: latin-1 -*-\nx='caf\xe9';y='\\u20ac'", "latin1"));
  });
});

describe("tsrs minify-dir DIR", () => {
  function tree(): string {
    const root = tmp();
    const src = join(root, "src");
    write(join(src, "pkg", "__init__.py"), SAMPLE);
    write(join(src, "pkg", "tool.py"), "#!/usr/bin/env python3\nimport sys\n\nprint( sys.argv )\n", 0o755);
    write(join(src, "pkg", "data.json"), '{"a": 1}\n');
    write(join(src, "pkg", "deep", "deeper", "mod.py"), "x = 1\n");
    write(join(src, "pkg", "skip_me.py"), "y = 2\n");
    write(join(src, ".hidden", "h.py"), "z = 3\n");
    write(join(src, "__pycache__", "c.py"), "z = 3\n");
    write(join(src, "build", "gen.py"), "z = 3\n");
    write(join(src, "broken.py"), "def (:\n");
    write(join(src, ".gitignore"), "build/\n");
    write(join(src, "pkg", ".settings"), "key = value\n"); // data a package reads
    write(join(src, "pkg", ".helper.py"), "w = 4\n");
    symlinkSync("data.json", join(src, "pkg", "data-link.json"));
    symlinkSync("deep", join(src, "pkg", "deep-link"));
    return root;
  }

  test("mirrors into DIR-min: minified sources, copied other files, skipped caches, kept modes", async () => {
    const root = tree();
    const r = await tsrs(root, ["minify-dir", "src", "--jobs", "1", "--exclude", "**/skip_me.py", "--respect-gitignore"]);
    expect(r.code).toBe(0);
    const out = join(root, "src-min");
    expect(readFileSync(join(out, "pkg", "__init__.py"), "utf8")).toBe("def area(width,height):a=width*height;return a\n");
    expect(readFileSync(join(out, "pkg", "tool.py"), "utf8")).toBe("#!/usr/bin/env python3\nimport sys;print(sys.argv)\n");
    expect(statSync(join(out, "pkg", "tool.py")).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(out, "pkg", "data.json"), "utf8")).toBe('{"a": 1}\n');
    expect(readFileSync(join(out, "pkg", "skip_me.py"), "utf8")).toBe("y = 2\n"); // excluded: copied as is
    expect(readFileSync(join(out, "broken.py"), "utf8")).toBe("def (:\n"); // does not parse: copied, reported
    expect(r.err).toContain("broken.py");
    expect(existsSync(join(out, ".hidden"))).toBe(false); // a hidden folder
    expect(readFileSync(join(out, "pkg", ".settings"), "utf8")).toBe("key = value\n"); // hidden files are copied…
    expect(readFileSync(join(out, "pkg", ".helper.py"), "utf8")).toBe("w = 4\n"); // …not minified
    expect(readlinkSync(join(out, "pkg", "data-link.json"))).toBe("data.json"); // links stay links
    expect(readlinkSync(join(out, "pkg", "deep-link"))).toBe("deep");
    expect(readFileSync(join(out, "pkg", "deep-link", "deeper", "mod.py"), "utf8")).toBe("x=1\n");
    expect(existsSync(join(out, "__pycache__"))).toBe(false);
    expect(existsSync(join(out, "build"))).toBe(false); // .gitignore
  });

  test("--max-depth, --include-hidden, --include and --fail-on-error", async () => {
    const root = tree();
    const r = await tsrs(root, ["minify-dir", "src", "-o", "out", "--max-depth", "1", "--include-hidden", "--include", "pkg/*.py", "--fail-on-error", "--json"]);
    expect(r.code).toBe(0); // broken.py is not included, so no error
    const doc = JSON.parse(r.out);
    expect(doc.files.map((f: { path: string }) => f.path).sort()).toEqual(["src/pkg/.helper.py", "src/pkg/__init__.py", "src/pkg/skip_me.py", "src/pkg/tool.py"]); // hidden files too
    expect(existsSync(join(root, "out", ".hidden", "h.py"))).toBe(true); // copied
    expect(existsSync(join(root, "out", "pkg", "deep"))).toBe(false); // deeper than 1
    const e = await tsrs(root, ["minify-dir", "src", "-o", "out2", "--fail-on-error"]);
    expect(e.code).toBe(1);
  });

  test("--in-place, --fail-on-change and idempotence", async () => {
    const root = tree();
    const first = await tsrs(root, ["minify-dir", "src", "--in-place", "--fail-on-change"]);
    expect(first.code).toBe(1); // files changed
    expect(readFileSync(join(root, "src", "pkg", "__init__.py"), "utf8")).toBe("def area(width,height):a=width*height;return a\n");
    const again = await tsrs(root, ["minify-dir", "src", "--in-place", "--fail-on-change", "--dry-run"]);
    expect(again.code).toBe(0); // minifying twice changes nothing
  });


  test("a file that cannot be written is reported with its path and exit 2; the others are written", async () => {
    const root = tree();
    // A file where the mirror needs the folder pkg/deep: nothing can go below it.
    write(join(root, "out", "pkg", "deep"), "in the way\n");
    const r = await tsrs(root, ["minify-dir", "src", "-o", "out", "--jobs", "1"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/out\/pkg\/deep\/deeper\/mod\.py: cannot write: /);
    expect(r.err.match(/cannot write/g)).toHaveLength(1);
    expect(readFileSync(join(root, "out", "pkg", "__init__.py"), "utf8")).toBe("def area(width,height):a=width*height;return a\n");
    expect(readFileSync(join(root, "out", "pkg", "data.json"), "utf8")).toBe('{"a": 1}\n');
    expect(readFileSync(join(root, "out", "pkg", "deep"), "utf8")).toBe("in the way\n");
  });
  test("an output folder inside the input is refused, also through .. and symbolic links", async () => {
    const root = tree();
    expect((await tsrs(root, ["minify-dir", "src", "-o", "src/out"])).code).toBe(2);
    expect((await tsrs(root, ["minify-dir", "src", "-o", "other/../src/pkg/out"])).code).toBe(2);
    symlinkSync(join(root, "src", "pkg"), join(root, "link"));
    const r = await tsrs(root, ["minify-dir", "src", "-o", "link/out"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("inside the input folder");
    expect((await tsrs(root, ["minify-dir", "src", "-o", "."])).code).toBe(2); // contains the input
    expect(existsSync(join(root, "src", "pkg", "out"))).toBe(false);
  });

  test("[tool.tsrs.minify] settings apply, flags win, bad keys are reported with their path", async () => {
    const root = tree();
    write(join(root, "pyproject.toml"), '[tool.tsrs.minify]\nlayout = "preserve"\nexclude = ["pkg/tool.py"]\n');
    const r = await tsrs(root, ["minify-dir", "src", "-o", "out"]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(root, "out", "pkg", "__init__.py"), "utf8")).toBe("\n\n\ndef area(width, height):\n    pass\n    a = width * height\n    return a\n".replace("    pass\n", "\n"));
    expect(readFileSync(join(root, "out", "pkg", "tool.py"), "utf8")).toBe("#!/usr/bin/env python3\nimport sys\n\nprint( sys.argv )\n");
    const flags = await tsrs(root, ["minify-dir", "src", "-o", "out2", "--layout", "compact"]);
    expect(readFileSync(join(root, "out2", "pkg", "__init__.py"), "utf8")).toBe("def area(width,height):a=width*height;return a\n");
    expect(flags.code).toBe(0);
    write(join(root, "pyproject.toml"), "[tool.tsrs.minify]\nlayuot = 1\n");
    const bad = await tsrs(root, ["minify-dir", "src", "-o", "out3"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("tool.tsrs.minify.layuot");
  });
});

describe("docstrings other files read (minify-dir)", () => {
  test("a docstring read elsewhere in the tree is kept; a package that uses unnamed docstrings as strings keeps all", async () => {
    const root = tmp();
    const src = join(root, "src");
    // app: helper's docstring is read by name from another module; tools' module docstring too.
    write(join(src, "app", "__init__.py"), "");
    write(join(src, "app", "helpers.py"), 'def helper():\n    """Helper: usage text."""\n\n\ndef other():\n    """Other: dropped."""\n');
    write(join(src, "app", "tools.py"), '"""Tools: read as tools.__doc__."""\n');
    write(join(src, "app", "main.py"), "from app import tools\nfrom app.helpers import helper\n\nUSAGE = helper.__doc__.upper() + tools.__doc__.lower()\n");
    // lib: a decorator adds to the docstring of whatever it is given (numpy's add_docstring, pandas' @doc).
    write(join(src, "lib", "__init__.py"), "from lib.deco import extend\nfrom lib import funcs\n");
    write(join(src, "lib", "deco.py"), "def extend(func):\n    func.__doc__ = func.__doc__ + ' (extended)'\n    return func\n");
    write(join(src, "lib", "funcs.py"), 'from lib.deco import extend\n\n\n@extend\ndef api():\n    """API doc."""\n\n\nclass Model:\n    """Model doc."""\n');
    const r = await tsrs(root, ["minify-dir", "src", "-o", "out", "--jobs", "1", "--no-cache"]);
    expect(r.code).toBe(0);
    const out = (rel: string): string => readFileSync(join(root, "out", rel), "utf8");
    expect(out("app/helpers.py")).toContain("Helper: usage text.");
    expect(out("app/helpers.py")).not.toContain("Other: dropped.");
    expect(out("app/tools.py")).toContain("Tools: read as tools.__doc__.");
    expect(out("lib/funcs.py")).toContain("API doc.");
    expect(out("lib/funcs.py")).toContain("Model doc.");
    // The minified tree imports and computes the same values as the original.
    const check = (dir: string): string =>
      execFileSync("python3", ["-c", "import app.main, lib.funcs; print(app.main.USAGE, lib.funcs.api.__doc__)"], { cwd: join(root, dir), encoding: "utf8" });
    expect(check("out")).toBe(check("src"));
  });
});

describe("functions that read their caller's variables (minify-dir)", () => {
  test("a call to a frame reader of another file keeps the caller's names; the minified tree prints the same", async () => {
    const root = tmp();
    const src = join(root, "src");
    write(join(src, "textutil.py"), "import inspect\n\n\ndef render(template):\n    caller = inspect.currentframe().f_back\n    return template.format(**caller.f_locals)\n");
    write(join(src, "app.py"), "from textutil import render\n\n\ndef greet(person):\n    greeting = 'hello'\n    return render('{greeting}, {person}')\n\n\ndef total(values):\n    running = 0\n    for value in values:\n        running += value\n    return running\n\n\nprint(greet('ada'), total([1, 2]))\n");
    const r = await tsrs(root, ["minify-dir", "src", "-o", "out", "--no-cache"]);
    expect(r.code).toBe(0);
    const app = readFileSync(join(root, "out", "app.py"), "utf8");
    expect(app).toContain("greeting='hello'");
    expect(app).not.toContain("running");
    const run = (dir: string): string => execFileSync("python3", ["app.py"], { cwd: join(root, dir), encoding: "utf8" });
    expect(run("out")).toBe("hello, ada 3\n");
    expect(run("out")).toBe(run("src"));
  });
});

describe("--rename-globals", () => {
  test("renames private module names no other module of the tree imports", async () => {
    const root = tmp();
    write(join(root, "src", "a.py"), "_table = {}\n_count = 0\n__all__ = ['lookup']\n\ndef lookup(key):\n    return _table.get(key, _count)\n");
    write(join(root, "src", "b.py"), "from a import _table\n\n_table['x'] = 1\n");
    // A star import takes public names only: it keeps no private name from being renamed.
    write(join(root, "src", "c.py"), "from a import *\n");
    const r = await tsrs(root, ["minify-dir", "src", "-o", "out", "--rename-globals"]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(root, "out", "a.py"), "utf8")).toBe("_table={};a=0;__all__=['lookup']\ndef lookup(key):return _table.get(key,a)\n");
    const off = await tsrs(root, ["minify-dir", "src", "-o", "out2"]);
    expect(off.code).toBe(0);
    expect(readFileSync(join(root, "out2", "a.py"), "utf8")).toContain("_count=0");
    // The plan renames what minify-dir does: not _table, which b.py imports.
    const plan = await tsrs(root, ["minify-plan-dir", "src", "--rename-globals"]);
    expect(plan.code).toBe(0);
    const scopes = JSON.parse(plan.out).files.find((f: { path: string }) => f.path === "a.py").scopes;
    expect(scopes.find((s: { scope: string }) => s.scope === "<module>").renames).toEqual({ _count: "a" });
  });
});

describe("--rename-globals and files left as they are", () => {
  test("excluded Python files of the tree (tests) still protect the private names they read", async () => {
    const root = tmp();
    write(join(root, "pkg", "__init__.py"), "");
    write(join(root, "pkg", "mod.py"), "_registry = {}\n_hits = 0\n\ndef get(k):\n    return _registry.get(k, _hits)\n");
    write(join(root, "tests", "test_mod.py"), "from pkg import mod\n\ndef test_registry():\n    assert mod._registry == {}\n");
    // The plan renames _hits only: tests/test_mod.py reads mod._registry.
    const plan = await tsrs(root, ["minify-plan-dir", ".", "--rename-globals", "--exclude", "tests/**"]);
    expect(plan.code).toBe(0);
    const scopes = JSON.parse(plan.out).files.find((f: { path: string }) => f.path === "pkg/mod.py").scopes;
    expect(scopes.find((s: { scope: string }) => s.scope === "<module>").renames).toEqual({ _hits: "a" });
    const r = await tsrs(root, ["minify-dir", ".", "--in-place", "--rename-globals", "--exclude", "tests/**"]);
    expect(r.code).toBe(0);
    const out = readFileSync(join(root, "pkg", "mod.py"), "utf8");
    expect(out).toContain("_registry={}");
    expect(out).not.toContain("_hits");
    expect(readFileSync(join(root, "tests", "test_mod.py"), "utf8")).toContain("mod._registry == {}");
  });
});

describe("rename plans", () => {
  const CODE = "def f(items):\n    count = 0\n    for item in items:\n        count += len(item)\n    return count\n";

  test("minify-plan → edit → apply-plan", async () => {
    const dir = tmp();
    write(join(dir, "m.py"), CODE);
    const p = await tsrs(dir, ["minify-plan", "m.py"]);
    expect(p.code).toBe(0);
    const plan = JSON.parse(p.out);
    expect(plan.version).toBe(1);
    const scope = plan.files[0].scopes.find((s: { scope: string }) => s.scope === "f");
    expect(scope.renames).toEqual({ count: "a", item: "b" });
    expect(scope.kept).toEqual({ items: "parameter (can be passed by keyword)" });
    scope.renames.count = "total";
    write(join(dir, "plan.json"), JSON.stringify(plan));
    const r = await tsrs(dir, ["apply-plan", "m.py", "--plan", "plan.json"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("def f(items):\n total=0\n for b in items:total+=len(b)\n return total\n");
  });

  test("refused: a changed file, a newer version, a kept name, a capture", async () => {
    const dir = tmp();
    write(join(dir, "m.py"), CODE);
    const plan = JSON.parse((await tsrs(dir, ["minify-plan", "m.py"])).out);
    const scope = plan.files[0].scopes.find((s: { scope: string }) => s.scope === "f");
    write(join(dir, "newer.json"), JSON.stringify({ ...plan, version: 2 }));
    const newer = await tsrs(dir, ["apply-plan", "m.py", "--plan", "newer.json"]);
    expect(newer.code).toBe(2);
    expect(newer.err).toContain("newer");
    scope.renames.items = "x";
    write(join(dir, "kept.json"), JSON.stringify(plan));
    const kept = await tsrs(dir, ["apply-plan", "m.py", "--plan", "kept.json"]);
    expect(kept.code).toBe(2);
    expect(kept.err).toContain("cannot be renamed");
    delete scope.renames.items;
    scope.renames.count = "len";
    write(join(dir, "capture.json"), JSON.stringify(plan));
    const capture = await tsrs(dir, ["apply-plan", "m.py", "--plan", "capture.json"]);
    expect(capture.code).toBe(1); // bailout: the file is left as it was
    expect(capture.out).toBe(CODE);
    expect(capture.err).toContain("resolves differently");
    write(join(dir, "m.py"), CODE + "x = 1\n");
    const changed = await tsrs(dir, ["apply-plan", "m.py", "--plan", "capture.json"]);
    expect(changed.code).toBe(2);
    expect(changed.err).toContain("no longer matches");
  });

  test("plan-dir round trip gives the same tree as minify-dir; paths outside DIR are refused", async () => {
    const root = tmp();
    write(join(root, "src", "a.py"), CODE);
    write(join(root, "src", "sub", "b.py"), SAMPLE);
    expect((await tsrs(root, ["minify-plan-dir", "src", "--out", "plan.json"])).code).toBe(0);
    expect((await tsrs(root, ["apply-plan-dir", "src", "--plan", "plan.json", "-o", "via-plan"])).code).toBe(0);
    expect((await tsrs(root, ["minify-dir", "src", "-o", "direct"])).code).toBe(0);
    for (const f of ["a.py", "sub/b.py"]) {
      expect(readFileSync(join(root, "via-plan", f), "utf8")).toBe(readFileSync(join(root, "direct", f), "utf8"));
    }
    const plan = JSON.parse(readFileSync(join(root, "plan.json"), "utf8"));
    plan.files[0].path = "../a.py";
    write(join(root, "bad.json"), JSON.stringify(plan));
    const bad = await tsrs(root, ["apply-plan-dir", "src", "--plan", "bad.json", "-o", "x"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("outside");
    expect(existsSync(join(root, "x"))).toBe(false);
  });
});
