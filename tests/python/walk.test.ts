/**
 * forEachChild is written out per node type (for speed); forEachChildGeneric reads the children
 * from the AST schema. Both must visit the same nodes in the same order, for every node of the
 * parser fixtures (every rule of the grammar, up to 3.14 syntax) and of a part of python3's stdlib.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Node } from "../../src/python/ast.js";
import { parseSource } from "../../src/python/parser.js";
import { decodeSource } from "../../src/python/source.js";
import { forEachChild, forEachChildGeneric } from "../../src/python/walk.js";

const HERE = dirname(fileURLToPath(import.meta.url));

function pyFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) pyFiles(p, out);
    else if (name.endsWith(".py")) out.push(p);
  }
  return out;
}

/** Every node under `root`, each with the list of children the walk gave it; differences as text. */
function differences(root: Node): string[] {
  const out: string[] = [];
  let nodes = 0;
  const visit = (n: Node): void => {
    nodes++;
    const fast: Node[] = [];
    const generic: Node[] = [];
    forEachChild(n, (c) => fast.push(c));
    forEachChildGeneric(n, (c) => generic.push(c));
    if (fast.length !== generic.length || fast.some((c, i) => c !== generic[i])) {
      out.push(`${n._type}: [${fast.map((c) => c._type).join(", ")}] vs [${generic.map((c) => c._type).join(", ")}]`);
    }
    for (const c of generic) visit(c);
  };
  visit(root);
  expect(nodes).toBeGreaterThan(0);
  return out;
}

function check(files: string[], minor: number): { files: number; types: Set<string> } {
  const types = new Set<string>();
  let parsed = 0;
  for (const path of files) {
    let module;
    try {
      module = parseSource(decodeSource(readFileSync(path), path), { minor }).module;
    } catch {
      continue; // fixtures of syntax errors
    }
    parsed++;
    const note = (n: Node): void => {
      types.add(n._type);
      forEachChildGeneric(n, note);
    };
    note(module);
    expect(differences(module), path).toEqual([]);
  }
  return { files: parsed, types };
}

describe("forEachChild", () => {
  it("visits what the schema says, on every parser fixture (3.14 syntax)", () => {
    const { files, types } = check(pyFiles(join(HERE, "../fixtures/parser")), 14);
    expect(files).toBeGreaterThan(30);
    // The fixtures reach the node types only newer grammars have.
    for (const t of ["TypeAlias", "TypeVar", "ParamSpec", "TypeVarTuple", "TryStar", "MatchClass", "MatchMapping", "MatchStar", "TemplateStr", "Interpolation"]) {
      expect(types.has(t), t).toBe(true);
    }
  });

  it("visits what the schema says, on python3's stdlib packages", () => {
    const stdlib = execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim();
    const files = ["json", "email", "asyncio", "logging", "importlib"].flatMap((p) => pyFiles(join(stdlib, p)));
    files.push(join(stdlib, "test", "test_grammar.py"), join(stdlib, "test", "test_patma.py"));
    const { files: n } = check(files, 11);
    expect(n).toBeGreaterThan(80);
  });
});
