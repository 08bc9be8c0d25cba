/**
 * Differential tests against CPython (python3): minified stdlib modules compile, and their AST equals
 * the original's under the rename plan — checked by tests/minify/rename_oracle.py with CPython's own
 * parser and symtable, independently of tsrs's semantic model. Small programs behave the same.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { DEFAULT_SETTINGS, mergeSettings } from "../../src/minify/options.js";
import { minifySource } from "../../src/minify/pipeline.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ORACLE = join(HERE, "rename_oracle.py");
const PROGRAMS = join(HERE, "../fixtures/minify/programs");

function python(args: string[], input?: string, env?: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("python3", args, { input, encoding: "utf8", maxBuffer: 1 << 28, env: env ?? process.env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const stdlib = python(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]).stdout.trim();
const minor = Number(python(["-c", "import sys; print(sys.version_info[1])"]).stdout.trim());

/** The benchmark's module set plus every 4th top-level stdlib module (or all with TSRS_DIFF=full). */
function sample(): string[] {
  const set = ["json/__init__.py", "json/decoder.py", "json/encoder.py", "json/scanner.py", "textwrap.py", "difflib.py",
    "statistics.py", "fractions.py", "shlex.py", "csv.py", "configparser.py", "calendar.py", "argparse.py",
    "dataclasses.py", "string.py", "logging/__init__.py", "logging/handlers.py", "tomllib/_parser.py",
    "email/_header_value_parser.py", "email/message.py"].map((f) => join(stdlib, f));
  const top = readdirSync(stdlib).filter((f) => f.endsWith(".py")).sort();
  const every = process.env.TSRS_DIFF === "full" ? 1 : 4;
  for (let i = 0; i < top.length; i += every) set.push(join(stdlib, top[i]!));
  return [...new Set(set)];
}

describe.skipIf(!stdlib || !(minor >= 8))("differential (python3)", () => {
  test("minified modules compile and equal the original under the rename plan", () => {
    const settings = mergeSettings(DEFAULT_SETTINGS, { minor });
    const dir = mkdtempSync(join(tmpdir(), "tsrs-diff-"));
    const items: unknown[] = [];
    const names: string[] = [];
    const bailouts: string[] = [];
    for (const [i, file] of sample().entries()) {
      const r = minifySource(readFileSync(file), file, settings, { wantPlan: true });
      if (r.status === "error") continue; // not valid for this Python (test data)
      if (r.status === "bailout") bailouts.push(`${file}: ${r.reason}`);
      const out = join(dir, `${i}.py`);
      writeFileSync(out, r.output);
      items.push({ original: file, minified: out, plan: r.plan, docstrings: r.status === "minified", passes: r.status === "minified" });
      names.push(file);
      // Idempotence: minifying the output again changes nothing.
      if (r.status === "minified") expect(minifySource(r.output, file, settings).status, `${file} is not idempotent`).toBe("unchanged");
    }
    const res = python([ORACLE], JSON.stringify(items));
    expect(res.status, res.stderr).toBe(0);
    const lines = res.stdout.trim().split("\n").map((l) => JSON.parse(l) as { ok: boolean; error?: string });
    const failures = lines.flatMap((l, i) => (l.ok ? [] : [`${names[i]}: ${l.error}`]));
    expect(failures).toEqual([]);
    expect(bailouts).toEqual([]);
    expect(lines.length).toBeGreaterThan(40);
  });

  test("programs print the same before and after minification", () => {
    const settings = mergeSettings(DEFAULT_SETTINGS, { minor });
    const dir = mkdtempSync(join(tmpdir(), "tsrs-run-"));
    for (const name of readdirSync(PROGRAMS).filter((f) => f.endsWith(".py")).sort()) {
      const src = join(PROGRAMS, name);
      const r = minifySource(readFileSync(src), name, settings);
      expect(r.status, `${name}: ${r.reason}`).toBe("minified");
      const out = join(dir, name);
      writeFileSync(out, r.output);
      const a = python([src]);
      const b = python([out]);
      expect(b.stdout, name).toBe(a.stdout);
      expect(b.status, name).toBe(a.status);
    }
  });

  test("type comments TorchScript reads stay in each function's source (inspect.getsource)", () => {
    // Per function: the lines of its source holding `# type:` as TorchScript collects them (mypy's
    // plain ignore markers skipped), reduced to the comments; with one line, TorchScript parses the
    // whole line, so whether code precedes the comment counts too.
    const collect = `
import importlib.util, inspect, json, re, sys
spec = importlib.util.spec_from_file_location("m", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
skip = re.compile(r"# type:\\ ignore(\\[[a-zA-Z-]+\\])?$")
out = {}
def visit(obj, prefix):
    for name, v in sorted(vars(obj).items()):
        if inspect.isfunction(v) and v.__module__ == "m":
            lines = [l for l in inspect.getsource(v).split("\\n") if "# type:" in l and not skip.search(l)]
            out[prefix + name] = [l[l.index("#"):] for l in lines] + ([bool(lines[0][:lines[0].index("#")].strip())] if len(lines) == 1 else [])
        elif inspect.isclass(v) and v.__module__ == "m":
            visit(v, prefix + name + ".")
visit(m, "")
out["nested.inner"] = [l.strip() for l in inspect.getsource(m.nested()).split("\\n") if "# type:" in l]
print(json.dumps(out, sort_keys=True))
`;
    const input = join(HERE, "../fixtures/minify/comments/type-comments/input.py");
    const dir = mkdtempSync(join(tmpdir(), "tsrs-typecomments-"));
    const before = python(["-c", collect, input]);
    expect(before.status, before.stderr).toBe(0);
    const expected = JSON.parse(before.stdout) as Record<string, unknown>;
    expect(Object.keys(expected).length).toBeGreaterThan(5);
    for (const layout of ["compact", "preserve"] as const) {
      const r = minifySource(readFileSync(input), "type-comments.py", mergeSettings(DEFAULT_SETTINGS, { minor, layout }));
      expect(r.status, r.reason ?? "").toBe("minified");
      const out = join(dir, `${layout}.py`);
      writeFileSync(out, r.output);
      const after = python(["-c", collect, out]);
      expect(after.status, after.stderr).toBe(0);
      expect(JSON.parse(after.stdout), layout).toEqual(expected);
    }
  });

  test("string.Formatter keeps keyword arguments working (python-minifier's regression)", () => {
    const settings = mergeSettings(DEFAULT_SETTINGS, { minor });
    const dir = mkdtempSync(join(tmpdir(), "tsrs-fmt-"));
    const r = minifySource(readFileSync(join(stdlib, "string.py")), "string.py", settings);
    expect(r.status).toBe("minified");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "string.py"), r.output);
    const code = "import string; assert string.__file__.startswith(" + JSON.stringify(dir) + "); print(string.Formatter().format('{B}', B=1), string.Formatter().format('{format_string}', format_string=2))";
    const res = python(["-c", code], undefined, { ...process.env, PYTHONPATH: dir });
    expect(res.stderr).toBe("");
    expect(res.stdout.trim()).toBe("1 2");
  });
});
