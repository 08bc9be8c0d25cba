/**
 * Wheel `RECORD` files (PEP 376 / PEP 627): one CSV row per installed file — path, `sha256=` hash
 * (urlsafe base64 without padding), size. Read leniently, written the way pip writes them
 * (`\n` line ends, quoting only where the CSV format needs it).
 */
import { createHash } from "node:crypto";

export interface RecordEntry {
  /** Path as written (relative to the site folder, POSIX separators, may start with `../`). */
  path: string;
  /** `algorithm=digest` or "". */
  hash: string;
  /** Size in bytes as written, or "". */
  size: string;
}

/** Parses CSV rows: commas, double-quoted fields with `""` escapes, `\n` or `\r\n` line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      row.push(field);
      field = "";
      if (row.length > 1 || row[0] !== "") rows.push(row);
      row = [];
      if (c === "\r" && text[i + 1] === "\n") i++;
    } else field += c;
    i++;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    if (row.length > 1 || row[0] !== "") rows.push(row);
  }
  return rows;
}

export function parseRecord(text: string): RecordEntry[] {
  return parseCsv(text)
    .filter((r) => r[0])
    .map((r) => ({ path: r[0]!, hash: r[1] ?? "", size: r[2] ?? "" }));
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatRecord(entries: readonly RecordEntry[]): string {
  return entries.map((e) => `${csvField(e.path)},${csvField(e.hash)},${csvField(e.size)}\n`).join("");
}

/** `sha256=<urlsafe base64, no padding>` of some bytes, as RECORD stores it. */
export function recordHash(bytes: Uint8Array): string {
  return "sha256=" + createHash("sha256").update(bytes).digest("base64url");
}
