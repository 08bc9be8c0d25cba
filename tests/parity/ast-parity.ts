/**
 * AST parity: our parser + dump against CPython's `ast.parse` + `ast.dump`, file by file.
 * A file CPython accepts must dump identically (with and without positions); a file it rejects
 * must be rejected. Used by tests/parity/*.test.ts and by `npm run test:parity`.
 */
import { readFileSync } from "node:fs";
import { dumpAst } from "../../src/python/dump.js";
import { PythonSyntaxError } from "../../src/python/errors.js";
import { parseSource } from "../../src/python/parser.js";
import { decodeSource } from "../../src/python/source.js";
import { oracle, type OracleRecord } from "../oracle/oracle.js";

export interface Mismatch {
  path: string;
  kind: "dump" | "positions" | "accepted-invalid" | "rejected-valid" | "crash";
  detail: string;
}

export interface ParityReport {
  minor: number;
  files: number;
  valid: number;
  validMatched: number;
  invalid: number;
  invalidRejected: number;
  /** Rejected files whose first error line equals CPython's. */
  invalidSameLine: number;
  mismatches: Mismatch[];
  ourSeconds: number;
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 80);
  return `at ${i}:\n  ours:    …${a.slice(from, i + 120)}\n  cpython: …${b.slice(from, i + 120)}`;
}

function compareOne(minor: number, r: OracleRecord, report: ParityReport): void {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(r.path);
  } catch {
    return;
  }
  const t0 = performance.now();
  let ours: { dump: string; dumpPos: string } | { error: PythonSyntaxError } | { crash: unknown };
  try {
    const source = decodeSource(bytes, r.path);
    const { module } = parseSource(source, { minor });
    report.ourSeconds += (performance.now() - t0) / 1000;
    ours = r.ok
      ? { dump: dumpAst(module, source, { minor }), dumpPos: dumpAst(module, source, { minor, positions: true }) }
      : { dump: "", dumpPos: "" };
  } catch (e) {
    report.ourSeconds += (performance.now() - t0) / 1000;
    ours = e instanceof PythonSyntaxError ? { error: e } : { crash: e };
  }
  if ("crash" in ours) {
    const e = ours.crash as Error;
    report.mismatches.push({ path: r.path, kind: "crash", detail: String(e?.stack ?? e).slice(0, 600) });
    if (r.ok) report.valid++;
    else report.invalid++;
    return;
  }
  if (r.ok) {
    report.valid++;
    if ("error" in ours) {
      report.mismatches.push({ path: r.path, kind: "rejected-valid", detail: ours.error.format() });
    } else if (ours.dump !== r.dump) {
      report.mismatches.push({ path: r.path, kind: "dump", detail: firstDifference(ours.dump, r.dump!) });
    } else if (ours.dumpPos !== r.dumpPos) {
      report.mismatches.push({ path: r.path, kind: "positions", detail: firstDifference(ours.dumpPos, r.dumpPos!) });
    } else report.validMatched++;
  } else {
    report.invalid++;
    if ("error" in ours) {
      report.invalidRejected++;
      if (ours.error.line === r.error?.line) report.invalidSameLine++;
    } else {
      report.mismatches.push({ path: r.path, kind: "accepted-invalid", detail: `CPython: ${r.error?.type}: ${r.error?.message} (line ${r.error?.line})` });
    }
  }
}

/** Compares `files` for one version, in batches (the oracle's output for a whole stdlib is large). */
export async function astParity(minor: 11 | 14, files: string[], batch = 200): Promise<ParityReport> {
  const report: ParityReport = {
    minor, files: files.length, valid: 0, validMatched: 0, invalid: 0, invalidRejected: 0, invalidSameLine: 0, mismatches: [], ourSeconds: 0,
  };
  for (let i = 0; i < files.length; i += batch) {
    const records = await oracle(minor, "ast", files.slice(i, i + batch));
    for (const r of records) compareOne(minor, r, report);
  }
  return report;
}

export function formatReport(r: ParityReport, maxMismatches = 20): string {
  const pct = (a: number, b: number): string => (b ? ((100 * a) / b).toFixed(2) : "100.00") + "%";
  const lines = [
    `Python 3.${r.minor}: ${r.files} files`,
    `  accepted by CPython: ${r.validMatched}/${r.valid} match exactly (${pct(r.validMatched, r.valid)})`,
    `  rejected by CPython: ${r.invalidRejected}/${r.invalid} rejected (${pct(r.invalidRejected, r.invalid)}), same error line: ${r.invalidSameLine}`,
  ];
  const byKind = new Map<string, number>();
  for (const m of r.mismatches) byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
  if (byKind.size) lines.push(`  mismatches: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(", ")}`);
  for (const m of r.mismatches.slice(0, maxMismatches)) lines.push(`  - [${m.kind}] ${m.path}\n    ${m.detail.replace(/\n/g, "\n    ")}`);
  return lines.join("\n");
}
