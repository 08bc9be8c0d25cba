/**
 * Preserve layout: the transforms' changes applied as minimal edits to the original text, so every
 * remaining statement stays on its original line (readable diffs, tracebacks that still point at
 * the right line). Renamed identifiers are replaced in place; removed docstrings and `pass`
 * statements are cut out but their line breaks kept (an emptied block gets `pass` on the same line);
 * comments are dropped except the shebang, the coding cookie, type comments (type-comments.ts) and,
 * if asked, the license header.
 */
import type { JoinedStr, Module, Node, TemplateStr } from "../python/ast.js";
import { FieldKind, NODE_SPECS } from "../python/ast-schema.js";
import type { SourceFile } from "../python/source.js";
import { printExpr } from "./printer.js";
import { fileHeader } from "./header.js";
import type { MinifySettings } from "./options.js";
import type { ChangeLog } from "./transform.js";
import { isRuntimeComment, lineEndAt } from "./type-comments.js";

interface Edit {
  start: number;
  end: number;
  text: string;
}

export function preserveLayout(
  module: Module,
  source: SourceFile,
  changes: ChangeLog,
  comments: ReadonlyArray<{ start: number; end: number }>,
  settings: MinifySettings,
  canEncode: (cp: number) => boolean,
): string {
  const text = source.text;
  const edits: Edit[] = [];

  for (const r of changes.renamed) edits.push({ start: r.start, end: r.end, text: r.to });
  // An f-string with a renamed name inside is reprinted whole: `f"{name=}"` spells the name in its
  // text, which a rename in place would change.
  for (const f of fstringsWithRenames(module, changes)) {
    const printed = printExpr(f, { minor: settings.minor, canEncode });
    const had = lineBreaks(text, f.start, f.end);
    const got = (printed.match(/\n/g) ?? []).length;
    const breaks = had.split(/\r\n|\r|\n/).length - 1;
    if (got > breaks) continue;
    edits.push({ start: f.start, end: f.end, text: printed + (source.newline.repeat(breaks - got)) });
  }

  for (const removed of changes.removed) {
    let { start, end } = removed.stmt;
    // `"doc"; x = 1` / `x = 1; pass`: take the semicolon along.
    let j = end;
    while (j < text.length && (text[j] === " " || text[j] === "\t")) j++;
    if (text[j] === ";") {
      end = j + 1;
      while (end < text.length && (text[end] === " " || text[end] === "\t")) end++;
    } else {
      let i = start;
      while (i > 0 && (text[i - 1] === " " || text[i - 1] === "\t")) i--;
      if (text[i - 1] === ";") start = i - 1;
    }
    // A statement alone on its line leaves an empty line, not one of white space.
    if (!removed.replacement) {
      const lineStart = source.lineStart(source.lineOf(start));
      if (/^[ \t\f]*$/.test(text.slice(lineStart, start))) start = lineStart;
    }
    edits.push({ start, end, text: (removed.replacement ? "pass" : "") + lineBreaks(text, start, end) });
  }

  if (settings.removeComments) {
    const kept = new Set(fileHeader(source, settings.keepLicenseHeader).map((h) => h.start));
    for (const c of comments) {
      const lineStart = source.lineStart(source.lineOf(c.start));
      if (kept.has(lineStart) && /^[ \t\f]*$/.test(text.slice(lineStart, c.start))) continue;
      if (isRuntimeComment(text.slice(c.start, lineEndAt(text, c.start)))) continue;
      // Drop the white space before the comment too.
      let start = c.start;
      while (start > lineStart && (text[start - 1] === " " || text[start - 1] === "\t" || text[start - 1] === "\f")) start--;
      edits.push({ start, end: c.end, text: "" });
    }
  }

  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let pos = 0;
  for (const e of edits) {
    if (e.start < pos) continue; // inside an earlier edit (a comment within a removed docstring)
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  out += text.slice(pos);
  return out;
}

/** The line breaks in text[start, end), as they were written. */
function lineBreaks(text: string, start: number, end: number): string {
  let out = "";
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) out += text.charCodeAt(i + 1) === 10 ? (i++, "\r\n") : "\r";
    else if (c === 10) out += "\n";
  }
  return out;
}

/** Outermost f-strings / t-strings that contain a renamed identifier. */
function fstringsWithRenames(module: Module, changes: ChangeLog): Array<JoinedStr | TemplateStr> {
  if (changes.renamed.length === 0) return [];
  const renamed = new Set<Node>(changes.renamed.map((r) => r.node));
  const out: Array<JoinedStr | TemplateStr> = [];
  const walk = (node: Node, inside: JoinedStr | TemplateStr | null): void => {
    if (inside && renamed.has(node) && out[out.length - 1] !== inside) out.push(inside);
    const outer = inside ?? (node._type === "JoinedStr" || node._type === "TemplateStr" ? node : null);
    const rec = node as unknown as Record<string, unknown>;
    for (const f of NODE_SPECS[node._type].fields) {
      const v = rec[f.name];
      if (f.kind === FieldKind.List) {
        for (const x of (v as unknown[] | undefined) ?? []) if (x && typeof x === "object" && "_type" in x) walk(x as Node, outer);
      } else if (v && typeof v === "object" && "_type" in v) walk(v as Node, outer);
    }
  };
  walk(module, null);
  return out as Array<JoinedStr | TemplateStr>;
}

