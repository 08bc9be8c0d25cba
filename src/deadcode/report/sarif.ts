/** SARIF 2.1.0 report (code-scanning UIs): one rule per TSRS1xx code, one result per finding. */
import { VERSION } from "../../version.js";
import type { Finding } from "../findings.js";

const RULES: [string, string, string][] = [
  ["TSRS101", "unused-function", "unused function"],
  ["TSRS102", "unused-class", "unused class"],
  ["TSRS103", "unused-method", "unused method"],
  ["TSRS104", "unused-property", "unused property"],
  ["TSRS105", "unused-variable", "unused module-level variable"],
  ["TSRS106", "unused-import", "unused import"],
];

export function formatSarif(findings: readonly Finding[]): string {
  const doc = {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: {
          driver: {
            name: "tsrs",
            version: VERSION,
            rules: RULES.map(([id, name, text]) => ({ id, name, shortDescription: { text }, defaultConfiguration: { level: "warning" } })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.code,
          level: "warning",
          message: { text: `unused ${f.kind} '${f.name}' (confidence ${f.confidence}%: ${f.reason})` },
          locations: [{ physicalLocation: { artifactLocation: { uri: f.path }, region: { startLine: f.line, startColumn: f.col } } }],
          properties: { confidence: f.confidence, kind: f.kind, name: f.name },
        })),
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
