/**
 * The call graph as people want to look at it: definitions (functions, classes, methods,
 * properties, module-level variables) and module code as nodes with stable string ids
 * (`pkg.mod:Cls.meth`, `pkg.mod` for module code); edges for references, with imports collapsed
 * (an edge to an import goes to what it imports) and attribute uses resolved by name to the
 * members they may reach. Sorted, so the same program gives the same bytes.
 */
import { DEF_KIND_NAMES, DefKind } from "./facts.js";
import type { LinkKind, Program } from "./program.js";

export interface CallGraphNode {
  id: string;
  kind: string;
  module: string;
  name: string;
  path: string;
  line: number;
  /** Present when liveness was computed. */
  alive?: boolean;
}

export type CallGraphEdgeKind = "ref" | "string" | "star" | "attr";

export interface CallGraphEdge {
  from: string;
  to: string;
  kind: CallGraphEdgeKind;
}

export interface CallGraph {
  nodes: CallGraphNode[];
  edges: CallGraphEdge[];
}

const LINK_NAMES: Record<LinkKind, CallGraphEdgeKind> = { 0: "ref", 1: "string", 2: "ref", 3: "star" };

export function buildCallGraph(p: Program, alive?: Uint8Array): CallGraph {
  const ids: (string | null)[] = new Array(p.nodeCount).fill(null);
  const nodes: CallGraphNode[] = [];
  p.files.forEach((f, fi) => {
    if (f.external) return;
    const id = f.module || f.rel;
    ids[p.moduleNode(fi)] = id;
    nodes.push({ id, kind: "module", module: f.module, name: f.module, path: f.rel, line: 1, ...(alive ? { alive: alive[p.moduleNode(fi)] === 1 } : {}) });
  });
  for (let d = 0; d < p.defCount; d++) {
    const f = p.file(d);
    if (f.external || p.kind(d) === DefKind.Import) continue;
    const id = `${f.module}:${p.qual(d)}`;
    ids[d] = id;
    const facts = f.facts;
    nodes.push({ id, kind: DEF_KIND_NAMES[p.kind(d)], module: f.module, name: p.qual(d), path: f.rel, line: facts.defLine[p.defLocal[d]!]!, ...(alive ? { alive: alive[d] === 1 } : {}) });
  }
  // The visible node a target stands for: imports are followed to what they import.
  const resolveTarget = (t: number, depth = 0): number[] => {
    if (ids[t] !== null) return [t];
    if (t >= p.defCount || depth > 8 || p.kind(t) !== DefKind.Import) return [];
    return p.defTargets[t]!.flatMap((x) => resolveTarget(x, depth + 1));
  };
  const owner = (n: number): number => {
    let cur = n;
    while (cur < p.defCount && ids[cur] === null) {
      const parent = p.defParent[cur]!;
      if (parent < 0) return p.moduleNode(p.defFile[cur]!);
      cur = parent;
    }
    return cur;
  };
  const seen = new Set<string>();
  const edges: CallGraphEdge[] = [];
  const add = (from: string, to: string, kind: CallGraphEdgeKind): void => {
    const k = `${from}\u0000${to}\u0000${kind}`;
    if (seen.has(k) || from === to) return;
    seen.add(k);
    edges.push({ from, to, kind });
  };
  for (let s = 0; s < p.nodeCount; s++) {
    if (s < p.defCount ? p.file(s).external : p.files[s - p.defCount]!.external) continue;
    const o = owner(s);
    const from = ids[o];
    if (from === null || from === undefined) continue;
    const targets = p.defTargets[s]!;
    const kinds = p.defTargetKinds[s]!;
    targets.forEach((t, i) => {
      for (const v of resolveTarget(t)) add(from, ids[v]!, LINK_NAMES[kinds[i]!]);
    });
    for (const a of [...p.attrTargets[s]!, ...p.memberTargets[s]!]) {
      for (const m of p.membersByName.get(a) ?? []) if (ids[m] !== null) add(from, ids[m]!, "attr");
    }
  }
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  edges.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  return { nodes, edges };
}

function dotId(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Graphviz text: modules as clusters, dead nodes (when known) in red, attribute edges dashed. */
export function callGraphDot(g: CallGraph): string {
  const out = ["digraph callgraph {", "  rankdir=LR;", '  node [shape=box, fontname="monospace", fontsize=10];'];
  const byModule = new Map<string, CallGraphNode[]>();
  for (const n of g.nodes) {
    const l = byModule.get(n.module);
    if (l) l.push(n);
    else byModule.set(n.module, [n]);
  }
  let i = 0;
  for (const [module, nodes] of [...byModule].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    out.push(`  subgraph cluster_${i++} {`, `    label=${dotId(module)};`);
    for (const n of nodes) {
      const style = n.alive === false ? ", color=firebrick, fontcolor=firebrick" : "";
      const shape = n.kind === "module" ? ", shape=folder" : n.kind === "class" ? ", shape=component" : "";
      out.push(`    ${dotId(n.id)} [label=${dotId(n.kind === "module" ? n.name : n.name)}${shape}${style}];`);
    }
    out.push("  }");
  }
  for (const e of g.edges) out.push(`  ${dotId(e.from)} -> ${dotId(e.to)}${e.kind === "attr" ? " [style=dashed]" : e.kind === "string" ? " [style=dotted]" : ""};`);
  out.push("}");
  return out.join("\n") + "\n";
}
