/** Option parsers shared by commands; each throws UsageError with a message naming the option. */
import { availableParallelism } from "node:os";
import { DEFAULT_MINOR, parsePythonVersion } from "../python/errors.js";
import { UsageError } from "./context.js";

export function pythonOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MINOR;
  try {
    return parsePythonVersion(value);
  } catch (e) {
    throw new UsageError(`--python: ${(e as Error).message}`);
  }
}

export function jobsOption(value: string | undefined): number {
  if (value === undefined) return Math.max(1, availableParallelism());
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--jobs: expected a whole number from 1 to 256, got '${value}'`);
  return n;
}
