/**
 * Where the identifier of a binding is written, for bindings whose AST node is wider than the name
 * (`def name`, `class name`, `except E as name`, `global a, b`, `import a.b as c`, `**rest`…).
 * Renamers need the exact span; the AST gives only the statement's. The scans below only cross
 * white space, line continuations, comments and the statement's own keywords.
 */
import type { SourceFile } from "../python/source.js";

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

/** Skips blanks, `\`-continuations and comments from `i`. */
function skipTrivia(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12 || c === 10 || c === 13) i++;
    else if (c === 92) i++; // a line continuation's backslash
    else if (c === 35) {
      while (i < end && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else break;
  }
  return i;
}

/** The first occurrence of identifier `name` as a whole word in `[from, end)`, or -1. */
export function findIdentifier(source: SourceFile, name: string, from: number, end: number): number {
  const text = source.text;
  let i = from;
  for (;;) {
    const at = text.indexOf(name, i);
    if (at < 0 || at + name.length > end) return -1;
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    const after = text.charCodeAt(at + name.length);
    if (!isIdentChar(before) && !(at + name.length < text.length && isIdentChar(after))) return at;
    i = at + 1;
  }
}

/** After the leading keywords (`async def`, `class`, `global`, `*`…) of a node starting at `start`. */
export function nameAfterKeywords(source: SourceFile, start: number, end: number, name: string): number {
  const text = source.text;
  let i = skipTrivia(text, start, end);
  // Skip keywords and star prefixes until the name itself.
  for (let guard = 0; guard < 4 && i < end; guard++) {
    if (text.startsWith(name, i) && !isIdentChar(text.charCodeAt(i + name.length))) return i;
    if (text.charCodeAt(i) === 42) while (i < end && text.charCodeAt(i) === 42) i++;
    else if (isIdentChar(text.charCodeAt(i))) while (i < end && isIdentChar(text.charCodeAt(i))) i++;
    else break;
    i = skipTrivia(text, i, end);
  }
  return findIdentifier(source, name, start, end);
}
