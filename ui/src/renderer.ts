// The one module that knows the graph renderer (sigma.js 4 on graphology,
// WebGL). The rest of the explorer hands it a RenderModel — what to draw,
// already coloured, dimmed and filtered — and listens to its events.
// Swapping the renderer (e.g. for cytoscape.js) means rewriting this file.

import Graph from "graphology";
import Sigma, { DEFAULT_STYLES } from "sigma";
import { extremityArrow, layerDashed, layerFill, layerPlain, pathLine, sdfCircle, sdfSquare } from "sigma/rendering";
import type { Camera } from "./state";

export interface RenderNode {
  id: string;
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
  labelColor: string;
  square?: boolean;
}

export interface RenderEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  color: string;
  size: number;
  dashed: boolean;
}

export interface RenderModel {
  nodes: RenderNode[];
  edges: RenderEdge[];
  background: string;
  edgeLabelColor: string;
  /** The box behind a hovered node's label (sigma's default is white, unreadable on dark). */
  labelBackground: string;
}

export interface RendererEvents {
  clickNode(id: string): void;
  clickEdge(id: string): void;
  clickStage(): void;
  doubleClickNode(id: string): void;
  camera(c: Camera): void;
}

export interface Renderer {
  /** Draws the model: adds, updates and removes nodes and edges by id. */
  sync(model: RenderModel): void;
  /** Moves nodes (from the layout) without touching anything else. */
  move(positions: Map<string, { x: number; y: number }>): void;
  camera(): Camera;
  setCamera(c: Camera, animate?: boolean): void;
  /** Centres the view on a node. */
  focus(id: string): void;
  /** Fits everything in view. */
  fit(): void;
  /** Viewport (CSS pixel) positions of the nodes, for exports. */
  viewportPositions(): Map<string, { x: number; y: number; size: number }>;
  size(): { width: number; height: number };
  /** The ids of the nodes and edges drawn now (the tests compare them with the visible ones). */
  drawn(): { nodes: string[]; edges: string[] };
  kill(): void;
}

/**
 * Sigma's programs, styles and settings: circles and squares, solid and
 * dashed edges with arrows, per-edge colours bound to graph attributes.
 */
function sigmaOptions(compact: boolean): ConstructorParameters<typeof Sigma>[2] {
  return {
    primitives: {
      nodes: { shapes: [sdfCircle(), sdfSquare()], layers: [layerFill()] },
      edges: {
        paths: [pathLine()],
        // Per-edge values the layers read; the styles below bind them to graph attributes.
        variables: {
          solidColor: { type: "color", default: "#00000000" },
          dash: { type: "number", default: 0 },
          gap: { type: "number", default: 0 },
        },
        extremities: [extremityArrow()],
        layers: [
          // Solid edges: solidColor is transparent on dashed ones.
          layerPlain({ color: { attribute: "solidColor", default: "#00000000" } }),
          // Single-source edges: dash and gap are 0 (transparent) on solid ones.
          layerDashed({
            dashSize: { attribute: "dash", default: 0, mode: "pixels" },
            gapSize: { attribute: "gap", default: 0, mode: "pixels" },
            dashColor: { attribute: "color" },
          }),
        ],
      },
    },
    styles: {
      nodes: [DEFAULT_STYLES.nodes, { labelColor: { attribute: "labelColor" }, shape: { attribute: "shape" }, backdropColor: { attribute: "backdropColor" } }],
      edges: [
        DEFAULT_STYLES.edges,
        {
          head: "arrow",
          labelColor: { attribute: "labelColor" },
          solidColor: { attribute: "solidColor" },
          dash: { attribute: "dash" },
          gap: { attribute: "gap" },
        },
      ],
      // Transparent: the page's theme shows through (ui/src/styles.css).
      stage: { background: "#00000000" },
    } as never,
    settings: {
      renderEdgeLabels: true,
      // Rescale to the graph's extent on every change: the canvas grows from one node.
      autoRescale: true,
      itemSizesReference: "screen",
      enableEdgeEvents: true,
      hideEdgesOnMove: false,
      labelDensity: 1,
      stagePadding: compact ? 30 : 60,
      allowInvalidContainer: compact,
      labelRenderedSizeThreshold: 4,
      zoomDuration: 150,
      doubleClickZoomingRatio: 1,
      minCameraRatio: 0.02,
      maxCameraRatio: 20,
    },
  };
}

/** A node's graph attributes; backdrop is the box behind its label when hovered. */
function nodeAttributes(n: RenderNode, backdrop: string) {
  return { x: n.x, y: n.y, size: n.size, color: n.color, label: n.label, labelColor: n.labelColor, shape: n.square ? "square" : "circle", backdropColor: backdrop };
}

/** An edge's graph attributes: the solid layer draws solid edges, the dashed layer the others. */
function edgeAttrs(e: RenderEdge, labelColor: string) {
  return {
    size: e.size,
    color: e.color,
    label: e.label,
    labelColor,
    solidColor: e.dashed ? "#00000000" : e.color,
    dash: e.dashed ? 6 : 0,
    gap: e.dashed ? 4 : 0,
  };
}

/**
 * Draws into container. compact: a small frame (the console's graph view)
 * that may be detached from the page between renders.
 */
export function createRenderer(container: HTMLElement, on: RendererEvents, opts: { compact?: boolean } = {}): Renderer {
  const newGraph = () => new Graph({ multi: false, type: "directed", allowSelfLoops: true });
  let graph = newGraph();
  const sigma = new Sigma(graph, container, sigmaOptions(!!opts.compact));

  sigma.on("clickNode", (p) => on.clickNode(p.node));
  sigma.on("clickEdge", (p) => on.clickEdge(p.edge));
  sigma.on("clickStage", () => on.clickStage());
  sigma.on("doubleClickNode", (p) => {
    p.preventSigmaDefault?.();
    on.doubleClickNode(p.node);
  });
  const cam = sigma.getCamera();
  cam.on("updated", (s) => on.camera({ x: s.x, y: s.y, ratio: s.ratio }));

  let backdrop = "#ffffff";
  const nodeAttrs = (n: RenderNode) => nodeAttributes(n, backdrop);

  return {
    sync(model) {
      // The layers are transparent: the container's background is the canvas's.
      container.style.background = model.background;
      backdrop = model.labelBackground;
      // Large graphs: no edge labels and fewer node labels, so that each
      // frame stays cheap (software WebGL included).
      const big = model.nodes.length > 2000;
      if (sigma.getSetting("renderEdgeLabels") === big) {
        sigma.setSetting("renderEdgeLabels", !big);
        sigma.setSetting("labelRenderedSizeThreshold", big ? 14 : 4);
        sigma.setSetting("enableEdgeEvents", !big);
      }
      const keepN = new Set(model.nodes.map((n) => n.id));
      const keepE = new Set(model.edges.map((e) => e.id));
      let changes = Math.abs(graph.order - keepN.size);
      if (changes < 1000) graph.forEachNode((id) => void (keepN.has(id) || changes++));
      if (changes >= 1000) {
        // A big change (a 10,000-node result, its undo): build a new graph
        // and hand it over at once; element by element, sigma would redo
        // its indexes thousands of times.
        const g = newGraph();
        for (const n of model.nodes) if (!g.hasNode(n.id)) g.addNode(n.id, nodeAttrs(n));
        for (const e of model.edges)
          if (g.hasNode(e.source) && g.hasNode(e.target) && !g.hasEdge(e.id) && !g.hasDirectedEdge(e.source, e.target))
            g.addDirectedEdgeWithKey(e.id, e.source, e.target, edgeAttrs(e, model.edgeLabelColor));
        graph = g;
        sigma.setGraph(g);
        return;
      }
      graph.forEachEdge((id) => {
        if (!keepE.has(id)) graph.dropEdge(id);
      });
      graph.forEachNode((id) => {
        if (!keepN.has(id)) graph.dropNode(id);
      });
      for (const n of model.nodes) {
        if (graph.hasNode(n.id)) graph.mergeNodeAttributes(n.id, nodeAttrs(n));
        else graph.addNode(n.id, nodeAttrs(n));
      }
      for (const e of model.edges) {
        if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
        if (graph.hasEdge(e.id)) graph.mergeEdgeAttributes(e.id, edgeAttrs(e, model.edgeLabelColor));
        else if (!graph.hasDirectedEdge(e.source, e.target)) graph.addDirectedEdgeWithKey(e.id, e.source, e.target, edgeAttrs(e, model.edgeLabelColor));
      }
      sigma.refresh();
    },
    move(positions) {
      for (const [id, p] of positions) if (graph.hasNode(id)) graph.mergeNodeAttributes(id, p);
    },
    camera() {
      const s = cam.getState();
      return { x: s.x, y: s.y, ratio: s.ratio };
    },
    setCamera(c, animate = false) {
      if (animate) void cam.animate(c, { duration: 300 });
      else cam.setState(c);
    },
    focus(id) {
      const d = sigma.getNodeDisplayData(id);
      if (d) void cam.animate({ x: d.x, y: d.y, ratio: Math.min(cam.getState().ratio, 1) }, { duration: 300 });
    },
    fit() {
      void cam.animate({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }, { duration: 300 });
    },
    viewportPositions() {
      const out = new Map<string, { x: number; y: number; size: number }>();
      graph.forEachNode((id, a) => {
        const p = sigma.graphToViewport({ x: a.x as number, y: a.y as number });
        out.set(id, { x: p.x, y: p.y, size: sigma.scaleSize(a.size as number) });
      });
      return out;
    },
    size() {
      const d = sigma.getDimensions();
      return { width: d.width, height: d.height };
    },
    drawn() {
      return { nodes: graph.nodes().sort(), edges: graph.edges().sort() };
    },
    kill() {
      sigma.kill();
    },
  };
}
