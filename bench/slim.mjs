#!/usr/bin/env node
/**
 * `npm run bench:slim` — tsrs slim on a big real-world venv: Debian's python3-* packages (Flask,
 * requests, pytest and a scientific stack) copied into a venv's site-packages, and a small Flask
 * app with pytest tests.
 *
 * Measures, in the same run:
 * - the traced floor: the whole distributions owning a module or data file that the app's test run
 *   opens (audit hook on `open` + every loaded module's file; metadata reads do not count, since
 *   pytest's plugin discovery reads every distribution's metadata);
 * - `tsrs slim` (cold: no module cache; warm: with it), its output size against the floor, and
 *   whether the tests pass in the slim venv;
 * - copying the whole venv and copying just the floor (`cp -a`), as reference points.
 *
 * Needs Debian/Ubuntu with python3.11 (may run `apt-get install` as root). Work folder:
 * $TSRS_BENCH_DIR or <tmp>/tsrs-bench-slim (kept between runs; the venv is rebuilt when missing).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "bundle", "cli", "main.js");
const WORK = process.env.TSRS_BENCH_DIR ?? join(tmpdir(), "tsrs-bench-slim");
const APT = [
  "python3-flask", "python3-requests", "python3-pytest", "python3-numpy", "python3-scipy", "python3-pandas",
  "python3-matplotlib", "python3-sympy", "python3-sqlalchemy", "python3-boto3",
];
const DIST_PACKAGES = "/usr/lib/python3/dist-packages";
const PYTHON = "/usr/bin/python3";

const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const sh = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28, ...opts });

function ensureDebianPackages() {
  const missing = APT.filter((p) => sh("dpkg", ["-s", p]).status !== 0);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || sh("apt-get", ["--version"]).status !== 0) {
    console.error(`bench:slim needs these Debian packages: ${missing.join(" ")}\n(run: sudo apt-get install --no-install-recommends ${missing.join(" ")})`);
    process.exit(2);
  }
  console.log(`installing ${missing.join(" ")} …`);
  const r = sh("apt-get", ["install", "-y", "--no-install-recommends", ...missing], { stdio: "inherit" });
  if (r.status !== 0) process.exit(2);
}

/** Every file the installed python3-* packages put in dist-packages, copied into the venv. */
function buildVenv(venv) {
  rmSync(venv, { recursive: true, force: true });
  execFileSync(PYTHON, ["-m", "venv", "--without-pip", venv]);
  const minor = sh(PYTHON, ["-c", "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"]).stdout.trim();
  const site = join(venv, "lib", `python${minor}`, "site-packages");
  const pkgs = sh("dpkg-query", ["-W", "-f", "${Package} ${Status}\n", "python3-*"]).stdout
    .split("\n")
    .filter((l) => l.endsWith("install ok installed"))
    .map((l) => l.split(" ")[0]);
  let n = 0;
  for (const p of pkgs) {
    for (const f of sh("dpkg", ["-L", p]).stdout.split("\n")) {
      if (!f.startsWith(DIST_PACKAGES + "/")) continue;
      let st;
      try {
        st = lstatSync(f);
      } catch {
        continue;
      }
      if (st.isDirectory()) continue;
      const dest = join(site, relative(DIST_PACKAGES, f));
      if (existsSync(dest)) continue;
      mkdirSync(dirname(dest), { recursive: true });
      if (st.isSymbolicLink()) symlinkSync(readlinkSync(f), dest);
      else copyFileSync(f, dest);
      n++;
    }
  }
  return { site, files: n, packages: pkgs.length };
}

const APP = {
  "shop/__init__.py": `from flask import Flask, jsonify, request

from shop.rates import fetch_rate


def create_app():
    app = Flask(__name__)
    items = {}

    @app.get("/items")
    def list_items():
        return jsonify(sorted(items.values(), key=lambda i: i["name"]))

    @app.post("/items")
    def add_item():
        data = request.get_json()
        items[data["name"]] = {"name": data["name"], "price": float(data["price"])}
        return jsonify(items[data["name"]]), 201

    @app.get("/items/<name>/in/<currency>")
    def price_in(name, currency):
        item = items[name]
        return jsonify({"name": name, "price": round(item["price"] * fetch_rate(currency), 2), "currency": currency})

    return app
`,
  "shop/rates.py": `import requests

RATES_URL = "https://rates.example/api/latest"


def fetch_rate(currency):
    response = requests.get(RATES_URL, params={"to": currency}, timeout=5)
    response.raise_for_status()
    return response.json()["rate"]
`,
  "tests/conftest.py": `import pytest

from shop import create_app


@pytest.fixture
def client():
    return create_app().test_client()
`,
  "tests/test_shop.py": `import shop.rates


class FakeResponse:
    def __init__(self, payload):
        self.payload = payload

    def raise_for_status(self):
        pass

    def json(self):
        return self.payload


def test_add_and_list(client):
    assert client.post("/items", json={"name": "tea", "price": "2.5"}).status_code == 201
    assert client.get("/items").get_json() == [{"name": "tea", "price": 2.5}]


def test_price_in_currency(client, monkeypatch):
    monkeypatch.setattr(shop.rates.requests, "get", lambda *a, **k: FakeResponse({"rate": 1.1}))
    client.post("/items", json={"name": "tea", "price": "2.5"})
    assert client.get("/items/tea/in/USD").get_json() == {"name": "tea", "price": 2.75, "currency": "USD"}
`,
};

const TRACER = `
import os, sys
opened = set()
at_start = set(sys.modules)  # loaded by interpreter startup (site, .pth hooks): not the tests' needs
def hook(event, args):
    if event == "open" and isinstance(args[0], str):
        opened.add(os.path.abspath(args[0]))
sys.addaudithook(hook)
sys.path.insert(0, os.getcwd())  # as "python -m pytest" does
import pytest
code = pytest.main(["-q", "-p", "no:cacheprovider", "tests"])
for name, m in list(sys.modules.items()):
    if name in at_start:
        continue
    f = getattr(m, "__file__", None)
    if f:
        opened.add(os.path.abspath(f))
with open(sys.argv[1], "w") as out:
    out.write("\\n".join(sorted(opened)))
sys.exit(code)
`;

function du(paths) {
  let n = 0;
  for (const p of paths) {
    try {
      n += lstatSync(p).size;
    } catch {
      /* gone */
    }
  }
  return n;
}

function timeIt(fn) {
  const t = performance.now();
  const r = fn();
  return [performance.now() - t, r];
}

async function main() {
  if (!existsSync(CLI)) {
    console.error("bench:slim: run `npm run build` first");
    process.exit(2);
  }
  if (!existsSync(PYTHON) || sh("dpkg", ["--version"]).status !== 0) {
    console.error("bench:slim needs a Debian-based system with /usr/bin/python3");
    process.exit(2);
  }
  ensureDebianPackages();
  mkdirSync(WORK, { recursive: true });
  const venv = join(WORK, "venv");
  const code = join(WORK, "code");
  const slim = join(WORK, "slim");
  const cache = join(WORK, "cache");
  if (!existsSync(join(venv, "pyvenv.cfg")) || process.env.TSRS_BENCH_REBUILD) {
    const [ms, v] = timeIt(() => buildVenv(venv));
    console.log(`venv: ${v.files} files of ${v.packages} python3-* packages copied in ${sec(ms)}`);
  }
  rmSync(code, { recursive: true, force: true });
  for (const [p, text] of Object.entries(APP)) {
    mkdirSync(dirname(join(code, p)), { recursive: true });
    writeFileSync(join(code, p), text);
  }

  const { findEnvironment } = await import(join(ROOT, "dist", "venv", "environment.js"));
  const { readInstallation } = await import(join(ROOT, "dist", "venv", "installation.js"));
  const env = findEnvironment(venv);
  const inst = readInstallation(env);
  const venvSize = [...inst.sizes.values()].reduce((a, b) => a + b, 0);

  // The traced floor.
  const traceFile = join(WORK, "opened.txt");
  writeFileSync(join(WORK, "tracer.py"), TRACER);
  const traced = sh(join(venv, "bin", "python"), [join(WORK, "tracer.py"), traceFile], { cwd: code });
  if (traced.status !== 0) {
    console.error(`the tests fail in the full venv:\n${traced.stdout}${traced.stderr}`);
    process.exit(1);
  }
  const floorDists = new Set();
  for (const f of readFileSync(traceFile, "utf8").split("\n")) {
    if (/\.(dist|egg)-info(\/|$)/.test(f)) continue;
    for (const id of inst.owners.get(f) ?? []) floorDists.add(id);
  }
  const floorFiles = [...floorDists].flatMap((id) => inst.dists[id].files);
  const floor = du(new Set(floorFiles));

  // tsrs slim, cold and warm.
  rmSync(cache, { recursive: true, force: true });
  // Each run writes a fresh OUT (replacing one costs the deletion of the old one on top).
  const runSlim = (extra) => {
    rmSync(slim, { recursive: true, force: true });
    return timeIt(() => sh(process.execPath, [CLI, "slim", code, venv, "-o", slim, "--json", "--perf", ...extra], { env: { ...process.env, TSRS_CACHE_DIR: cache } }));
  };
  const [cold, coldRun] = runSlim(["--no-cache"]);
  if (coldRun.status !== 0) {
    console.error(coldRun.stderr);
    process.exit(1);
  }
  runSlim([]); // fills the cache
  const [warm, warmRun] = runSlim([]);
  const report = JSON.parse(warmRun.stdout);
  const tests = sh(join(slim, "bin", "python"), ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], { cwd: code });

  // Reference points: copying everything, copying the floor.
  const copyAll = join(WORK, "copy-all");
  rmSync(copyAll, { recursive: true, force: true });
  const [cpAll] = timeIt(() => execFileSync("cp", ["-a", venv, copyAll]));
  rmSync(copyAll, { recursive: true, force: true });
  const copyFloor = join(WORK, "copy-floor");
  rmSync(copyFloor, { recursive: true, force: true });
  const [cpFloor] = timeIt(() => {
    for (const f of floorFiles) {
      const dest = join(copyFloor, relative(venv, f));
      mkdirSync(dirname(dest), { recursive: true });
      cpSync(f, dest, { verbatimSymlinks: true });
    }
  });
  rmSync(copyFloor, { recursive: true, force: true });

  const kept = report.kept.filter((k) => k.kind !== "unowned");
  console.log(`
venv            ${mb(venvSize)} in ${inst.dists.filter((d) => d.kind !== "unowned").length} distributions (${inst.sizes.size} files)
traced floor    ${mb(floor)} in ${floorDists.size} distributions: ${[...floorDists].map((i) => inst.dists[i].name).sort().join(", ")}
tsrs slim       ${mb(report.out.size)} in ${kept.length} distributions: ${kept.map((k) => k.name).sort().join(", ")}
  ratio to floor  ${(report.out.size / floor).toFixed(2)}× (target ≤ 1.25×)
  time            cold ${sec(cold)}, warm ${sec(warm)} (target ≤ 1 s; ${report.stats.modules} modules)
  tests in slim   ${tests.status === 0 ? "pass" : `FAIL (exit ${tests.status})\n${tests.stdout}${tests.stderr}`}
copy whole venv ${sec(cpAll)} (cp -a)
copy the floor  ${sec(cpFloor)}`);
  if (process.env.TSRS_BENCH_VERBOSE) {
    for (const k of report.kept) console.log(`  kept ${k.name} ${mb(k.size)}: ${k.chain ? k.chain.join(" → ") : k.reason}`);
  }
  if (tests.status !== 0) process.exit(1);
}

await main();
