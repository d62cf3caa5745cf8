// The console's "Graph" result view: the result's nodes and the relations
// among them, laid out on a circle and drawn by the same renderer adapter
// (renderer.ts) as the canvas, in a small frame. Pure: builds the model.

import type { GEdge } from "./graph-model";
import type { RenderModel } from "./renderer";
import { truncate } from "./scene-model";
import type { Palette } from "./theme";

/** At most this many nodes are drawn; the rest is counted. */
export const RESULT_GRAPH_LIMIT = 150;

export interface ResultNode {
  id: string;
  label: string;
  type: string;
}

/**
 * The render model of a result: nodes on a circle in result order (the
 * renderer fits it to the frame), the relations among the drawn nodes.
 */
export function resultGraphModel(
  nodes: ResultNode[],
  edges: GEdge[],
  pal: Palette,
  typeColor: (type: string) => string,
  limit = RESULT_GRAPH_LIMIT,
): RenderModel & { hidden: number } {
  const shown = nodes.slice(0, limit);
  const ids = new Set(shown.map((n) => n.id));
  const n = shown.length;
  return {
    nodes: shown.map((x, i) => {
      const a = n === 1 ? 0 : (2 * Math.PI * i) / n - Math.PI / 2;
      const label = x.label || x.id;
      return { id: x.id, label: truncate(label), fullLabel: label, x: n === 1 ? 0 : Math.cos(a), y: n === 1 ? 0 : Math.sin(a), size: 6, color: typeColor(x.type), labelColor: pal.text, ring: "", forceLabel: false };
    }),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: e.id, source: e.source, target: e.target, label: e.predicateLabel, color: pal.edge, labelColor: pal.text, size: 1.5, forceLabel: false })),
    background: pal.bg,
    labelBackground: pal.panel,
    hidden: nodes.length - shown.length,
  };
}
