/**
 * Builds the end-to-end fixture world offline: a real venv (`python3 -m venv`) with the fixture
 * packages of tests/fixtures/venv/world installed by pip from their folders (`--no-index
 * --no-build-isolation`, an in-tree PEP 517 backend, `PIP_CONFIG_FILE=/dev/null` so no machine
 * configuration is used), two of them in editable mode, plus the project folder `proj/`.
 *
 * The extension-module fixture ships a copy of one of the standard library's own extension modules
 * (`_json`, `_bisect`… whichever this Python has as a file): CPython finds `PyInit_<last name>`, so
 * `fastjson/_json.cpython-311-….so` imports as `fastjson._json` with no compiler needed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(HERE, "..", "fixtures", "venv");
export const WORLD_SRC = join(FIXTURES, "world");
export const BACKEND = join(FIXTURES, "_backend", "tsrs_fixture_backend.py");

/** Installed normally. */
export const REGULAR = [
  "webfw", "templating", "pyfancyyaml", "acme-core", "acme-extra", "greeting-hook", "fastjson", "nativedep", "datapkg",
  "clitool", "app-plugin-hello", "plugindep", "lazypkg", "heavydep", "typeonly", "editdep", "unusedlib", "fallbacklib",
  "oldlib", "metaonly", "testonlylib",
];
/** Installed with `pip install -e`. */
export const EDITABLE = ["editlib", "editpath"];

export interface World {
  root: string;
  venv: string;
  proj: string;
  python: string;
  /** The stdlib extension module copied into fastjson, or null if this Python has none as a file. */
  nativeModule: string | null;
}

export function pipEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PIP_CONFIG_FILE: "/dev/null",
    PIP_NO_INDEX: "1",
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
    PIP_NO_INPUT: "1",
  };
}

export function hasPython(): boolean {
  const r = spawnSync("python3", ["-c", "import venv, ensurepip"], { encoding: "utf8" });
  return r.status === 0;
}

/** A standard-library extension module that exists as a file: [module name, path]. */
export function stdlibExtension(): [string, string] | null {
  const code = `
import importlib.util, json
for name in ["_json", "_bisect", "_heapq", "_random", "_struct", "_csv", "math", "array", "zlib", "select"]:
    spec = importlib.util.find_spec(name)
    if spec and spec.origin and spec.origin not in ("built-in", "frozen") and spec.origin.endswith((".so", ".pyd")):
        print(json.dumps([name, spec.origin])); break
`;
  const r = spawnSync("python3", ["-c", code], { encoding: "utf8" });
  const out = r.stdout.trim();
  return out ? (JSON.parse(out) as [string, string]) : null;
}

/** Copies a fixture package folder and gives it the shared backend. */
export function stagePackage(name: string, into: string): string {
  const dest = join(into, name);
  cpSync(join(WORLD_SRC, name), dest, { recursive: true });
  mkdirSync(join(dest, "_backend"), { recursive: true });
  cpSync(BACKEND, join(dest, "_backend", basename(BACKEND)));
  return dest;
}

export function buildWorld(root: string): World {
  const pkgs = join(root, "pkgs");
  mkdirSync(pkgs, { recursive: true });
  const staged = REGULAR.map((p) => stagePackage(p, pkgs));
  const editable = EDITABLE.map((p) => stagePackage(p, pkgs));
  // The native module: a copy of a stdlib extension, named so CPython finds its init function.
  const ext = stdlibExtension();
  const fj = join(pkgs, "fastjson", "fastjson");
  if (ext) {
    const [name, origin] = ext;
    const suffix = basename(origin).slice(name.length);
    cpSync(origin, join(fj, name + suffix));
    writeFileSync(join(fj, "_native_name.py"), `NAME = "${name}"\n`);
  } else {
    // No extension module available: fall back to a pure module so the rest still runs.
    writeFileSync(join(fj, "_purenative.py"), "X = 1\n");
    writeFileSync(join(fj, "_native_name.py"), 'NAME = "_purenative"\n');
  }
  cpSync(join(WORLD_SRC, "proj"), join(root, "proj"), { recursive: true });

  const venv = join(root, "venv");
  execFileSync("python3", ["-m", "venv", venv], { stdio: "pipe" });
  const python = join(venv, "bin", "python");
  const pip = (args: string[]): void => {
    const r = spawnSync(python, ["-m", "pip", "install", "--no-index", "--no-build-isolation", "--no-deps", "-q", ...args], {
      encoding: "utf8",
      env: pipEnv(),
      cwd: root,
    });
    if (r.status !== 0) throw new Error(`pip install failed:\n${r.stdout}\n${r.stderr}`);
  };
  pip(staged);
  pip(editable.flatMap((p) => ["-e", p]));
  return { root, venv, proj: join(root, "proj"), python, nativeModule: ext ? ext[0] : null };
}

/** Runs the fixture app with an environment's interpreter; returns stdout (throws on failure). */
export function runApp(venv: string, proj: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(join(venv, "bin", "python"), [join(proj, "app.py")], {
    encoding: "utf8",
    cwd: proj,
    env: { ...process.env, PYTHONPATH: "", PYTHONHOME: "" },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every path under a folder with its size and modification time, to prove it was not touched. */
export function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        out.push(`${p}/`);
        walk(p);
      } else {
        const st = lstatSync(p);
        out.push(`${p} ${st.size} ${st.mtimeMs} ${st.mode}`);
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.join("\n");
}
