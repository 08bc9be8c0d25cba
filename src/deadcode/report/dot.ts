/**
 * DOT report of the dead code: each finding is a node; an edge `a -> b` says dead `a` is the only
 * kind of user `b` has ("only caller is dead"). Render with `dot -Tsvg`.
 */
import type { Program } from "../../graph/callgraph/program.js";
import type { Finding } from "../findings.js";

export function dotString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

export function formatDeadDot(program: Program, findings: readonly Finding[]): string {
  const lines = ["digraph deadcode {", "  rankdir=LR;", '  node [shape=box, fontname="monospace", fontsize=10, color=firebrick];'];
  const ids = new Map<number, string>();
  findings.forEach((f, i) => ids.set(f.def, `n${i}`));
  for (const f of findings) lines.push(`  ${ids.get(f.def)} [label=${dotString(`${f.kind} ${f.name}\n${f.path}:${f.line}\n${f.confidence}%`)}];`);
  // The finding each definition belongs to (itself or its nearest reported ancestor).
  const owner = new Int32Array(program.defCount).fill(-1);
  for (let d = 0; d < program.defCount; d++) {
    for (let c = d; c >= 0; c = program.defParent[c]!) {
      if (ids.has(c)) {
        owner[d] = c;
        break;
      }
    }
  }
  const edges = new Set<string>();
  for (let d = 0; d < program.defCount; d++) {
    const from = owner[d]!;
    if (from < 0) continue;
    for (const t of program.defTargets[d]!) {
      const to = t < program.defCount ? owner[t]! : -1;
      if (to >= 0 && to !== from) edges.add(`  ${ids.get(from)} -> ${ids.get(to)};`);
    }
  }
  lines.push(...[...edges].sort());
  lines.push("}");
  return lines.join("\n") + "\n";
}
