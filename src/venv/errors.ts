/**
 * Known operational failures of the environment model: the venv is missing, is not a Python
 * environment, or is too damaged to describe. Each carries a stable code from the registry and the
 * path it concerns; the CLI prints the message and exits 2.
 */
import { Codes } from "../diagnostics/codes.js";

export type VenvErrorCode = typeof Codes.EnvNotFound | typeof Codes.EnvNotPython | typeof Codes.EnvBroken;

export class VenvError extends Error {
  override readonly name = "VenvError";
  constructor(
    readonly code: VenvErrorCode,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A failure of `slim` before anything was written (bad OUT, unsafe paths): the CLI exits 2. */
export class SlimError extends Error {
  override readonly name = "SlimError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
