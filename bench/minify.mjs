#!/usr/bin/env node
/**
 * Minifier benchmark (`npm run bench:minify`): size reduction and throughput on the pure-Python
 * stdlib module set of the CPython test-suite check (json, textwrap, difflib, statistics, fractions,
 * shlex, csv, configparser, calendar, argparse, email, logging, pathlib, tomllib, dataclasses,
 * string) of the machine's python3.
 *
 * Measured: `tsrs minify-dir` as a fresh process (what a user runs), with --jobs 1 and 2, and the
 * in-process API once warmed up. Compared with python-minifier 3.0 (rename locals, remove docstrings,
 * nothing else) when it is importable by python3; otherwise with the anchor figures measured on this
 * module set (60–61% smaller, 0.5–0.8 MB/s), which the output says.
 *
 * Options: --rounds N (warm rounds, default 5), --python PATH.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist/cli/main.js");
const MODULES = ["json", "textwrap", "difflib", "statistics", "fractions", "shlex", "csv", "configparser", "calendar",
  "argparse", "email", "logging", "pathlib", "tomllib", "dataclasses", "string"];
const ANCHOR = { reduction: [60, 61], mbps: [0.5, 0.8] };

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const rounds = Number(opt("--rounds", "5"));
const python = opt("--python", "python3");

if (!existsSync(CLI)) {
  console.error("dist/cli/main.js is missing: run `npm run build` first");
  process.exit(2);
}
const run = (cmd, argv, input) => spawnSync(cmd, argv, { encoding: "utf8", input, maxBuffer: 1 << 28 });
const [stdlib, minor] = JSON.parse(run(python, ["-c", "import sys, sysconfig, json; print(json.dumps([sysconfig.get_paths()['stdlib'], sys.version_info[1]]))"]).stdout);

const work = mkdtempSync(join(tmpdir(), "tsrs-bench-minify-"));
const src = join(work, "src");
for (const name of MODULES) {
  const dir = join(stdlib, name);
  if (existsSync(dir) && statSync(dir).isDirectory()) cpSync(dir, join(src, name), { recursive: true, filter: (p) => !p.includes("__pycache__") });
  else cpSync(join(stdlib, `${name}.py`), join(src, `${name}.py`));
}
const files = [];
const walk = (d) => {
  for (const n of readdirSync(d).sort()) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (n.endsWith(".py")) files.push(p);
  }
};
walk(src);
const inputs = files.map((f) => readFileSync(f));
const bytesIn = inputs.reduce((n, b) => n + b.length, 0);
const gzIn = inputs.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
console.log(`module set: ${files.length} files, ${(bytesIn / 1e6).toFixed(3)} MB (python 3.${minor})`);

// ---- tsrs as a fresh process
const cli = (jobs) => {
  const out = join(work, `out-${jobs}`);
  rmSync(out, { recursive: true, force: true });
  const t0 = performance.now();
  const r = run("node", [CLI, "minify-dir", src, "--out-dir", out, "--python", `3.${minor}`, "--jobs", String(jobs), "--json"]);
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(r.stderr || r.stdout);
  const doc = JSON.parse(r.stdout);
  const outFiles = files.map((f) => join(out, f.slice(src.length + 1)));
  const gzOut = outFiles.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  return { seconds, totals: doc.totals, gzOut };
};
const results = [];
for (const jobs of [1, 2]) {
  let best = null;
  for (let i = 0; i < 3; i++) {
    const r = cli(jobs);
    if (!best || r.seconds < best.seconds) best = r;
  }
  results.push({ jobs, ...best });
}

// ---- tsrs in-process, warm
const { minifySource } = await import(join(ROOT, "dist/minify/pipeline.js"));
const { DEFAULT_SETTINGS, mergeSettings } = await import(join(ROOT, "dist/minify/options.js"));
const settings = mergeSettings(DEFAULT_SETTINGS, { minor });
let warm = 0;
for (let i = 0; i < rounds; i++) {
  const t0 = performance.now();
  inputs.forEach((b, k) => minifySource(b, files[k], settings));
  const mbps = bytesIn / 1e6 / ((performance.now() - t0) / 1000);
  warm = Math.max(warm, mbps);
}

// ---- python-minifier, when importable
const pm = run(python, ["-c", `
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
print(json.dumps({"seconds": dt, "bytesOut": sum(len(o.encode()) for o in out), "version": getattr(python_minifier, "__version__", "?")}))
`], JSON.stringify(files));
const peer = pm.status === 0 && pm.stdout.trim() ? JSON.parse(pm.stdout.trim()) : null;

const pct = (out) => (100 * (bytesIn - out)) / bytesIn;
console.log("");
console.log("| tool | jobs | reduction (raw) | reduction (gzip -9) | MB/s |");
console.log("|---|---|---|---|---|");
for (const r of results) {
  console.log(`| tsrs minify-dir (fresh process) | ${r.jobs} | ${pct(r.totals.bytesOut).toFixed(2)}% | ${((100 * (gzIn - r.gzOut)) / gzIn).toFixed(2)}% | ${(bytesIn / 1e6 / r.seconds).toFixed(2)} |`);
}
console.log(`| tsrs API (warm, in-process) | 1 | ${pct(results[0].totals.bytesOut).toFixed(2)}% | | ${warm.toFixed(2)} |`);
let peerMbps;
if (peer) {
  peerMbps = bytesIn / 1e6 / peer.seconds;
  console.log(`| python-minifier ${peer.version} (measured now) | 1 | ${pct(peer.bytesOut).toFixed(2)}% | | ${peerMbps.toFixed(2)} |`);
} else {
  peerMbps = ANCHOR.mbps[1];
  console.log(`| python-minifier 3.0 (anchor, not installed here) | 1 | ${ANCHOR.reduction[0]}–${ANCHOR.reduction[1]}% | | ${ANCHOR.mbps[0]}–${ANCHOR.mbps[1]} |`);
}
const best2 = results.find((r) => r.jobs === 2);
const mbps2 = bytesIn / 1e6 / best2.seconds;
console.log("");
console.log(
  `throughput vs python-minifier${peer ? "" : " (anchor's upper bound)"}: ${(mbps2 / peerMbps).toFixed(1)}× with --jobs 2 as a fresh process, ` +
    `${(warm / peerMbps).toFixed(1)}× warm single-threaded; bailouts ${best2.totals.bailouts}, errors ${best2.totals.errors}`,
);
rmSync(work, { recursive: true, force: true });
