/**
 * What a command needs from the outside world, passed in rather than reached for: output streams,
 * the working directory, whether stderr is a terminal. Keeps commands testable in-process.
 */
export interface CliContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Progress may be drawn (stderr is a TTY and output is not JSON). */
  interactive: boolean;
}

/** Exit codes, the same for every command. */
export const Exit = {
  Ok: 0,
  /** Findings or a failed check. */
  Findings: 1,
  /** Usage error or bad input (missing path, unreadable file, malformed config). */
  Usage: 2,
} as const;
export type ExitCode = (typeof Exit)[keyof typeof Exit];

/** A usage or input error the CLI reports as `tsrs: error: …` with exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

let pipesGuarded = false;

/** A closed pipe on stdout (`tsrs … | head`) ends the output quietly, as for any Unix tool. */
function guardPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}

export function processContext(): CliContext {
  guardPipes();
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
  };
}
