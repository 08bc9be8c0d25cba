#!/usr/bin/env node
/**
 * CPython's own test suite on minified stdlib modules (`npm run test:cpython`).
 *
 * 1. Copies a set of pure-Python stdlib modules of the machine's python3 into a folder and minifies
 *    it with `tsrs minify-dir` (the built CLI, default settings, target = that python).
 * 2. Runs `python3 -m test` for the matching tests twice: with the originals, and with the minified
 *    folder first on PYTHONPATH (checked: the modules really load from there).
 * 3. Compares the outcome of every test case. Cases that only fail because a docstring they read
 *    was removed (doctests, `__doc__` checks) are counted apart; any other difference fails.
 *
 * Options: --quick (a small, fast subset, for CI), --modules a,b (a custom subset), --jobs N,
 * --keep (keep the temporary folder), --python PATH.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist/bundle/cli/main.js");

/** module (file or package in the stdlib) → regrtest test name */
const MODULES = {
  json: "test_json", textwrap: "test_textwrap", difflib: "test_difflib", statistics: "test_statistics",
  fractions: "test_fractions", shlex: "test_shlex", csv: "test_csv", configparser: "test_configparser",
  calendar: "test_calendar", argparse: "test_argparse", email: "test_email", logging: "test_logging",
  pathlib: "test_pathlib", tomllib: "test_tomllib", dataclasses: "test_dataclasses", string: "test_string",
};
const QUICK = ["json", "textwrap", "shlex", "string", "fractions", "tomllib"];

function parseArgs(argv) {
  const out = { quick: false, modules: null, jobs: 2, keep: false, python: "python3" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") out.quick = true;
    else if (a === "--keep") out.keep = true;
    else if (a === "--modules") out.modules = argv[++i].split(",");
    else if (a === "--jobs") out.jobs = Number(argv[++i]);
    else if (a === "--python") out.python = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return out;
}

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** Test case outcomes from a regrtest JUnit file: id → "pass" | "fail" | "skip". */
function outcomes(xmlPath) {
  const out = new Map();
  if (!existsSync(xmlPath)) return out;
  const xml = readFileSync(xmlPath, "utf8");
  const re = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  let m;
  while ((m = re.exec(xml))) {
    const attrs = m[1];
    const name = /\bname="([^"]*)"/.exec(attrs)?.[1] ?? "?";
    const body = m[3] ?? "";
    const status = /<(failure|error)\b/.test(body) ? "fail" : /<skipped\b/.test(body) ? "skip" : "pass";
    const message = /<(?:failure|error)\b[^>]*?message="([^"]*)"/.exec(body)?.[1] ?? /<(?:failure|error)\b[^>]*>([\s\S]{0,400})/.exec(body)?.[1] ?? "";
    out.set(name, { status, message: decode(message) });
  }
  return out;
}

function decode(s) {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/** A failure caused by a removed docstring: doctests and `__doc__` checks. */
function isDocstringCasualty(name, message) {
  // Doctest cases are named after the object whose docstring holds them (`json.encoder.…`);
  // unittest cases after their test module (`test.test_json.…`).
  if (!name.startsWith("test.")) return true;
  return /doctest|DocTest|__doc__|docstring/i.test(name) || /has no docstrings|__doc__|docstring|DocTest/i.test(message);
}

const opts = parseArgs(process.argv.slice(2));
if (!existsSync(CLI)) {
  console.error("dist/bundle/cli/main.js is missing: run `npm run build` first");
  process.exit(2);
}
const info = JSON.parse(run(opts.python, ["-c", "import sys, sysconfig, json; print(json.dumps([sysconfig.get_paths()['stdlib'], sys.version_info[1]]))"]).stdout);
const [stdlib, minor] = info;
const names = opts.modules ?? (opts.quick ? QUICK : Object.keys(MODULES));
const work = mkdtempSync(join(tmpdir(), "tsrs-cpython-"));
const src = join(work, "src");
const site = join(work, "site");
for (const name of names) {
  const dir = join(stdlib, name);
  if (existsSync(dir) && statSync(dir).isDirectory()) cpSync(dir, join(src, name), { recursive: true, filter: (p) => !p.includes("__pycache__") });
  else cpSync(join(stdlib, `${name}.py`), join(src, `${name}.py`));
}
const started = Date.now();
const minified = run("node", [CLI, "minify-dir", src, "--out-dir", site, "--python", `3.${minor}`, "--jobs", String(opts.jobs), "--json"]);
if (minified.status !== 0) {
  console.error(minified.stderr || minified.stdout);
  process.exit(2);
}
const doc = JSON.parse(minified.stdout);
const t = doc.totals;
console.log(`minified ${t.files} files of ${names.length} modules: ${t.bytesIn} → ${t.bytesOut} bytes (${(100 * t.reduction).toFixed(1)}% smaller), ${t.bailouts} bailouts, ${t.errors} errors`);

// The minified modules must be the ones the tests import.
const check = run(opts.python, ["-c", `import importlib, sys; bad = [m for m in ${JSON.stringify(names)} if not importlib.import_module(m).__file__.startswith(${JSON.stringify(site)})]; print(bad)`], { PYTHONPATH: site });
if (check.stdout.trim() !== "[]") {
  console.error(`these modules did not load from the minified folder: ${check.stdout.trim()} ${check.stderr}`);
  process.exit(2);
}

const tests = names.map((n) => MODULES[n]);
const regr = (xml, env) =>
  run(opts.python, ["-m", "test", "-j", String(opts.jobs), "--junit-xml", xml, ...tests], env);
console.log(`running ${tests.length} test modules with the original modules …`);
const base = regr(join(work, "original.xml"), {});
console.log(`running them with the minified modules …`);
const mini = regr(join(work, "minified.xml"), { PYTHONPATH: site });
const a = outcomes(join(work, "original.xml"));
const b = outcomes(join(work, "minified.xml"));

let passedBoth = 0;
const regressions = [];
const docCasualties = [];
for (const [name, o] of a) {
  const m = b.get(name);
  if (o.status === "pass" && m?.status === "pass") passedBoth++;
  if (o.status !== "pass") continue;
  if (m && m.status !== "fail") continue;
  const message = m?.message ?? "missing from the minified run";
  (isDocstringCasualty(name, message) ? docCasualties : regressions).push(`${name}: ${message.split("\n")[0].slice(0, 200)}`);
}
// Cases only in the minified run (a doctest suite replaced by an error…).
for (const [name, m] of b) {
  if (a.has(name) || m.status !== "fail") continue;
  (isDocstringCasualty(name, m.message) ? docCasualties : regressions).push(`${name}: ${m.message.split("\n")[0].slice(0, 200)}`);
}
const count = (map, s) => [...map.values()].filter((o) => o.status === s).length;
console.log(`original: ${count(a, "pass")} passed, ${count(a, "fail")} failed, ${count(a, "skip")} skipped (exit ${base.status})`);
console.log(`minified: ${count(b, "pass")} passed, ${count(b, "fail")} failed, ${count(b, "skip")} skipped (exit ${mini.status})`);
console.log(`passing in both: ${passedBoth}; docstring casualties (doctests and __doc__ checks on removed docstrings): ${docCasualties.length}`);
for (const d of docCasualties) console.log(`  doc: ${d}`);
if (regressions.length) {
  console.log(`REGRESSIONS (${regressions.length}):`);
  for (const r of regressions) console.log(`  ${r}`);
}
console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (!opts.keep) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
process.exit(regressions.length ? 1 : 0);
