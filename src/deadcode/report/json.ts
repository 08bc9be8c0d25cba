/**
 * JSON report: `{"findings": [{path, line, col, kind, name, confidence, reason, code}], "summary": {…}}`
 * with a fixed key order and no timings, so the same input gives the same bytes.
 */
import type { DeadcodeResult } from "../analyze.js";
import type { Finding } from "../findings.js";

export function findingJson(f: Finding): Record<string, unknown> {
  return { path: f.path, line: f.line, col: f.col, kind: f.kind, name: f.name, confidence: f.confidence, reason: f.reason, code: f.code };
}

export function summaryJson(r: DeadcodeResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const byKind: Record<string, number> = {};
  for (const f of r.findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  const sortedKinds: Record<string, number> = {};
  for (const k of Object.keys(byKind).sort()) sortedKinds[k] = byKind[k]!;
  return {
    findings: r.findings.length,
    belowMinConfidence: r.all.length - r.findings.length,
    minConfidence: r.minConfidence,
    byKind: sortedKinds,
    files: r.stats.files,
    definitions: r.stats.definitions,
    mode: r.mode,
    modeReason: r.modeReason,
    ...extra,
  };
}

export function formatJson(r: DeadcodeResult, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ findings: r.findings.map(findingJson), summary: summaryJson(r, extra) }, null, 2) + "\n";
}
