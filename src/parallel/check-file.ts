/** Reads one file and checks it; a read failure becomes a diagnostic, never an exception. */
import { readFileSync } from "node:fs";
import { Codes } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { describeFsError } from "../files/collect.js";
import { checkSyntax } from "../python/check.js";

export interface CheckFileOptions {
  minor: number;
  semantic: boolean;
  /** Path shown in diagnostics, by input path. */
  display?: Record<string, string>;
}

export interface CheckFileResult {
  bytes: number;
  diagnostic: Diagnostic | null;
}

export function checkFile(path: string, options: CheckFileOptions): CheckFileResult {
  const shown = options.display?.[path] ?? path;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return {
      bytes: 0,
      diagnostic: { code: Codes.ReadError, severity: "error", message: `cannot read file: ${describeFsError(e)}`, file: shown, line: 0, col: 0 },
    };
  }
  try {
    return { bytes: bytes.length, diagnostic: checkSyntax(bytes, shown, options) };
  } catch (e) {
    // A bug in tsrs must not take the whole run down; report it against the file.
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return {
      bytes: bytes.length,
      diagnostic: { code: Codes.InternalError, severity: "error", message: `internal error while checking (please report): ${message}`, file: shown, line: 0, col: 0 },
    };
  }
}
