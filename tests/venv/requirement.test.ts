/** PEP 508 requirements and markers, PEP 440 ordering and specifiers. */
import { describe, expect, it } from "vitest";
import { compareVersions, parseVersion, satisfiesSpecifier } from "../../src/venv/pep440.js";
import { evaluateMarker, parseRequirement, RequirementSyntaxError } from "../../src/venv/requirement.js";

const ENV = {
  python_version: "3.11",
  python_full_version: "3.11.7",
  os_name: "posix",
  sys_platform: "linux",
  platform_system: "Linux",
  platform_machine: "x86_64",
  platform_release: "",
  platform_version: "",
  platform_python_implementation: "CPython",
  implementation_name: "cpython",
  implementation_version: "3.11.7",
};

describe("requirements", () => {
  it.each([
    ["requests", { name: "requests", extras: [], specifier: "", marker: "", url: null }],
    ["Requests[security, socks] >=2.8.1, ==2.8.*", { name: "Requests", extras: ["security", "socks"], specifier: ">=2.8.1,==2.8.*", marker: "", url: null }],
    ["six (>=1.5)", { name: "six", extras: [], specifier: ">=1.5", marker: "", url: null }],
    ['tomli>=1.1.0; python_version < "3.11"', { name: "tomli", extras: [], specifier: ">=1.1.0", marker: 'python_version < "3.11"', url: null }],
    ["pip @ https://example.org/pip.whl ; os_name == 'nt'", { name: "pip", extras: [], specifier: "", marker: "os_name == 'nt'", url: "https://example.org/pip.whl" }],
  ])("parses %s", (text, want) => {
    const r = parseRequirement(text);
    expect({ name: r.name, extras: r.extras, specifier: r.specifier, marker: r.marker, url: r.url }).toEqual(want);
  });
  it("normalises the key and rejects nonsense", () => {
    expect(parseRequirement("Zope.Interface").key).toBe("zope-interface");
    expect(() => parseRequirement("!!!")).toThrow(RequirementSyntaxError);
    expect(() => parseRequirement("a ; python_version <")).toThrow(RequirementSyntaxError);
  });
});

describe("markers", () => {
  it.each([
    ['python_version < "3.11"', false],
    ['python_version >= "3.8"', true],
    ['python_full_version >= "3.11.7"', true],
    ['python_version == "3.11" and sys_platform == "linux"', true],
    ['sys_platform == "win32" or (os_name == "posix" and platform_machine != "arm64")', true],
    ['"linux" in sys_platform', true],
    ['platform_python_implementation == "PyPy"', false],
    ["python_version > '3.9' and extra == 'test'", false],
    ["sys.platform == 'linux'", true],
    ['python_version ~= "3.10"', true],
  ])("%s → %s", (m, want) => {
    expect(evaluateMarker(m, ENV)).toBe(want);
  });
  it("evaluates extras against the requested ones (normalised)", () => {
    expect(evaluateMarker('extra == "Test_Utils"', ENV, ["test-utils"])).toBe(true);
    expect(evaluateMarker('extra != "docs"', ENV, [])).toBe(true);
  });
});

describe("PEP 440", () => {
  const order = ["1.0.dev1", "1.0a1", "1.0a2.dev1", "1.0b1", "1.0rc1", "1.0", "1.0.post1", "1.0.1", "1.1", "2!0.1"];
  it("orders versions", () => {
    for (let i = 0; i + 1 < order.length; i++) {
      expect(compareVersions(parseVersion(order[i]!)!, parseVersion(order[i + 1]!)!), `${order[i]} < ${order[i + 1]}`).toBeLessThan(0);
    }
    expect(compareVersions(parseVersion("1.0")!, parseVersion("1.0.0")!)).toBe(0);
  });
  it.each([
    ["2.28.1", ">=2.8.1,<3", true],
    ["2.28.1", "==2.*", true],
    ["2.28.1", "!=2.28.1", false],
    ["1.4.5", "~=1.4.2", true],
    ["1.5.0", "~=1.4.2", false],
    ["3.0.0rc1", "<3", false],
    ["1.0.post1", ">1.0", false],
    ["1.0+local", "==1.0", true],
  ])("%s satisfies %s: %s", (v, spec, want) => {
    expect(satisfiesSpecifier(v, spec)).toBe(want);
  });
});
