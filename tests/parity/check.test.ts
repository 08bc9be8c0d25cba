/**
 * check-syntax parity: our verdict (parse + __future__ + symtable + compiler checks) against
 * CPython's compile() on the standard-library corpora. Every file compile() accepts must pass;
 * every file it rejects must be rejected, and we report how often the line matches too.
 * CI runs a sample; TSRS_PARITY=full runs every file.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { checkSyntax } from "../../src/python/check.js";
import { oracle } from "../oracle/oracle.js";
import { corpusFiles, sampleFiles } from "./corpus.js";

const FULL = process.env.TSRS_PARITY === "full";

describe.each([11, 14] as const)("check-syntax parity with compile() on CPython 3.%i", (minor) => {
  test(FULL ? "every stdlib file" : "stdlib sample", async () => {
    const all = corpusFiles(minor);
    const files = FULL ? all : sampleFiles(all, 20, /badsyntax|bad_coding|test_future|test_syntax|test_grammar|test_patma/);
    let accepted = 0;
    let rejected = 0;
    let sameLine = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < files.length; i += 200) {
      for (const r of await oracle(minor, "compile", files.slice(i, i + 200))) {
        const ours = checkSyntax(readFileSync(r.path), r.path, { minor });
        if (r.ok) {
          accepted++;
          if (ours) mismatches.push(`${r.path}: we reject a file compile() accepts: ${ours.line}:${ours.col}: ${ours.message}`);
        } else {
          rejected++;
          if (!ours) mismatches.push(`${r.path}: we accept a file compile() rejects: ${r.error?.message} (line ${r.error?.line})`);
          else if (ours.line === r.error?.line) sameLine++;
        }
      }
    }
    console.log(`Python 3.${minor}: ${files.length} files; compile() accepts ${accepted}, rejects ${rejected}; mismatches ${mismatches.length}; same error line ${sameLine}/${rejected}`);
    expect(accepted).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
  }, 1_800_000);
});
