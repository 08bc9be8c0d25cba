/**
 * line-reads.ts: whether a module computes with line numbers of running code (then it keeps its
 * line structure), and the pipeline's use of it.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { lineArithmeticOf } from "../../src/minify/line-reads.js";
import { DEFAULT_SETTINGS, mergeSettings } from "../../src/minify/options.js";
import { minifySource } from "../../src/minify/pipeline.js";
import { parseSource } from "../../src/python/parser.js";
import { sourceFromString } from "../../src/python/source.js";

const HERE = dirname(fileURLToPath(import.meta.url));

/** The line of the first place computing with line numbers, or null. */
const at = (code: string): number | null => {
  const source = sourceFromString(code);
  const found = lineArithmeticOf(parseSource(source, { minor: 12 }).module, source);
  return found ? source.position(found.start).line : null;
};

describe("lineArithmeticOf", () => {
  test("pyparsing's _trim_arity: a stack entry's line plus a constant, compared with a traceback's", () => {
    const code = [
      "import traceback",
      "def trim(func):",
      "    LINE_DIFF = 7",
      "    call = _cached or traceback.extract_stack(limit=2)[-1]",
      "    synth = (call[0], call[1] + LINE_DIFF)",
      "    def wrapper(*args):",
      "        try:",
      "            return func(*args)",
      "        except TypeError as te:",
      "            if traceback.extract_tb(te.__traceback__, limit=2)[-1][:2] == synth:",
      "                pass",
      "    return wrapper",
    ].join("\n");
    expect(at(code)).toBe(5);
    // pyparsing 2.4's spelling (vendored in older pip, setuptools and packaging).
    expect(at("from traceback import extract_stack\ndef trim(func):\n    this_line = extract_stack(limit=2)[-1]\n    synth = (this_line[0], this_line[1] + 6)\n")).toBe(4);
  });

  test("frame, traceback and code-object line numbers in arithmetic or compared", () => {
    expect(at("import sys\ndef f():\n    return sys._getframe().f_lineno - 3\n")).toBe(3);
    expect(at("def g(fn):\n    start = fn.__code__.co_firstlineno\n    return start + 2\n")).toBe(3);
    expect(at("def h(tb):\n    if tb.tb_lineno == 40:\n        return 1\n")).toBe(2);
    expect(at("import inspect\ndef k():\n    info = inspect.getframeinfo(inspect.currentframe())\n    n = info.lineno\n    n += 1\n")).toBe(5);
    expect(at("import inspect\ndef k():\n    a = inspect.stack()[0].lineno\n    b = inspect.stack()[1].lineno\n    return a < b\n")).toBe(5);
    // Through a walrus and a for loop.
    expect(at("import traceback\nfor fs in traceback.walk_stack(None):\n    print(fs[1] - 1)\n")).toBe(3);
  });

  test("displaying line numbers, and line numbers that are not of running code, do not count", () => {
    // logging's findCaller: handed on in a tuple.
    expect(at("import sys\ndef find():\n    f = sys._getframe(1)\n    return (f.f_code.co_filename, f.f_lineno, f.f_code.co_name)\n")).toBeNull();
    expect(at("import traceback\ndef show(e):\n    print(''.join(traceback.format_tb(e.__traceback__)))\n")).toBeNull();
    // A syntax tree's or an exception's line numbers are data, not positions of running code.
    expect(at("import ast\nfor node in ast.walk(tree):\n    print(node.lineno + 1)\n")).toBeNull();
    expect(at("try:\n    compile(s, 'f', 'exec')\nexcept SyntaxError as e:\n    n = e.lineno - 1\n")).toBeNull();
    // Stack lists concatenated, and other values near stack entries (torch's dynamo).
    expect(at("import traceback\ndef f(more, msg):\n    stack = traceback.extract_stack() + more\n    msg += ' '\n    return stack, len(stack) > 2\n")).toBeNull();
    // `stack` and `trace` only count as inspect's.
    expect(at("def f(stack):\n    return stack() + 1\n")).toBeNull();
    expect(at("import inspect\nframes = inspect.stack()\nprint(len(frames))\n")).toBeNull();
  });
});

describe("minifySource", () => {
  const settings = mergeSettings(DEFAULT_SETTINGS, { minor: 11 });
  const program = readFileSync(join(HERE, "../fixtures/minify/programs/line_numbers.py"));

  test("a file computing with its line numbers is minified in preserve layout and says so", () => {
    const r = minifySource(program, "line_numbers.py", settings);
    expect(r.status).toBe("minified");
    const lines = (b: Uint8Array) => Buffer.from(b).toString("utf8").split("\n").length;
    expect(lines(r.output)).toBe(lines(program));
    expect(r.diagnostics).toMatchObject([{ code: "TSRS203", severity: "info", line: 18 }]);
    expect(r.renamedNames).toBeGreaterThan(0);
    expect(minifySource(r.output, "line_numbers.py", settings).status).toBe("unchanged");
  });

  test("other files keep the compact layout", () => {
    const r = minifySource(Buffer.from("import sys\ndef f():\n    return sys._getframe().f_lineno\n"), "f.py", settings);
    expect(Buffer.from(r.output).toString()).toBe("import sys\ndef f():return sys._getframe().f_lineno\n");
    expect(r.diagnostics).toEqual([]);
  });
});
