/** Environment discovery and file ownership on synthetic venvs (no Python needed). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findEnvironment } from "../../src/venv/environment.js";
import { VenvError } from "../../src/venv/errors.js";
import { importNamesOf, readInstallation, siteRelative } from "../../src/venv/installation.js";
import { fakeVenv, metadata, record } from "./fake-venv.js";

function owners(files: Record<string, string>): Record<string, string[]> {
  const { root } = fakeVenv(files);
  try {
    const inst = readInstallation(findEnvironment(root));
    const out: Record<string, string[]> = {};
    for (const d of inst.dists) out[`${d.kind === "unowned" ? "?" : ""}${d.name}`] = d.files.map((f) => siteRelative(inst, f)).sort();
    return out;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe("environment discovery", () => {
  it("describes a POSIX venv", () => {
    const { root, site } = fakeVenv({});
    const env = findEnvironment(root);
    expect(env.kind).toBe("venv");
    expect(env.layout).toBe("posix");
    expect(env.version).toEqual({ major: 3, minor: 11, micro: 4, abiFlags: "" });
    expect(env.siteDirs).toEqual([site]);
    expect(env.interpreters.map((i) => [i.path.split("/").pop(), i.target, i.ok])).toEqual([
      ["python", "python3", true],
      ["python3", "python3.11", true],
      ["python3.11", null, true],
    ]);
    expect(env.stdlib.has("tomllib")).toBe(true);
    // The interpreter path is accepted in place of the folder.
    expect(findEnvironment(join(root, "bin", "python")).root).toBe(root);
    rmSync(root, { recursive: true, force: true });
  });

  it("describes a Windows venv and a conda-style prefix", () => {
    const win = fakeVenv({}, { layout: "windows", cfg: "home = C:\\Python312\nversion = 3.12.1\n" });
    const e = findEnvironment(win.root);
    expect([e.layout, e.version.minor, e.platform.sysPlatform, e.binDir.endsWith("Scripts")]).toEqual(["windows", 12, "win32", true]);
    const prefix = fakeVenv({}, { cfg: null, minor: 10 });
    const p = findEnvironment(prefix.root);
    expect([p.kind, p.version.minor, p.version.micro]).toEqual(["prefix", 10, null]);
    expect(p.stdlib.has("tomllib")).toBe(false);
    rmSync(win.root, { recursive: true, force: true });
    rmSync(prefix.root, { recursive: true, force: true });
  });

  it("fails with typed errors for missing, non-Python and ambiguous folders", () => {
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return e instanceof VenvError ? e.code : String(e);
      }
      return "no error";
    };
    const dir = mkdtempSync(join(tmpdir(), "tsrs-notvenv-"));
    expect(code(() => findEnvironment(join(dir, "missing")))).toBe("TSRS301");
    expect(code(() => findEnvironment(dir))).toBe("TSRS302");
    writeFileSync(join(dir, "pyvenv.cfg"), "home = /usr/bin\n");
    expect(code(() => findEnvironment(dir))).toBe("TSRS303");
    mkdirSync(join(dir, "lib", "python3.11", "site-packages"), { recursive: true });
    mkdirSync(join(dir, "lib", "python3.12", "site-packages"), { recursive: true });
    expect(code(() => findEnvironment(dir))).toBe("TSRS303");
    writeFileSync(join(dir, "pyvenv.cfg"), "home = /usr/bin\nversion = 3.12.0\n");
    expect(findEnvironment(dir).version.minor).toBe(12);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("distributions and file ownership", () => {
  it("reads RECORD files, reports stale entries, adopts unlisted byte code", () => {
    const { root } = fakeVenv({
      "demo-1.0.dist-info/METADATA": metadata("Demo", "1.0", "dep>=1", 'winonly ; sys_platform == "win32"'),
      "demo-1.0.dist-info/RECORD": record("demo/__init__.py", "demo/gone.py", "demo-1.0.dist-info/METADATA", "demo-1.0.dist-info/RECORD", "../../../bin/demo"),
      "demo-1.0.dist-info/entry_points.txt": "[console_scripts]\ndemo = demo:main\n",
      "demo/__init__.py": "",
      "demo/__pycache__/__init__.cpython-311.pyc": "x",
      "demo/data/extra.json": "{}",
      "../../../bin/demo": "#!/x/bin/python\n",
    });
    const inst = readInstallation(findEnvironment(root));
    const d = inst.dists.find((x) => x.name === "Demo")!;
    expect(d.key).toBe("demo");
    expect(d.fileList).toBe("RECORD");
    expect(d.files.map((f) => siteRelative(inst, f))).toEqual([
      "bin/demo",
      "demo-1.0.dist-info/METADATA",
      "demo-1.0.dist-info/RECORD",
      "demo-1.0.dist-info/entry_points.txt",
      "demo/__init__.py",
      "demo/__pycache__/__init__.cpython-311.pyc",
      "demo/data/extra.json",
    ]);
    expect(d.missingFiles).toEqual(["demo/gone.py"]);
    expect(d.requires.map((r) => r.key)).toEqual(["dep", "winonly"]);
    expect(d.entryPoints).toEqual([{ group: "console_scripts", name: "demo", value: "demo:main" }]);
    expect(inst.problems.map((p) => p.code)).toContain("TSRS313");
    rmSync(root, { recursive: true, force: true });
  });

  it("derives files from import names when there is no list (Debian egg-info, distutils egg-info files)", () => {
    expect(
      owners({
        "PyYAML-6.0.egg-info/PKG-INFO": metadata("PyYAML", "6.0"),
        "PyYAML-6.0.egg-info/top_level.txt": "_yaml\nyaml\n",
        "yaml/__init__.py": "",
        "_yaml/__init__.py": "",
        "python_dateutil-2.8.2.egg-info/PKG-INFO": metadata("python-dateutil", "2.8.2"),
        "dateutil/__init__.py": "",
        "six-1.16.0.egg-info": metadata("six", "1.16.0"),
        "six.py": "",
        "__pycache__/six.cpython-311.pyc": "",
        "lazr.uri-1.0.egg-info/PKG-INFO": metadata("lazr.uri", "1.0"),
        "lazr.uri-1.0.egg-info/top_level.txt": "lazr\n",
        "lazr.uri-1.0.egg-info/namespace_packages.txt": "lazr\n",
        "lazr.restfulclient-0.14.egg-info/PKG-INFO": metadata("lazr.restfulclient", "0.14"),
        "lazr.restfulclient-0.14.egg-info/top_level.txt": "lazr\n",
        "lazr/uri/__init__.py": "",
        "lazr/restfulclient/__init__.py": "",
        "loose_module.py": "",
      }),
    ).toEqual({
      "PyYAML": ["PyYAML-6.0.egg-info/PKG-INFO", "PyYAML-6.0.egg-info/top_level.txt", "_yaml/__init__.py", "yaml/__init__.py"],
      "lazr.restfulclient": ["lazr.restfulclient-0.14.egg-info/PKG-INFO", "lazr.restfulclient-0.14.egg-info/top_level.txt", "lazr/restfulclient/__init__.py"],
      "lazr.uri": ["lazr.uri-1.0.egg-info/PKG-INFO", "lazr.uri-1.0.egg-info/namespace_packages.txt", "lazr.uri-1.0.egg-info/top_level.txt", "lazr/uri/__init__.py"],
      "python-dateutil": ["dateutil/__init__.py", "python_dateutil-2.8.2.egg-info/PKG-INFO"],
      "six": ["__pycache__/six.cpython-311.pyc", "six-1.16.0.egg-info", "six.py"],
      "?loose_module.py": ["loose_module.py"],
    });
  });

  it("splits namespace packages across distributions and names their portions", () => {
    const { root } = fakeVenv({
      "acme_core-1.0.dist-info/METADATA": metadata("acme-core", "1.0"),
      "acme_core-1.0.dist-info/RECORD": record("acme/core/__init__.py", "acme_core-1.0.dist-info/RECORD"),
      "acme_extra-1.0.dist-info/METADATA": metadata("acme-extra", "1.0"),
      "acme_extra-1.0.dist-info/RECORD": record("acme/extra/__init__.py", "acme/extra/mod.py", "acme_extra-1.0.dist-info/RECORD"),
      "acme/core/__init__.py": "",
      "acme/extra/__init__.py": "",
      "acme/extra/mod.py": "",
      "acme/extra/__pycache__/mod.cpython-311.pyc": "",
    });
    const inst = readInstallation(findEnvironment(root));
    const by = new Map(inst.dists.map((d) => [d.name, d]));
    expect(by.get("acme-core")!.importNames).toEqual(["acme.core"]);
    expect(by.get("acme-extra")!.importNames).toEqual(["acme.extra"]);
    expect(by.get("acme-extra")!.files.map((f) => siteRelative(inst, f))).toContain("acme/extra/__pycache__/mod.cpython-311.pyc");
    expect(inst.problems.map((p) => p.code)).not.toContain("TSRS312");
    rmSync(root, { recursive: true, force: true });
  });

  it("reports duplicates and files two distributions claim; reads .pth files into the search path", () => {
    const { root, site } = fakeVenv({
      "foo-1.0.dist-info/METADATA": metadata("foo", "1.0"),
      "foo-1.0.dist-info/RECORD": record("foo.py"),
      "foo-1.1.dist-info/METADATA": metadata("Foo", "1.1"),
      "foo-1.1.dist-info/RECORD": record("foo.py"),
      "a-1.0.dist-info/METADATA": metadata("a", "1.0"),
      "a-1.0.dist-info/RECORD": record("cv2/__init__.py", "cv2/data.bin", "extra.pth"),
      "b-1.0.dist-info/METADATA": metadata("b", "1.0"),
      "b-1.0.dist-info/RECORD": record("cv2/__init__.py", "cv2/data.bin"),
      "cv2/__init__.py": "",
      "cv2/data.bin": "",
      "foo.py": "",
      "extra.pth": "plugins\n",
      "plugins/p.py": "",
    });
    const inst = readInstallation(findEnvironment(root));
    expect(inst.problems.map((p) => p.code).sort()).toEqual(["TSRS311", "TSRS312"]);
    const foo = inst.dists.filter((d) => d.key === "foo");
    expect(foo.map((d) => d.duplicates.length)).toEqual([1, 1]);
    expect(inst.searchPath.map((s) => [s.kind, s.dir])).toEqual([
      ["site", site],
      ["pth", join(site, "plugins")],
    ]);
    expect(inst.pthOwners[0]!.map((i) => inst.dists[i]!.name)).toEqual(["a"]);
    rmSync(root, { recursive: true, force: true });
  });

  it("names import names like Python sees them", () => {
    expect(importNamesOf(["yaml/__init__.py", "_yaml.cpython-311-x86_64-linux-gnu.so", "six.py", "x.y.py", "__pycache__/six.cpython-311.pyc", "../../../bin/tool", "data.txt"])).toEqual(["_yaml", "six", "yaml"]);
    expect(importNamesOf(["google/protobuf/__init__.py", "google/protobuf/x.py", "google/_upb.abi3.so"])).toEqual(["google._upb", "google.protobuf"]);
  });
});
