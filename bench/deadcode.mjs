#!/usr/bin/env node
/**
 * Dead-code benchmark: tsrs deadcode against vulture (the Debian package, `apt-get install vulture`)
 * on the same code, in the same run.
 *
 * 1. Speed: the whole standard library of the machine's python3 without its tests (a clean copy
 *    of its .py files), analysed by both tools: wall time (median of 3, runs interleaved), tsrs
 *    cold (no cache) and warm (cache from the previous run), findings counts.
 * 2. Findings and judged precision on real code: click, flask, werkzeug, jinja2, pytest, attrs and
 *    blinker as Debian packages them (/usr/lib/python3/dist-packages), each with its upstream test
 *    suite at the same version (tests are part of the program: code only they use is not dead).
 *    Every tsrs finding at the default confidence and a deterministic sample of vulture's are looked
 *    up in bench/deadcode-judgments.json — verdicts written by reading the code (see
 *    bench/deadcode-precision.md) — and precision is judged-dead / judged. Findings without a
 *    verdict are listed so they can be judged; so are vulture's really-dead sample items that tsrs
 *    does not report at any confidence.
 * 3. Removal safety: click's and flask's upstream test suites, run before and after
 *    `tsrs deadcode --fix`; every file must compile and the results must not change.
 *
 * 4. Optional (TSRS_BENCH_STDLIB_TESTS=1, a few minutes): the standard library *with* its test
 *    suite, fixed in a copy, then 24 of its test modules run against the copy.
 *
 * Upstream tests come from git clones: TSRS_BENCH_REPOS names a folder holding `<owner>+<name>/repo`
 * (e.g. pallets+click/repo); without it, sections 2 and 3 use the packages alone / are skipped.
 *
 * Run: npm run bench:deadcode   (builds first; needs python3, vulture)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { LIBRARIES } from "../scripts/libraries.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = process.env.TSRS_BENCH_CLI ?? join(HERE, "..", "dist", "bundle", "cli", "main.js");
const JUDGMENTS = join(HERE, "deadcode-judgments.json");
const DIST_PACKAGES = "/usr/lib/python3/dist-packages";
const TEST_DIRS = new Set(["test", "tests", "idle_test", "site-packages", "dist-packages", "__pycache__", "testing"]);

const work = mkdtempSync(join(tmpdir(), "tsrs-bench-deadcode-"));
const cacheDir = join(work, "cache");
const log = (s = "") => process.stdout.write(s + "\n");

function which(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).stdout.trim() || null;
}

const STDLIB_TESTS = [
  "test_zipfile", "test_ipaddress", "test_difflib", "test_argparse", "test_json", "test_email", "test_re", "test_copyreg",
  "test_pickle", "test_uuid", "test_ast", "test_typing", "test_dataclasses", "test_enum", "test_functools",
  "test_collections", "test_inspect", "test_tokenize", "test_pyclbr", "test_textwrap", "test_string", "test_csv",
  "test_configparser", "test_logging",
];

/** Copies a whole stdlib tree (tests and their data included), without caches and site-packages. */
function copyTree(src, dest) {
  for (const e of readdirSync(src, { withFileTypes: true })) {
    if (e.name === "__pycache__" || e.name === "site-packages" || e.name === "lib-dynload" || e.name.startsWith("config-")) continue;
    const from = join(src, e.name);
    if (e.isDirectory()) copyTree(from, join(dest, e.name));
    else if (e.isFile() && !e.name.endsWith(".pyc")) {
      mkdirSync(dest, { recursive: true });
      cpSync(from, join(dest, e.name));
    }
  }
}

/** Copies the .py files of `src` to `dest`, skipping test and cache folders. */
function copyPython(src, dest) {
  for (const e of readdirSync(src, { withFileTypes: true })) {
    const from = join(src, e.name);
    if (e.isDirectory()) {
      if (!TEST_DIRS.has(e.name) && !e.name.startsWith(".")) copyPython(from, join(dest, e.name));
    } else if (e.isFile() && e.name.endsWith(".py")) {
      mkdirSync(dest, { recursive: true });
      cpSync(from, join(dest, e.name));
    }
  }
}

function bytesOf(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? bytesOf(p) : statSync(p).size;
  }
  return n;
}

function time(cmd, args, env = {}, cwd = undefined) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, ...env, CI: "1" } });
  return { ms: performance.now() - t, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs tsrs deadcode in `dir` (paths in its report are relative to it). */
function tsrs(dir, extra = []) {
  return time(process.execPath, [CLI, "deadcode", ".", "--library", "--format", "json", ...extra], { TSRS_CACHE_DIR: cacheDir }, dir);
}

function tsrsFindings(r) {
  return JSON.parse(r.stdout).findings.map((f) => ({ key: `${f.path}:${f.line}:${f.name.split(".").pop()}`, text: `${f.path}:${f.line}: ${f.kind} '${f.name}' (${f.confidence}%: ${f.reason})` }));
}

function vultureFindings(out, root) {
  return out
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const m = /^(.*?):(\d+): (unused \w+|unreachable code|redundant if-condition) '?([^']*)'? \((\d+)% confidence/.exec(l);
      if (!m) return null;
      const name = m[4].split(".").pop();
      return { key: `${relative(root, m[1])}:${m[2]}:${name}`, text: `${relative(root, m[1])}:${m[2]}: ${m[3]} '${m[4]}' (${m[5]}%)` };
    })
    .filter(Boolean);
}

/** Every k-th item so that about `n` remain (deterministic). */
function sample(items, n) {
  if (items.length <= n) return items;
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]);
}

function judge(label, items, verdicts) {
  const judged = items.filter((i) => verdicts[i.key]);
  const dead = judged.filter((i) => verdicts[i.key].verdict === "dead");
  const pct = judged.length ? ((dead.length / judged.length) * 100).toFixed(0) : "-";
  log(`  ${label}: sample ${items.length}, judged ${judged.length}, really dead ${dead.length} → precision ${pct}%`);
  for (const i of items) if (!verdicts[i.key]) log(`    unjudged: ${i.key}   ${i.text}`);
  return { judged: judged.length, dead: dead.length, deadKeys: dead.map((i) => i.key) };
}

function main() {
  if (!existsSync(CLI)) throw new Error("build first: npm run build");
  const vulture = which("vulture");
  const judgments = existsSync(JUDGMENTS) ? JSON.parse(readFileSync(JUDGMENTS, "utf8")) : {};
  const stdlibSrc = execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim();
  const version = execFileSync("python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" }).trim();
  const stdlib = join(work, "stdlib");
  copyPython(stdlibSrc, stdlib);
  log(`standard library of python3 ${version} without tests: ${(bytesOf(stdlib) / 1e6).toFixed(1)} MB (${stdlibSrc})`);
  if (!vulture) log("vulture not found (apt-get install vulture): tsrs numbers only");

  // ---- 1. speed
  const cold = [];
  const warm = [];
  const vul = [];
  let tsrsStd = null;
  let vulStd = "";
  for (let i = 0; i < 3; i++) {
    const c = tsrs(stdlib, ["--no-cache", "--python", version]);
    cold.push(c.ms);
    tsrsStd = c;
    tsrs(stdlib, ["--python", version]); // fill the cache
    warm.push(tsrs(stdlib, ["--python", version]).ms);
    if (vulture) {
      const v = time(vulture, ["."], {}, stdlib);
      vul.push(v.ms);
      vulStd = v.stdout;
    }
  }
  const stdFindings = tsrsFindings(tsrsStd);
  const vulStdFindings = vultureFindings(vulStd, ".");
  log("\n1. speed (whole stdlib, median of 3)");
  log(`  tsrs deadcode --library, cold: ${(median(cold) / 1000).toFixed(2)} s   warm (cache): ${(median(warm) / 1000).toFixed(2)} s   findings ${stdFindings.length}`);
  if (vulture) {
    log(`  vulture:                          ${(median(vul) / 1000).toFixed(2)} s   findings ${vulStdFindings.length}`);
    log(`  ratio vulture / tsrs: cold ${(median(vul) / median(cold)).toFixed(1)}×, warm ${(median(vul) / median(warm)).toFixed(1)}×`);
  }

  // ---- 2. findings and judged precision: packages as Debian ships them + their upstream tests
  log("\n2. findings and judged precision (Debian packages + upstream test suites at the same versions)");
  const repos = process.env.TSRS_BENCH_REPOS ?? null;
  const projects = {};
  for (const c of LIBRARIES) {
    if (!existsSync(join(DIST_PACKAGES, c.pkgs[0]))) continue;
    const root = join(work, "corpus", c.name);
    for (const pkg of c.pkgs) copyPython(join(DIST_PACKAGES, pkg), join(root, pkg));
    const repo = repos ? join(repos, c.repo, "repo") : null;
    let tests = "without tests";
    if (repo && existsSync(repo)) {
      const ver = execFileSync("/usr/bin/python3", ["-c", `import importlib.metadata as m; print(m.version("${c.dist}"))`], { encoding: "utf8" }).trim();
      execFileSync("sh", ["-c", `git -C '${repo}' archive '${ver}' ${c.tests} | tar -x -C '${root}'`]);
      tests = `with ${c.tests}/ of ${c.repo.replace("+", "/")} ${ver}`;
    }
    const t = tsrsFindings(tsrs(root, ["--no-cache"]));
    const all = JSON.parse(tsrs(root, ["--no-cache", "--min-confidence", "0"]).stdout).findings;
    const v = vulture ? vultureFindings(time(vulture, ["."], {}, root).stdout, ".") : [];
    const prefix = (xs) => xs.map((x) => ({ ...x, key: `${c.name}/${x.key}` }));
    projects[c.name] = { t: prefix(t), all: all.map((f) => `${c.name}/${f.path}:${f.line}:${f.name.split(".").pop()}`), v: prefix(v) };
    log(`  ${c.name} (${tests}): tsrs ${t.length} findings (${all.length} at any confidence), vulture ${v.length}`);
  }
  log(`  stdlib (no tests): tsrs ${stdFindings.length}, vulture ${vulStdFindings.length}`);
  const tsrsSample = Object.values(projects).flatMap((p) => p.t);
  const vulSample = sample(Object.values(projects).flatMap((p) => p.v), 40);
  const jt = judge("tsrs (default confidence)", tsrsSample, judgments.tsrs ?? {});
  const jv = judge("vulture (default)", vulSample, judgments.vulture ?? {});
  // Really-dead vulture items (of the kinds tsrs reports) must be found by tsrs at some confidence.
  const anyConf = new Set(Object.values(projects).flatMap((p) => p.all));
  const missed = jv.deadKeys.filter((k) => !anyConf.has(k) && judgments.vulture[k].scope !== "out-of-scope");
  log(`  vulture's really-dead sample items tsrs also reports: ${jv.deadKeys.filter((k) => anyConf.has(k)).length}; missed (in scope): ${missed.length}`);
  for (const k of missed) log(`    missed: ${k}`);

  // ---- 3. removal safety with upstream tests
  log("\n3. --fix safety with upstream test suites");
  for (const [name, repoName] of [["click", "pallets+click"], ["flask", "pallets+flask"]]) {
    const repo = repos ? join(repos, repoName, "repo") : null;
    if (!repo || !existsSync(repo) || !existsSync(join(DIST_PACKAGES, name))) {
      log(`  ${name}: skipped (set TSRS_BENCH_REPOS to a folder holding ${repoName}/repo, a clone of ${repoName.replace("+", "/")})`);
      continue;
    }
    const ver = execFileSync("/usr/bin/python3", ["-c", `import importlib.metadata as m; print(m.version("${name}"))`], { encoding: "utf8" }).trim();
    const root = join(work, "safety", name);
    copyPython(join(DIST_PACKAGES, name), join(root, name));
    execFileSync("sh", ["-c", `git -C '${repo}' archive '${ver}' tests | tar -x -C '${root}'`]);
    const run = () => {
      const r = spawnSync("/usr/bin/python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], { cwd: root, encoding: "utf8", env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
      return (r.stdout.trim().split("\n").pop() ?? "").replace(/ in [\d.]+s.*/, "");
    };
    const before = run();
    const fix = time(process.execPath, [CLI, "deadcode", root, "--library", "--fix", "--no-cache"]);
    const compiled = spawnSync("/usr/bin/python3", ["-m", "compileall", "-q", root], { encoding: "utf8" }).status === 0;
    const after = run();
    log(`  ${name} ${ver}: ${fix.stderr.trim().split("\n").pop()}; compiles: ${compiled ? "yes" : "NO"}; tests before: ${before}; after: ${after}${before === after ? " (same)" : " (DIFFERENT)"}`);
  }
  // ---- 4. (optional) the standard library with its own test suite
  if (process.env.TSRS_BENCH_STDLIB_TESTS) {
    log("\n4. --fix on the standard library with its test suite (a copy), then 24 of its test modules");
    const root = join(work, "stdlib-with-tests");
    copyTree(stdlibSrc, root);
    const modules = STDLIB_TESTS.map((m) => `test.${m}`);
    const runTests = (pythonPath) => {
      const r = spawnSync("python3", ["-m", "unittest", ...modules], { cwd: work, encoding: "utf8", env: { ...process.env, PYTHONPATH: pythonPath ?? "", PYTHONDONTWRITEBYTECODE: "1" }, maxBuffer: 1 << 28 });
      const out = `${r.stdout}${r.stderr}`;
      const ran = /Ran (\d+) tests/.exec(out)?.[1] ?? "?";
      const failed = [...out.matchAll(/^(?:FAIL|ERROR): \S+ \(([\w.]+)\./gm)].map((m) => m[1]);
      return { ran, status: out.trim().split("\n").pop(), failed };
    };
    const before = runTests(null);
    const fix = time(process.execPath, [CLI, "deadcode", root, "--library", "--fix", "--no-cache", "--python", version]);
    const after = runTests(root);
    log(`  ${fix.stderr.trim().split("\n").filter((l) => !l.includes("not removed")).pop()}`);
    log(`  tests before: ran ${before.ran}, ${before.status}; after: ran ${after.ran}, ${after.status}`);
    const byClass = {};
    for (const c of after.failed) byClass[c] = (byClass[c] ?? 0) + 1;
    for (const [c, n] of Object.entries(byClass)) log(`    ${n} failing in ${c}`);
  }

  log(`\nsummary: tsrs judged precision ${jt.judged ? ((jt.dead / jt.judged) * 100).toFixed(0) : "-"}% vs vulture ${jv.judged ? ((jv.dead / jv.judged) * 100).toFixed(0) : "-"}%`);
}

try {
  main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
