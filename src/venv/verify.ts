/**
 * `--verify "CMD"`: runs a shell command inside the slim venv, as if it were activated
 * (`VIRTUAL_ENV`, its `bin/` first on `PATH`; `PYTHONHOME` and `PYTHONPATH` unset so nothing
 * outside the venv can make up for what it lacks), in the code folder. Output is streamed to the
 * caller; the result is the exit status.
 */
import { spawn } from "node:child_process";
import { delimiter, join } from "node:path";

export interface VerifyResult {
  command: string;
  exitCode: number;
  signal: string | null;
  ms: number;
}

export function runVerify(
  command: string,
  out: string,
  cwd: string,
  onOutput: (chunk: string) => void,
  layout: "posix" | "windows" = "posix",
): Promise<VerifyResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.PYTHONHOME;
  delete env.PYTHONPATH;
  env.VIRTUAL_ENV = out;
  const bin = join(out, layout === "windows" ? "Scripts" : "bin");
  const pathKey = Object.keys(env).find((k) => k.toUpperCase() === "PATH") ?? "PATH";
  env[pathKey] = env[pathKey] ? `${bin}${delimiter}${env[pathKey]}` : bin;
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, { cwd, env, shell: true, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (b: Buffer) => onOutput(b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => onOutput(b.toString("utf8")));
    child.on("error", (e) => {
      onOutput(`${e.message}\n`);
      resolve({ command, exitCode: 127, signal: null, ms: Date.now() - start });
    });
    child.on("close", (code, signal) => resolve({ command, exitCode: code ?? 128, signal, ms: Date.now() - start }));
  });
}
