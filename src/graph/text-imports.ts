/**
 * Imports read off the text of a file that does not parse: every line that looks like an import
 * statement (`import a.b as c, d`, `from .x import (y, z)`, `if x: import y`). A stand-in for the
 * facts of a module we cannot parse, so that `slim` keeps what such a module may import instead of
 * dropping it: lines inside strings count too (over-approximation is the safe direction), and every
 * import is marked Conditional — where it runs is not known.
 */
import { ImportFlag, type ImportRef, type ModuleFacts } from "./module-facts.js";

const NAME = String.raw`[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*`;
const DOTTED = String.raw`${NAME}(?:\s*\.\s*${NAME})*`;
/** `import a.b [as c], d` — after the line's start, `;` or a block header's `:`. */
const IMPORT = new RegExp(String.raw`(?:^|[;:])\s*import\s+(${DOTTED}(?:\s+as\s+${NAME})?(?:\s*,\s*${DOTTED}(?:\s+as\s+${NAME})?)*)`, "gmu");
/** `from .a.b import x, y` / `from . import (x,` — the names up to the line's end or `)`. */
const FROM = new RegExp(String.raw`(?:^|[;:])\s*from\s+(\.*)\s*(${DOTTED})?\s+import\s*(\(?)([^)\n#;]*)`, "gmu");

export function importsFromText(text: string): ImportRef[] {
  const out: ImportRef[] = [];
  for (const m of text.matchAll(IMPORT)) {
    for (const part of m[1]!.split(",")) {
      const module = part.trim().split(/\s+as\s+/u)[0]!.replace(/\s+/gu, "");
      if (module) out.push({ module, level: 0, names: null, flags: ImportFlag.Conditional, tryId: 0, pos: m.index });
    }
  }
  for (const m of text.matchAll(FROM)) {
    const level = m[1]!.length;
    const module = (m[2] ?? "").replace(/\s+/gu, "");
    if (!module && level === 0) continue;
    let names = m[4]!;
    // A parenthesised list may go on over lines: read on to the closing parenthesis.
    if (m[3] === "(") {
      const close = text.indexOf(")", m.index + m[0].length);
      names = text.slice(m.index + m[0].length - m[4]!.length, close < 0 ? undefined : close);
    }
    const list = names
      .split(/[,\n]/u)
      .map((n) => n.replace(/#.*$/u, "").trim().split(/\s+as\s+/u)[0]!.trim())
      .filter((n) => n === "*" || new RegExp(`^${NAME}$`, "u").test(n));
    out.push({ module, level, names: list.length ? list : ["*"], flags: ImportFlag.Conditional, tryId: 0, pos: m.index });
  }
  return out.sort((a, b) => a.pos - b.pos);
}

const IMPORT_BYTES = Buffer.from("import");
const FROM_LINE = /^\s*from\s+([A-Za-z_][\w.]*)\s+$/u;
const IMPORT_NAMES = /^\s+([^\n#;]*)/u;

/**
 * The top-level names of the modules a file imports absolutely (`import a.b, c` → a, c; `from
 * a.b import x` → a), read off its bytes: every `import` that starts a statement on its line (at
 * the line's start, or after `;` or a block header's `:`). Lines inside strings count too — the
 * safe side for what it is used for (which files keep their docstrings) — and a statement
 * continued with a backslash gives only its first line's names. The same statements as
 * importsFromText finds, but only their top-level modules, and fast: one byte search per
 * occurrence of `import`, no decoding of the whole file (minify-dir runs it on every file).
 */
export function importedTops(bytes: Buffer): string[] {
  const out = new Set<string>();
  for (let at = bytes.indexOf(IMPORT_BYTES); at >= 0; at = bytes.indexOf(IMPORT_BYTES, at + 6)) {
    const lineStart = bytes.lastIndexOf(10, at) + 1;
    let prefix = bytes.toString("utf8", lineStart, at);
    const cut = Math.max(prefix.lastIndexOf(";"), prefix.lastIndexOf(":"));
    if (cut >= 0) prefix = prefix.slice(cut + 1);
    if (/^\s*$/u.test(prefix)) {
      let lineEnd = bytes.indexOf(10, at);
      if (lineEnd < 0) lineEnd = bytes.length;
      const names = IMPORT_NAMES.exec(bytes.toString("utf8", at + 6, lineEnd))?.[1] ?? "";
      for (const part of names.split(",")) {
        const top = /^\s*([A-Za-z_]\w*)/u.exec(part)?.[1];
        if (top) out.add(top);
      }
    } else {
      const from = FROM_LINE.exec(prefix)?.[1];
      if (from) out.add(from.split(".")[0]!);
    }
  }
  return [...out];
}

/** Facts of a module known only by its text: its import lines, nothing else. */
export function textualFacts(text: string): ModuleFacts {
  return { imports: importsFromText(text), flags: 0, all: null, metadata: [], groups: [], dynamicPackages: [], dynamicPos: 0, dotted: [] };
}
