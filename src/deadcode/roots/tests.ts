/**
 * Tests: what pytest and unittest collect and call by convention.
 * - In test files (`test_*.py`, `*_test.py`, under `tests/`, `conftest.py`, or as the project's
 *   `python_files` says): module-level functions named `test*`, classes named `Test*` and their
 *   `test*` methods (or as `python_functions`/`python_classes` say; any public class when the
 *   project hooks class collection with `pytest_pycollect_makeitem`), xunit-style hooks
 *   (`setup_module`, `teardown_function`, `setup_method`, `setup_class`…), and the module-level
 *   names pytest reads (`pytestmark`, `pytest_plugins`, `collect_ignore`).
 * - Anywhere: `pytest_*` hook functions (conftest files and plugins) and methods (plugin objects
 *   registered with the plugin manager), and classes deriving from a
 *   `*TestCase` base with their `test*` methods (unittest, Django, …).
 * Fixtures are decorated (`@pytest.fixture`), so the decorator kind already counts them — autouse
 * or not, requested by name or not.
 */
import { matchesPytestName } from "../../config/pytest.js";
import { DefFlag, DefKind } from "../../graph/callgraph/facts.js";
import type { RootCollector } from "./types.js";

const MODULE_HOOKS = new Set([
  "setup_module", "teardown_module", "setup_function", "teardown_function", "setup", "teardown", "setUpModule", "tearDownModule", "load_tests",
  // nose's package fixtures, in a test package's __init__.py
  "setup_package", "teardown_package",
  // setuptools' ScanningLoader (`setup.py test`, zope.testrunner) calls a test module's additional_tests()
  "additional_tests",
]);
/** Module-level names pytest reads by name (markers, plugins, collection settings). */
const PYTEST_NAMES = new Set(["pytestmark", "pytest_plugins", "collect_ignore", "collect_ignore_glob"]);
const CLASS_HOOKS = new Set(["setup_class", "teardown_class", "setup_method", "teardown_method", "setup", "teardown", "setUp", "tearDown", "setUpClass", "tearDownClass", "asyncSetUp", "asyncTearDown"]);

export const testRoots: RootCollector = {
  kind: "test",
  collect(ctx) {
    const p = ctx.program;
    const isTestFunction = (name: string): boolean => matchesPytestName(ctx.testNaming.functions, name);
    // A project hooking pytest's collection of classes (`pytest_pycollect_makeitem`: SQLAlchemy
    // collects every `TestBase` subclass, `*Test` by name) may collect any class of a test file.
    const customCollection = (p.topByName.get("pytest_pycollect_makeitem") ?? []).some((d) => !p.file(d).external && p.kind(d) === DefKind.Function);
    const isTestClass = (name: string, cls?: number): boolean =>
      matchesPytestName(ctx.testNaming.classes, name) || (customCollection && cls !== undefined && p.defParent[cls] === -1 && p.file(cls).isTest && !name.startsWith("_"));
    const isTestCaseClass = (cls: number): boolean => {
      const a = ctx.ancestry.of(cls);
      return a.external.some((e) => /TestCase$/.test(e) || e === "unittest.TestCase") || a.ancestors.some((x) => /TestCase$/.test(p.name(x)));
    };
    // pytest collects `test*` methods of `Test*` classes, inherited ones included: a base class's
    // tests run through every collected subclass.
    const isCollectedClass = (cls: number): boolean =>
      isTestClass(p.name(cls), cls) || ctx.ancestry.descendants(cls).some((x) => isTestClass(p.name(x), x) && p.file(x).isTest);
    for (let d = 0; d < p.defCount; d++) {
      const f = p.file(d);
      if (f.external) continue;
      const kind = p.kind(d);
      const name = p.name(d);
      const parent = p.defParent[d]!;
      const flags = p.flags(d);
      // Hooks: functions of conftest files and plugin modules, and methods of plugin objects
      // (`config.pluginmanager.register(XDistHooks())`: pluggy finds hooks by name).
      if (((kind === DefKind.Function && parent === -1) || (kind === DefKind.Method && flags & DefFlag.Member)) && name.startsWith("pytest_")) {
        ctx.root(d, { kind: "test", detail: `pytest hook ${name}` });
        continue;
      }
      if (kind === DefKind.Class && isTestCaseClass(d)) {
        ctx.root(d, { kind: "test", detail: "unittest test case" });
        continue;
      }
      if (flags & DefFlag.Member && parent >= 0 && p.kind(parent) === DefKind.Class && isTestCaseClass(parent)) {
        if (name.startsWith("test") || CLASS_HOOKS.has(name)) ctx.root(d, { kind: "test", detail: `unittest ${name.startsWith("test") ? "test method" : "hook"}` });
        continue;
      }
      if (flags & DefFlag.InRaises) {
        ctx.root(d, { kind: "test", detail: "defined under pytest.raises/assertRaises: the definition is the test" });
        continue;
      }
      if (!f.isTest) continue;
      if (parent === -1) {
        if (PYTEST_NAMES.has(name) && kind === DefKind.Variable) {
          ctx.root(d, { kind: "test", detail: `pytest reads ${name}` });
          continue;
        }
        // `nulls_fixture2 = nulls_fixture`: the fixture again, under a second name (pandas' conftest).
        const targets = p.defTargets[d]!;
        if (kind === DefKind.Variable && targets.length > 0 && targets.every((t) => t < p.defCount && p.kind(t) === DefKind.Function && p.flags(t) & DefFlag.Decorated)) {
          ctx.root(d, { kind: "test", detail: "a fixture under another name" });
          continue;
        }
        if ((kind === DefKind.Function && (isTestFunction(name) || MODULE_HOOKS.has(name))) || (kind === DefKind.Class && isTestClass(name, d))) {
          ctx.root(d, { kind: "test", detail: kind === DefKind.Class ? "test class" : isTestFunction(name) ? "test function" : `xunit hook ${name}` });
        }
      } else if (flags & DefFlag.Member && p.kind(parent) === DefKind.Class && isCollectedClass(parent)) {
        if (kind !== DefKind.Class && (isTestFunction(name) || CLASS_HOOKS.has(name))) ctx.root(d, { kind: "test", detail: isTestFunction(name) ? "test method" : `xunit hook ${name}` });
      }
    }
  },
};
