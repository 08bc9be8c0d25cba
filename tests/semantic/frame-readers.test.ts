/**
 * frame-readers.ts: calls that read the caller's variables by name taint the calling scope
 * (TaintReason.CallerFrame) — known library calls by shape, the module's own functions that read a
 * caller frame's f_locals by name.
 */
import { describe, expect, test } from "vitest";
import { parseSource } from "../../src/python/parser.js";
import { decodeSource } from "../../src/python/source.js";
import { TaintReason } from "../../src/semantic/flags.js";
import { frameReadersOf } from "../../src/semantic/frame-readers.js";
import { buildSemanticModel } from "../../src/semantic/index.js";

function parse(code: string) {
  const source = decodeSource(Buffer.from(code), "t.py");
  return { source, module: parseSource(source, { minor: 12 }).module };
}

/** The names of the function scopes whose calls read their frame by name. */
function tainted(code: string, frameReaders: ReadonlySet<string> | null = null): string[] {
  const { source, module } = parse(code);
  const model = buildSemanticModel(module, source, { minor: 12, frameReaders });
  const out: string[] = [];
  for (let s = 1; s < model.scopeCount; s++) if (model.data.scopeTaint[s]! & TaintReason.CallerFrame) out.push(model.data.scopeName[s]!);
  return out;
}

describe("readsCallerFrame", () => {
  test("library calls known by shape", () => {
    expect(tainted("def f(a):\n  return np.bmat('a')\n")).toEqual(["f"]);
    expect(tainted("def f(a):\n  return np.bmat([[a]])\n")).toEqual([]); // no names in a string
    expect(tainted("def f(df, x):\n  return df.query('a > @x')\n")).toEqual(["f"]);
    expect(tainted("def f(df, x):\n  return df.query(expr='a > @x')\n")).toEqual(["f"]);
    expect(tainted("def f(df):\n  return df.query('a > 1')\n")).toEqual([]); // columns only
    expect(tainted("def f(session):\n  return session.query(User)\n")).toEqual([]);
    expect(tainted("def f(x):\n  return pd.eval('x + 1')\n")).toEqual(["f"]);
    expect(tainted("def f(self, a):\n  ex = f\"{a}(x)\"\n  return self.eval(ex)\n")).toEqual(["f"]); // a wrapper, a built expression
    expect(tainted("def f(model):\n  return model.eval()\n")).toEqual([]);
    expect(tainted("def f(df, x):\n  return df.query(f\"a > @x + {1}\")\n")).toEqual(["f"]);
    expect(tainted("def f(a):\n  return ne.evaluate('a * 2')\n")).toEqual(["f"]);
    expect(tainted("def f(a):\n  return ne.evaluate('a * 2', local_dict={'a': a})\n")).toEqual([]);
    expect(tainted("def f(model, a):\n  return model.evaluate(a)\n")).toEqual([]);
  });

  test("the module's own readers of a caller's f_locals, and the tree's", () => {
    const code =
      "import sys, inspect\n" +
      "def fmt(t):\n  return t.format(**sys._getframe(1).f_locals)\n" +
      "def here():\n  return sys._getframe(0).f_locals\n" +
      "def up():\n  return inspect.currentframe().f_back.f_locals\n" +
      "def __init__(self):\n  self.names = inspect.stack()[1].frame.f_locals\n" +
      "def use():\n  name = 1\n  return fmt('{name}')\n" +
      "def plain():\n  return here()\n";
    const { source, module } = parse(code);
    expect([...frameReadersOf(module, source)].sort()).toEqual(["fmt", "up"]);
    expect(tainted(code)).toEqual(["use"]);
    expect(tainted("def g(x):\n  return render('{x}')\n", new Set(["render"]))).toEqual(["g"]);
    expect(tainted("def g(x):\n  return render('{x}')\n")).toEqual([]);
  });
});
