/** Removes the test run's cache folder (vitest.config.ts sets TSRS_CACHE_DIR) when the run ends. */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = join(tmpdir(), `tsrs-test-cache-${process.pid}`);
  return () => rmSync(dir, { recursive: true, force: true });
}
