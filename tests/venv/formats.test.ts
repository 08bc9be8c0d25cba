/** The small file formats of installed distributions, `.pth` files and pyvenv.cfg. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCoreMetadata, header, headers, parseEntryPoints, entryPointModule, parseRequiresTxt, parseDirectUrl } from "../../src/venv/metadata.js";
import { canonicalName, splitMetadataDirName, wheelEscape } from "../../src/venv/names.js";
import { parsePth, modulesOfImportLine } from "../../src/venv/pth.js";
import { readLiteralAssignment } from "../../src/venv/py-literal.js";
import { parsePyvenvCfg, parseVersionText } from "../../src/venv/pyvenv-cfg.js";
import { formatRecord, parseCsv, parseRecord, recordHash } from "../../src/venv/record.js";

const tmp = mkdtempSync(join(tmpdir(), "tsrs-formats-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("RECORD", () => {
  it("reads CSV with quotes, empty fields and both line endings", () => {
    expect(parseCsv('a,b,c\r\n"x,y","say ""hi""",\n\nlast,,')).toEqual([
      ["a", "b", "c"],
      ["x,y", 'say "hi"', ""],
      ["last", "", ""],
    ]);
  });
  it("round-trips entries and quotes only where needed", () => {
    const text = 'pkg/__init__.py,sha256=abc,12\n"odd,name.py",,\npkg-1.0.dist-info/RECORD,,\n';
    const entries = parseRecord(text);
    expect(entries[1]).toEqual({ path: "odd,name.py", hash: "", size: "" });
    expect(formatRecord(entries)).toBe(text);
  });
  it("hashes as pip does (sha256, urlsafe base64, no padding)", () => {
    expect(recordHash(Buffer.from("hello\n"))).toBe("sha256=WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgM");
  });
});

describe("core metadata and friends", () => {
  it("reads headers, repeated headers and continuation lines, stopping at the body", () => {
    const md = parseCoreMetadata("Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0\nRequires-Dist: a\nRequires-Dist: b ; extra == 'x'\nLicense: MIT\n  continued\n\nName: not-a-header\n");
    expect(header(md, "name")).toBe("PyYAML");
    expect(headers(md, "Requires-Dist")).toEqual(["a", "b ; extra == 'x'"]);
    expect(header(md, "License")).toBe("MIT\ncontinued");
  });
  it("reads entry points (groups, extras stripped, comments)", () => {
    const eps = parseEntryPoints("[console_scripts]\nflask = flask.cli:main\n# c\n[pytest11]\ncov = pytest_cov.plugin [toml]\n");
    expect(eps).toEqual([
      { group: "console_scripts", name: "flask", value: "flask.cli:main" },
      { group: "pytest11", name: "cov", value: "pytest_cov.plugin" },
    ]);
    expect(entryPointModule("pkg.mod:obj.attr")).toBe("pkg.mod");
  });
  it("folds egg-info requires.txt sections into markers", () => {
    expect(parseRequiresTxt("a>=1\n\n[socks]\nPySocks!=1.5.7\n\n[:python_version < \"3.8\"]\nzipp\n\n[test:sys_platform == 'win32']\nb ; os_name == 'nt'\n")).toEqual([
      "a>=1",
      'PySocks!=1.5.7 ; extra == "socks"',
      'zipp ; (python_version < "3.8")',
      "b ; (os_name == 'nt') and (sys_platform == 'win32') and extra == \"test\"",
    ]);
  });
  it("reads direct_url.json", () => {
    expect(parseDirectUrl('{"url": "file:///src/x", "dir_info": {"editable": true}}')).toEqual({ url: "file:///src/x", editable: true });
    expect(parseDirectUrl("not json")).toBeNull();
  });
  it("normalises names", () => {
    expect(canonicalName("Foo.Bar__baz-Qux")).toBe("foo-bar-baz-qux");
    expect(wheelEscape("zope.interface")).toBe("zope_interface");
    expect(splitMetadataDirName("python_dateutil-2.9.0.post0.dist-info")).toEqual({ name: "python_dateutil", version: "2.9.0.post0" });
    expect(splitMetadataDirName("Flask-2.2.2-py3.11.egg-info")).toEqual({ name: "Flask", version: "2.2.2" });
  });
});

describe("pyvenv.cfg", () => {
  it("reads keys as site.py does", () => {
    const cfg = parsePyvenvCfg("home = /usr/bin\nInclude-System-Site-Packages = false\nversion = 3.11.7\nnot a pair\nprompt = 'my env'\n");
    expect(cfg.values.get("include-system-site-packages")).toBe("false");
    expect(cfg.values.get("prompt")).toBe("'my env'");
    expect(cfg.lines).toHaveLength(5);
    expect(parseVersionText("3.12.0rc1")).toEqual({ major: 3, minor: 12, micro: 0 });
    expect(parseVersionText("3.11.7.final.0")).toEqual({ major: 3, minor: 11, micro: 7 });
  });
});

describe(".pth files", () => {
  it("separates path lines (existing only) from executed lines", () => {
    const site = join(tmp, "site");
    mkdirSync(join(site, "extra"), { recursive: true });
    const p = parsePth(join(site, "a.pth"), site, "# comment\nextra\nmissing\nimport os; os.environ.setdefault('X', '1')\n\n");
    expect(p.paths).toEqual([join(site, "extra")]);
    expect(p.missing).toEqual(["missing"]);
    expect(p.kind).toBe("hook");
    expect(p.importedModules).toEqual(["os"]);
    expect(modulesOfImportLine("import a, b.c as d; import e")).toEqual(["a", "b.c", "e"]);
  });
  it("recognises editable finders by their literal MAPPING", () => {
    const site = join(tmp, "site2");
    mkdirSync(site, { recursive: true });
    writeFileSync(
      join(site, "__editable___demo_1_0_finder.py"),
      "import sys\nMAPPING: dict[str, str] = {'demo': '/src/demo/demo', \"tool\": r'C:\\\\x\\\\tool.py'}\nNAMESPACES: dict[str, list[str]] = {'ns': ['/src/ns']}\n",
    );
    const p = parsePth(join(site, "__editable__.demo-1.0.pth"), site, "import __editable___demo_1_0_finder; __editable___demo_1_0_finder.install()\n");
    expect(p.kind).toBe("editable");
    expect(p.editable!.mapping.get("demo")).toBe("/src/demo/demo");
    expect(p.editable!.namespaces.get("ns")).toEqual(["/src/ns"]);
    expect(parsePth(join(site, "zope.interface-5.0-nspkg.pth"), site, "import sys, types, os;p = 1\n").kind).toBe("nspkg");
  });
  it("reads literal assignments without a full parse", () => {
    expect(readLiteralAssignment("X = 1\nMAPPING = {'a': [1, 2.5, None, True], 'b': ('x',)}  # c\n", "MAPPING")).toEqual({ a: [1, 2.5, null, true], b: ["x"] });
    expect(readLiteralAssignment("MAPPING = compute()\n", "MAPPING")).toBeUndefined();
    expect(readLiteralAssignment("OTHER = 1\n", "MAPPING")).toBeUndefined();
    expect(readLiteralAssignment("M = '\\x41\\u00e9\\n'\n", "M")).toBe("Aé\n");
  });
});
