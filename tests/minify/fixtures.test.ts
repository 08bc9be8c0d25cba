/**
 * Fixture tests, one folder per transform: tests/fixtures/minify/<transform>/<case>/input.py →
 * expected.py, with optional options.json (settings overrides). Each transform runs alone (plus the
 * compact printer, or the preserve layout); every expected output must also be a fixed point
 * (minifying it again changes nothing). `TSRS_UPDATE=1` writes missing expected files for review.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { DEFAULT_SETTINGS, mergeSettings, type MinifySettings } from "../../src/minify/options.js";
import { minifySource } from "../../src/minify/pipeline.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/minify");

const NONE = { removeDocstrings: false, removePass: false, renameLocals: false, renameGlobals: false };
const BASE: Record<string, Partial<MinifySettings>> = {
  "remove-docstrings": { ...NONE, removeDocstrings: true },
  "remove-pass": { ...NONE, removePass: true },
  "rename-names": { ...NONE, renameLocals: true },
  compact: NONE,
  comments: NONE,
  "preserve-layout": {},
};

for (const transform of Object.keys(BASE)) {
  const dir = join(ROOT, transform);
  if (!existsSync(dir)) continue;
  describe(transform, () => {
    for (const name of readdirSync(dir).sort()) {
      const caseDir = join(dir, name);
      test(name, () => {
        const options = existsSync(join(caseDir, "options.json"))
          ? (JSON.parse(readFileSync(join(caseDir, "options.json"), "utf8")) as Partial<MinifySettings>)
          : {};
        const settings = mergeSettings(DEFAULT_SETTINGS, { ...BASE[transform], ...options });
        const input = readFileSync(join(caseDir, "input.py"));
        const result = minifySource(input, `${transform}/${name}/input.py`, settings);
        expect(result.status === "minified" || result.status === "unchanged", `${result.status}: ${result.reason}`).toBe(true);
        const actual = Buffer.from(result.output).toString("latin1");
        const expectedPath = join(caseDir, "expected.py");
        if (!existsSync(expectedPath) && process.env.TSRS_UPDATE) writeFileSync(expectedPath, result.output);
        expect(actual).toBe(readFileSync(expectedPath).toString("latin1"));
        const again = minifySource(result.output, `${transform}/${name}/expected.py`, settings);
        expect(again.status, "minifying the output again must change nothing").toBe("unchanged");
      });
    }
  });
}
