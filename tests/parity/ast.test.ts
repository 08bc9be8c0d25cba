/**
 * Differential AST parity with CPython 3.11 (python3) and 3.14 (pyodide) on the standard
 * libraries. CI runs a fixed sample (every 20th file plus the grammar and bad-syntax tests);
 * `npm run test:parity` (TSRS_PARITY=full) runs every file.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { astParity, formatReport } from "./ast-parity.js";
import { corpusFiles, sampleFiles } from "./corpus.js";

const FULL = process.env.TSRS_PARITY === "full";

describe.each([11, 14] as const)("ast.dump parity with CPython 3.%i", (minor) => {
  test(FULL ? "every stdlib file" : "stdlib sample", async () => {
    const all = corpusFiles(minor);
    const files = FULL ? all : sampleFiles(all, 20);
    const report = await astParity(minor, files);
    const text = formatReport(report);
    console.log(text);
    if (FULL) writeFileSync(`parity-ast-3.${minor}.txt`, formatReport(report, 100000) + "\n");
    expect(report.valid).toBeGreaterThan(0);
    expect(report.invalid).toBeGreaterThan(0);
    expect(report.mismatches, text).toEqual([]);
  }, 1_800_000);
});
