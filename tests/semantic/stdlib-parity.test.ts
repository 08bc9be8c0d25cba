/**
 * Full-stdlib parity of the scope model (opt-in: TSRS_PARITY=full). For every stdlib file CPython
 * parses, our `symtable` must equal CPython's exactly, or fail with the same SyntaxError:
 *   - Python 3.11: python3.11's Lib, test/ included (site-packages excluded);
 *   - Python 3.14: pyodide's stdlib (python_stdlib.zip, unzipped to a temp dir), plus python3.11's
 *     Lib parsed as 3.14 (pyodide ships no tests, this brings the big corpus).
 * Each file is checked on CPython's own tree (semantic parity proper) and on our parser's tree
 * (end-to-end); files our parser alone rejects are counted apart (a parser issue).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, test } from "vitest";
import { cpythonTrees } from "../oracle/bridge.js";
import { oracle } from "../oracle/oracle.js";
import { ourSymtable, parseWithOurs, theirSymtable } from "./harness.js";

const FULL = process.env.TSRS_PARITY === "full";
const LIB311 = "/root/.pyenv/versions/3.11.7/lib/python3.11";
const BATCH = 200;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === "site-packages" || name === "__pycache__") continue;
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (name.endsWith(".py")) out.push(p);
  }
  return out;
}

function pyodideStdlib(): string {
  const zip = join(dirname(createRequire(import.meta.url).resolve("pyodide/package.json")), "python_stdlib.zip");
  const dir = mkdtempSync(join(tmpdir(), "tsrs-stdlib314-"));
  execFileSync("python3", ["-m", "zipfile", "-e", zip, dir]);
  return dir;
}

interface Tally {
  files: number;
  accepted: number;
  acceptedMatch: number;
  rejected: number;
  rejectedMatch: number;
  parserRejects: number;
  endToEndMatch: number;
  mismatches: string[];
  rejections: string[];
}

async function run(minor: 11 | 14, files: string[]): Promise<Tally> {
  const t: Tally = { files: files.length, accepted: 0, acceptedMatch: 0, rejected: 0, rejectedMatch: 0, parserRejects: 0, endToEndMatch: 0, mismatches: [], rejections: [] };
  for (let i = 0; i < files.length; i += BATCH) {
    // Let vitest's worker RPC breathe between long synchronous batches.
    await new Promise((r) => setImmediate(r));
    const chunk = files.slice(i, i + BATCH);
    const records = await oracle(minor, "symtable", chunk);
    const trees = new Map((await cpythonTrees(minor, chunk)).map((x) => [x.path, x]));
    for (const rec of records) {
      const theirs = theirSymtable(rec);
      const tree = trees.get(rec.path);
      if (!tree) continue; // CPython's parser rejects the file: nothing for the symtable to say
      if (rec.ok) t.accepted++;
      else {
        t.rejected++;
        t.rejections.push(`${rec.path}:${rec.error!.line}:${rec.error!.col}: ${rec.error!.message}`);
      }
      const ours = ourSymtable(tree.module, tree.source, minor);
      if (isDeepStrictEqual(ours, theirs)) {
        if (rec.ok) t.acceptedMatch++;
        else t.rejectedMatch++;
      } else t.mismatches.push(`3.${minor} ${rec.path}`);
      const parsed = parseWithOurs(rec.path, minor);
      if (!parsed) t.parserRejects++;
      else if (isDeepStrictEqual(ourSymtable(parsed.module, parsed.source, minor), theirs)) t.endToEndMatch++;
    }
  }
  const pct = (a: number, b: number) => (b === 0 ? "—" : `${((100 * a) / b).toFixed(2)}%`);
  console.log(
    `symtable parity 3.${minor}: ${t.files} files; CPython accepts ${t.accepted}, we match ${t.acceptedMatch} (${pct(t.acceptedMatch, t.accepted)}); ` +
      `CPython rejects ${t.rejected}, we reject identically ${t.rejectedMatch}; ` +
      `end to end with our parser ${t.endToEndMatch}/${t.accepted + t.rejected} (our parser rejects ${t.parserRejects})`,
  );
  for (const m of t.mismatches.slice(0, 20)) console.log("  mismatch:", m);
  for (const r of t.rejections) console.log("  rejected by CPython's symtable:", r);
  return t;
}

describe.runIf(FULL)("stdlib symtable parity", () => {
  test("Python 3.11 stdlib (with test/)", { timeout: 3_600_000 }, async () => {
    const t = await run(11, walk(LIB311));
    expect(t.mismatches).toEqual([]);
  });

  test("Python 3.14 stdlib (pyodide) and the 3.11 stdlib parsed as 3.14", { timeout: 3_600_000 }, async () => {
    const a = await run(14, walk(pyodideStdlib()));
    const b = await run(14, walk(LIB311));
    expect([...a.mismatches, ...b.mismatches]).toEqual([]);
  });
});
