#!/usr/bin/env node
/**
 * Minifier benchmark (`npm run bench:minify`): size reduction and throughput
 *  - on the pure-Python stdlib module set of the CPython test-suite check (json, textwrap, difflib,
 *    statistics, fractions, shlex, csv, configparser, calendar, argparse, email, logging, pathlib,
 *    tomllib, dataclasses, string) of the machine's python3 — the set;
 *  - on the whole stdlib of that python3 (every .py file, tests included, site-packages excluded).
 *
 * Measured: `tsrs minify-dir` as a fresh process (what a user runs), with --jobs 1 and 2, best of
 * --runs runs, with the time per phase (`--perf`, summed over files) of the best run; and the
 * in-process API once warmed up, on the calling thread and on 2 worker threads kept between batches
 * (MinifyPool: what a long-lived caller gets; the first rounds warm the threads up). Each figure comes with the load average around it: other
 * processes on the machine slow every figure down, best-of-N only partly hides that. Outputs go
 * to /dev/shm when it exists (a RAM disk: the figures are the minifier's, not the disk's).
 * Compared with python-minifier 3.0 (rename locals, remove docstrings, nothing else) when python3
 * can import it; otherwise with the anchor figures measured on the module set (60–61% smaller,
 * 0.5–0.8 MB/s), which the output says.
 *
 * python-minifier is also run as a fresh process (its command line, in place on a copy of the module
 * set), beside the start-up floor of a Node process (`node -e 0`, `tsrs --version`): a fresh
 * process's figure on a set this small is mostly start-up and first compilation, and the last
 * line says how the two fresh processes compare and how much of the run start-up alone takes.
 *
 * Cold figures run with --no-cache; one more figure is the re-run of an unchanged module set
 * answered from the result cache (what a CI job or a pre-commit hook re-running on a tree gets).
 *
 * Options: --runs N (fresh-process runs per figure, default 5), --rounds N (warm figures: the last
 * 2 × N rounds, after N warm-up rounds on one thread and 4 × N on two; default 5),
 * --python PATH, --no-stdlib (module set only), --python-minifier DIR (a python-minifier source
 * folder, e.g. a checkout's src/, put on PYTHONPATH so that it is measured in the same run).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist/bundle/cli/main.js");
const MODULES = ["json", "textwrap", "difflib", "statistics", "fractions", "shlex", "csv", "configparser", "calendar",
  "argparse", "email", "logging", "pathlib", "tomllib", "dataclasses", "string"];
const ANCHOR = { reduction: [60, 61], mbps: [0.5, 0.8] };

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const runs = Number(opt("--runs", "5"));
const rounds = Number(opt("--rounds", "5"));
const python = opt("--python", "python3");
const withStdlib = !args.includes("--no-stdlib");
const pmPath = opt("--python-minifier", null);

if (!existsSync(CLI)) {
  console.error("dist/bundle/cli/main.js is missing: run `npm run build` first");
  process.exit(2);
}
const run = (cmd, argv, input) => spawnSync(cmd, argv, { encoding: "utf8", input, maxBuffer: 1 << 28 });
const [stdlib, minor] = JSON.parse(run(python, ["-c", "import sys, sysconfig, json; print(json.dumps([sysconfig.get_paths()['stdlib'], sys.version_info[1]]))"]).stdout);

const work = mkdtempSync(join(tmpdir(), "tsrs-bench-minify-"));
const outRoot = existsSync("/dev/shm") ? mkdtempSync("/dev/shm/tsrs-bench-minify-") : work;
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");

const pyFiles = (dir, skip = () => false) => {
  const out = [];
  const walk = (d) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (skip(n)) continue;
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (n.endsWith(".py") && st.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
};

/** Copies the corpus's .py files into the work folder; returns its folder and files. */
function corpus(name, sources) {
  const dir = join(work, name);
  for (const [from, rel] of sources) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    cpSync(from, join(dir, rel));
  }
  const files = pyFiles(dir);
  const inputs = files.map((f) => readFileSync(f));
  return { name, dir, files, inputs, bytes: inputs.reduce((n, b) => n + b.length, 0) };
}

const setSources = [];
for (const name of MODULES) {
  const dir = join(stdlib, name);
  if (existsSync(dir) && statSync(dir).isDirectory()) for (const f of pyFiles(dir, (n) => n === "__pycache__")) setSources.push([f, relative(stdlib, f)]);
  else setSources.push([join(stdlib, `${name}.py`), `${name}.py`]);
}
const corpora = [corpus("module set", setSources)];
if (withStdlib) {
  const all = pyFiles(stdlib, (n) => n === "site-packages" || n === "__pycache__").map((f) => [f, relative(stdlib, f)]);
  corpora.push(corpus("whole stdlib", all));
}

// ---- tsrs as a fresh process
function cli(c, jobs, cacheDir = null) {
  const out = join(outRoot, `out-${jobs}`);
  rmSync(out, { recursive: true, force: true });
  const before = load();
  const t0 = performance.now();
  const cacheArgs = cacheDir ? [] : ["--no-cache"];
  const env = cacheDir ? { ...process.env, TSRS_CACHE_DIR: cacheDir } : process.env;
  const r = spawnSync("node", [CLI, "minify-dir", c.dir, "--out-dir", out, "--python", `3.${minor}`, "--jobs", String(jobs), "--json", "--perf", ...cacheArgs], { encoding: "utf8", env, maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(r.stderr || r.stdout);
  const doc = JSON.parse(r.stdout);
  const gzOut = c.files.reduce((n, f) => n + gzipSync(readFileSync(join(out, relative(c.dir, f))), { level: 9 }).length, 0);
  rmSync(out, { recursive: true, force: true });
  return { seconds, totals: doc.totals, gzOut, perf: r.stderr.split("\n").filter((l) => l.startsWith("perf:") || l.startsWith("  ")).join("\n"), load: `${before} → ${load()}` };
}

const results = [];
for (const c of corpora) {
  c.gzIn = c.inputs.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  console.error(`${c.name}: ${c.files.length} files, ${(c.bytes / 1e6).toFixed(3)} MB (python 3.${minor}) …`);
  for (const jobs of [1, 2]) {
    let best = null;
    for (let i = 0; i < runs; i++) {
      const r = cli(c, jobs);
      if (!best || r.seconds < best.seconds) best = r;
    }
    results.push({ corpus: c, jobs, ...best });
  }
}

// ---- tsrs re-run over the unchanged module set, answered from the result cache
const cacheDir = mkdtempSync(join(tmpdir(), "tsrs-bench-cache-"));
cli(corpora[0], 2, cacheDir); // fills the cache
let cachedRun = null;
for (let i = 0; i < runs; i++) {
  const r = cli(corpora[0], 2, cacheDir);
  if (!cachedRun || r.seconds < cachedRun.seconds) cachedRun = r;
}
rmSync(cacheDir, { recursive: true, force: true });

// ---- tsrs in-process, warm (module set)
const { minifySource } = await import(join(ROOT, "dist/minify/pipeline.js"));
const { DEFAULT_SETTINGS, mergeSettings } = await import(join(ROOT, "dist/minify/options.js"));
const settings = mergeSettings(DEFAULT_SETTINGS, { minor });
const set = corpora[0];
/** Median and best of the rates of the last 2 × `rounds` rounds (the ones before warm the code up). */
const rates = (list) => {
  const r = list.slice(-2 * rounds).sort((a, b) => a - b);
  return { best: r[r.length - 1], median: r[r.length >> 1], n: r.length };
};
const warmLoad = load();
const warmRounds = [];
for (let i = 0; i < 3 * rounds; i++) {
  const t0 = performance.now();
  set.inputs.forEach((b, k) => minifySource(b, set.files[k], settings));
  warmRounds.push(set.bytes / 1e6 / ((performance.now() - t0) / 1000));
}
const warm = rates(warmRounds);

// ---- tsrs in-process on 2 worker threads kept between batches (MinifyPool), warm (module set):
// the files are read by the threads, results come back to this thread.
const { MinifyPool } = await import(join(ROOT, "dist/minify/batch.js"));
const poolItems = set.files.map((f, k) => ({ path: f, display: f, planPath: f, preset: null, bytes: set.inputs[k].length }));
const pool = new MinifyPool({ settings, externalNames: null, planOnly: false }, 2);
const poolLoad = load();
const poolRounds = [];
// Each thread sees half the files and compiles the hot code on its own, beside the other: they
// take about four times as many rounds as one thread to reach their speed.
for (let i = 0; i < 6 * rounds; i++) {
  const t0 = performance.now();
  const run = await pool.minify(poolItems);
  const seconds = (performance.now() - t0) / 1000;
  if (run.results.some((r) => r.status === "error" || r.status === "bailout")) throw new Error("MinifyPool: a file failed");
  poolRounds.push(set.bytes / 1e6 / seconds);
}
await pool.close();
const warm2 = rates(poolRounds);

// ---- python-minifier, when importable
const pmEnv = pmPath ? { ...process.env, PYTHONPATH: [pmPath, process.env.PYTHONPATH].filter(Boolean).join(":") } : process.env;
const pm = spawnSync(python, ["-c", `
import json, sys, time
try:
    import python_minifier
except ImportError:
    print(json.dumps(None)); sys.exit(0)
files = json.load(sys.stdin)
srcs = [open(f, encoding="utf-8").read() for f in files]
t0 = time.perf_counter()
out = [python_minifier.minify(s, remove_literal_statements=True, rename_locals=True, rename_globals=False,
       hoist_literals=False, remove_annotations=False, combine_imports=False, remove_object_base=False,
       convert_posargs_to_args=False, remove_explicit_return_none=False, remove_builtin_exception_brackets=False,
       constant_folding=False) for s in srcs]
dt = time.perf_counter() - t0
try:
    from importlib.metadata import version
    v = version("python_minifier")
except Exception:
    v = getattr(python_minifier, "__version__", None)
print(json.dumps({"seconds": dt, "bytesOut": sum(len(o.encode()) for o in out), "version": v}))
`], { encoding: "utf8", input: JSON.stringify(set.files), env: pmEnv, maxBuffer: 1 << 28 });
const peer = pm.status === 0 && pm.stdout.trim() ? JSON.parse(pm.stdout.trim()) : null;

// ---- python-minifier as a fresh process too (its own command line, in place on a copy of the
// module set, the same transforms as above): what a user running it gets, to set beside
// `tsrs minify-dir` as a fresh process — the in-process figure above leaves out its start-up.
/** Best wall time of `runs` runs of `argv` (after `prepare()` each time), or null when one fails. */
const bestOf = (argv, env = process.env, prepare = () => {}) => {
  let best = null;
  for (let i = 0; i < runs; i++) {
    prepare();
    const t0 = performance.now();
    const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", env, maxBuffer: 1 << 28 });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) return null;
    if (best === null || seconds < best) best = seconds;
  }
  return best;
};
const pmCopy = join(outRoot, "python-minifier-copy");
const peerFresh = peer
  ? bestOf([python, "-m", "python_minifier", "--in-place", "--remove-literal-statements", "--no-hoist-literals", "--no-remove-annotations",
      "--no-combine-imports", "--no-remove-object-base", "--no-convert-posargs-to-args", "--no-remove-explicit-return-none",
      "--no-remove-builtin-exception-brackets", "--no-constant-folding", pmCopy], pmEnv, () => {
      rmSync(pmCopy, { recursive: true, force: true });
      cpSync(set.dir, pmCopy, { recursive: true });
    })
  : null;
rmSync(pmCopy, { recursive: true, force: true });
// ---- the start-up floor: Node doing nothing, and tsrs doing nothing but start (`--version`)
const nodeStart = bestOf(["node", "-e", "0"]);
const tsrsStart = bestOf(["node", CLI, "--version"]);
if (peer && !peer.version) {
  // a source folder (not installed): its version is the checkout's tag, when it is one
  const tag = pmPath ? run("git", ["-C", pmPath, "describe", "--tags"]) : null;
  peer.version = tag?.status === 0 ? tag.stdout.trim() : `(source from ${pmPath ?? "PYTHONPATH"})`;
}

const pct = (c, out) => (100 * (c.bytes - out)) / c.bytes;
console.log(`machine: ${(await import("node:os")).availableParallelism()} CPUs, node ${process.version}; outputs in ${outRoot === work ? "the temp folder" : "/dev/shm"}; best of ${runs} fresh-process runs`);
console.log("");
console.log("| corpus | tool | jobs | reduction (raw) | reduction (gzip -9) | MB/s | load average (before → after) |");
console.log("|---|---|---|---|---|---|---|");
for (const r of results) {
  const c = r.corpus;
  console.log(
    `| ${c.name} (${c.files.length} files, ${(c.bytes / 1e6).toFixed(1)} MB) | tsrs minify-dir (fresh process) | ${r.jobs} | ${pct(c, r.totals.bytesOut).toFixed(2)}% | ` +
      `${((100 * (c.gzIn - r.gzOut)) / c.gzIn).toFixed(2)}% | ${(c.bytes / 1e6 / r.seconds).toFixed(2)} | ${r.load} |`,
  );
}
console.log(
  `| module set | tsrs minify-dir, re-run from the result cache | 2 | ${pct(set, cachedRun.totals.bytesOut).toFixed(2)}% | | ${(set.bytes / 1e6 / cachedRun.seconds).toFixed(2)} | ${cachedRun.load} |`,
);
console.log(`| module set | tsrs API (warm, in-process; median / best of ${warm.n} rounds) | 1 | ${pct(set, results[0].totals.bytesOut).toFixed(2)}% | | ${warm.median.toFixed(2)} / ${warm.best.toFixed(2)} | ${warmLoad} |`);
console.log(`| module set | tsrs MinifyPool (warm threads, in-process; median / best of ${warm2.n} rounds) | 2 | | | ${warm2.median.toFixed(2)} / ${warm2.best.toFixed(2)} | ${poolLoad} |`);
let peerMbps;
if (peer) {
  peerMbps = set.bytes / 1e6 / peer.seconds;
  console.log(`| module set | python-minifier ${peer.version} (measured now) | 1 | ${pct(set, peer.bytesOut).toFixed(2)}% | | ${peerMbps.toFixed(2)} | |`);
} else {
  peerMbps = ANCHOR.mbps[1];
  console.log(`| module set | python-minifier 3.0 (anchor, not installed here) | 1 | ${ANCHOR.reduction[0]}–${ANCHOR.reduction[1]}% | | ${ANCHOR.mbps[0]}–${ANCHOR.mbps[1]} | |`);
}
if (peerFresh !== null) console.log(`| module set | python-minifier ${peer.version} (fresh process: \`python -m python_minifier --in-place\`) | 1 | | | ${(set.bytes / 1e6 / peerFresh).toFixed(2)} | |`);
console.log("");
for (const r of results) console.log(`phases, ${r.corpus.name}, --jobs ${r.jobs} (best run):\n${r.perf}\n`);
const ratio = (r) => (r.corpus.bytes / 1e6 / r.seconds / peerMbps).toFixed(1);
const at = (name, jobs) => results.find((r) => r.corpus.name === name && r.jobs === jobs);
const setBest = at("module set", 2);
console.log(
  `throughput vs python-minifier${peer ? "" : " (anchor's upper bound)"}: module set ${ratio(at("module set", 1))}× (--jobs 1) / ${ratio(setBest)}× (--jobs 2) as a fresh process` +
    (withStdlib ? `, whole stdlib ${ratio(at("whole stdlib", 1))}× / ${ratio(at("whole stdlib", 2))}×` : "") +
    `, warm (median; best): ${(warm.median / peerMbps).toFixed(1)}× (${(warm.best / peerMbps).toFixed(1)}×) on one thread, ${(warm2.median / peerMbps).toFixed(1)}× (${(warm2.best / peerMbps).toFixed(1)}×) on 2 threads, ${(set.bytes / 1e6 / cachedRun.seconds / peerMbps).toFixed(1)}× re-run from the cache; bailouts ${setBest.totals.bailouts}, errors ${setBest.totals.errors}`,
);
if (peerFresh !== null) {
  const fresh = Math.min(at("module set", 1).seconds, setBest.seconds);
  console.log(
    `fresh process against fresh process (module set): tsrs ${(fresh * 1000).toFixed(0)} ms, python-minifier ${(peerFresh * 1000).toFixed(0)} ms = ${(peerFresh / fresh).toFixed(1)}×; ` +
      `30× python-minifier's in-process rate would be ${((1000 * set.bytes / 1e6 / peerMbps) / 30).toFixed(0)} ms for the whole run, ` +
      `and a process starting Node and doing nothing takes ${(nodeStart * 1000).toFixed(0)} ms (tsrs --version: ${(tsrsStart * 1000).toFixed(0)} ms)`,
  );
}
rmSync(work, { recursive: true, force: true });
if (outRoot !== work) rmSync(outRoot, { recursive: true, force: true });
