/** Text report: one `path:line:col: CODE unused kind 'name' (confidence N%: reason)` line per finding. */
import type { Finding } from "../findings.js";

export function formatFindingLine(f: Finding): string {
  return `${f.path}:${f.line}:${f.col}: ${f.code} unused ${f.kind} '${f.name}' (confidence ${f.confidence}%: ${f.reason})`;
}

export function formatText(findings: readonly Finding[]): string {
  return findings.map((f) => formatFindingLine(f) + "\n").join("");
}
