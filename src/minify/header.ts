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
  const count = source.lineCount;
  let inLicense = false;
  let licenseDone = !keepLicense;
  for (let line = 1; line <= count; line++) {
    const text = source.lineText(line);
    const start = source.lineStart(line);
    const trimmed = text.replace(/^[ \t\f]+/, "");
    if (trimmed === "") {
      if (inLicense) licenseDone = true;
      continue;
    }
    if (!trimmed.startsWith("#")) break;
    const entry = { text, start, end: start + text.length };
    if (line === 1 && text.startsWith("#!")) out.push({ ...entry, kind: "shebang" });
    else if (line <= 2 && COOKIE.test(text)) out.push({ ...entry, kind: "cookie" });
    else if (!licenseDone) {
      inLicense = true;
      out.push({ ...entry, kind: "license" });
    } else if (line > 2) break;
  }
  return out;
}
