// The graph canvas: the renderer adapter (renderer.ts) wired to the store,
// the nodes' positions, and the ForceAtlas2 layout in a worker. The canvas
// draws a RenderModel made from the state; its events go to the actions.

import { h } from "./dom";
import { type Scene } from "./exports";
import { independentSources, nodeCount } from "./graph-model";
import type { LayoutRequest, LayoutTick } from "./layout.worker";
import LayoutWorker from "./layout.worker?worker";
import { createRenderer, type RenderModel, type Renderer, type RendererEvents } from "./renderer";
import { type Camera, passingEvidence } from "./state";
import type { Store } from "./store";
import { palette, typeColor } from "./theme";

type Point = { x: number; y: number };

export interface CanvasEvents extends RendererEvents {
  /** The layout has settled (the positions a permalink holds are final). */
  settled(): void;
}

export class Canvas {
  /** Positions live outside the state: the layout moves them many times a second. */
  private readonly pos = new Map<string, Point>();
  private renderer: Renderer | null = null;
  private events: CanvasEvents | null = null;
  private worker: Worker | null = null;
  private layoutIds: string[] = [];
  private lastMove = 0;
  /** Why? and Path bring new nodes: show them all once the layout settles. */
  private fitWhenSettled = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly store: Store,
  ) {}

  /** Creates the renderer; without WebGL, says so and switches to the list view. */
  start(events: CanvasEvents): void {
    this.events = events;
    try {
      this.renderer = createRenderer(this.container, events);
    } catch (e) {
      // No WebGL: the list view still works.
      this.renderer = null;
      this.container.append(h("p", { class: "error" }, `The graph canvas needs WebGL (${(e as Error).message}); the list view works without it.`));
      this.store.update("app", { view: "list" }, "none");
    }
  }

  /** Whether the canvas draws (false without WebGL). */
  get drawing(): boolean {
    return this.renderer !== null;
  }

  /** What the canvas shows for the state: visible elements, coloured, dimmed, dashed. */
  model(): RenderModel {
    const { app, visible } = this.store.state;
    const pal = palette(app.theme);
    const hl = app.highlight;
    const lit = hl ? { nodes: new Set(hl.nodes), edges: new Set(hl.edges) } : null;
    const sel = app.selection;
    const nodes = [...visible.nodes].map((id) => {
      const n = app.graph.nodes[id];
      const p = this.pos.get(id) ?? { x: 0, y: 0 };
      const dim = lit && !lit.nodes.has(id);
      const selected = sel?.kind === "node" && sel.id === id;
      return {
        id,
        label: n.label,
        x: p.x,
        y: p.y,
        size: (n.group ? 7 : n.pinned ? 9 : 7) + (selected ? 5 : 0) + (id === app.focus ? 2 : 0),
        color: dim ? pal.dim : selected ? pal.accent : typeColor(n.type),
        labelColor: dim ? pal.dimText : pal.text,
        square: !!n.group,
      };
    });
    const edges = [...visible.edges].map((id) => {
      const e = app.graph.edges[id];
      const ev = passingEvidence(e, app.filters);
      const dim = lit && !lit.edges.has(id);
      const selected = sel?.kind === "edge" && sel.id === id;
      const conf = ev && ev.length ? Math.max(...ev.map((x) => x.confidence)) : 0.5;
      return {
        id,
        source: e.source,
        target: e.target,
        label: e.predicateLabel,
        color: dim ? pal.dim : selected ? pal.accent : lit ? pal.accent : pal.edge,
        size: (selected ? 3 : 1) + conf * 2,
        dashed: !!ev && independentSources(ev) === 1,
      };
    });
    return { nodes, edges, background: pal.bg, edgeLabelColor: pal.text, labelBackground: pal.panel };
  }

  /** Draws the state. */
  sync(): void {
    this.renderer?.sync(this.model());
  }

  /** New nodes start next to a neighbour already placed, or on a circle. */
  placeNewNodes(): void {
    const { graph } = this.store.state.app;
    const pos = this.pos;
    const ids = Object.keys(graph.nodes).filter((id) => !pos.has(id));
    if (!ids.length) return;
    const placedNeighbour = new Map<string, string>();
    for (const e of Object.values(graph.edges)) {
      if (pos.has(e.source) && !pos.has(e.target)) placedNeighbour.set(e.target, e.source);
      if (pos.has(e.target) && !pos.has(e.source)) placedNeighbour.set(e.source, e.target);
    }
    const r = Math.sqrt(nodeCount(graph)) * 10 + 10;
    ids.forEach((id, i) => {
      const n = graph.nodes[id];
      if (n.x !== undefined && n.y !== undefined) {
        pos.set(id, { x: n.x, y: n.y });
        return;
      }
      const nb = placedNeighbour.get(id) ?? (n.group ? n.group.parent : undefined);
      const a = (i / ids.length) * 2 * Math.PI + Math.random() * 0.3;
      const base = nb && pos.get(nb);
      if (base) pos.set(id, { x: base.x + Math.cos(a) * 20, y: base.y + Math.sin(a) * 20 });
      else pos.set(id, { x: Math.cos(a) * r, y: Math.sin(a) * r });
    });
  }

  /** Forgets every position and takes those the graph's nodes carry (a permalink's). */
  resetPositions(): void {
    this.pos.clear();
    for (const n of Object.values(this.store.state.app.graph.nodes)) if (n.x !== undefined && n.y !== undefined) this.pos.set(n.id, { x: n.x, y: n.y });
  }

  /** The position of each node placed, for permalinks. */
  positions(): ReadonlyMap<string, Point> {
    return this.pos;
  }

  /** Runs the layout in the worker from the current positions; a new run supersedes the last. */
  startLayout(): void {
    const { app, layout } = this.store.state;
    const ids = Object.keys(app.graph.nodes);
    if (ids.length < 2) {
      this.sync();
      return;
    }
    this.worker ??= new LayoutWorker();
    this.worker.onmessage = (ev: MessageEvent<LayoutTick>) => this.tick(ev.data);
    this.layoutIds = ids;
    const run = layout.run + 1;
    this.store.update("layout", { running: true, iterations: 0, run, engine: "worker" }, "status");
    const req: LayoutRequest = {
      type: "run",
      run,
      nodes: ids.map((id) => ({ id, ...(this.pos.get(id) ?? { x: 0, y: 0 }) })),
      edges: Object.values(app.graph.edges).map((e) => [e.source, e.target]),
      iterations: ids.length > 3000 ? 60 : ids.length > 300 ? 150 : 300,
    };
    this.worker.postMessage(req);
  }

  private tick(m: LayoutTick): void {
    if (m.run !== this.store.state.layout.run) return;
    const moved = new Map<string, Point>();
    this.layoutIds.forEach((id, i) => {
      const p = { x: m.xy[2 * i], y: m.xy[2 * i + 1] };
      if (Number.isFinite(p.x) && Number.isFinite(p.y)) {
        this.pos.set(id, p);
        moved.set(id, p);
      }
    });
    // Large graphs: redraw at most every two seconds while the layout runs,
    // and not at all above 5,000 nodes (only its result), so that the page
    // keeps answering whatever the GPU (or software WebGL) can draw.
    const now = performance.now();
    const n = this.layoutIds.length;
    if (n <= 2000 || m.type === "done" || (n <= 5000 && now - this.lastMove > 2000)) {
      this.renderer?.move(moved);
      this.lastMove = now;
    }
    if (m.type !== "done") {
      this.store.update("layout", { iterations: m.iterations }, "none");
      return;
    }
    if (this.fitWhenSettled) {
      this.fitWhenSettled = false;
      this.renderer?.fit();
    }
    this.store.update("layout", { iterations: m.iterations, running: false }, "status");
    this.events?.settled();
  }

  /** Fits everything in view once the running layout settles. */
  fitAfterLayout(): void {
    this.fitWhenSettled = true;
  }

  focus(id: string): void {
    this.renderer?.focus(id);
  }

  fit(): void {
    this.renderer?.fit();
  }

  camera(): Camera | null {
    return this.renderer?.camera() ?? null;
  }

  setCamera(c: Camera): void {
    this.renderer?.setCamera(c);
  }

  /** What the renderer draws now, by id. */
  drawn(): { nodes: string[]; edges: string[] } {
    return this.renderer?.drawn() ?? { nodes: [], edges: [] };
  }

  /** Nodes' positions in the canvas's CSS pixels (empty without WebGL). */
  viewportPositions(): Map<string, { x: number; y: number; size: number }> {
    return this.renderer?.viewportPositions() ?? new Map();
  }

  /** The view as an export draws it: what the canvas shows, where it shows it. */
  scene(): Scene {
    const pal = palette(this.store.state.app.theme);
    const model = this.model();
    const size = this.renderer?.size() ?? { width: 1200, height: 800 };
    const vp = this.renderer?.viewportPositions();
    let nodes = model.nodes.map((n) => {
      const p = vp?.get(n.id);
      return { id: n.id, label: n.label, x: p?.x ?? n.x, y: p?.y ?? n.y, size: Math.max(3, Math.min(p?.size ?? n.size, 20)), color: n.color };
    });
    if (!vp) {
      // Fit graph coordinates into the frame.
      const xs = nodes.map((n) => n.x);
      const ys = nodes.map((n) => n.y);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const s = Math.min((size.width - 80) / (x1 - x0 || 1), (size.height - 80) / (y1 - y0 || 1));
      nodes = nodes.map((n) => ({ ...n, x: 40 + (n.x - x0) * s, y: 40 + (y1 - n.y) * s }));
    }
    return {
      width: Math.round(size.width),
      height: Math.round(size.height),
      background: pal.bg,
      text: pal.text,
      nodes,
      edges: model.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, label: e.label, color: e.color, size: Math.min(e.size, 4), dashed: e.dashed })),
    };
  }
}
