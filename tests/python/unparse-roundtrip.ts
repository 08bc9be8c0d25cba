/**
 * The unparser's differential check against CPython: CPython parses a file, we unparse its tree for
 * the same Python version, CPython parses our output, and the two `ast.dump`s must be equal. Our
 * output must also be a fixed point: unparsing CPython's tree of our output gives the same text.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unparse } from "../../src/python/unparse.js";
import { cpythonTrees } from "../oracle/bridge.js";
import { oracle } from "../oracle/oracle.js";

export interface RoundTripFailure {
  path: string;
  reason: string;
}

/**
 * A str holding a high and a low surrogate as two separate code points (`'\ud834\udd1e'`) and the
 * astral character they would encode (`'𝄞'`) are the same JavaScript string, so our AST cannot keep
 * them apart: files with such literals cannot round-trip. They are reported, not counted as failures.
 */
const SURROGATE_PAIR_IN_DUMP = /\\ud[89ab][0-9a-f]{2}\\ud[c-f][0-9a-f]{2}/;

export interface RoundTripResult {
  /** Files CPython accepted (the others are not counted). */
  accepted: number;
  /** Accepted files whose unparse round-trips and is idempotent. */
  passed: number;
  failures: RoundTripFailure[];
  /** Accepted files our AST cannot represent (see SURROGATE_PAIR_IN_DUMP). */
  unrepresentable: RoundTripFailure[];
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: …${a.slice(Math.max(0, i - 60), i + 60)}… vs …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

/** Round-trips `files` through our unparser at Python 3.`minor`, writing outputs under `tmpDir`. */
export async function roundTrip(minor: 11 | 14, files: string[], tmpDir: string): Promise<RoundTripResult> {
  mkdirSync(tmpDir, { recursive: true });
  const trees = await cpythonTrees(minor, files);
  const original = new Map((await oracle(minor, "ast", trees.map((t) => t.path))).map((r) => [r.path, r]));
  const failures: RoundTripFailure[] = [];
  const unrepresentable: RoundTripFailure[] = [];
  const written: { path: string; out: string; text: string }[] = [];
  trees.forEach((t, i) => {
    try {
      const text = unparse(t.module, { minor });
      const out = join(tmpDir, `${i}.py`);
      writeFileSync(out, text);
      written.push({ path: t.path, out, text });
    } catch (e) {
      failures.push({ path: t.path, reason: `unparse threw: ${(e as Error).message}` });
    }
  });
  const reparsed = await oracle(minor, "ast", written.map((w) => w.out));
  const good: typeof written = [];
  written.forEach((w, i) => {
    const r = reparsed[i]!;
    const want = original.get(w.path)!;
    if (!r.ok) failures.push({ path: w.path, reason: `output rejected (${w.out}): ${JSON.stringify(r.error)}` });
    else if (r.dump !== want.dump && SURROGATE_PAIR_IN_DUMP.test(want.dump!))
      unrepresentable.push({ path: w.path, reason: "str literal with a surrogate pair as two code points" });
    else if (r.dump !== want.dump) failures.push({ path: w.path, reason: `dump differs (${w.out}) ${firstDifference(want.dump!, r.dump!)}` });
    else good.push(w);
  });
  const again = new Map((await cpythonTrees(minor, good.map((w) => w.out))).map((t) => [t.path, t]));
  let passed = 0;
  for (const w of good) {
    const t = again.get(w.out);
    const text = t ? unparse(t.module, { minor }) : "<missing>";
    if (text === w.text) passed++;
    else failures.push({ path: w.path, reason: `not idempotent (${w.out}) ${firstDifference(w.text, text)}` });
  }
  return { accepted: trees.length, passed, failures, unrepresentable };
}
