/** Where tsrs keeps its caches: $TSRS_CACHE_DIR, else $XDG_CACHE_HOME/tsrs, else ~/.cache/tsrs. */
import { homedir } from "node:os";
import { join } from "node:path";

export function defaultCacheDir(): string {
  if (process.env.TSRS_CACHE_DIR) return process.env.TSRS_CACHE_DIR;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "tsrs");
}
