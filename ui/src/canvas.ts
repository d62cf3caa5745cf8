// The graph canvas: the renderer adapter (renderer.ts) wired to the store,
// the nodes' positions, and the ForceAtlas2 layout in a worker. The canvas
// draws a RenderModel made from the state; its events go to the actions.

import { h } from "./dom";
import { type Scene, appendixEntries } from "./exports";
import { describeFilters } from "./filter-text";
import type { LayoutRequest, LayoutTick } from "./layout.worker";
import LayoutWorker from "./layout.worker?worker";
import { type Point, placeNodes, typicalLength } from "./placement";
import { createRenderer, type RenderModel, type Renderer, type RendererEvents } from "./renderer";
import { legendEntries, sceneModel } from "./scene-model";
import type { Camera } from "./state";
import type { Store } from "./store";
import { palette, typeColor } from "./theme";

export interface CanvasEvents extends RendererEvents {
  /** The layout has settled (the positions a permalink holds are final). */
  settled(): void;
  /** A node was dragged and let go: its position is the user's now. */
  dropped(id: string): void;
}

export class Canvas {
  /** Positions live outside the state: the layout moves them many times a second. */
  private readonly pos = new Map<string, Point>();
  private renderer: Renderer | null = null;
  private events: CanvasEvents | null = null;
  private worker: Worker | null = null;
  private layoutIds: string[] = [];
  private lastMove = 0;
  /** Why? and Path bring new nodes: show these (the lit ones) once the layout settles. */
  private fitWhenSettled: string[] | null = null;
  /** Nodes placed since the last layout finished: the only ones an incremental layout moves. */
  private fresh = new Set<string>();
  /** Nodes under the mouse: a running layout leaves them to the hand. */
  private readonly dragging = new Set<string>();

  constructor(
    private readonly container: HTMLElement,
    private readonly store: Store,
  ) {}

  /** Creates the renderer; without WebGL, says so and switches to the list view. */
  start(events: CanvasEvents): void {
    this.events = events;
    const drag = (id: string, x: number, y: number, done: boolean) => {
      this.pos.set(id, { x, y });
      if (done) {
        this.dragging.delete(id);
        events.dropped(id);
      } else this.dragging.add(id);
    };
    try {
      this.renderer = createRenderer(this.container, { ...events, dragNode: drag });
      // The canvas changes size with the window and when the side panel folds.
      new ResizeObserver(() => this.renderer?.resize()).observe(this.container);
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

  /** What the canvas shows for the state: visible elements, coloured, sized, dimmed, where they are. */
  model(): RenderModel {
    const { app, visible, answers } = this.store.state;
    return sceneModel({ app, visible, influence: answers.influence, pal: palette(app.theme), typeColor, position: (id) => this.pos.get(id) ?? { x: 0, y: 0 } });
  }

  /** Draws the state. */
  sync(): void {
    this.renderer?.sync(this.model());
  }

  /**
   * Places the nodes without a position: where a permalink put them, else
   * around origin (the node an expansion came from), else around a
   * neighbour already placed. Placed nodes never move here.
   */
  placeNewNodes(origin?: string): void {
    const { graph } = this.store.state.app;
    const pos = this.pos;
    const ids = Object.keys(graph.nodes).filter((id) => !pos.has(id));
    if (!ids.length) return;
    const placedNeighbour = new Map<string, string>();
    const links: [string, string][] = [];
    for (const e of Object.values(graph.edges)) {
      links.push([e.source, e.target]);
      if (pos.has(e.source) && !pos.has(e.target)) placedNeighbour.set(e.target, e.source);
      if (pos.has(e.target) && !pos.has(e.source)) placedNeighbour.set(e.source, e.target);
    }
    const free: string[] = [];
    for (const id of ids) {
      const n = graph.nodes[id];
      if (n.x !== undefined && n.y !== undefined) pos.set(id, { x: n.x, y: n.y });
      else free.push(id);
    }
    const originOf = (id: string) => (origin && pos.has(origin) ? origin : (placedNeighbour.get(id) ?? graph.nodes[id].group?.parent));
    for (const [id, p] of placeNodes(free, pos, originOf, typicalLength(pos, links))) {
      pos.set(id, p);
      this.fresh.add(id);
    }
  }

  /** Forgets every position and takes those the graph's nodes carry (a permalink's). */
  resetPositions(): void {
    this.pos.clear();
    // A permalink's positions are final: nothing is waiting for an incremental layout.
    this.fresh.clear();
    for (const n of Object.values(this.store.state.app.graph.nodes)) if (n.x !== undefined && n.y !== undefined) this.pos.set(n.id, { x: n.x, y: n.y });
  }

  /** The position of each node placed, for permalinks. */
  positions(): ReadonlyMap<string, Point> {
    return this.pos;
  }

  /**
   * Runs the layout in the worker from the current positions; a new run
   * supersedes the last. "new" moves only the nodes placed since the last
   * run (the map stays put); "all" re-lays out everything but the nodes the
   * user fixed in place.
   */
  startLayout(mode: "new" | "all" = "new"): void {
    const { app, layout } = this.store.state;
    const ids = Object.keys(app.graph.nodes);
    const moves = (id: string) => !app.graph.nodes[id].fixed && (mode === "all" || this.fresh.has(id));
    if (ids.length < 2 || !ids.some(moves)) {
      this.fresh.clear();
      this.sync();
      return;
    }
    this.worker ??= new LayoutWorker();
    this.worker.onmessage = (ev: MessageEvent<LayoutTick>) => this.tick(ev.data);
    this.layoutIds = ids;
    const run = layout.run + 1;
    this.store.update("layout", { running: true, iterations: 0, run, engine: "worker" }, "status");
    const incremental = mode === "new" && this.fresh.size < ids.length;
    const req: LayoutRequest = {
      type: "run",
      run,
      nodes: ids.map((id) => ({ id, ...(this.pos.get(id) ?? { x: 0, y: 0 }), fixed: !moves(id) })),
      edges: Object.values(app.graph.edges).map((e) => [e.source, e.target]),
      iterations: incremental ? 100 : ids.length > 3000 ? 60 : ids.length > 300 ? 150 : 300,
      incremental,
    };
    this.worker.postMessage(req);
  }

  private tick(m: LayoutTick): void {
    if (m.run !== this.store.state.layout.run) return;
    const moved = new Map<string, Point>();
    const nodes = this.store.state.app.graph.nodes;
    this.layoutIds.forEach((id, i) => {
      const p = { x: m.xy[2 * i], y: m.xy[2 * i + 1] };
      // A node dragged while the layout runs stays with the mouse, then where it was dropped.
      if (nodes[id]?.fixed || this.dragging.has(id)) return;
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
    this.fresh.clear();
    if (this.fitWhenSettled) {
      this.fit(this.fitWhenSettled);
      this.fitWhenSettled = null;
    }
    this.store.update("layout", { iterations: m.iterations, running: false }, "status");
    this.events?.settled();
  }

  /** Fits ids (everything when empty) in view once the running layout settles, or now when none runs. */
  fitAfterLayout(ids: string[] = []): void {
    if (this.store.state.layout.running) this.fitWhenSettled = ids;
    else this.fit(ids);
  }

  focus(id: string): void {
    this.renderer?.focus(id);
  }

  /** Fits ids (everything when none) in view, clear of the legend. */
  fit(ids?: string[]): void {
    const legend = document.getElementById("legend");
    const left = legend && !legend.hidden ? legend.offsetWidth + 8 : 0;
    this.renderer?.fit(ids?.length ? ids : undefined, left);
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

  /** The nodes and edges whose labels the renderer draws now. */
  labels(): { nodes: string[]; edges: string[] } {
    return this.renderer?.labels() ?? { nodes: [], edges: [] };
  }

  /** Nodes' positions in the canvas's CSS pixels (empty without WebGL). */
  viewportPositions(): Map<string, { x: number; y: number; size: number }> {
    return this.renderer?.viewportPositions() ?? new Map();
  }

  /** The view as an export draws it: what the canvas shows, where it shows it, with a legend, a caption and the quotes behind it. */
  scene(): Scene {
    const { app, visible } = this.store.state;
    const pal = palette(app.theme);
    const model = this.model();
    const size = this.renderer?.size() ?? { width: 1200, height: 800 };
    const vp = this.renderer?.viewportPositions();
    let nodes = model.nodes.map((n) => {
      const p = vp?.get(n.id);
      return { id: n.id, label: n.label, x: p?.x ?? n.x, y: p?.y ?? n.y, size: Math.max(3, Math.min(p?.size ?? n.size, 20)), color: n.color, ring: n.ring };
    });
    if (!vp) {
      // Fit graph coordinates into the frame.
      const xs = nodes.map((n) => n.x);
      const ys = nodes.map((n) => n.y);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const s = Math.min((size.width - 80) / (x1 - x0 || 1), (size.height - 80) / (y1 - y0 || 1));
      nodes = nodes.map((n) => ({ ...n, x: 40 + (n.x - x0) * s, y: 40 + (y1 - n.y) * s }));
    }
    const filters = describeFilters(app.filters, app.graph);
    const lit = app.highlight ? `; lit: ${app.highlight.kind === "why" ? "who influenced " : "a path to "}${app.graph.nodes[app.highlight.to ?? ""]?.label ?? app.highlight.to ?? ""}` : "";
    return {
      width: Math.round(size.width),
      height: Math.round(size.height),
      background: pal.bg,
      text: pal.text,
      muted: pal.muted,
      nodes,
      edges: model.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, label: e.label, color: e.color, labelColor: e.labelColor, size: Math.min(e.size, 5) })),
      legend: legendEntries(app, typeColor).filter((l) => !l.hidden),
      caption: [
        `${visible.nodes.size} nodes and ${visible.edges.size} relations${lit}.`,
        `Filters: ${filters.length ? filters.join(" · ") : "none"}. Line width: independent sources. Exported from Quiver on ${new Date().toISOString().slice(0, 10)}.`,
      ],
      appendix: appendixEntries(app.graph, visible.edges),
    };
  }
}
