/**
 * `tsrs analyze VENV [--json]` — what a Python environment holds: interpreter, version, layout,
 * and per distribution its size, file count, import names, requirements and whether it ships
 * compiled code, largest first, with totals. Exit 0, or 2 when VENV is not a usable environment.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { formatDiagnostic } from "../../diagnostics/diagnostic.js";
import { analyzeEnvironment, type EnvironmentReport } from "../../venv/analyze.js";
import { VenvError } from "../../venv/errors.js";
import { type CliContext, Exit, type ExitCode, UsageError } from "../context.js";

interface Options {
  json?: boolean;
  requirements?: boolean;
}

export function registerAnalyze(program: Command, run: (fn: (ctx: CliContext) => Promise<ExitCode>) => Promise<void>): void {
  program
    .command("analyze")
    .description("describe a virtual environment: interpreter, layout, distributions by size")
    .argument("<venv>", "a virtual environment (or a conda-style prefix, or its bin/python)")
    .option("--json", "print one JSON document instead of text")
    .option("--no-requirements", "leave requirements out of the text report")
    .addHelpText(
      "after",
      `
For each distribution: name, version, size on disk, number of files, the names it is imported
by (dist name ≠ import name: PyYAML → yaml), its requirements (markers evaluated for the venv's
Python and platform; inactive ones are shown in brackets), and whether it ships compiled code.
Files no distribution claims are listed as (unowned) entries.

Examples:
  tsrs analyze .venv
  tsrs analyze --json .venv | jq '.distributions[:5]'
  tsrs analyze /opt/conda/envs/app

Exit status: 0 ok, 2 when VENV is missing or not a Python environment.`,
    )
    .action((venv: string, opts: Options) => run((ctx) => analyzeCommand(ctx, venv, opts)));
}

export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/** Orders a report's keys for JSON output (fixed order, stable across runs). */
function reportJson(r: EnvironmentReport): unknown {
  return {
    path: r.path,
    kind: r.kind,
    layout: r.layout,
    python: r.python,
    interpreter: r.interpreter,
    interpreterTarget: r.interpreterTarget,
    siteDirs: r.siteDirs,
    includeSystemSitePackages: r.includeSystemSitePackages,
    home: r.home,
    totals: r.totals,
    distributions: r.distributions.map((d) => ({
      name: d.name,
      version: d.version,
      kind: d.kind,
      size: d.size,
      files: d.files,
      importNames: d.importNames,
      native: d.native,
      editable: d.editable,
      installer: d.installer,
      location: d.location,
      fileList: d.fileList,
      requires: d.requires,
    })),
    pth: r.pth,
    diagnostics: r.diagnostics.map((d) => ({ path: d.file, line: d.line, code: d.code, severity: d.severity, message: d.message })),
  };
}

export async function analyzeCommand(ctx: CliContext, venv: string, opts: Options): Promise<ExitCode> {
  let report: EnvironmentReport;
  try {
    report = analyzeEnvironment(resolve(ctx.cwd, venv));
  } catch (e) {
    if (e instanceof VenvError) throw new UsageError(`${e.message} [${e.code}]`);
    throw e;
  }
  if (opts.json) {
    ctx.stdout(JSON.stringify(reportJson(report), null, 2) + "\n");
    return Exit.Ok;
  }
  const out: string[] = [];
  out.push(`${report.path}`);
  out.push(`  Python ${report.python} (${report.kind === "venv" ? "virtual environment" : "prefix"}, ${report.layout} layout)`);
  if (report.interpreter) out.push(`  interpreter: ${report.interpreter}${report.interpreterTarget ? ` -> ${report.interpreterTarget}` : ""}`);
  out.push(`  site-packages: ${report.siteDirs.join(", ")}${report.includeSystemSitePackages ? " (+ system site-packages)" : ""}`);
  out.push("");
  const rows = report.distributions.map((d) => [
    d.kind === "unowned" ? `(unowned) ${d.name}` : d.name,
    d.version,
    formatSize(d.size),
    String(d.files),
    d.importNames.join(", ") || "-",
    d.native ? "native" : "",
  ]);
  const head = ["distribution", "version", "size", "files", "imports", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  out.push(line(head));
  report.distributions.forEach((d, i) => {
    out.push(line(rows[i]!));
    if (opts.requirements !== false && d.requires.length > 0) {
      const reqs = d.requires.map((r) => (r.active ? r.text.split(";")[0]!.trim() : `[${r.text.split(";")[0]!.trim()}]`));
      const active = reqs.filter((r) => !r.startsWith("["));
      if (active.length > 0) out.push(`    requires: ${active.join(", ")}`);
    }
  });
  out.push("");
  const t = report.totals;
  out.push(`${t.distributions} distributions, ${t.files} files, ${formatSize(t.size)}${t.native ? ` (${t.native} with compiled code)` : ""}`);
  ctx.stdout(out.join("\n") + "\n");
  for (const d of report.diagnostics) {
    if (d.severity !== "info") ctx.stderr(`${formatDiagnostic(d)} [${d.code}]\n`);
  }
  return Exit.Ok;
}
