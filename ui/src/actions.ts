// Everything that changes the explorer's state or talks to the API. The
// panels, the canvas's events and the keyboard call these; each action
// changes the store (store.ts), saying what must be redrawn, and the views
// follow. Answers that come back after a newer question are dropped.

import type { AddressBar } from "./address-bar";
import { type Api, pool } from "./api";
import type { Canvas } from "./canvas";
import { ConsoleActions } from "./console-actions";
import type { ConsoleEditor } from "./console-editor";
import { announce } from "./dom";
import {
  EXPAND_LIMIT,
  type GEdge,
  type GraphData,
  addElements,
  collapse,
  groupElements,
  localName,
  nodeCount,
  nodeFromRef,
  pathElements,
  pathIds,
  removeNodes,
  setEvidence,
} from "./graph-model";
import { type AppState, type Camera, type Filters, type Panel, serverFilters, serverFiltersChanged } from "./state";
import type { PathEnd, Store } from "./store";
import { ShareActions } from "./share-actions";
import { readRelationsAmong, readTimeline } from "./readers";
import type { Evidence, NodeRef, SearchHit } from "./types";

export class Actions {
  /** The console's actions (console-actions.ts). */
  readonly console: ConsoleActions;
  /** Exports and permalinks (share-actions.ts). */
  readonly share: ShareActions;
  /** Order answers: a Why? or Path answer asked before a newer one (older filters) is dropped. */
  private whySeq = 0;
  private pathSeq = 0;
  private evidenceRun = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: Store,
    /** The API client; the panels' autocompletes search with it. */
    readonly api: Api,
    private readonly canvas: Canvas,
    editor: ConsoleEditor,
    private readonly address: AddressBar,
  ) {
    this.console = new ConsoleActions(store, api, editor, address, this);
    this.share = new ShareActions(store, api, canvas, address, this);
  }

  private get app(): AppState {
    return this.store.state.app;
  }

  /** Changes the permalink's part of the state and redraws everything. */
  set(patch: Partial<AppState>): void {
    this.store.update("app", patch);
  }

  /**
   * Changes the canvas's content, recording the previous one for undo. New
   * nodes are placed around origin (the node they came from) and only they
   * are laid out; the relations between them and the nodes already there
   * are read, so that every relation among the canvas's nodes is drawn.
   */
  commit(graph: GraphData, patch: Partial<AppState> = {}, origin?: string): void {
    const { app, history } = this.store.state;
    if (graph !== app.graph) history.push(app.graph);
    const fresh = Object.keys(graph.nodes).filter((id) => !app.graph.nodes[id]);
    this.store.update("app", { ...patch, graph }, "none");
    this.canvas.placeNewNodes(origin);
    this.store.redraw();
    if (fresh.length) {
      this.canvas.startLayout("new");
      void this.fetchRelationsAmong(fresh);
    }
    void this.fetchMissingEvidence();
  }

  /** Reads the relations (both ways) between the nodes just added and every node on the canvas. */
  private async fetchRelationsAmong(fresh: string[]): Promise<void> {
    const edges = await readRelationsAmong(this.api, (p) => this.busy(p), this.app.graph, fresh);
    if (!edges.length) return;
    // Not an undoable step of its own: undo goes back past the addition that brought them.
    this.set({ graph: addElements(this.app.graph, [], edges) });
    await this.fetchMissingEvidence();
  }

  /** Runs a request, counted in the status bar; its error is shown and announced. */
  async busy<T>(p: Promise<T>): Promise<T | undefined> {
    this.store.set({ pending: this.store.state.pending + 1 }, "status");
    try {
      this.store.set({ error: "" }, "none");
      return await p;
    } catch (e) {
      if ((e as Error).name === "AbortError") return undefined;
      this.store.set({ error: (e as Error).message }, "none");
      announce(`Error: ${(e as Error).message}`);
      return undefined;
    } finally {
      this.store.set({ pending: this.store.state.pending - 1 }, "status");
    }
  }

  // ------------------------------------------------------------ canvas content

  async addFromSearch(hit: SearchHit): Promise<void> {
    const n = nodeFromRef(hit.node, { pinned: true });
    this.commit(addElements(this.app.graph, [n], []), { focus: n.id, selection: { kind: "node", id: n.id }, panel: "preview" });
    this.canvas.focus(n.id);
    announce(`${n.label} added to the canvas`);
    // Out of the search box: the next key is a shortcut ("w" asks Why?), not text.
    this.leaveSearch();
    await this.loadPreview(n.id);
  }

  /** Leaves the search box for the open panel. */
  leaveSearch(): void {
    const box = document.getElementById("search");
    if (document.activeElement === box) box?.blur();
    focusAnswer("#panels [role=tabpanel]");
  }

  /** "Who influenced X?" from the search box: X on the canvas, focused, and asked. */
  askWhy(ref: NodeRef): void {
    this.addAndFocus(ref.id, ref.label, ref.type);
    void this.why(ref.id);
  }

  /** "Path A → B" from the search box: the Path panel's ends set, and asked. */
  askPath(from: NodeRef, to: NodeRef): void {
    this.setPathEnd("pathFrom", { id: from.id, label: from.label || from.id });
    this.setPathEnd("pathTo", { id: to.id, label: to.label || to.id });
    void this.findPaths(from.id, to.id);
  }

  /** "What does X claim?": the claims a source makes (a document, or whom documents attribute claims to), in the Evidence panel. */
  async sourceClaims(ref: NodeRef): Promise<void> {
    const key = `source:${ref.id}`;
    const title = `What ${ref.label || ref.id} claims`;
    this.store.update("answers", { evidence: { key, title, evidence: [], loading: true } }, "none");
    this.set({ panel: "evidence" });
    const ev = await this.busy(this.api.evidence({ source: ref.id }));
    if (this.store.state.answers.evidence?.key !== key) return;
    this.store.update("answers", { evidence: { key, title, evidence: ev ?? [], loading: false } }, "panels");
    focusAnswer("#evidence-title");
    announce(`${ev?.length ?? 0} claims from ${ref.label || ref.id}`);
  }

  /** Reads the details and neighbours of the focused node. */
  async loadPreview(id: string): Promise<void> {
    if (id.startsWith("group:")) {
      this.store.update("answers", { details: null, hood: null }, "panels");
      return;
    }
    const [details, hood] = await Promise.all([this.busy(this.api.node(id)), this.busy(this.api.neighbors(id, { limit: EXPAND_LIMIT }))]);
    const app = this.app;
    if (app.focus !== id) return;
    if (details && app.graph.nodes[id]) {
      const n = app.graph.nodes[id];
      if (!n.type && details.node.type) this.store.update("app", { graph: addElements(app.graph, [{ ...n, type: details.node.type, label: details.node.label || n.label }], []) }, "none");
    }
    this.store.update("answers", { details: details ?? null, hood: hood ?? null }, "panels");
  }

  focusNode(id: string, panel: Panel = "preview"): void {
    if (!this.app.graph.nodes[id]) return;
    this.set({ focus: id, selection: { kind: "node", id }, panel });
    this.canvas.focus(id);
    void this.loadPreview(id);
  }

  selectNode(id: string): void {
    const n = this.app.graph.nodes[id];
    if (!n) return;
    this.set({ focus: id, selection: { kind: "node", id }, panel: n.group ? "preview" : "evidence" });
    void this.loadPreview(id);
    void this.loadEvidence();
  }

  selectEdge(id: string): void {
    if (!this.app.graph.edges[id]) return;
    this.set({ selection: { kind: "edge", id }, panel: "evidence" });
    void this.loadEvidence();
  }

  /** A click on the canvas's background clears the selection. */
  clickStage(): void {
    if (this.app.selection) this.set({ selection: null });
  }

  /** Adds a path's hop to the canvas (when missing) and shows its evidence. */
  showHop(from: NodeRef, to: NodeRef, edge: GEdge): void {
    if (!this.app.graph.edges[edge.id]) this.commit(addElements(this.app.graph, [nodeFromRef(from), nodeFromRef(to)], [edge]));
    this.selectEdge(edge.id);
    focusAnswer("#evidence-title");
  }

  /** Adds a node (when missing) and focuses it. */
  addAndFocus(id: string, label?: string, type?: string): void {
    if (!this.app.graph.nodes[id]) this.commit(addElements(this.app.graph, [nodeFromRef({ id, label, type }, { pinned: true })], []));
    this.focusNode(id);
  }

  /** Draws the neighbours of the relation group idx of the Neighbours panel. */
  async expandGroup(center: string, idx: number): Promise<void> {
    const hood = this.store.state.answers.hood;
    if (!hood || hood.node.id !== center) return;
    const g = hood.groups[idx];
    let group = g;
    if (g.count > g.nodes.length && g.nodes.length < EXPAND_LIMIT) {
      const more = await this.busy(this.api.neighbors(center, { limit: EXPAND_LIMIT, predicate: [g.predicate.id] }));
      group = more?.groups.find((x) => x.direction === g.direction) ?? g;
    }
    const { nodes, edges } = groupElements(this.app.graph, center, group);
    this.commit(addElements(this.app.graph, nodes, edges), {}, center);
    announce(`Expanded ${group.predicate.label || localName(group.predicate.id)}: ${Math.min(group.count, EXPAND_LIMIT)} of ${group.count} nodes`);
  }

  /** Expands the first n neighbours across the relations, largest relations first. */
  async expandTop(center: string, n: number): Promise<void> {
    if (!this.store.state.answers.hood || this.store.state.answers.hood.node.id !== center) {
      this.focusNode(center);
      await this.loadPreview(center);
    }
    const hood = this.store.state.answers.hood;
    if (!hood) return;
    let g = this.app.graph;
    let left = n;
    for (const grp of hood.groups) {
      if (left <= 0) break;
      const take = Math.min(left, grp.nodes.length);
      const part = groupElements(g, center, { ...grp, nodes: grp.nodes.slice(0, take), count: take });
      g = addElements(g, part.nodes, part.edges);
      left -= take;
    }
    this.commit(g, {}, center);
    announce(`Expanded the top ${n - Math.max(0, left)} neighbours`);
  }

  /** Expands as many neighbours as the Neighbours panel's "top N" says. */
  expandTopN(center: string): Promise<void> {
    return this.expandTop(center, this.store.state.ui.topN);
  }

  /** A group node stands for more: draw the next EXPAND_LIMIT of them. */
  async expandGroupNode(gid: string): Promise<void> {
    const node = this.app.graph.nodes[gid];
    if (!node?.group) return;
    const { parent, predicate, direction, count } = node.group;
    const shown = Object.values(this.app.graph.edges).filter((e) => e.predicate === predicate && (direction === "out" ? e.source === parent : e.target === parent) && !(direction === "out" ? e.target : e.source).startsWith("group:")).length;
    const hood = await this.busy(this.api.neighbors(parent, { limit: shown + EXPAND_LIMIT, predicate: [predicate] }));
    const grp = hood?.groups.find((x) => x.direction === direction);
    if (!grp) return;
    let g = removeNodes(this.app.graph, [gid]);
    const fresh = grp.nodes.filter((r) => !g.nodes[r.id]);
    const part = groupElements(g, parent, { ...grp, nodes: fresh, count: fresh.length + Math.max(0, count - fresh.length) });
    g = addElements(g, part.nodes, part.edges);
    this.commit(g, { selection: null, focus: parent }, parent);
  }

  collapseNode(id: string): void {
    const g = collapse(this.app.graph, id);
    if (g === this.app.graph || nodeCount(g) === nodeCount(this.app.graph)) {
      announce("Nothing to collapse");
      return;
    }
    this.commit(g);
    announce(`Collapsed ${this.app.graph.nodes[id]?.label ?? id}`);
  }

  removeNode(id: string): void {
    this.commit(removeNodes(this.app.graph, [id]), { selection: null, focus: this.app.focus === id ? null : this.app.focus });
  }

  undo(): void {
    const g = this.store.state.history.undo(this.app.graph);
    if (!g) return announce("Nothing to undo");
    this.set({ graph: g, highlight: this.keepHighlight(g) });
    announce("Undone");
  }

  redo(): void {
    const g = this.store.state.history.redo(this.app.graph);
    if (!g) return announce("Nothing to redo");
    this.store.update("app", { graph: g }, "none");
    this.canvas.placeNewNodes();
    this.store.redraw();
    announce("Redone");
  }

  private keepHighlight(g: GraphData) {
    const hl = this.app.highlight;
    if (!hl) return null;
    return hl.nodes.every((id) => g.nodes[id]) ? hl : null;
  }

  clearGraph(): void {
    this.commit({ nodes: {}, edges: {} }, { selection: null, focus: null, highlight: null, whyTarget: null });
  }

  fit(): void {
    this.canvas.fit();
  }

  toggleView(): void {
    this.set({ view: this.app.view === "list" ? "graph" : "list" });
  }

  toggleTheme(): void {
    this.set({ theme: this.app.theme === "dark" ? "light" : "dark" });
  }

  // ------------------------------------------------------------ answers

  /** Fetches the claims of edges that have none yet (for widths, facets and the evidence panel). */
  async fetchMissingEvidence(): Promise<void> {
    const missing = Object.values(this.app.graph.edges).filter((e) => !e.evidence && !e.target.startsWith("group:") && !e.source.startsWith("group:"));
    if (!missing.length || missing.length > 400) return;
    const run = ++this.evidenceRun;
    const got: Record<string, Evidence[]> = {};
    await this.busy(
      pool(missing, 4, async (e) => {
        const ev = await this.api.evidence({ subject: e.source, predicate: e.predicate, object: e.target }).catch(() => []);
        got[e.id] = ev;
      }),
    );
    if (run !== this.evidenceRun && Object.keys(got).length === 0) return;
    this.set({ graph: setEvidence(this.app.graph, got) });
  }

  /** Shows the claims of the selected edge or node in the evidence panel. */
  async loadEvidence(): Promise<void> {
    const sel = this.app.selection;
    if (!sel) {
      this.store.update("answers", { evidence: null }, "panels");
      return;
    }
    if (sel.kind === "edge") return this.loadEdgeEvidence(sel.id);
    const n = this.app.graph.nodes[sel.id];
    if (!n || n.group) {
      this.store.update("answers", { evidence: null }, "panels");
      return;
    }
    this.store.update("answers", { evidence: { key: sel.id, title: n.label, evidence: [], loading: true } }, "panels");
    const details = this.store.state.answers.details;
    const d = details?.node.id === sel.id ? details : await this.busy(this.api.node(sel.id));
    if (this.app.selection?.id !== sel.id) return;
    this.store.update("answers", { evidence: { key: sel.id, title: n.label, evidence: d?.evidence ?? [], loading: false } }, "panels");
  }

  private async loadEdgeEvidence(id: string): Promise<void> {
    const { graph } = this.app;
    const e = graph.edges[id];
    if (!e) return;
    const title = `${graph.nodes[e.source]?.label ?? e.source} — ${e.predicateLabel} → ${graph.nodes[e.target]?.label ?? e.target}`;
    this.store.update("answers", { evidence: { key: id, title, evidence: e.evidence ?? [], loading: !e.evidence } }, "panels");
    if (e.evidence) return;
    const ev = await this.busy(this.api.evidence({ subject: e.source, predicate: e.predicate, object: e.target }));
    if (!ev) return;
    if (this.app.selection?.id === id) this.store.update("answers", { evidence: { key: id, title, evidence: ev, loading: false } }, "none");
    this.set({ graph: setEvidence(this.app.graph, { [e.id]: ev }) });
  }

  /** What Why? sends for the filters: /influence takes no relations. */
  influenceFilters(s: Pick<AppState, "filters" | "graph"> = this.app) {
    const { predicate: _relations, ...opts } = serverFilters(s.filters, s.graph);
    return opts;
  }

  /**
   * Asks who influenced target, adds the paths to the canvas and lights
   * them. refresh (after a change of filters) asks again in place: the open
   * panel stays, and the paths are lit only if they were.
   */
  async why(target: string, refresh = false): Promise<void> {
    const light = !refresh || this.app.highlight?.kind === "why";
    this.store.update("answers", { influence: null, activeInfluencer: -1 }, "none");
    this.set(refresh ? { whyTarget: target } : { whyTarget: target, panel: "why" });
    const seq = ++this.whySeq;
    const asked = this.app.filters;
    const res = await this.busy(this.api.influence(target, this.influenceFilters()));
    if (!res || this.app.whyTarget !== target || seq !== this.whySeq) return;
    this.store.update("answers", { influence: res, influenceAsked: asked }, "none");
    const paths = res.influencers.flatMap((i) => i.paths);
    const { nodes, edges } = pathElements(paths, true);
    const tnode = nodeFromRef(res.target, { pinned: true });
    const ids = pathIds(paths);
    const lit = [...new Set([res.target.id, ...ids.nodes])];
    this.commit(addElements(this.app.graph, [tnode, ...nodes], edges), light ? { highlight: { kind: "why", nodes: lit, edges: ids.edges, to: target } } : {}, target);
    // After the commit: the layout it starts must settle before the lit part is framed.
    if (light && !refresh) this.canvas.fitAfterLayout(lit);
    if (!refresh) focusAnswer("#influencers");
    announce(`${res.influencers.length} influencers of ${res.target.label || res.target.id}: ${res.influencers.map((i) => i.node.label).join(", ")}`);
  }

  /** Lights the paths of influencer i alone. */
  showInfluencer(i: number): void {
    const inf = this.store.state.answers.influence?.influencers[i];
    if (!inf) return;
    this.store.update("answers", { activeInfluencer: i }, "none");
    const ids = pathIds(inf.paths);
    this.set({ highlight: { kind: "why", nodes: ids.nodes, edges: ids.edges, to: this.app.whyTarget ?? undefined, index: i } });
    this.canvas.fitAfterLayout(ids.nodes);
  }

  /** Finds paths from → to; refresh (after a change of filters) asks again in place, lit only if it was. */
  async findPaths(from: string, to: string, k = 3, select = 0, refresh = false): Promise<void> {
    const light = !refresh || this.app.highlight?.kind === "path";
    this.store.update("answers", { paths: null }, "none");
    if (!refresh) this.set({ panel: "path" });
    else this.store.redraw("panels");
    const seq = ++this.pathSeq;
    const asked = this.app.filters;
    const res = await this.busy(this.api.paths(from, to, { k, ...serverFilters(asked, this.app.graph) }));
    if (!res || seq !== this.pathSeq) return;
    this.store.update("answers", { paths: res, pathsAsked: asked }, "none");
    if (!res.paths.length) {
      this.store.redraw("panels");
      announce(`No path from ${res.from.label} to ${res.to.label}${res.reason ? ` (${res.reason})` : ""}`);
      return;
    }
    const { nodes, edges } = pathElements(res.paths, false);
    const ends = [nodeFromRef(res.from, { pinned: true }), nodeFromRef(res.to, { pinned: true })];
    this.commit(addElements(this.app.graph, [...ends, ...nodes], edges), {}, from);
    if (light) this.highlightPath(Math.min(select, res.paths.length - 1), !refresh);
    else this.store.redraw("panels");
    if (!refresh) focusAnswer("#paths");
    announce(`${res.paths.length} paths from ${res.from.label} to ${res.to.label}`);
  }

  /** Finds k paths between the ends picked in the Path panel. */
  findPickedPaths(k: number): void {
    const { pathFrom, pathTo } = this.store.state.ui;
    if (!pathFrom || !pathTo) return announce("Pick both ends from the suggestions");
    void this.findPaths(pathFrom.id, pathTo.id, k);
  }

  /** Lights path i of the Path answer (and fits it in view when fit). */
  highlightPath(i: number, fit = true): void {
    const res = this.store.state.answers.paths;
    const p = res?.paths[i];
    if (!res || !p) return;
    const ids = pathIds([p]);
    const nodes = [res.from.id, ...ids.nodes];
    this.set({ highlight: { kind: "path", nodes, edges: ids.edges, from: res.from.id, to: res.to.id, index: i } });
    if (fit) this.canvas.fitAfterLayout(nodes);
  }

  /**
   * Reads the dated facts, and for the claims dated by their validity the
   * facts they hold (to file each under its event) and those events' labels.
   */
  async loadTimeline(): Promise<void> {
    const items = await readTimeline(this.api, (p) => this.busy(p));
    if (!items) return;
    this.store.update("answers", { timeline: items }, "none");
    const dates: Record<string, string> = {};
    for (const it of items) if (it.kind === "date") dates[it.node.id] = it.dates[it.dates.length - 1];
    this.set({ dates });
  }

  setFilters(patch: Partial<Filters>): void {
    const before = this.app.filters;
    this.set({ filters: { ...before, ...patch } });
    if (!serverFiltersChanged(before, this.app.filters)) return;
    // The facets go to the server: every answer there is is asked again,
    // whether its panel is open or not, so that none is left stale.
    if (this.refreshTimer === undefined) this.store.set({ pending: this.store.state.pending + 1 }, "none");
    else clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.store.set({ pending: this.store.state.pending - 1 }, "status");
      void this.refreshAnswers();
    }, 200);
  }

  /** Asks Why? and Path again with the current filters (what is on screen stays). */
  private async refreshAnswers(): Promise<void> {
    const { app, answers } = this.store.state;
    const jobs: Promise<void>[] = [];
    if (app.whyTarget && answers.influence) jobs.push(this.why(app.whyTarget, true));
    const res = answers.paths;
    const hl = app.highlight;
    if (res) jobs.push(this.findPaths(res.from.id, res.to.id, 3, hl?.kind === "path" ? (hl.index ?? 0) : 0, true));
    await Promise.all(jobs);
  }

  openPanel(p: Panel): void {
    // Path starts from the focused node (unless it is one of the ends already).
    const f = this.app.focus;
    const { pathFrom, pathTo } = this.store.state.ui;
    if (p === "path" && f && pathFrom?.id !== f && pathTo?.id !== f && this.app.graph.nodes[f] && !this.app.graph.nodes[f].group)
      this.setPathEnd("pathFrom", { id: f, label: this.app.graph.nodes[f].label });
    this.set({ panel: p });
    if (p === "timeline" && !this.store.state.answers.timeline) void this.loadTimeline();
    if (p === "evidence") void this.loadEvidence();
  }

  // ------------------------------------------------------------ panels' inputs

  setTopN(n: number): void {
    this.store.update("ui", { topN: n }, "none");
  }

  setPathEnd(end: "pathFrom" | "pathTo", node: PathEnd): void {
    this.store.update("ui", { [end]: node }, "none");
  }

  /** "Path from here": the Path panel opens with node as its start. */
  pathFromHere(node: PathEnd): void {
    this.setPathEnd("pathFrom", node);
    this.set({ panel: "path" });
  }

  toggleExportMenu(open = !this.store.state.ui.exportOpen): void {
    this.store.update("ui", { exportOpen: open }, "tools");
  }

  cameraMoved(c: Camera): void {
    this.store.update("app", { camera: c }, "none");
    this.address.schedule();
  }

  // ------------------------------------------------------------ the map

  /** Pins a node where it is (the layout leaves it there), or lets the layout move it again. */
  togglePin(id: string, fixed = !this.app.graph.nodes[id]?.fixed): void {
    const g = this.app.graph;
    const n = g.nodes[id];
    if (!n || !!n.fixed === fixed) return;
    this.set({ graph: { nodes: { ...g.nodes, [id]: { ...n, fixed } }, edges: g.edges } });
    announce(`${n.label} ${fixed ? "pinned in place" : "free to move"}`);
  }

  /** Hides or shows the nodes of a type (the legend's toggles; the canvas only). */
  toggleType(type: string): void {
    const hidden = this.app.filters.hiddenTypes;
    this.setFilters({ hiddenTypes: hidden.includes(type) ? hidden.filter((t) => t !== type) : [...hidden, type] });
  }

  /** What node size says: degree on the canvas, or influence on the Why? target. */
  sizeBy(by: "degree" | "influence"): void {
    this.set({ sizeBy: by });
  }

  /** Lays the whole map out again; pinned nodes stay where they are. */
  relayout(): void {
    this.canvas.startLayout("all");
    this.canvas.fitAfterLayout();
  }

  /** Folds or unfolds the legend. */
  toggleLegend(): void {
    this.store.update("ui", { legendCollapsed: !this.store.state.ui.legendCollapsed }, "all");
  }

  /** Shows or hides the side panel (the canvas takes the room). */
  toggleSide(collapsed = !this.store.state.ui.sideCollapsed): void {
    this.store.update("ui", { sideCollapsed: collapsed }, "all");
  }
}

/**
 * Moves the keyboard focus to an answer once it is drawn, unless the user
 * is typing somewhere: after Why?, Path or Enter on a hop, the next Tab
 * starts from the answer instead of the top of the page.
 */
export function focusAnswer(selector: string): void {
  const active = document.activeElement as HTMLElement | null;
  const typingNow = !!active && active !== document.body && (["INPUT", "TEXTAREA", "SELECT"].includes(active.tagName) || active.isContentEditable) && active.id !== "search";
  if (typingNow) return;
  const el = document.querySelector<HTMLElement>(selector) ?? document.querySelector<HTMLElement>("#panels [role=tabpanel]");
  if (!el) return;
  if (!el.hasAttribute("tabindex")) el.tabIndex = -1;
  el.focus();
}
