// What the canvas draws for a state, as a RenderModel: colours by type,
// sizes by degree or influence, a ring on the selection, edges as wide as
// their independent sources, labels by the rules (selected, focused, lit),
// the rest dimmed. Pure (unit tested); canvas.ts adds the positions.

import { independentSources, localName } from "./graph-model";
import type { RenderEdge, RenderModel, RenderNode } from "./renderer";
import { type AppState, passingEvidence } from "./state";
import type { Palette } from "./theme";
import type { InfluenceResult } from "./types";

/** Labels longer than this are cut on the canvas; the whole label shows on hover. */
export const LABEL_MAX = 28;

export function truncate(label: string, max = LABEL_MAX): string {
  return label.length <= max ? label : label.slice(0, max - 1).trimEnd() + "…";
}

/** Node sizes in pixels: leaves small, hubs and influencers large. */
export const SIZE = { min: 5, max: 18 };

/**
 * An edge's width from its independent sources (distinct document and
 * attribution pairs): thin for one, thicker with corroboration; unknown
 * (claims not read yet) in between.
 */
export function edgeWidth(sources: number | undefined): number {
  if (sources === undefined) return 1.5;
  return sources <= 1 ? 1 : sources === 2 ? 2.5 : 4;
}

/** Degrees over the visible edges. */
export function degrees(app: AppState, edges: Iterable<string>): Map<string, number> {
  const d = new Map<string, number>();
  for (const id of edges) {
    const e = app.graph.edges[id];
    d.set(e.source, (d.get(e.source) ?? 0) + 1);
    d.set(e.target, (d.get(e.target) ?? 0) + 1);
  }
  return d;
}

/** Node sizes: by degree (square root, so hubs do not swamp), or by influence score on the Why? target. */
export function nodeSizes(app: AppState, visible: { nodes: Set<string>; edges: Set<string> }, influence: InfluenceResult | null): Map<string, number> {
  const out = new Map<string, number>();
  const span = SIZE.max - SIZE.min;
  if (app.sizeBy === "influence" && influence) {
    const top = Math.max(...influence.influencers.map((i) => i.score), 1e-9);
    for (const id of visible.nodes) out.set(id, SIZE.min);
    for (const i of influence.influencers) if (visible.nodes.has(i.node.id)) out.set(i.node.id, SIZE.min + span * Math.sqrt(i.score / top));
    if (visible.nodes.has(influence.target.id)) out.set(influence.target.id, SIZE.max);
    return out;
  }
  const deg = degrees(app, visible.edges);
  const top = Math.max(1, ...deg.values());
  for (const id of visible.nodes) out.set(id, SIZE.min + span * Math.sqrt((deg.get(id) ?? 0) / top));
  return out;
}

export interface SceneInput {
  app: AppState;
  visible: { nodes: Set<string>; edges: Set<string> };
  influence: InfluenceResult | null;
  pal: Palette;
  typeColor: (type: string) => string;
  position: (id: string) => { x: number; y: number };
}

export function sceneModel({ app, visible, influence, pal, typeColor, position }: SceneInput): RenderModel {
  const hl = app.highlight;
  const lit = hl ? { nodes: new Set(hl.nodes), edges: new Set(hl.edges) } : null;
  const sel = app.selection;
  const selNode = sel?.kind === "node" ? sel.id : null;
  const sizes = nodeSizes(app, visible, influence);
  const nodes: RenderNode[] = [...visible.nodes].map((id) => {
    const n = app.graph.nodes[id];
    const dim = !!lit && !lit.nodes.has(id);
    return {
      id,
      label: truncate(n.label),
      fullLabel: n.label,
      ...position(id),
      size: sizes.get(id) ?? SIZE.min,
      color: dim ? pal.dim : typeColor(n.group ? "group" : n.type),
      labelColor: dim ? pal.dimText : pal.text,
      square: !!n.group,
      ring: id === selNode ? pal.accent : "",
      forceLabel: id === selNode || id === app.focus || (!!lit && lit.nodes.has(id) && lit.nodes.size <= 60),
    };
  });
  const edges: RenderEdge[] = [...visible.edges].map((id) => {
    const e = app.graph.edges[id];
    const ev = passingEvidence(e, app.filters);
    const dim = !!lit && !lit.edges.has(id);
    const selected = sel?.kind === "edge" && sel.id === id;
    const touchesSel = !!selNode && (e.source === selNode || e.target === selNode);
    return {
      id,
      source: e.source,
      target: e.target,
      label: e.predicateLabel,
      color: dim ? pal.dim : selected || lit ? pal.accent : pal.edge,
      labelColor: dim ? pal.dimText : pal.text,
      size: edgeWidth(ev ? independentSources(ev) : undefined) + (selected ? 1.5 : 0),
      forceLabel: selected || (!!lit && !dim) || (touchesSel && !dim),
    };
  });
  return { nodes, edges, background: pal.bg, labelBackground: pal.panel };
}

export interface LegendEntry {
  type: string;
  label: string;
  color: string;
  /** Nodes of the type on the canvas (hidden ones included). */
  count: number;
  hidden: boolean;
}

/** The types on the canvas with their colours and counts, most common first. */
export function legendEntries(app: AppState, typeColor: (type: string) => string): LegendEntry[] {
  const counts = new Map<string, number>();
  for (const n of Object.values(app.graph.nodes)) {
    const t = n.group ? "group" : n.type;
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const hidden = new Set(app.filters.hiddenTypes);
  return [...counts]
    .map(([type, count]) => ({ type, label: type === "group" ? "grouped nodes" : type ? localName(type) : "untyped", color: typeColor(type), count, hidden: hidden.has(type) }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
