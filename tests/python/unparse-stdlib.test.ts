/**
 * Full-stdlib unparse round trip (slow; only with TSRS_PARITY=full): every .py file of CPython 3.11's
 * stdlib (including test/, excluding site-packages) and of pyodide's 3.14 stdlib that CPython accepts
 * must round-trip through our unparser and be idempotent; the 3.11 corpus is also run as 3.14.
 * Prints the numbers; failures are listed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { roundTrip, type RoundTripFailure } from "./unparse-roundtrip.js";

const FULL = process.env.TSRS_PARITY === "full";
const STDLIB_311 = "/root/.pyenv/versions/3.11.7/lib/python3.11";
const BATCH = 200;

function pyFiles(root: string, skip: (rel: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      if (skip(r)) continue;
      const st = statSync(path);
      if (st.isDirectory()) walk(path, r);
      else if (name.endsWith(".py") && st.isFile()) out.push(path);
    }
  };
  walk(root, "");
  return out;
}

function pyodideStdlib(): string {
  const zip = join(dirname(createRequire(import.meta.url).resolve("pyodide/package.json")), "python_stdlib.zip");
  const dir = mkdtempSync(join(tmpdir(), "tsrs-pyodide-stdlib-"));
  execFileSync("unzip", ["-q", "-o", zip, "-d", dir]);
  return dir;
}

async function run(minor: 11 | 14, files: string[]): Promise<{ accepted: number; passed: number; failures: RoundTripFailure[] }> {
  const unrepresentable: RoundTripFailure[] = [];
  const work = mkdtempSync(join(tmpdir(), `tsrs-unparse-stdlib-${minor}-`));
  let accepted = 0;
  let passed = 0;
  const failures: RoundTripFailure[] = [];
  for (let i = 0; i < files.length; i += BATCH) {
    const r = await roundTrip(minor, files.slice(i, i + BATCH), join(work, String(i / BATCH)));
    accepted += r.accepted;
    passed += r.passed;
    failures.push(...r.failures);
    unrepresentable.push(...r.unrepresentable);
  }
  console.log(
    `unparse round trip, Python 3.${minor}: ${passed}/${accepted} files (${files.length} scanned), ` +
      `${unrepresentable.length} not representable in our AST, ${failures.length} failures`);
  for (const f of unrepresentable) console.log(`  (unrepresentable) ${f.path}: ${f.reason}`);
  for (const f of failures) console.log(`  ${f.path}: ${f.reason.slice(0, 400)}`);
  return { accepted, passed, failures };
}

describe.skipIf(!FULL)("unparse round trip over the stdlib", () => {
  test.skipIf(!existsSync(STDLIB_311))("CPython 3.11 stdlib", async () => {
    const files = pyFiles(STDLIB_311, (rel) => rel === "site-packages");
    const r = await run(11, files);
    expect(r.failures).toEqual([]);
  }, 3_600_000);

  // The bigger 3.11 corpus (with test/) again, read and unparsed as Python 3.14.
  test.skipIf(!existsSync(STDLIB_311))("CPython 3.11 stdlib under 3.14", async () => {
    const files = pyFiles(STDLIB_311, (rel) => rel === "site-packages");
    const r = await run(14, files);
    expect(r.failures).toEqual([]);
  }, 3_600_000);

  test("pyodide CPython 3.14 stdlib", async () => {
    const r = await run(14, pyFiles(pyodideStdlib(), () => false));
    expect(r.failures).toEqual([]);
  }, 3_600_000);
});
