/**
 * Short names for renamed variables, shortest first: `a`…`z`, `A`…`Z`, then two characters and so
 * on. Keywords, soft keywords and `_` (the wildcard of `match`) are never produced, nor anything
 * starting with `__` (private-name mangling, dunders).
 */

const FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
const REST = FIRST + "0123456789";

export const KEYWORDS: ReadonlySet<string> = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
  "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
  "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]);
export const SOFT_KEYWORDS: ReadonlySet<string> = new Set(["_", "match", "case", "type"]);

const cache: string[] = [];
let spelled = 0;

/** The `i`-th generated name (0-based). */
export function shortName(i: number): string {
  while (cache.length <= i) {
    const s = spell(spelled++);
    if (!isReserved(s)) cache.push(s);
  }
  return cache[i]!;
}

function spell(n: number): string {
  // Names of length 1, then length 2, …: the first char from FIRST, the others from REST.
  let len = 1;
  let count = FIRST.length;
  while (n >= count) {
    n -= count;
    len++;
    count = FIRST.length * REST.length ** (len - 1);
  }
  let out = "";
  for (let k = len - 1; k > 0; k--) {
    out = REST[n % REST.length]! + out;
    n = Math.floor(n / REST.length);
  }
  return FIRST[n]! + out;
}

function isReserved(s: string): boolean {
  return KEYWORDS.has(s) || SOFT_KEYWORDS.has(s) || s.startsWith("__");
}

/** Whether `s` is a valid identifier our renamer may use (for names from edited plans). */
export function isUsableName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) && !isReserved(s);
}
