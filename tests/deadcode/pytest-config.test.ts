/**
 * config/pytest.ts: pytest's naming settings read from the files pytest reads, in its order, and
 * matched as pytest matches them (file globs on the name or the path's end; name prefixes or globs).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DEFAULT_PYTEST_NAMING, isPytestFile, matchesPytestName, pytestNaming } from "../../src/config/pytest.js";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tsrs-pytest-config-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("pytest naming", () => {
  test("defaults without configuration, or when pytest's section says nothing of names", () => {
    expect(pytestNaming(project({}))).toEqual(DEFAULT_PYTEST_NAMING);
    expect(pytestNaming(project({ "pyproject.toml": "[tool.pytest.ini_options]\naddopts = '-q'\n" }))).toEqual(DEFAULT_PYTEST_NAMING);
  });

  test("pyproject.toml: strings or arrays; setup.cfg and tox.ini: multi-line values", () => {
    const toml = pytestNaming(project({ "pyproject.toml": '[tool.pytest.ini_options]\npython_files = "test.py check_*.py"\npython_functions = ["check_*", "test"]\n' }));
    expect(toml).toEqual({ files: ["test.py", "check_*.py"], classes: ["Test"], functions: ["check_*", "test"] });
    const cfg = pytestNaming(project({ "setup.cfg": "[metadata]\nname = x\n\n[tool:pytest]\npython_files =\n    test_*.py\n    *_tests.py\npython_classes = Describe\n" }));
    expect(cfg.files).toEqual(["test_*.py", "*_tests.py"]);
    expect(cfg.classes).toEqual(["Describe"]);
    expect(pytestNaming(project({ "tox.ini": "[tox]\nenvlist = py311\n[pytest]\npython_files = spec_*.py\n" })).files).toEqual(["spec_*.py"]);
  });

  test("pytest's order: pytest.ini wins even when empty; pyproject.toml before tox.ini and setup.cfg", () => {
    expect(pytestNaming(project({ "pytest.ini": "[pytest]\n", "pyproject.toml": '[tool.pytest.ini_options]\npython_files = "x.py"\n' }))).toEqual(DEFAULT_PYTEST_NAMING);
    expect(pytestNaming(project({ "pyproject.toml": '[tool.pytest.ini_options]\npython_files = "a.py"\n', "tox.ini": "[pytest]\npython_files = b.py\n" })).files).toEqual(["a.py"]);
    expect(pytestNaming(project({ "tox.ini": "[pytest]\npython_files = b.py\n", "setup.cfg": "[tool:pytest]\npython_files = c.py\n" })).files).toEqual(["b.py"]);
    // A malformed pyproject.toml gives way to the next file.
    expect(pytestNaming(project({ "pyproject.toml": "[tool.pytest.ini_options\n", "setup.cfg": "[tool:pytest]\npython_files = c.py\n" })).files).toEqual(["c.py"]);
  });

  test("matching: file globs on the name (or the path's end), names by prefix or glob", () => {
    const n = { files: ["check_*.py", "test.py", "integration/*_it.py"], classes: ["Check"], functions: ["check_*", "test"] };
    expect(isPytestFile(n, "tests/check_math.py")).toBe(true);
    expect(isPytestFile(n, "test.py")).toBe(true);
    expect(isPytestFile(n, "pkg/test.py")).toBe(true);
    expect(isPytestFile(n, "tests/integration/db_it.py")).toBe(true);
    expect(isPytestFile(n, "tests/db_it.py")).toBe(false);
    expect(isPytestFile(n, "tests/test_math.py")).toBe(false);
    expect(matchesPytestName(n.functions, "check_add")).toBe(true);
    expect(matchesPytestName(n.functions, "checkadd")).toBe(false);
    expect(matchesPytestName(n.functions, "testing")).toBe(true);
    expect(matchesPytestName(n.classes, "CheckMath")).toBe(true);
    expect(matchesPytestName(n.classes, "TestMath")).toBe(false);
  });
});
