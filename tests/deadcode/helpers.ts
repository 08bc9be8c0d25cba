/** Runs the CLI in-process (no build needed) with a working directory; collects the output. */
import { main } from "../../src/cli/main.js";
import type { CliContext } from "../../src/cli/context.js";

export async function runCli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const ctx: CliContext = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, interactive: false };
  const code = await main(args, ctx);
  return { code, stdout, stderr };
}
