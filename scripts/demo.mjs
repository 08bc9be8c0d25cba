#!/usr/bin/env node
/**
 * `npm run demo` — a Python user's first minute with tsrs, offline:
 *   1. creates a small example project with a real venv (`python3 -m venv`, then
 *      `pip install --no-index` of example packages shipped in tests/fixtures/venv/demo — one
 *      of them unused, one pulled in only transitively, one installed under another name);
 *   2. shows what the venv holds (`tsrs analyze`);
 *   3. slims it (`tsrs slim src .venv`) and runs the example with the slim venv;
 *   4. prints what was kept, what was dropped, and the sizes.
 * Everything happens in a fresh folder under the system's temp directory, left there to look at.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DEMO = join(ROOT, "tests", "fixtures", "venv", "demo");
const BACKEND = join(ROOT, "tests", "fixtures", "venv", "_backend", "tsrs_fixture_backend.py");
const CLI = join(ROOT, "dist", "bundle", "cli", "main.js");
const PACKAGES = ["tinyweb", "tinytemplate", "py-colorterm", "plotlib"];

const tty = process.stdout.isTTY;
const bold = (s) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (tty ? `\x1b[2m${s}\x1b[0m` : s);
const step = (n, text) => console.log(`\n${bold(`${n}. ${text}`)}`);
const shell = (cmd) => console.log(dim(`$ ${cmd}`));

/** The example app colours its output; show plain text when not on a terminal. */
const plain = (s) => (tty ? s : s.replace(/\x1b\[[0-9;]*m/g, ""));

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...opts });
  if (r.error) throw r.error;
  return r;
}

function must(r, what) {
  if (r.status !== 0) {
    console.error(`demo: ${what} failed (exit ${r.status})\n${r.stdout ?? ""}${r.stderr ?? ""}`);
    process.exit(1);
  }
  return r;
}

if (!existsSync(CLI)) {
  console.error("demo: dist/bundle/cli/main.js is missing — run `npm run build` first (npm run demo does).");
  process.exit(1);
}
const py = run("python3", ["-c", "import sys, venv, ensurepip; print(sys.version.split()[0])"]);
if (py.status !== 0) {
  console.error("demo: needs python3 with the venv module (on Debian/Ubuntu: apt-get install python3-venv).");
  process.exit(1);
}

const work = join(tmpdir(), "tsrs-demo");
rmSync(work, { recursive: true, force: true });
const project = join(work, "weather");
const pkgs = join(work, "packages");
cpSync(join(DEMO, "project"), project, { recursive: true });
for (const p of PACKAGES) {
  cpSync(join(DEMO, "packages", p), join(pkgs, p), { recursive: true });
  mkdirSync(join(pkgs, p, "_backend"), { recursive: true });
  cpSync(BACKEND, join(pkgs, p, "_backend", "tsrs_fixture_backend.py"));
}
// plotlib's "fonts": 3 MB of data, generated rather than stored in the repository.
mkdirSync(join(pkgs, "plotlib", "plotlib", "fonts"), { recursive: true });
for (let i = 0; i < 3; i++) writeFileSync(join(pkgs, "plotlib", "plotlib", "fonts", `font${i}.bin`), Buffer.alloc(1 << 20, 0x5a + i));

console.log(`${bold("tsrs demo")} — Python ${py.stdout.trim()}, working in ${work}`);

step(1, "An example project with a real virtual environment (offline)");
shell("python3 -m venv .venv");
must(run("python3", ["-m", "venv", join(project, ".venv")]), "python3 -m venv");
const venvPython = join(project, ".venv", "bin", "python");
shell(`.venv/bin/pip install --no-index ${PACKAGES.map((p) => `../packages/${p}`).join(" ")}`);
must(
  run(venvPython, ["-m", "pip", "install", "--no-index", "--no-build-isolation", "-q", ...PACKAGES.map((p) => join(pkgs, p))], {
    cwd: project,
    env: { ...process.env, PIP_CONFIG_FILE: "/dev/null", PIP_DISABLE_PIP_VERSION_CHECK: "1" },
  }),
  "pip install",
);
console.log(`the app (src/app.py) imports ${bold("weather")} → ${bold("tinyweb")} (which needs tinytemplate) and ${bold("colorterm")} (installed as py-colorterm);`);
console.log(`pyproject.toml also declares ${bold("plotlib")}, which nothing imports.`);
shell("python src/app.py");
console.log(plain(must(run(venvPython, [join(project, "src", "app.py")], { cwd: project }), "the app").stdout.trimEnd()));

step(2, "What the venv holds");
shell("tsrs analyze .venv");
console.log(must(run(process.execPath, [CLI, "analyze", ".venv", "--no-requirements"], { cwd: project }), "tsrs analyze").stdout.trimEnd());

step(3, "Slim it to what the code can import");
shell("tsrs slim src .venv        # writes .venv-slim beside .venv; .venv and src are not touched");
const slim = run(process.execPath, [CLI, "slim", "src", ".venv", "--no-cache"], { cwd: project });
process.stdout.write(slim.stdout);
process.stderr.write(slim.stderr);
if (slim.status !== 0) process.exit(1);

step(4, "The app runs in the slim venv");
shell(".venv-slim/bin/python src/app.py");
console.log(plain(must(run(join(project, ".venv-slim", "bin", "python"), [join(project, "src", "app.py")], { cwd: project }), "the app in the slim venv").stdout.trimEnd()));

const json = JSON.parse(must(run(process.execPath, [CLI, "slim", "src", ".venv", "--dry-run", "--json", "--no-cache", "-o", ".venv-slim", "--force"], { cwd: project }), "tsrs slim --json").stdout);
const mb = (n) => (n < 1e6 ? `${(n / 1e3).toFixed(1)} kB` : `${(n / 1e6).toFixed(1)} MB`);
console.log(
  `\n${bold("Result")}: ${json.kept.filter((k) => k.kind !== "unowned").length} distributions kept, ` +
    `${json.dropped.filter((d) => d.kind !== "unowned").length} dropped (${json.dropped.filter((d) => d.kind !== "unowned").map((d) => d.name).join(", ")}); ` +
    `${mb(json.venv.size)} → ${mb(json.out.size)}.`,
);
console.log(dim(`Look around: ${project}  (try: tsrs slim --help)`));
