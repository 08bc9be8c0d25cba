#!/usr/bin/env node
/**
 * Real libraries' own test suites on their minified code (`npm run test:libraries`).
 *
 * For the libraries of scripts/libraries.mjs (click, flask, werkzeug, jinja2, pytest, attrs, blinker,
 * and 26 more: pyparsing, pygments, sqlalchemy, botocore, packaging, dateutil…) as Debian ships them
 * (/usr/lib/python3/dist-packages) and their upstream tests at the same version (a git archive of
 * the tag, from the mirrors in $TSRS_BENCH_REPOS, default /work/.mirror, `<owner>+<name>/repo`):
 *
 * 1. copies the package(s) into a temporary tree and extracts the tests folder beside them, with the
 *    root conftest.py and pytest configuration files (pyproject.toml, setup.cfg, tox.ini) of that tag;
 * 2. copies that tree once per variant and minifies its packages in place with the built CLI:
 *    `default` (default settings) and `rename-globals` (plus --rename-globals); always with
 *    --python set to the interpreter running the tests, so that the output is valid for it;
 * 3. checks that every minified file compiles, and that the tests import the copied packages;
 * 4. runs pytest in every tree (the original and each variant), recording each test id's outcome
 *    with a small plugin (passed, failed, error, skipped, xfailed, xpassed);
 * 5. compares outcomes per test id. A test whose outcome differs is rerun alone in both trees: if
 *    the reruns agree it is a flake, otherwise a change. Changes listed in EXPECTED (tests that read
 *    docstrings or source text the minifier legitimately removes, each confirmed by reading the
 *    test) are reported apart; any other change is a failure.
 *
 * Exit status: 0 no change, 1 some outcome changed or some file does not compile (or the minifier
 * failed), 2 usage or setup error. Skipped libraries (no mirror, package or tag) are reported.
 *
 * Options: --only NAME (repeatable or comma-separated), --variant NAME (default, rename-globals;
 * repeatable), --keep (keep the temporary folder and print its path), --json (one JSON document on
 * stdout; no progress on stderr).
 *
 * The test suites need a few Debian packages besides the libraries: python3-hypothesis (attrs),
 * python3-pytest-xprocess and python3-ephemeral-port-reserve (werkzeug), python3-xmlschema (pytest),
 * python3-pretend (packaging), python3-freezegun (dateutil).
 * Without them the affected test modules fail to collect, the same way in every tree.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LIBRARIES, TEST_LIBRARIES } from "./libraries.mjs";
import { PLUGIN } from "./pytest-outcomes.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "bundle", "cli", "main.js");
const PYTHON = "/usr/bin/python3";
const DIST_PACKAGES = "/usr/lib/python3/dist-packages";
const REPOS = process.env.TSRS_BENCH_REPOS ?? "/work/.mirror";
/** Files at the root of a tag that configure pytest for its tests (taken when present). */
const ROOT_FILES = ["conftest.py", "pyproject.toml", "setup.cfg", "tox.ini", "pytest.ini"];
/** Per-id reruns beyond this many changed ids are done in one run per tree. */
const MAX_SINGLE_RERUNS = 25;

/** The libraries (scripts/libraries.mjs), with the extra pytest arguments some suites need. */
const PYTEST_ARGS = {
  // A fixed Hypothesis seed: the same examples in every tree.
  attrs: ["--hypothesis-seed=0"],
  // Its conftest marks tests `no_cover` (pytest-cov's), which its warnings-as-errors setting turns into an error.
  dateutil: ["-W", "ignore::pytest.PytestUnknownMarkWarning"],
};
const CORPUS = [...LIBRARIES, ...TEST_LIBRARIES].map((lib) => ({ ...lib, pytestArgs: PYTEST_ARGS[lib.name] ?? [] }));

const VARIANTS = [
  { name: "default", flags: [] },
  { name: "rename-globals", flags: ["--rename-globals"] },
];

/**
 * Outcome changes the minifier is allowed to cause: library → test id (or a prefix of ids, ending
 * in `*`) → why (and, when only some variants cause it, which). Only tests read and confirmed to inspect docstrings or source text of
 * the library, or private names an opt-in option renames, belong here.
 */
/** The EXPECTED entry of a test id: its own, or one whose key ends in `*` and prefixes it. */
function expectedChange(library, id) {
  const entries = EXPECTED[library] ?? {};
  if (entries[id]) return entries[id];
  const key = Object.keys(entries).find((k) => k.endsWith("*") && id.startsWith(k.slice(0, -1)));
  return key ? entries[key] : undefined;
}
const same = (ids, reason) => Object.fromEntries(ids.map((id) => [id, { reason }]));
const EXPECTED = {
  attrs: same(["TestDundersFullOrdering", "TestDundersPartialOrdering", "TestDundersUnnamedClass"].map((c) => `tests/test_cmp.py::${c}::test_ne`),
    "docstring inspection: asserts the docstring of the __ne__ that attr/_make.py defines (method.__doc__.strip() == ...)"),
  pytest: {
    ...same(["testing/acceptance_test.py::TestGeneralUsage::test_docstring_on_hookspec"],
      "docstring inspection: asserts that every hook of _pytest/hookspec.py has a __doc__"),
    ...same(["testing/acceptance_test.py::test_warn_on_async_function", "testing/acceptance_test.py::test_warn_on_async_gen_function"],
      "source text: the warnings summary prints the source line of the warn() call in _pytest/python.py, which now also holds the message literal, so the test counts the message twice"),
    ...same(["testing/code/test_source.py::test_source_with_decorator"],
      "source inspection: asserts the source text of the wrapper _pytest/fixtures.py puts around a fixture starts with '@functools.wraps(function)'"),
    ...same(["testing/python/approx.py::TestApprox::test_doctests"], "docstring inspection: runs the doctests of approx.__doc__"),
    ...same(["testing/python/fixtures.py::TestShowFixtures::test_show_fixtures", "testing/python/fixtures.py::TestShowFixtures::test_show_fixtures_verbose",
      "testing/test_unittest.py::test_fixtures_setup_setUpClass_issue8394"],
    "docstring inspection: --fixtures prints the docstrings of pytest's own fixtures ('no docstring available' without them)"),
    ...same(["testing/python/fixtures.py::test_yield_fixture_with_no_value"],
      "source text: pytest indents a traceback's E line like the library source line that raised, now one space deep"),
    ...same(["testing/test_threadexception.py::test_unhandled_thread_exception", "testing/test_threadexception.py::test_unhandled_thread_exception_in_setup",
      "testing/test_threadexception.py::test_unhandled_thread_exception_in_teardown", "testing/test_unraisableexception.py::test_unraisable",
      "testing/test_unraisableexception.py::test_unraisable_in_setup", "testing/test_unraisableexception.py::test_unraisable_in_teardown"],
    "source text: the warnings summary must show the source line 'warnings.warn(pytest.Pytest…Warning(msg))' of _pytest/threadexception.py and unraisableexception.py"),
    "testing/test_terminal.py::test_getreportopt": {
      variants: ["rename-globals"],
      reason: "private global read from outside the package: the test imports _REPORTCHARS_DEFAULT from _pytest.terminal, which --rename-globals renames because nothing in the package imports it",
    },
  },
  fs: same(["tests/test_doctest.py::TestDoctest::*"],
    "docstring inspection: test_doctest.py makes one test of the doctests in each docstring of fs's modules; removed docstrings hold none (as under python -OO)"),
  botocore: {
    "tests/unit/test_httpchecksum.py::*": {
      variants: ["rename-globals"],
      reason: "private global read from outside the package: the test module imports _CHECKSUM_CLS from botocore.httpchecksum, which --rename-globals renames because nothing in the package imports it",
    },
  },
  distro: {
    "tests/test_distro.py::*": {
      variants: ["rename-globals"],
      reason: "private global read from outside the package: test_distro.py reads distro._UNIXCONFDIR at import, a private module global --rename-globals renames because nothing in the package imports it",
    },
  },
  sqlalchemy: {
    ...Object.fromEntries(["test/sql/test_functions.py::CompileTest::*", "test/sql/test_functions.py::RegisterTest::*"].map((id) => [id, {
      variants: ["rename-globals"],
      reason: "private global read from outside the package: the test classes' setup copies and restores sqlalchemy.sql.functions._registry, a private module global --rename-globals renames because nothing in the package imports it",
    }])),
    "test/base/test_events.py::RemovalTest::test_listener_collection_removed_cleanup": {
      variants: ["rename-globals"],
      reason: "private global read from outside the package: the test reads sqlalchemy.event.registry._key_to_collection, which --rename-globals renames because nothing in the package imports it",
    },
  },
  werkzeug: {
    "tests/test_security.py::test_safe_join_os_sep": {
      variants: ["rename-globals"],
      reason: "private global read from outside the package: the test reads and sets werkzeug.security._os_alt_seps, a private module global --rename-globals renames because nothing in the package imports it",
    },
  },
};


class UsageError extends Error {}

function parseArgs(argv) {
  const out = { only: [], variants: [], keep: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i].split(",").filter(Boolean);
    };
    if (a === "--only") out.only.push(...value());
    else if (a === "--variant") out.variants.push(...value());
    else if (a === "--keep") out.keep = true;
    else if (a === "--json") out.json = true;
    else if (a === "-h" || a === "--help") throw new UsageError("");
    else throw new UsageError(`unknown option ${a}`);
  }
  for (const n of out.only) if (!CORPUS.some((c) => c.name === n)) throw new UsageError(`unknown library ${n} (one of ${CORPUS.map((c) => c.name).join(", ")})`);
  for (const n of out.variants) if (!VARIANTS.some((v) => v.name === n)) throw new UsageError(`unknown variant ${n} (one of ${VARIANTS.map((v) => v.name).join(", ")})`);
  return out;
}

const USAGE = "usage: node scripts/test-libraries.mjs [--only NAME]... [--variant default|rename-globals]... [--keep] [--json]";

function run(cmd, args, { cwd, env, input, timeout, binary = false } = {}) {
  const r = spawnSync(cmd, args, { cwd, input, timeout, encoding: binary ? "buffer" : "utf8", maxBuffer: 1 << 30, env: env ?? process.env });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
}

/** Copies a package folder (every file but caches; symbolic links followed). */
function copyPackage(src, dest) {
  cpSync(src, dest, { recursive: true, dereference: true, filter: (p) => !p.endsWith("__pycache__") && !p.endsWith(".pyc") });
}

/** The .py files below `dir` (sorted, relative) and their total size. */
function pySize(dir) {
  if (statSync(dir).isFile()) return { files: 1, bytes: statSync(dir).size };
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".py")) {
        files++;
        bytes += statSync(p).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

/** Environment of every test run: the tree's packages first on sys.path, also for subprocesses. */
function testEnv(tree, work, extra = {}) {
  const env = { ...process.env, PYTHONPATH: `${tree}:${join(work, "plugin")}`, PYTHONDONTWRITEBYTECODE: "1", ...extra };
  delete env.PYTEST_ADDOPTS;
  delete env.PYTEST_PLUGINS;
  return env;
}

/** Stands for the tree's path in test ids (parametrized with paths of test files), the same in every tree. */
const TREE = "<tree>";

/**
 * Runs pytest in `tree` on `targets` (test ids with TREE for the tree's path); returns `{nodeid: outcome}`
 * with the tree's path as TREE in ids (null when pytest did not get to the end).
 */
function pytest(lib, tree, work, label, targets) {
  const file = join(work, `outcomes-${lib.name}-${label}.json`);
  rmSync(file, { force: true });
  const args = ["-m", "pytest", "-q", "-p", "tsrs_outcomes", "--continue-on-collection-errors", "--basetemp", join(work, "basetemp", `${lib.name}-${label}`),
    "-o", `cache_dir=${join(work, "pytest-cache", `${lib.name}-${label}`)}`, ...lib.pytestArgs, ...targets.map((t) => t.split(TREE).join(tree))];
  const r = run(PYTHON, args, { cwd: tree, env: testEnv(tree, work, { TSRS_OUTCOMES: file }), timeout: 40 * 60 * 1000 });
  if (!existsSync(file)) return { outcomes: null, tail: `${r.stdout}${r.stderr}`.trim().split("\n").slice(-15).join("\n") };
  const outcomes = {};
  for (const [id, o] of Object.entries(JSON.parse(readFileSync(file, "utf8")))) outcomes[id.split(tree).join(TREE)] = o;
  return { outcomes };
}

function count(outcomes) {
  const c = { passed: 0, failed: 0, skipped: 0, total: 0 };
  for (const o of Object.values(outcomes)) {
    c.total++;
    if (o === "passed" || o === "xpassed") c.passed++;
    else if (o === "failed" || o === "error") c.failed++;
    else c.skipped++;
  }
  return c;
}

/** Test ids whose outcome differs (a missing id counts as the outcome "absent"). */
function diffOutcomes(a, b) {
  const ids = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return ids.filter((id) => (a[id] ?? "absent") !== (b[id] ?? "absent")).map((id) => ({ id, before: a[id] ?? "absent", after: b[id] ?? "absent" }));
}

/** Files of `dir` that do not compile (python3 -m compileall; bytecode written outside the tree). */
function compileErrors(dir, work) {
  const r = run(PYTHON, ["-m", "compileall", "-q", dir], { env: { ...process.env, PYTHONPYCACHEPREFIX: join(work, "pycache") } });
  if (r.status === 0) return [];
  const files = [...`${r.stdout}\n${r.stderr}`.matchAll(/\*\*\* Error compiling '([^']+)'/g)].map((m) => m[1]).sort();
  return files.length ? files : [`${dir}: compileall exit ${r.status}`];
}

/** Sets up the original tree of a library; returns a reason string when it has to be skipped. */
function prepare(lib, tree) {
  const repo = join(REPOS, lib.repo, "repo");
  if (!existsSync(repo)) return `no mirror at ${repo}`;
  for (const p of lib.pkgs) if (!existsSync(join(DIST_PACKAGES, p))) return `package ${p} not in ${DIST_PACKAGES}`;
  const v = run(PYTHON, ["-c", `import importlib.metadata as m; print(m.version(${JSON.stringify(lib.dist)}))`]);
  if (v.status !== 0) return `no installed distribution ${lib.dist}`;
  const version = v.stdout.trim();
  // A Debian repack's local version (`1.0.0+repack`) is the upstream release.
  const release = version.replace(/\+.*$/, "");
  const tag = [release, `v${release}`, ...(lib.tagOf ? [lib.tagOf(release)] : [])].find((t) => run("git", ["-C", repo, "rev-parse", "--verify", "-q", `${t}^{commit}`]).status === 0);
  if (!tag) return `no tag ${version} in ${repo}`;
  const top = run("git", ["-C", repo, "ls-tree", "--name-only", tag]).stdout.split("\n");
  if (run("git", ["-C", repo, "cat-file", "-e", `${tag}:${lib.tests}`]).status !== 0) return `no ${lib.tests} at ${tag} in ${repo}`;
  mkdirSync(tree, { recursive: true });
  for (const p of lib.pkgs) copyPackage(join(DIST_PACKAGES, p), join(tree, p));
  const archive = run("git", ["-C", repo, "archive", tag, lib.tests, ...(lib.extra ?? []), ...ROOT_FILES.filter((f) => top.includes(f))], { binary: true });
  if (archive.status !== 0) return `git archive failed: ${archive.stderr.toString().trim()}`;
  const tar = run("tar", ["-x", "-C", tree], { input: archive.stdout, binary: true });
  if (tar.status !== 0) return `tar failed: ${tar.stderr.toString().trim()}`;
  return { version, tag };
}

/** The import name of a package folder or module file. */
const moduleName = (p) => p.replace(/\.py$/, "");

/** The packages must be imported from the tree, not from dist-packages. */
function checkImports(lib, tree, work) {
  const code = `import importlib, json; print(json.dumps([importlib.import_module(p).__file__ for p in ${JSON.stringify(lib.pkgs.map(moduleName))}]))`;
  const r = run(PYTHON, ["-c", code], { cwd: work, env: testEnv(tree, work) });
  if (r.status !== 0) return `cannot import ${lib.pkgs.join(", ")}: ${r.stderr.trim().split("\n").pop()}`;
  const bad = JSON.parse(r.stdout).filter((f) => !f.startsWith(tree + "/"));
  return bad.length ? `imported from outside the tree: ${bad.join(", ")}` : null;
}

function testLibrary(lib, variants, work, progress) {
  const base = join(work, lib.name);
  const trees = { original: join(base, "t0") };
  const prep = prepare(lib, trees.original);
  if (typeof prep === "string") return { name: lib.name, status: "skipped", reason: prep, variants: [], errors: [] };
  const size = lib.pkgs.map((p) => pySize(join(trees.original, p))).reduce((a, b) => ({ files: a.files + b.files, bytes: a.bytes + b.bytes }));
  const result = { name: lib.name, status: "ok", version: prep.version, tag: prep.tag, files: size.files, bytesBefore: size.bytes, before: null, variants: [], errors: [] };

  // Variant trees are copied before any test run writes into the original one.
  variants.forEach((v, i) => {
    trees[v.name] = join(base, `t${i + 1}`);
    cpSync(trees.original, trees[v.name], { recursive: true });
  });
  const importProblem = checkImports(lib, trees.original, work);
  if (importProblem) return { ...result, status: "error", errors: [importProblem] };

  progress(`${lib.name} ${prep.version}: tests on the original code …`);
  const before = pytest(lib, trees.original, work, "original", lib.targets ?? [lib.tests]);
  if (!before.outcomes) return { ...result, status: "error", errors: [`pytest did not finish on the original tree:\n${before.tail}`] };
  result.before = count(before.outcomes);

  for (const v of variants) {
    const tree = trees[v.name];
    const vr = { name: v.name, bytesAfter: 0, minify: null, compileErrors: [], after: null, changed: [], expected: [], flaky: [], errors: [] };
    result.variants.push(vr);
    progress(`${lib.name}: minify (${v.name}) …`);
    for (const p of lib.pkgs) {
      // A package is minified as a folder; a single-module library through the tree with --include.
      const where = p.endsWith(".py") ? [tree, "--include", p] : [join(tree, p), ...(lib.exclude ?? []).flatMap((g) => ["--exclude", g])];
      const m = run(process.execPath, [CLI, "minify-dir", ...where, "--in-place", "--no-cache", "--no-config", "--python", PY_VERSION, "--json", ...v.flags]);
      if (m.status !== 0) {
        vr.errors.push(`minify-dir ${p} exit ${m.status}: ${m.stderr.trim().split("\n").slice(-3).join(" ")}`);
        continue;
      }
      const t = JSON.parse(m.stdout).totals;
      vr.minify = vr.minify ?? { minified: 0, unchanged: 0, bailouts: 0, errors: 0 };
      for (const k of Object.keys(vr.minify)) vr.minify[k] += t[k];
      vr.compileErrors.push(...compileErrors(join(tree, p), work).map((f) => f.replace(tree + "/", "")));
    }
    vr.bytesAfter = lib.pkgs.map((p) => pySize(join(tree, p)).bytes).reduce((a, b) => a + b, 0);
    if (vr.errors.length || vr.compileErrors.length) continue;
    const importProblem = checkImports(lib, tree, work);
    if (importProblem) {
      vr.errors.push(importProblem);
      continue;
    }
    progress(`${lib.name}: tests on the minified code (${v.name}) …`);
    const after = pytest(lib, tree, work, v.name, lib.targets ?? [lib.tests]);
    if (!after.outcomes) {
      vr.errors.push(`pytest did not finish on the minified tree:\n${after.tail}`);
      continue;
    }
    vr.after = count(after.outcomes);
    const diffs = diffOutcomes(before.outcomes, after.outcomes);
    if (diffs.length) progress(`${lib.name}: ${diffs.length} outcome(s) differ (${v.name}); rerunning them …`);
    const rerun = rerunChanged(lib, diffs.map((d) => d.id), trees.original, tree, work, v.name);
    for (const d of diffs) {
      const r = { ...d, rerunBefore: rerun.original[d.id] ?? "absent", rerunAfter: rerun.minified[d.id] ?? "absent" };
      const why = expectedChange(lib.name, d.id);
      if (r.rerunBefore === r.rerunAfter) vr.flaky.push(r);
      else if (why && (!why.variants || why.variants.includes(v.name))) vr.expected.push({ ...r, reason: why.reason });
      else vr.changed.push(r);
    }
  }
  return result;
}

/** Reruns `ids` alone (one pytest run per id, or all together when there are many) in both trees. */
function rerunChanged(lib, ids, originalTree, minifiedTree, work, label) {
  const out = { original: {}, minified: {} };
  // Collection errors and tests missing from a tree cannot be selected alone: rerun their module.
  const targets = [...new Set(ids.map((id) => (id.endsWith("::<collection>") ? id.slice(0, -"::<collection>".length) : id)))];
  const groups = targets.length > MAX_SINGLE_RERUNS ? [targets] : targets.map((t) => [t]);
  groups.forEach((g, i) => {
    for (const [key, tree] of [["original", originalTree], ["minified", minifiedTree]]) {
      const r = pytest(lib, tree, work, `rerun-${label}-${key}-${i}`, g);
      Object.assign(out[key], r.outcomes ?? {});
    }
  });
  return out;
}

// ---- CLI

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;

function printText(report) {
  const log = (s = "") => process.stdout.write(s + "\n");
  log(`tsrs minify-dir on real libraries, tests run by ${PYTHON} (Python ${report.python}); mirrors: ${report.repos}`);
  log("");
  const head = ["library", "version", "files", "before", "variant", "after", "saved", "tests before (p/f/s)", "tests after (p/f/s)", "changed", "expected", "flaky"];
  const rows = [];
  for (const l of report.libraries) {
    if (l.status === "skipped") {
      rows.push([l.name, "-", "-", "-", "-", "-", "-", "skipped", "", "", "", ""]);
      continue;
    }
    const pfs = (c) => (c ? `${c.passed}/${c.failed}/${c.skipped}` : "-");
    if (!l.variants.length) rows.push([l.name, l.version, String(l.files), kb(l.bytesBefore), "-", "-", "-", pfs(l.before), "-", "-", "-", "-"]);
    for (const v of l.variants) {
      const saved = `${(100 * (1 - v.bytesAfter / l.bytesBefore)).toFixed(1)}%`;
      const bad = v.errors.length || v.compileErrors.length;
      rows.push([l.name, l.version, String(l.files), kb(l.bytesBefore), v.name, kb(v.bytesAfter), saved, pfs(l.before), bad ? "ERROR" : pfs(v.after),
        String(v.changed.length), String(v.expected.length), String(v.flaky.length)]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i >= 2 && i !== 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  log(line(head));
  for (const r of rows) log(line(r));
  const lines = [];
  for (const l of report.libraries) {
    if (l.status === "skipped") lines.push(`${l.name}: skipped: ${l.reason}`);
    for (const e of l.errors) lines.push(`${l.name}: ERROR: ${e}`);
    const expected = new Map(); // test id → the variants it changed in, and why
    for (const v of l.variants) {
      const tag = `${l.name} (${v.name})`;
      if (v.minify && v.minify.bailouts + v.minify.errors) lines.push(`${tag}: minifier: ${v.minify.bailouts} bailouts, ${v.minify.errors} errors (files left as they were)`);
      for (const e of v.errors) lines.push(`${tag}: ERROR: ${e}`);
      for (const f of v.compileErrors) lines.push(`${tag}: DOES NOT COMPILE: ${f}`);
      for (const c of v.changed) lines.push(`${tag}: CHANGED ${c.id}: ${c.before} → ${c.after} (alone: ${c.rerunBefore} → ${c.rerunAfter})`);
      for (const c of v.flaky) lines.push(`${tag}: flaky ${c.id}: ${c.before} → ${c.after} in the full runs, ${c.rerunBefore} in both trees alone`);
      for (const c of v.expected) {
        const e = expected.get(c.id) ?? { variants: [], text: `${c.before} → ${c.after}: ${c.reason}` };
        e.variants.push(v.name);
        expected.set(c.id, e);
      }
    }
    for (const [id, e] of [...expected].sort((a, b) => (a[0] < b[0] ? -1 : 1))) lines.push(`${l.name} (${e.variants.join(", ")}): expected ${id}: ${e.text}`);
  }
  if (lines.length) log("");
  for (const s of lines) log(s);
  if (lines.length) log("");
  if (report.libraries.every((l) => l.status === "skipped")) log("NOTHING TESTED: every library was skipped");
  else log(report.ok ? "OK: no unexpected change of a test outcome" : "FAILED: see above");
  if (report.kept) log(`kept ${report.kept} (<library>/t0 original, t1… the variants in order: ${report.variants.join(", ")})`);
}

let PY_VERSION = "";

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) console.error(e.message);
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(CLI)) {
    console.error("dist/bundle/cli/main.js is missing: run `npm run build` first");
    return 2;
  }
  const py = run(PYTHON, ["-c", "import sys, pytest; print('%d.%d' % sys.version_info[:2])"]);
  if (py.status !== 0) {
    console.error(`${PYTHON} with pytest is needed: ${py.stderr.trim().split("\n").pop() ?? ""}`);
    return 2;
  }
  PY_VERSION = py.stdout.trim();
  const libs = CORPUS.filter((c) => !opts.only.length || opts.only.includes(c.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const variants = opts.variants.length ? VARIANTS.filter((v) => opts.variants.includes(v.name)) : VARIANTS;
  const progress = opts.json || !process.stderr.isTTY ? () => {} : (s) => process.stderr.write(s + "\n");

  const work = mkdtempSync(join(tmpdir(), "tsrs-test-libraries-"));
  mkdirSync(join(work, "plugin"));
  mkdirSync(join(work, "basetemp")); // pytest creates --basetemp itself, not its parent
  writeFileSync(join(work, "plugin", "tsrs_outcomes.py"), PLUGIN);
  let report;
  try {
    const libraries = libs.map((lib) => testLibrary(lib, variants, work, progress));
    const ok = libraries.every((l) => l.status !== "error" && l.variants.every((v) => !v.errors.length && !v.compileErrors.length && !v.changed.length));
    report = { version: 1, python: PY_VERSION, repos: REPOS, variants: variants.map((v) => v.name), ok, kept: opts.keep ? work : null, libraries };
  } finally {
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  }
  if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else printText(report);
  if (report.libraries.every((l) => l.status === "skipped")) return 2;
  return report.ok ? 0 : 1;
}

process.exitCode = main();
