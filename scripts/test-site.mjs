#!/usr/bin/env node
/**
 * A whole site-packages minified, then used (`npm run test:site`): the check that found numpy,
 * scipy, pandas and sympy failing at import or in their tests on minified code.
 *
 * 1. `tsrs minify-dir SITE -o <tmp>/min` with the built CLI (default settings, `--python` of the
 *    interpreter below, no cache); every file that compiles in SITE must compile minified.
 * 2. Imports: every top-level package and module of the tree, and each of its submodules (test
 *    modules aside), is imported in a fresh interpreter from the original and from the minified
 *    tree; the outcome (ok or the exception's type) and the module's names must be the same.
 * 3. Test suites that ship inside the packages (numpy, pandas, sympy, mpmath, scipy, networkx, tornado, matplotlib —
 *    those of SUITES that SITE has) run with pytest on both trees; outcomes are compared per test id. A test
 *    whose outcome differs is rerun in both trees: if the reruns agree it is a flake, else a change.
 *    Changes listed in EXPECTED (each confirmed by reading the test) are reported apart.
 *
 * Exit status: 0 no unexpected change, 1 some, 2 usage or setup error.
 * Options: --site DIR (default /usr/lib/python3/dist-packages), --only NAME (suites; "imports" for
 * step 2; repeatable or comma-separated), --keep (keep the temporary folder), --json.
 * Takes ≈ 30 minutes on 2 cores with every suite.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PLUGIN } from "./pytest-outcomes.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "bundle", "cli", "main.js");
const PYTHON = "/usr/bin/python3";

/** Test suites inside packages: paths relative to the site folder, extra pytest arguments. */
const SUITES = [
  { name: "mpmath", paths: ["mpmath/tests"] },
  { name: "numpy", paths: ["numpy"], args: ["--continue-on-collection-errors"] },
  { name: "pandas", paths: ["pandas/tests/computation", "pandas/tests/frame", "pandas/tests/series", "pandas/tests/groupby", "pandas/tests/window", "pandas/tests/io/formats", "pandas/tests/tools", "pandas/tests/util"] },
  { name: "sympy", paths: ["sympy/core/tests", "sympy/printing/tests/test_str.py", "sympy/printing/tests/test_repr.py", "sympy/printing/tests/test_latex.py"] },
  { name: "scipy", paths: ["scipy/optimize", "scipy/interpolate", "scipy/integrate", "scipy/spatial", "scipy/cluster", "scipy/ndimage"] },
  { name: "networkx", paths: ["networkx"] },
  { name: "tornado", paths: ["tornado/test"] },
  { name: "matplotlib", paths: ["matplotlib/tests/test_api.py", "matplotlib/tests/test_artist.py", "matplotlib/tests/test_cbook.py", "matplotlib/tests/test_doc.py", "matplotlib/tests/test_rcparams.py", "matplotlib/tests/test_ticker.py"] },
];

/** Outcome changes that are the minifier's documented effect, not a break: test id → why. */
const SOURCE_SEEDED =
  "hypothesis with derandomize=True (numpy's 'np.test() profile') seeds each test from a digest of its source text: minified source draws other examples, on some of which this test skips or xfails";
const EXPECTED = {
  "numpy/core/tests/test_scalarmath.py::test_array_scalar_ufunc_dtypes": SOURCE_SEEDED,
  "numpy/core/tests/test_scalarmath.py::test_array_scalar_ufunc_equivalence": SOURCE_SEEDED,
  "numpy/testing/tests/test_utils.py::test_suppress_warnings_forwarding":
    "counts warnings per source line ('location' filter): two warnings.warn calls joined on one line show once (--preserve-layout keeps lines)",
};

/** Import differences that are the minifier's documented effect: module → why. */
const EXPECTED_IMPORTS = {
  py: "apipkg copies a module docstring only when it is there (`if getattr(oldmod, '__doc__', None)`): written for python -OO, where py.__doc__ is None too",
};

/** Imports a package and its submodules (not `__main__`: importing it runs the program); prints {module: ["ok", names] | ["err", "Type"]} as JSON. */
const PROBE = `
import sys, importlib, json, pkgutil, io, contextlib, warnings, signal
warnings.simplefilter("ignore")
out = {}
def probe(name):
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            signal.alarm(60)
            m = importlib.import_module(name)
            signal.alarm(0)
        out[name] = ["ok", sorted(dir(m))]
        return m
    except BaseException as e:
        signal.alarm(0)
        out[name] = ["err", type(e).__name__]
        return None
top = sys.argv[1]
m = probe(top)
if m is not None and hasattr(m, "__path__"):
    for info in pkgutil.walk_packages(m.__path__, top + ".", onerror=lambda n: None):
        last = info.name.split(".")[-1]
        # __main__ modules run programs (venv's creates a venv), tests are run by pytest
        if last == "__main__" or "test" in last or ".tests." in info.name + ".":
            continue
        probe(info.name)
sys.stdout.write(json.dumps(out))
`;

/** Prints the relative paths of the .py files below argv[1] that do not compile. */
const COMPILE = `
import os, sys
root = sys.argv[1]
for d, dirs, files in os.walk(root):
    dirs[:] = sorted(x for x in dirs if x != "__pycache__")
    for f in sorted(files):
        if f.endswith(".py"):
            p = os.path.join(d, f)
            try:
                with open(p, "rb") as h:
                    compile(h.read(), p, "exec", dont_inherit=True)
            except (SyntaxError, ValueError):
                print(os.path.relpath(p, root))
`;

class UsageError extends Error {}

function parseArgs(argv) {
  const out = { site: "/usr/lib/python3/dist-packages", only: [], keep: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--site") out.site = value();
    else if (a === "--only") out.only.push(...value().split(",").filter(Boolean));
    else if (a === "--keep") out.keep = true;
    else if (a === "--json") out.json = true;
    else if (a === "-h" || a === "--help") throw new UsageError("");
    else throw new UsageError(`unknown option ${a}`);
  }
  const known = ["imports", ...SUITES.map((s) => s.name)];
  for (const n of out.only) if (!known.includes(n)) throw new UsageError(`unknown part ${n} (one of ${known.join(", ")})`);
  return out;
}

const USAGE = "usage: node scripts/test-site.mjs [--site DIR] [--only imports|numpy|pandas|sympy|mpmath|matplotlib]... [--keep] [--json]";

/** A test run that takes longer than this is stopped (a hang must not stall the check). */
const TIMEOUT_MS = 45 * 60 * 1000;

/** Runs a command in `cwd` without blocking the event loop (two at a time use both cores). */
function runAsync(cmd, args, env, cwd) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: TIMEOUT_MS, killSignal: "SIGKILL" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs `jobs` (functions returning promises) two at a time; results in order. */
async function inPairs(jobs) {
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

function envFor(tree, work) {
  const env = { ...process.env, PYTHONPATH: `${tree}:${join(work, "plugin")}`, PYTHONDONTWRITEBYTECODE: "1", MPLBACKEND: "agg", NPY_AVAILABLE_MEM: "4GB" };
  delete env.PYTEST_ADDOPTS;
  delete env.PYTEST_PLUGINS;
  return env;
}

/** Top-level importable names of a site folder: packages (with __init__.py) and modules. */
function topLevel(site) {
  const out = [];
  for (const e of readdirSync(site, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith("_") && e.name !== "_pytest") continue;
    if (e.isDirectory() && !e.name.includes("-") && !e.name.includes(".") && existsSync(join(site, e.name, "__init__.py"))) out.push(e.name);
    else if (e.isFile() && e.name.endsWith(".py")) out.push(e.name.slice(0, -3));
  }
  return [...new Set(out)];
}

async function checkImports(site, min, work, log) {
  const tops = topLevel(min);
  log(`imports: ${tops.length} top-level packages and modules, each with its submodules, in both trees`);
  const probe = join(work, "probe.py");
  writeFileSync(probe, PROBE);
  const once = async (tree, top) => {
    const r = await runAsync(PYTHON, [probe, top], envFor(tree, work), join(work, "scratch"));
    try {
      return JSON.parse(r.stdout);
    } catch {
      return { [top]: ["crash", r.stderr.trim().split("\n").pop() ?? ""] };
    }
  };
  const results = await inPairs(tops.map((top) => async () => [await once(site, top), await once(min, top)]));
  const changes = [];
  let modules = 0;
  for (const [a, b] of results) {
    for (const mod of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      modules++;
      const x = a[mod] ?? ["missing"];
      const y = b[mod] ?? ["missing"];
      const expected = EXPECTED_IMPORTS[mod] ?? null;
      if (x[0] !== y[0] || (x[0] !== "ok" && x[1] !== y[1])) changes.push({ module: mod, original: x[0] === "ok" ? "ok" : `${x[0]} ${x[1] ?? ""}`, minified: y[0] === "ok" ? "ok" : `${y[0]} ${y[1] ?? ""}`, expected });
      else if (x[0] === "ok") {
        const lost = x[1].filter((n) => !y[1].includes(n));
        const gained = y[1].filter((n) => !x[1].includes(n));
        if (lost.length || gained.length) changes.push({ module: mod, lost: lost.slice(0, 10), gained: gained.slice(0, 10), expected });
      }
    }
  }
  log(`imports: ${modules} modules, ${changes.length} differ`);
  for (const c of changes) {
    log(`  ${c.expected ? "expected" : "CHANGED"} ${c.module}: ${c.original ? `${c.original} → ${c.minified}` : `names lost ${c.lost.join(", ")} gained ${c.gained.join(", ")}`}${c.expected ? ` (${c.expected})` : ""}`);
  }
  return { modules, changes };
}

/** Runs pytest on `targets` in `tree`; returns {nodeid: outcome}. */
async function pytest(tree, work, targets, extra, tag) {
  const outcomes = join(work, `outcomes-${tag}.json`);
  rmSync(outcomes, { force: true });
  const args = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-p", "tsrs_outcomes", "--rootdir", tree, "-o", "addopts=", ...extra, ...targets];
  const r = await runAsync(PYTHON, args, { ...envFor(tree, work), TSRS_OUTCOMES: outcomes }, join(work, "scratch"));
  if (!existsSync(outcomes)) throw new Error(`pytest wrote no outcomes in ${tree} (exit ${r.status}): ${r.stderr.slice(-500) || r.stdout.slice(-500)}`);
  return JSON.parse(readFileSync(outcomes, "utf8"));
}

async function runSuite(suite, site, min, work, log) {
  const paths = suite.paths.filter((p) => existsSync(join(site, p)));
  if (paths.length === 0) return { name: suite.name, skipped: "not in the site folder" };
  log(`${suite.name}: pytest ${paths.join(" ")} in both trees`);
  const [a, b] = await Promise.all([site, min].map((tree, k) => pytest(tree, work, paths.map((p) => join(tree, p)), suite.args ?? [], `${suite.name}-${k}`)));
  const ids = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  let changed = ids.filter((id) => (a[id] ?? "missing") !== (b[id] ?? "missing"));
  const flakes = [];
  if (changed.length > 0 && changed.length <= 200) {
    const rerunnable = changed.filter((id) => !id.endsWith("::<collection>"));
    if (rerunnable.length > 0) {
      log(`${suite.name}: rerunning ${rerunnable.length} changed tests`);
      const [ra, rb] = await Promise.all([site, min].map((tree, k) => pytest(tree, work, rerunnable.map((id) => join(tree, id)), suite.args ?? [], `${suite.name}-re-${k}`)));
      for (const id of rerunnable) if ((ra[id] ?? "missing") === (rb[id] ?? "missing")) flakes.push(id);
      changed = changed.filter((id) => !flakes.includes(id));
    }
  }
  const count = (o) => Object.values(o).reduce((m, v) => ((m[v] = (m[v] ?? 0) + 1), m), {});
  const changes = changed.map((id) => ({ id, original: a[id] ?? "missing", minified: b[id] ?? "missing", expected: EXPECTED[id] ?? null }));
  log(`${suite.name}: ${ids.length} tests; original ${JSON.stringify(count(a))}; ${changes.length} changed (${changes.filter((c) => !c.expected).length} unexpected), ${flakes.length} flaky`);
  return { name: suite.name, tests: ids.length, original: count(a), minified: count(b), changes, flakes };
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write((e.message ? `test-site: ${e.message}\n` : "") + USAGE + "\n");
      return 2;
    }
    throw e;
  }
  const log = opts.json ? () => {} : (m) => process.stderr.write(m + "\n");
  if (!existsSync(CLI)) return log("test-site: build first (npm run build)"), 2;
  if (!existsSync(opts.site)) return log(`test-site: ${opts.site}: no such folder`), 2;
  const version = spawnSync(PYTHON, ["-c", "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"], { encoding: "utf8" });
  if (version.status !== 0) return log(`test-site: ${PYTHON} does not run`), 2;
  const work = mkdtempSync(join(tmpdir(), "tsrs-site-"));
  mkdirSync(join(work, "plugin"));
  writeFileSync(join(work, "plugin", "tsrs_outcomes.py"), PLUGIN);
  // Imported modules and tests run here: whatever they write stays in the temporary folder.
  mkdirSync(join(work, "scratch"));
  const min = join(work, "min");
  const report = { site: opts.site, python: version.stdout.trim(), minify: null, notCompiling: [], imports: null, suites: [] };
  try {
    log(`minifying ${opts.site} → ${min}`);
    const m = spawnSync(process.execPath, [CLI, "minify-dir", opts.site, "-o", min, "--no-cache", "--python", report.python, "--stats", "--json", "--quiet"], { encoding: "utf8", maxBuffer: 1 << 30 });
    if (m.status !== 0 || !m.stdout) return log(`test-site: minify-dir failed (exit ${m.status}): ${m.stderr.slice(-1000)}`), 1;
    report.minify = JSON.parse(m.stdout).totals;
    log(`minified: ${JSON.stringify(report.minify)}`);
    // Every file that compiles in the original compiles minified.
    const failing = (tree) => {
      const r = spawnSync(PYTHON, ["-c", COMPILE, tree], { encoding: "utf8", maxBuffer: 1 << 30 });
      return new Set(r.stdout.split("\n").filter(Boolean));
    };
    const before = failing(opts.site);
    report.notCompiling = [...failing(min)].filter((f) => !before.has(f));
    if (report.notCompiling.length) log(`minified files that do not compile: ${report.notCompiling.join(", ")}`);
    const want = (n) => opts.only.length === 0 || opts.only.includes(n);
    if (want("imports")) report.imports = await checkImports(opts.site, min, work, log);
    for (const suite of SUITES) if (want(suite.name)) report.suites.push(await runSuite(suite, opts.site, min, work, log));
  } finally {
    if (opts.keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  const unexpected = report.notCompiling.length + (report.imports?.changes ?? []).filter((c) => !c.expected).length + report.suites.reduce((n, s) => n + (s.changes ?? []).filter((c) => !c.expected).length, 0);
  if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else {
    for (const s of report.suites) for (const c of s.changes ?? []) log(`${c.expected ? "expected" : "CHANGED"} ${c.id}: ${c.original} → ${c.minified}${c.expected ? ` (${c.expected})` : ""}`);
    log(unexpected === 0 ? "OK: no unexpected change" : `${unexpected} unexpected change(s)`);
  }
  return unexpected === 0 ? 0 : 1;
}

process.exitCode = await main();
