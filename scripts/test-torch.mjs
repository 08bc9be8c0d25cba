#!/usr/bin/env node
/**
 * Minified torch behaves like torch (`npm run test:torch`), for the machine that has a torch wheel
 * (offline: --wheel PATH, default the first /opt/wheels/torch-*.whl).
 *
 * 1. makes a venv (`--system-site-packages`: torch's pure-Python dependencies — numpy, sympy,
 *    networkx, jinja2 — come from the system) and installs the wheel into it with `--no-deps`
 *    (a stand-in `filelock` module when the system has none: torch imports it lazily);
 * 2. runs scripts/torch/probes.py: eager ops, autograd, `torch.jit.script` of functions and of every
 *    nn module it can build, `torch.jit.trace`, fx, `torch.compile` (eager and aot_eager backends),
 *    export, optimizers, serialization, distributions — one line per probe;
 * 3. minifies the venv's torch package with the built CLI (default settings) and swaps it in;
 * 4. runs the probes again: every line must be the same.
 *
 * Exit status: 0 the same, 1 some probe changed (or the minifier reported bailouts),
 * 2 setup error (no wheel, torch does not import). Options: --wheel PATH, --python PATH, --keep,
 * --preserve-layout and --rename-globals (passed on to minify-dir).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "bundle", "cli", "main.js");
const PROBES = join(ROOT, "scripts", "torch", "probes.py");
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const defaultWheel = () => {
  const dir = "/opt/wheels";
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => /^torch-.*\.whl$/.test(f)).sort() : [];
  return found.length ? join(dir, found[0]) : null;
};
const wheel = opt("--wheel", defaultWheel());
const python = opt("--python", "python3");
const keep = args.includes("--keep");
/** Extra minify-dir flags: --preserve-layout and --rename-globals are passed on. */
const extra = ["--preserve-layout", "--rename-globals"].filter((f) => args.includes(f));

function die(message) {
  console.error(`test-torch: ${message}`);
  process.exit(2);
}
if (!existsSync(CLI)) die("dist/bundle/cli/main.js is missing: run `npm run build` first");
if (!wheel || !existsSync(wheel)) die("no torch wheel (give --wheel PATH)");

const run = (cmd, argv, options = {}) => spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 1 << 28, ...options });
const work = mkdtempSync(join(tmpdir(), "tsrs-torch-"));
const venv = join(work, "venv");
const started = performance.now();
const step = (what) => console.error(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${what}`);

step(`venv, installing ${wheel}`);
let r = run(python, ["-m", "venv", "--system-site-packages", venv]);
if (r.status !== 0) die(`python3 -m venv failed: ${r.stderr}`);
const vpy = join(venv, "bin", "python");
r = run(vpy, ["-m", "pip", "install", "-q", "--no-index", "--no-deps", wheel], { env: { ...process.env, PIP_CONFIG_FILE: "/dev/null" } });
if (r.status !== 0) die(`pip install failed: ${r.stderr}`);
const site = run(vpy, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.trim();
if (run(vpy, ["-c", "import filelock"]).status !== 0) {
  writeFileSync(
    join(site, "filelock.py"),
    '"""Stand-in for filelock (test-torch.mjs): no locking."""\nclass Timeout(Exception):\n    pass\nclass BaseFileLock:\n    def __init__(self, lock_file, timeout=-1, *a, **k):\n        self.lock_file = lock_file\n        self.timeout = timeout\n    def acquire(self, *a, **k):\n        return self\n    def release(self, *a, **k):\n        pass\n    def __enter__(self):\n        return self\n    def __exit__(self, *a):\n        pass\nFileLock = SoftFileLock = BaseFileLock\n',
  );
}

const probe = (label) => {
  step(`probes on ${label} torch`);
  const p = run(vpy, [PROBES], { cwd: work, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
  if (p.status !== 0) return { ok: false, text: p.stdout, err: p.stderr };
  return { ok: true, text: p.stdout, err: p.stderr };
};
const before = probe("the original");
if (!before.ok) die(`the probes fail on the original torch:\n${before.err.split("\n").slice(-15).join("\n")}`);

step("minifying torch");
const torchDir = join(site, "torch");
const minDir = join(work, "torch-min");
r = run("node", [CLI, "minify-dir", torchDir, "--out-dir", minDir, "--no-cache", "--json", ...extra, "--python", run(vpy, ["-c", "import sys; print(f'3.{sys.version_info[1]}')"]).stdout.trim()]);
if (r.status !== 0 && r.status !== 1) die(`minify-dir failed: ${r.stderr}`);
const doc = JSON.parse(r.stdout);
const totals = doc.totals;
for (const f of doc.files ?? []) if (f.status === "error" || f.status === "bailout") console.error(`  ${f.status}: ${f.path}: ${f.reason}`);
console.error(`  ${totals.files} files: ${totals.minified} minified, ${totals.bailouts} bailouts, ${totals.errors} errors, ${(100 * totals.reduction).toFixed(1)}% smaller in ${totals.seconds.toFixed(1)} s`);
renameSync(torchDir, join(work, "torch-original"));
renameSync(minDir, torchDir);
const after = probe("the minified");

const a = before.text.trimEnd().split("\n");
const b = after.ok ? after.text.trimEnd().split("\n") : [];
const changed = [];
for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) changed.push(`  original: ${a[i] ?? "(missing)"}\n  minified: ${b[i] ?? "(missing)"}`);
console.log(`torch probes: ${a.length} lines, ${changed.length} changed; minified torch ${(100 * totals.reduction).toFixed(1)}% smaller, ${totals.bailouts} bailouts, ${totals.errors} errors`);
if (!after.ok) console.log(`the probes fail on the minified torch:\n${after.err.split("\n").slice(-20).join("\n")}`);
for (const c of changed.slice(0, 20)) console.log(c);
if (keep) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
// Errors are files the target Python cannot parse (torch ships a 3.12-only test helper): left as
// they are, reported above.
process.exit(changed.length || !after.ok || totals.bailouts ? 1 : 0);
