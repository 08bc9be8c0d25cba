/**
 * The comment lines a minified file keeps at its top: the shebang (line 1), the PEP 263 coding
 * cookie (line 1 or 2: it decides how the bytes are decoded), and — with `keepLicenseHeader` — the
 * first block of comment lines before any code.
 */
import type { SourceFile } from "../python/source.js";

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+/;

export interface HeaderLine {
  /** The line's text without its line ending. */
  text: string;
  /** Offset of the line's first character and of its end (before the line ending). */
  start: number;
  end: number;
  kind: "shebang" | "cookie" | "license";
}

export function fileHeader(source: SourceFile, keepLicense: boolean): HeaderLine[] {
  const out: HeaderLine[] = [];
  const text = source.text;
  let inLicense = false;
  let licenseDone = !keepLicense;
  // Only the first lines matter: scan them directly rather than indexing the whole file.
  let start = 0;
  for (let line = 1; start < text.length || line === 1; line++) {
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const lineText = text.slice(start, end);
    const next = end < text.length && text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    const trimmed = lineText.replace(/^[ \t\f]+/, "");
    if (trimmed === "") {
      if (inLicense) licenseDone = true;
      if (end >= text.length) break;
      start = next;
      continue;
    }
    if (!trimmed.startsWith("#")) break;
    const entry = { text: lineText, start, end };
    if (line === 1 && lineText.startsWith("#!")) out.push({ ...entry, kind: "shebang" });
    else if (line <= 2 && COOKIE.test(lineText)) out.push({ ...entry, kind: "cookie" });
    else if (!licenseDone) {
      inLicense = true;
      out.push({ ...entry, kind: "license" });
    } else if (line > 2) break;
    if (end >= text.length) break;
    start = next;
  }
  return out;
}
