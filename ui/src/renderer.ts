// The one module that knows the graph renderer (sigma.js 4 on graphology,
// WebGL). The rest of the explorer hands it a RenderModel — what to draw,
// already coloured, dimmed, sized and filtered — and listens to its events.
// Swapping the renderer (e.g. for cytoscape.js) means rewriting this file.

import Graph from "graphology";
import Sigma, { DEFAULT_STYLES } from "sigma";
import { extremityArrow, layerFill, layerPlain, pathCurved, pathLine, pathLoop, sdfCircle, sdfSquare } from "sigma/rendering";
import type { Camera } from "./state";

export interface RenderNode {
  id: string;
  /** What the canvas writes beside the node (truncated); fullLabel shows on hover. */
  label: string;
  fullLabel: string;
  x: number;
  y: number;
  size: number;
  color: string;
  labelColor: string;
  square?: boolean;
  /** The selection ring's colour; empty: no ring. */
  ring: string;
  /** Always labelled (selected, focused, lit), whatever the label grid decides. */
  forceLabel: boolean;
}

export interface RenderEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  color: string;
  labelColor: string;
  size: number;
  /** Labelled whatever the zoom (selected or lit); others on hover or zoomed in. */
  forceLabel: boolean;
}

export interface RenderModel {
  nodes: RenderNode[];
  edges: RenderEdge[];
  background: string;
  /** The box behind a hovered node's label (sigma's default is white, unreadable on dark). */
  labelBackground: string;
}

export interface RendererEvents {
  clickNode(id: string): void;
  clickEdge(id: string): void;
  clickStage(): void;
  doubleClickNode(id: string): void;
  camera(c: Camera): void;
  /** A node was dragged to (x, y) in graph coordinates; done on release. */
  dragNode?(id: string, x: number, y: number, done: boolean): void;
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
  /** Fits the given nodes (all when omitted) in view, labels included, leaving `left` pixels free (under the legend). */
  fit(ids?: Iterable<string>, left?: number): void;
  /** Viewport (CSS pixel) positions of the nodes, for exports. */
  viewportPositions(): Map<string, { x: number; y: number; size: number }>;
  size(): { width: number; height: number };
  /** The nodes and edges whose labels are drawn now. */
  labels(): { nodes: string[]; edges: string[] };
  /** Follows the container's size. */
  resize(): void;
  /** The ids of the nodes and edges drawn now (the tests compare them with the visible ones). */
  drawn(): { nodes: string[]; edges: string[] };
  kill(): void;
}

/** Below this camera ratio (zoomed in), every edge label is shown where there is room. */
const ZOOMED_IN = 0.6;
/** Room kept around a fitted view, and on the right for the labels. */
const FIT_PAD = 40;
const FIT_LABEL_ROOM = 140;
/** A label starting closer than this to the right edge is drawn on the node's left. */
const LABEL_ROOM = 170;

/**
 * Sigma's programs, styles and settings: circles and squares, straight
 * edges with arrows, curved ones where two nodes share several relations,
 * a ring around the selection, labels by the rules of labelRules.
 */
function sigmaOptions(compact: boolean, zoomedIn: () => boolean, leftLabels: ReadonlySet<string>): ConstructorParameters<typeof Sigma>[2] {
  return {
    primitives: {
      nodes: { shapes: [sdfCircle(), sdfSquare()], layers: [layerFill()] },
      edges: {
        paths: [pathLine(), pathCurved(), pathLoop()],
        extremities: [extremityArrow()],
        layers: [layerPlain()],
      },
    },
    styles: {
      nodes: [
        DEFAULT_STYLES.nodes,
        {
          labelColor: { attribute: "labelColor" },
          shape: { attribute: "shape" },
          backdropColor: { attribute: "backdropColor" },
          // Truncated on the canvas, whole when hovered.
          label: { whenState: "isHovered", then: { attribute: "fullLabel" }, else: { attribute: "label" } },
          labelVisibility: (a: Record<string, unknown>, st: { isHovered: boolean }) => (st.isHovered || a.forceLabel ? "visible" : "auto"),
          // Near the canvas's right edge, labels go left of their node instead of under the side panel.
          labelPosition: (a: Record<string, unknown>) => (leftLabels.has(a.id as string) ? "left" : "right"),
        },
        {
          // The selection keeps its type's colour and gets a ring.
          when: (a: Record<string, unknown>) => !!a.ring,
          then: {
            backdropVisibility: "visible",
            backdropArea: "node",
            backdropColor: "#00000000",
            backdropBorderColor: { attribute: "ring" },
            backdropBorderWidth: 3,
            backdropPadding: 3,
            backdropShadowBlur: 0,
            backdropShadowColor: "#00000000",
          },
        },
      ],
      edges: [
        DEFAULT_STYLES.edges,
        {
          head: "arrow",
          path: "line",
          parallelPath: "curved",
          parallelSpread: 0.35,
          selfLoopPath: "loop",
          labelColor: { attribute: "labelColor" },
          labelVisibility: (a: Record<string, unknown>, st: { isHovered: boolean }) => (st.isHovered || a.forceLabel ? "visible" : zoomedIn() ? "auto" : "hidden"),
        },
      ],
      // Transparent: the page's theme shows through (ui/src/styles.css).
      stage: { background: "#00000000" },
    } as never,
    settings: {
      renderEdgeLabels: true,
      // The canvas: one graph unit is one pixel at ratio 1, whatever the
      // graph holds, so adding nodes never moves the others on screen. The
      // console's small frame fits its content instead.
      autoRescale: compact,
      itemSizesReference: "screen",
      // Sizes say degree or influence: zooming in separates crowded nodes
      // instead of swelling them; zooming out (a 10,000-node map) shrinks
      // them, or they would merge into one blot.
      zoomToSizeRatioFunction: (ratio: number) => Math.max(1, Math.sqrt(ratio)),
      enableEdgeEvents: true,
      enableNodeDrag: !compact,
      hideEdgesOnMove: false,
      // Fewer, longer-lived labels: a label cell wide enough for a truncated label.
      labelDensity: 0.8,
      labelGridCellSize: 150,
      stagePadding: compact ? 30 : 60,
      allowInvalidContainer: compact,
      labelRenderedSizeThreshold: 4,
      zoomDuration: 150,
      doubleClickZoomingRatio: 1,
      minCameraRatio: 0.02,
      // A graph unit is a pixel at zoom 1: 10,000 laid-out nodes span tens of thousands.
      maxCameraRatio: 400,
    },
  };
}

/** A node's graph attributes; backdrop is the box behind its label when hovered. */
function nodeAttrs(n: RenderNode, backdrop: string) {
  return {
    id: n.id,
    x: n.x,
    y: n.y,
    size: n.size,
    color: n.color,
    label: n.label,
    fullLabel: n.fullLabel,
    labelColor: n.labelColor,
    shape: n.square ? "square" : "circle",
    backdropColor: backdrop,
    ring: n.ring,
    forceLabel: n.forceLabel,
  };
}

function edgeAttrs(e: RenderEdge) {
  return { size: e.size, color: e.color, label: e.label, labelColor: e.labelColor, forceLabel: e.forceLabel };
}

type MultiGraph = Graph;
// multi: two nodes may share several relations (recognizes, trades with).
const newGraph = (): MultiGraph => new Graph({ multi: true, type: "directed", allowSelfLoops: true });

/**
 * Puts the model into graph, element by element, and returns it; or, for a
 * big change (a 10,000-node result, its undo), returns a new graph built at
 * once (element by element, sigma would redo its indexes thousands of times).
 */
function updateGraph(graph: MultiGraph, model: RenderModel, backdrop: string): MultiGraph {
  const keepN = new Set(model.nodes.map((n) => n.id));
  const keepE = new Set(model.edges.map((e) => e.id));
  let changes = Math.abs(graph.order - keepN.size);
  if (changes < 1000) graph.forEachNode((id) => void (keepN.has(id) || changes++));
  if (changes >= 1000) {
    const g = newGraph();
    for (const n of model.nodes) if (!g.hasNode(n.id)) g.addNode(n.id, nodeAttrs(n, backdrop));
    for (const e of model.edges) if (g.hasNode(e.source) && g.hasNode(e.target) && !g.hasEdge(e.id)) g.addDirectedEdgeWithKey(e.id, e.source, e.target, edgeAttrs(e));
    return g;
  }
  graph.forEachEdge((id) => {
    if (!keepE.has(id)) graph.dropEdge(id);
  });
  graph.forEachNode((id) => {
    if (!keepN.has(id)) graph.dropNode(id);
  });
  for (const n of model.nodes) {
    if (graph.hasNode(n.id)) graph.mergeNodeAttributes(n.id, nodeAttrs(n, backdrop));
    else graph.addNode(n.id, nodeAttrs(n, backdrop));
  }
  for (const e of model.edges) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
    if (graph.hasEdge(e.id)) graph.mergeEdgeAttributes(e.id, edgeAttrs(e));
    else graph.addDirectedEdgeWithKey(e.id, e.source, e.target, edgeAttrs(e));
  }
  return graph;
}

/** The camera state that shows the graph-coordinate box [x0, x1] × [y0, y1], `left` pixels kept free. */
function frame(sigma: Sigma, [x0, x1, y0, y1]: number[], left: number): Camera {
  const { width, height } = sigma.getDimensions();
  const c = sigma.graphToFramedGraph({ x: (x0 + x1) / 2, y: (y0 + y1) / 2 });
  // autoRescale off: at ratio 1 a graph unit is a pixel, so the ratio is the box over the room.
  const room = Math.max(1, width - 2 * FIT_PAD - FIT_LABEL_ROOM - left);
  const ratio = Math.max((x1 - x0) / room, (y1 - y0) / Math.max(1, height - 2 * FIT_PAD), 0.25);
  // The box's centre goes to the centre of the room: right of what is kept free, left of the labels' room.
  const offset = ((FIT_LABEL_ROOM - left) / 2) * ratio;
  const shift = sigma.graphToFramedGraph({ x: (x0 + x1) / 2 + offset, y: 0 }).x - sigma.graphToFramedGraph({ x: (x0 + x1) / 2, y: 0 }).x;
  return { x: c.x + shift, y: c.y, ratio };
}

/** The bounding box [x0, x1, y0, y1] of the nodes ids in graph, null when none is there. */
function bbox(graph: MultiGraph, ids: Iterable<string>): number[] | null {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const id of ids) {
    if (!graph.hasNode(id)) continue;
    const a = graph.getNodeAttributes(id);
    [x0, x1, y0, y1] = [Math.min(x0, a.x), Math.max(x1, a.x), Math.min(y0, a.y), Math.max(y1, a.y)];
  }
  return x0 === Infinity ? null : [x0, x1, y0, y1];
}

/**
 * Keeps `left` (the nodes whose labels go on their left: those near the
 * right edge) up to date, a moment after the view changes; refreshes
 * sigma when it changed. Not above 3,000 nodes: too costly per frame.
 */
function labelPlacer(sigma: Sigma, graph: () => MultiGraph, left: Set<string>): () => void {
  let timer = 0;
  return () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      const g = graph();
      if (g.order > 3000) return;
      const { width } = sigma.getDimensions();
      let changed = false;
      g.forEachNode((id, a) => {
        const goLeft = sigma.graphToViewport({ x: a.x as number, y: a.y as number }).x > width - LABEL_ROOM;
        if (goLeft !== left.has(id)) {
          changed = true;
          if (goLeft) left.add(id);
          else left.delete(id);
        }
      });
      if (changed) sigma.refresh();
    }, 120);
  };
}

/** Large graphs: no edge labels and fewer node labels, so that each frame stays cheap (software WebGL included). */
function scaleSettings(sigma: Sigma, nodes: number): void {
  const big = nodes > 2000;
  if (sigma.getSetting("renderEdgeLabels") !== big) return;
  sigma.setSetting("renderEdgeLabels", !big);
  sigma.setSetting("labelRenderedSizeThreshold", big ? 14 : 4);
  sigma.setSetting("enableEdgeEvents", !big);
}

/**
 * Draws into container. compact: a small frame (the console's graph view)
 * that may be detached from the page between renders.
 */
export function createRenderer(container: HTMLElement, on: RendererEvents, opts: { compact?: boolean } = {}): Renderer {
  let graph = newGraph();
  let zoomedIn = false;
  const leftLabels = new Set<string>();
  const sigma = new Sigma(graph, container, sigmaOptions(!!opts.compact, () => zoomedIn, leftLabels));
  const placeLabels = labelPlacer(sigma, () => graph, leftLabels);
  sigma.on("clickNode", (p) => on.clickNode(p.node));
  sigma.on("clickEdge", (p) => on.clickEdge(p.edge));
  sigma.on("clickStage", () => on.clickStage());
  sigma.on("doubleClickNode", (p) => {
    p.preventSigmaDefault?.();
    on.doubleClickNode(p.node);
  });
  const dragged = (id: string, done: boolean) => {
    if (!graph.hasNode(id)) return;
    const a = graph.getNodeAttributes(id);
    on.dragNode?.(id, a.x as number, a.y as number, done);
  };
  sigma.on("nodeDrag", (p) => dragged(p.node, false));
  sigma.on("nodeDragEnd", (p) => dragged(p.node, true));
  const cam = sigma.getCamera();
  cam.on("updated", (s) => {
    on.camera({ x: s.x, y: s.y, ratio: s.ratio });
    // Edge labels depend on the zoom: re-evaluate the styles when it crosses the line.
    if (s.ratio < ZOOMED_IN !== zoomedIn) {
      zoomedIn = !zoomedIn;
      sigma.refresh();
    }
    placeLabels();
  });

  return {
    sync(model) {
      // The layers are transparent: the container's background is the canvas's.
      container.style.background = model.background;
      scaleSettings(sigma, model.nodes.length);
      const g = updateGraph(graph, model, model.labelBackground);
      if (g !== graph) {
        graph = g;
        leftLabels.clear();
        sigma.setGraph(g);
        return;
      }
      sigma.refresh();
      placeLabels();
    },
    move(positions) {
      for (const [id, p] of positions) if (graph.hasNode(id)) graph.mergeNodeAttributes(id, p);
      placeLabels();
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
    fit(ids, left = 0) {
      if (opts.compact) return void cam.animate({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }, { duration: 300 });
      const box = bbox(graph, ids ?? graph.nodes());
      if (box) void cam.animate({ ...frame(sigma, box, left), angle: 0 }, { duration: 300 });
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
    resize() {
      sigma.resize();
    },
    labels() {
      return { nodes: [...sigma.getNodeDisplayedLabels()].sort(), edges: [...sigma.getEdgeDisplayedLabels()].sort() };
    },
    drawn() {
      return { nodes: graph.nodes().sort(), edges: graph.edges().sort() };
    },
    kill() {
      sigma.kill();
    },
  };
}
