#!/usr/bin/env node
/**
 * bench/parse: tsrs's parser vs CPython's `ast.parse`, on the same files, in the same run.
 *
 * Corpus: every .py file of the local python3 standard library (incl. test/), read into memory
 * first by both sides so only parsing is timed. Reports MB/s, the ratio, peak RSS, and the
 * end-to-end `tsrs check-syntax --no-semantic` wall time with --jobs 1 and --jobs 2.
 *
 * Usage: npm run bench:parse [-- --files N] [-- --rounds R]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const argOf = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ROUNDS = argOf("--rounds", 3);
const LIMIT = argOf("--files", Infinity);

const { decodeSource } = await import(join(ROOT, "dist/python/source.js"));
const { parseSource } = await import(join(ROOT, "dist/python/parser.js"));

const stdlib = execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim();
const files = [];
(function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) {
      if (e.name !== "__pycache__" && e.name !== "site-packages") walk(p);
    } else if (e.isFile() && e.name.endsWith(".py")) files.push(p);
  }
})(stdlib);
files.sort();
files.splice(LIMIT);

// CPython: best of ROUNDS over the files it accepts (errors are cheap and excluded on both sides).
const pyScript = `
import ast, sys, time, json, warnings, resource
warnings.simplefilter("ignore")
paths = json.load(sys.stdin)
datas = [open(p, "rb").read() for p in paths]
ok = []
for p, d in zip(paths, datas):
    try:
        ast.parse(d); ok.append(True)
    except Exception:
        ok.append(False)
best = None
for _ in range(${ROUNDS}):
    t = time.perf_counter()
    for d, good in zip(datas, ok):
        if good: ast.parse(d)
    el = time.perf_counter() - t
    best = el if best is None else min(best, el)
print(json.dumps({"seconds": best, "ok": ok, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
`;
const py = spawnSync("python3", ["-c", pyScript], { input: JSON.stringify(files), encoding: "utf8", maxBuffer: 1 << 28 });
if (py.status !== 0) throw new Error(py.stderr);
const cpy = JSON.parse(py.stdout);

const datas = files.map((f) => readFileSync(f));
const chosen = datas.filter((_, i) => cpy.ok[i]);
const bytes = chosen.reduce((n, d) => n + d.length, 0);
let ours = Infinity;
let failures = 0;
for (let r = 0; r < ROUNDS + 1; r++) {
  const t = performance.now();
  failures = 0;
  for (let i = 0; i < chosen.length; i++) {
    try {
      parseSource(decodeSource(chosen[i], files[i]), { minor: 11 });
    } catch {
      failures++;
    }
  }
  const el = (performance.now() - t) / 1000;
  if (r > 0) ours = Math.min(ours, el); // round 0 warms the JIT
}
const rss = process.resourceUsage().maxRSS;

// The same files for the CLI: the library's top-level entries except site-packages.
const cliPaths = readdirSync(stdlib)
  .filter((n) => n !== "site-packages" && n !== "__pycache__" && (n.endsWith(".py") || statSync(join(stdlib, n)).isDirectory()))
  .map((n) => join(stdlib, n));
function cli(jobs) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, "dist/bundle/cli/main.js"), "check-syntax", "--no-semantic", "--python", "3.11", "--jobs", String(jobs), ...cliPaths], { encoding: "utf8", maxBuffer: 1 << 28 });
  const m = /(\d+) files? checked/.exec(r.stderr);
  if (!m || Number(m[1]) !== files.length) throw new Error(`check-syntax saw ${m?.[1]} files, expected ${files.length}: ${r.stderr}`);
  return { seconds: (performance.now() - t) / 1000, status: r.status };
}
const pyE2E = (() => {
  const t = performance.now();
  spawnSync("python3", ["-c", "import ast,sys,json,warnings\nwarnings.simplefilter('ignore')\nfor p in json.load(sys.stdin):\n    try: ast.parse(open(p,'rb').read())\n    except Exception: pass"], { input: JSON.stringify(files), encoding: "utf8" });
  return (performance.now() - t) / 1000;
})();
const j1 = cli(1);
const j2 = cli(2);

const mb = bytes / 1e6;
const fmt = (x) => x.toFixed(2);
console.log(`bench/parse — ${chosen.length} files CPython parses (${fmt(mb)} MB) from ${stdlib}`);
console.log(`  CPython ${process.env.PYTHON_VERSION ?? ""}ast.parse : ${fmt(cpy.seconds)} s  ${fmt(mb / cpy.seconds)} MB/s  (peak RSS ${Math.round(cpy.maxrss_kb / 1024)} MB)`);
console.log(`  tsrs parseSource   : ${fmt(ours)} s  ${fmt(mb / ours)} MB/s  (peak RSS ${Math.round(rss / 1024)} MB)${failures ? `  [${failures} files failed]` : ""}`);
console.log(`  ratio              : ${fmt(cpy.seconds / ours)}× CPython`);
console.log(`  end to end (read + parse every file, process start included):`);
console.log(`    python3 ast.parse loop          : ${fmt(pyE2E)} s`);
console.log(`    tsrs check-syntax --jobs 1      : ${fmt(j1.seconds)} s  (${fmt(pyE2E / j1.seconds)}× CPython)`);
console.log(`    tsrs check-syntax --jobs 2      : ${fmt(j2.seconds)} s  (${fmt(pyE2E / j2.seconds)}× CPython, ${fmt(j1.seconds / j2.seconds)}× of jobs 1)`);
