/**
 * text-imports.ts: the import lines of a file that does not parse, which slim follows instead of
 * dropping what the file may import.
 */
import { describe, expect, test } from "vitest";
import { ImportFlag } from "../../src/graph/module-facts.js";
import { importsFromText, textualFacts } from "../../src/graph/text-imports.js";

const brief = (text: string) => importsFromText(text).map((i) => [i.module, i.level, i.names]);

describe("importsFromText", () => {
  test("import statements of every shape, anywhere a statement may start", () => {
    const text = [
      "import os, requests.adapters as ra",
      "from . import sibling",
      "from ..pkg.sub import (",
      "    first,  # a comment",
      "    second as s,",
      ")",
      "if x: import yaml",
      "x = 1; from numpy import *",
      "def broken(:",
      "    import  json . decoder",
      "important = 1",
      "from_x = 2",
    ].join("\n");
    expect(brief(text)).toEqual([
      ["os", 0, null],
      ["requests.adapters", 0, null],
      ["", 1, ["sibling"]],
      ["pkg.sub", 2, ["first", "second"]],
      ["yaml", 0, null],
      ["numpy", 0, ["*"]],
      ["json.decoder", 0, null],
    ]);
  });

  test("every import is conditional, and the facts hold nothing else", () => {
    const facts = textualFacts("import a\nfrom b import c\n");
    expect(facts.imports.every((i) => i.flags === ImportFlag.Conditional)).toBe(true);
    expect(facts).toMatchObject({ flags: 0, all: null, metadata: [], groups: [], dynamicPackages: [], dotted: [] });
  });
});
