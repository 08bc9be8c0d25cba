/** A one-line progress indicator on stderr, drawn only when interactive and at most ~10×/s. */
import type { CliContext } from "./context.js";

export function createProgress(ctx: CliContext, label: string): { update(done: number, total: number): void; done(): void } {
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      if (!ctx.interactive) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const pct = total ? Math.floor((done / total) * 100) : 100;
      ctx.stderr(`\r${label} ${done}/${total} (${pct}%)`);
      drawn = true;
    },
    done() {
      if (drawn) ctx.stderr("\r\x1b[K");
    },
  };
}
