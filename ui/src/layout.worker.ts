// ForceAtlas2 off the main thread: the page sends the graph's structure and
// current positions, the worker runs iterations in small batches and posts
// positions back after each, so the page stays responsive at 10,000 nodes.

import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";

export interface LayoutRequest {
  type: "run";
  run: number;
  nodes: { id: string; x: number; y: number; fixed?: boolean }[];
  edges: [string, string][];
  iterations: number;
  /** Only new nodes move (the others are fixed): no gravity, so they stay near where they were placed. */
  incremental?: boolean;
}
export interface LayoutStop {
  type: "stop";
}
export interface LayoutTick {
  type: "tick" | "done";
  run: number;
  ids?: string[];
  xy: Float32Array;
  iterations: number;
}

let current = 0;

/**
 * Page units per ForceAtlas2 unit. The canvas draws a graph unit as a pixel
 * (at zoom 1), and ForceAtlas2 settles linked nodes some ten units apart:
 * scaled, they sit a readable hundred-odd pixels apart.
 */
const SCALE = 8;

self.onmessage = (ev: MessageEvent<LayoutRequest | LayoutStop>) => {
  const msg = ev.data;
  if (msg.type === "stop") {
    current = -1;
    return;
  }
  current = msg.run;
  const g = new Graph({ type: "undirected", multi: false });
  // size: what adjustSizes keeps apart (in ForceAtlas2 units, about a node and its margin on screen).
  for (const n of msg.nodes) g.addNode(n.id, { x: n.x / SCALE, y: n.y / SCALE, fixed: !!n.fixed, size: 2 });
  for (const [s, t] of msg.edges) if (s !== t && g.hasNode(s) && g.hasNode(t) && !g.hasEdge(s, t)) g.addEdge(s, t);
  const big = g.order > 1500;
  const settings = {
    ...forceAtlas2.inferSettings(g),
    barnesHutOptimize: big,
    // Keep disconnected parts (a search result next to an expansion) in view,
    // with ForceAtlas2's own gentle pull: more packs small graphs too tight to label.
    strongGravityMode: true,
    gravity: msg.incremental ? 0.01 : 0.05,
    // Hubs' neighbours spread around them instead of piling on them.
    outboundAttractionDistribution: true,
    // Nodes do not overlap (costly with Barnes-Hut, so not on big graphs).
    adjustSizes: !big,
    slowDown: big ? 5 : 2,
  };
  const ids = msg.nodes.map((n) => n.id);
  const batch = big ? 2 : 10;
  let done = 0;
  const post = (type: "tick" | "done") => {
    const xy = new Float32Array(ids.length * 2);
    ids.forEach((id, i) => {
      xy[2 * i] = g.getNodeAttribute(id, "x") * SCALE;
      xy[2 * i + 1] = g.getNodeAttribute(id, "y") * SCALE;
    });
    const out: LayoutTick = { type, run: msg.run, xy, iterations: done, ids: done === 0 ? ids : undefined };
    (self as unknown as Worker).postMessage(out, [xy.buffer]);
  };
  const step = () => {
    if (current !== msg.run) return;
    forceAtlas2.assign(g, { iterations: batch, settings });
    done += batch;
    if (done >= msg.iterations) {
      post("done");
      return;
    }
    post("tick");
    setTimeout(step, 0);
  };
  setTimeout(step, 0);
};
