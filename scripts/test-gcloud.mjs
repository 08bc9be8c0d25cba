#!/usr/bin/env node
/**
 * Minified gcloud behaves like gcloud (`npm run test:gcloud`), for the machine that has the Google
 * Cloud SDK (offline: every command below runs without network or credentials).
 *
 * 1. copies the SDK (without platform/, __pycache__) twice into a work folder;
 * 2. minifies the second copy's lib/ with the built CLI, in place (default settings, or the flags
 *    given after `--`, e.g. `-- --rename-globals`), for the Python the SDK runs on;
 * 3. runs each gcloud command with both copies — a fresh CLOUDSDK_CONFIG folder each — and
 *    compares what they print (the copies' own paths replaced by one placeholder): `version`,
 *    `help`, `config` and `topic` commands, `meta apis list`, a command failing for want of
 *    credentials, and the `--help` pages of every Nth command of surface/ (--every N, default 150).
 *
 * Exit status: 0 the same, 1 some output changed (or the minifier reported bailouts), 2 setup
 * error. Options: --sdk DIR (default /usr/lib/google-cloud-sdk), --python PATH (default: the SDK's
 * bundled Python, else python3), --every N, --keep.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "bundle", "cli", "main.js");
const args = process.argv.slice(2);
const dash = args.indexOf("--");
const extra = dash >= 0 ? args.slice(dash + 1) : [];
const own = dash >= 0 ? args.slice(0, dash) : args;
const opt = (name, dflt) => {
  const i = own.indexOf(name);
  return i >= 0 ? own[i + 1] : dflt;
};
const sdk = opt("--sdk", "/usr/lib/google-cloud-sdk");
const bundled = join(sdk, "platform", "bundledpythonunix", "bin", "python3");
const python = opt("--python", existsSync(bundled) ? bundled : "python3");
const every = Number(opt("--every", "150"));
const keep = own.includes("--keep");
const die = (msg) => {
  console.error(`test-gcloud: ${msg}`);
  process.exit(2);
};
if (!existsSync(CLI)) die("dist/bundle/cli/main.js is missing: run `npm run build` first");
if (!existsSync(join(sdk, "lib", "gcloud.py"))) die(`no Google Cloud SDK at ${sdk} (--sdk DIR)`);

const work = mkdtempSync(join(tmpdir(), "tsrs-gcloud-"));
const copies = { orig: join(work, "orig"), min: join(work, "min") };
const started = Date.now();
const log = (msg) => console.log(`[${Math.round((Date.now() - started) / 1000)} s] ${msg}`);
const skip = (src) => !src.includes(`${sdk}/platform`) && !src.endsWith("__pycache__");
log(`copying ${sdk} (without platform/)`);
for (const dir of Object.values(copies)) cpSync(sdk, dir, { recursive: true, filter: skip, verbatimSymlinks: true });

const version = spawnSync(python, ["-c", "import sys; print(f'3.{sys.version_info[1]}')"], { encoding: "utf8" }).stdout.trim();
log(`minifying lib/ for Python ${version} ${extra.join(" ")}`);
const m = spawnSync("node", [CLI, "minify-dir", join(copies.min, "lib"), "--in-place", "--no-cache", "--json", "--python", version, ...extra], { encoding: "utf8", maxBuffer: 1 << 28 });
if (m.status !== 0 && m.status !== 1) die(`minify-dir failed: ${m.stderr}`);
const totals = JSON.parse(m.stdout).totals;
log(`${totals.files} files: ${totals.minified} minified, ${totals.bailouts} bailouts, ${totals.errors} errors (reported and left as they are), ${(totals.reduction * 100).toFixed(1)}% smaller`);

/** The --help pages of every Nth command module of surface/ (sorted paths). */
function sampledHelp() {
  const surface = join(sdk, "lib", "surface");
  const found = [];
  const walk = (d) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".py") && !n.startsWith("_")) found.push(relative(surface, p).slice(0, -3));
    }
  };
  walk(surface);
  return found.filter((_, i) => i % every === 0).map((p) => [...p.split("/").map((s) => s.replaceAll("_", "-")), "--help"]);
}

const commands = [
  ["version"], ["help"], ["topic", "configurations"], ["topic", "formats"], ["topic", "filters"], ["topic", "projections"],
  ["config", "list"], ["config", "set", "core/project", "p1"], ["config", "configurations", "list", "--format=value(name,is_active)"],
  ["meta", "apis", "list"], ["projects", "list"], ["compute", "--help"], ["alpha", "--help"],
  ...sampledHelp(),
];
log(`running ${commands.length} gcloud commands with both copies`);
const env = { ...process.env, CLOUDSDK_PYTHON: python, CLOUDSDK_CORE_DISABLE_PROMPTS: "1", CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: "1", TERM: "dumb", COLUMNS: "100" };
const runWith = (name, argv) => {
  const config = join(work, `config-${name}`);
  rmSync(config, { recursive: true, force: true });
  mkdirSync(config);
  const r = spawnSync(join(copies[name], "bin", "gcloud"), argv, { encoding: "utf8", env: { ...env, CLOUDSDK_CONFIG: config }, timeout: 120_000, maxBuffer: 1 << 26 });
  return `${r.stdout}${r.stderr}exit ${r.status}`.replaceAll(copies[name], "<SDK>").replaceAll(config, "<CONFIG>");
};
const changed = [];
for (const argv of commands) {
  const a = runWith("orig", argv);
  const b = runWith("min", argv);
  if (a !== b) changed.push(`gcloud ${argv.join(" ")}`);
}
for (const c of changed) console.log(`  changed: ${c}`);
console.log(`gcloud: ${commands.length} commands, ${changed.length} changed; lib/ ${(totals.reduction * 100).toFixed(1)}% smaller, ${totals.bailouts} bailouts`);
if (keep) console.log(`kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
process.exit(changed.length || totals.bailouts ? 1 : 0);
