import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Commands run by the tests keep their caches here, not in the user's ~/.cache/tsrs.
    env: { TSRS_CACHE_DIR: join(tmpdir(), `tsrs-test-cache-${process.pid}`) },
    globalSetup: ["tests/global-setup.ts"],
  },
});
