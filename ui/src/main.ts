// The explorer's controller: one state value (state.ts), actions that
// change it, and views that draw it (the canvas through renderer.ts, the
// panels as plain DOM). Application state is exposed on window.quiver for
// the end-to-end tests, which assert on it and on ARIA roles.

import "./styles.css";
import { Api, pool } from "./api";
import { combobox } from "./combobox";
import { $, clear, download, h, typing } from "./dom";
import type { Editor } from "./editor";
import { claimsCsv, nodesCsv, sceneToSvg, type Scene } from "./exports";
import {
  CANVAS_LIMIT,
  EXPAND_LIMIT,
  type GEdge,
  type GNode,
  type GraphData,
  addElements,
  attribution,
  bestConfidence,
  collapse,
  edgesAmongQuery,
  edgesFromRows,
  groupElements,
  independentSources,
  labelsQuery,
  localName,
  bare,
  nodeCount,
  nodeFromRef,
  pathElements,
  pathIds,
  quoteInSentence,
  removeNodes,
  rowNodeIds,
  setEvidence,
  stepEdge,
} from "./graph-model";
import type { LayoutRequest, LayoutTick } from "./layout.worker";
import LayoutWorker from "./layout.worker?worker";
import { decodeState, encodeState } from "./permalink";
import { createRenderer, type RenderModel, type Renderer } from "./renderer";
import { palette as themePalette } from "./theme";
import { RESULT_GRAPH_LIMIT, type ResultNode, resultGraphModel } from "./result-graph";
import {
  type AppState,
  History,
  INITIAL_STATE,
  NO_FILTERS,
  type Panel,
  dateInRange,
  filtersActive,
  passingEvidence,
  relationFacets,
  relationsOf,
  sourceFacets,
  serverFilters,
  serverFiltersChanged,
  toggle,
  visibleElements,
} from "./state";
import type { Evidence, GizmoRow, InfluenceResult, Neighborhood, NodeDetails, Path, PathsResult, SearchHit, TimelineEntry } from "./types";

// ---------------------------------------------------------------- state

const api = new Api(new URL(".", location.href).pathname);
let state: AppState = { ...INITIAL_STATE, theme: matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light" };
const history = new History();
/** Positions live outside the state: the layout moves them many times a second. */
const pos = new Map<string, { x: number; y: number }>();
let visible = { nodes: new Set<string>(), edges: new Set<string>() };
let pending = 0;
let lastError = "";

/** Data the panels show, fetched for the current state (not in permalinks: fetched again). */
const data: {
  details: NodeDetails | null;
  hood: Neighborhood | null;
  evidence: { key: string; title: string; evidence: Evidence[]; loading: boolean } | null;
  influence: InfluenceResult | null;
  activeInfluencer: number;
  paths: PathsResult | null;
  timeline: TimelineEntry[] | null;
  console: { rows: GizmoRow[] | null; error: string; view: "table" | "json" | "graph"; ms: number };
  layout: { running: boolean; iterations: number; run: number; engine: "worker" };
} = {
  details: null,
  hood: null,
  evidence: null,
  influence: null,
  activeInfluencer: -1,
  paths: null,
  timeline: null,
  console: { rows: null, error: "", view: "table", ms: 0 },
  layout: { running: false, iterations: 0, run: 0, engine: "worker" },
};

function set(patch: Partial<AppState>): void {
  state = { ...state, ...patch };
  render();
}

/** Changes the canvas's content, recording the previous one for undo. */
function commit(graph: GraphData, patch: Partial<AppState> = {}): void {
  if (graph !== state.graph) history.push(state.graph);
  const before = nodeCount(state.graph);
  state = { ...state, ...patch, graph };
  placeNewNodes();
  render();
  if (nodeCount(graph) !== before || Object.keys(graph.nodes).some((id) => !pos.has(id))) startLayout();
  void fetchMissingEvidence();
}

async function busy<T>(p: Promise<T>): Promise<T | undefined> {
  pending++;
  renderStatus();
  try {
    lastError = "";
    return await p;
  } catch (e) {
    if ((e as Error).name === "AbortError") return undefined;
    lastError = (e as Error).message;
    announce(`Error: ${lastError}`);
    return undefined;
  } finally {
    pending--;
    renderStatus();
  }
}

function announce(msg: string): void {
  const a = $("#announcer");
  a.textContent = "";
  setTimeout(() => (a.textContent = msg), 20);
}

// ---------------------------------------------------------------- colours

const TYPE_COLORS: Record<string, string> = {
  "kg:Person": "#e8684a",
  "kg:Country": "#5b8ff9",
  "kg:Decision": "#f6bd16",
  "kg:Event": "#f6bd16",
  "kg:Statement": "#f29d5c",
  "kg:Government": "#30a46c",
  "kg:Ministry": "#61ddaa",
  "kg:Court": "#61ddaa",
  "kg:Legislature": "#61ddaa",
  "kg:Organization": "#61ddaa",
  "kg:MediaOutlet": "#9270ca",
  "kg:Group": "#6dc8ec",
  "kg:Office": "#b8a07a",
  group: "#a0a6b2",
};

function palette() {
  return themePalette(state.theme);
}

function typeColor(t: string): string {
  return TYPE_COLORS[t] ?? (t.includes("Event") || t.includes("Decision") ? "#f6bd16" : "#8c95a6");
}

// ---------------------------------------------------------------- canvas

let renderer: Renderer | null = null;
function initRenderer(): void {
  try {
    renderer = createRenderer($("#canvas"), {
      clickNode: (id) => selectNode(id),
      clickEdge: (id) => selectEdge(id),
      clickStage: () => {
        if (state.selection) set({ selection: null });
      },
      doubleClickNode: (id) => void expandTop(id, EXPAND_LIMIT),
      camera: (c) => {
        state = { ...state, camera: c };
        scheduleHash();
      },
    });
  } catch (e) {
    // No WebGL: the list view still works.
    renderer = null;
    $("#canvas").append(h("p", { class: "error" }, `The graph canvas needs WebGL (${(e as Error).message}); the list view works without it.`));
    state = { ...state, view: "list" };
  }
}

function renderModel(): RenderModel {
  const pal = palette();
  const hl = state.highlight;
  const lit = hl ? { nodes: new Set(hl.nodes), edges: new Set(hl.edges) } : null;
  const sel = state.selection;
  const nodes = [...visible.nodes].map((id) => {
    const n = state.graph.nodes[id];
    const p = pos.get(id) ?? { x: 0, y: 0 };
    const dim = lit && !lit.nodes.has(id);
    const selected = sel?.kind === "node" && sel.id === id;
    return {
      id,
      label: n.label,
      x: p.x,
      y: p.y,
      size: (n.group ? 7 : n.pinned ? 9 : 7) + (selected ? 5 : 0) + (id === state.focus ? 2 : 0),
      color: dim ? pal.dim : selected ? pal.accent : typeColor(n.type),
      labelColor: dim ? pal.dimText : pal.text,
      square: !!n.group,
    };
  });
  const edges = [...visible.edges].map((id) => {
    const e = state.graph.edges[id];
    const ev = passingEvidence(e, state.filters);
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

/** New nodes start next to a neighbour already placed, or on a circle. */
function placeNewNodes(): void {
  const ids = Object.keys(state.graph.nodes).filter((id) => !pos.has(id));
  if (!ids.length) return;
  const placedNeighbour = new Map<string, string>();
  for (const e of Object.values(state.graph.edges)) {
    if (pos.has(e.source) && !pos.has(e.target)) placedNeighbour.set(e.target, e.source);
    if (pos.has(e.target) && !pos.has(e.source)) placedNeighbour.set(e.source, e.target);
  }
  const r = Math.sqrt(nodeCount(state.graph)) * 10 + 10;
  ids.forEach((id, i) => {
    const n = state.graph.nodes[id];
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

// ---------------------------------------------------------------- layout (worker)

let worker: Worker | null = null;
let layoutIds: string[] = [];
let lastMove = 0;
/** Why? and Path bring new nodes: show them all once the layout settles. */
let fitAfterLayout = false;
function startLayout(): void {
  const ids = Object.keys(state.graph.nodes);
  if (ids.length < 2) {
    renderer?.sync(renderModel());
    return;
  }
  worker ??= new LayoutWorker();
  worker.onmessage = (ev: MessageEvent<LayoutTick>) => {
    const m = ev.data;
    if (m.run !== data.layout.run) return;
    const moved = new Map<string, { x: number; y: number }>();
    layoutIds.forEach((id, i) => {
      const p = { x: m.xy[2 * i], y: m.xy[2 * i + 1] };
      if (Number.isFinite(p.x) && Number.isFinite(p.y)) {
        pos.set(id, p);
        moved.set(id, p);
      }
    });
    // Large graphs: redraw at most every two seconds while the layout runs,
    // and not at all above 5,000 nodes (only its result), so that the page
    // keeps answering whatever the GPU (or software WebGL) can draw.
    const now = performance.now();
    const n = layoutIds.length;
    if (n <= 2000 || m.type === "done" || (n <= 5000 && now - lastMove > 2000)) {
      renderer?.move(moved);
      lastMove = now;
    }
    data.layout.iterations = m.iterations;
    if (m.type === "done") {
      data.layout.running = false;
      if (fitAfterLayout) {
        fitAfterLayout = false;
        renderer?.fit();
      }
      renderStatus();
      scheduleHash();
    }
  };
  layoutIds = ids;
  data.layout = { running: true, iterations: 0, run: data.layout.run + 1, engine: "worker" };
  const req: LayoutRequest = {
    type: "run",
    run: data.layout.run,
    nodes: ids.map((id) => ({ id, ...(pos.get(id) ?? { x: 0, y: 0 }) })),
    edges: Object.values(state.graph.edges).map((e) => [e.source, e.target]),
    iterations: ids.length > 3000 ? 60 : ids.length > 300 ? 150 : 300,
  };
  worker.postMessage(req);
  renderStatus();
}

// ---------------------------------------------------------------- actions

async function addFromSearch(hit: SearchHit): Promise<void> {
  const n = nodeFromRef(hit.node, { pinned: true });
  commit(addElements(state.graph, [n], []), { focus: n.id, selection: { kind: "node", id: n.id }, panel: "preview" });
  renderer?.focus(n.id);
  announce(`${n.label} added to the canvas`);
  await loadPreview(n.id);
}

async function loadPreview(id: string): Promise<void> {
  if (id.startsWith("group:")) {
    data.details = null;
    data.hood = null;
    renderPanels();
    return;
  }
  const [details, hood] = await Promise.all([busy(api.node(id)), busy(api.neighbors(id, { limit: EXPAND_LIMIT }))]);
  if (state.focus !== id) return;
  data.details = details ?? null;
  data.hood = hood ?? null;
  if (details && state.graph.nodes[id]) {
    const n = state.graph.nodes[id];
    if (!n.type && details.node.type) state = { ...state, graph: addElements(state.graph, [{ ...n, type: details.node.type, label: details.node.label || n.label }], []) };
  }
  renderPanels();
}

function focusNode(id: string, panel: Panel = "preview"): void {
  if (!state.graph.nodes[id]) return;
  set({ focus: id, selection: { kind: "node", id }, panel });
  renderer?.focus(id);
  void loadPreview(id);
}

function selectNode(id: string): void {
  const n = state.graph.nodes[id];
  if (!n) return;
  set({ focus: id, selection: { kind: "node", id }, panel: n.group ? "preview" : "evidence" });
  void loadPreview(id);
  void loadEvidence();
}

function selectEdge(id: string): void {
  if (!state.graph.edges[id]) return;
  set({ selection: { kind: "edge", id }, panel: "evidence" });
  void loadEvidence();
}

async function expandGroup(center: string, idx: number): Promise<void> {
  const hood = data.hood;
  if (!hood || hood.node.id !== center) return;
  const g = hood.groups[idx];
  let group = g;
  if (g.count > g.nodes.length && g.nodes.length < EXPAND_LIMIT) {
    const more = await busy(api.neighbors(center, { limit: EXPAND_LIMIT, predicate: [g.predicate.id] }));
    group = more?.groups.find((x) => x.direction === g.direction) ?? g;
  }
  const { nodes, edges } = groupElements(state.graph, center, group);
  commit(addElements(state.graph, nodes, edges));
  announce(`Expanded ${group.predicate.label || localName(group.predicate.id)}: ${Math.min(group.count, EXPAND_LIMIT)} of ${group.count} nodes`);
}

/** Expands the first n neighbours across the relations, largest relations first. */
async function expandTop(center: string, n: number): Promise<void> {
  if (!data.hood || data.hood.node.id !== center) {
    focusNode(center);
    await loadPreview(center);
  }
  const hood = data.hood;
  if (!hood) return;
  let g = state.graph;
  let left = n;
  for (const grp of hood.groups) {
    if (left <= 0) break;
    const take = Math.min(left, grp.nodes.length);
    const part = groupElements(g, center, { ...grp, nodes: grp.nodes.slice(0, take), count: take });
    g = addElements(g, part.nodes, part.edges);
    left -= take;
  }
  commit(g);
  announce(`Expanded the top ${n - Math.max(0, left)} neighbours`);
}

/** A group node stands for more: draw the next EXPAND_LIMIT of them. */
async function expandGroupNode(gid: string): Promise<void> {
  const node = state.graph.nodes[gid];
  if (!node?.group) return;
  const { parent, predicate, direction, count } = node.group;
  const shown = Object.values(state.graph.edges).filter((e) => e.predicate === predicate && (direction === "out" ? e.source === parent : e.target === parent) && !(direction === "out" ? e.target : e.source).startsWith("group:")).length;
  const hood = await busy(api.neighbors(parent, { limit: shown + EXPAND_LIMIT, predicate: [predicate] }));
  const grp = hood?.groups.find((x) => x.direction === direction);
  if (!grp) return;
  let g = removeNodes(state.graph, [gid]);
  const fresh = grp.nodes.filter((r) => !g.nodes[r.id]);
  const part = groupElements(g, parent, { ...grp, nodes: fresh, count: fresh.length + Math.max(0, count - fresh.length) });
  g = addElements(g, part.nodes, part.edges);
  commit(g, { selection: null, focus: parent });
}

function collapseNode(id: string): void {
  const g = collapse(state.graph, id);
  if (g === state.graph || nodeCount(g) === nodeCount(state.graph)) {
    announce("Nothing to collapse");
    return;
  }
  commit(g);
  announce(`Collapsed ${state.graph.nodes[id]?.label ?? id}`);
}

function removeNode(id: string): void {
  commit(removeNodes(state.graph, [id]), { selection: null, focus: state.focus === id ? null : state.focus });
}

function undo(): void {
  const g = history.undo(state.graph);
  if (!g) return announce("Nothing to undo");
  state = { ...state, graph: g, highlight: keepHighlight(g) };
  render();
  announce("Undone");
}

function redo(): void {
  const g = history.redo(state.graph);
  if (!g) return announce("Nothing to redo");
  state = { ...state, graph: g };
  placeNewNodes();
  render();
  announce("Redone");
}

function keepHighlight(g: GraphData) {
  const hl = state.highlight;
  if (!hl) return null;
  return hl.nodes.every((id) => g.nodes[id]) ? hl : null;
}

function clearGraph(): void {
  commit({ nodes: {}, edges: {} }, { selection: null, focus: null, highlight: null, whyTarget: null });
}

/** Fetches the claims of edges that have none yet (for dashes, facets and the evidence panel). */
let evidenceRun = 0;
async function fetchMissingEvidence(): Promise<void> {
  const missing = Object.values(state.graph.edges).filter((e) => !e.evidence && !e.target.startsWith("group:") && !e.source.startsWith("group:"));
  if (!missing.length || missing.length > 400) return;
  const run = ++evidenceRun;
  const got: Record<string, Evidence[]> = {};
  await busy(
    pool(missing, 4, async (e) => {
      const ev = await api.evidence({ subject: e.source, predicate: e.predicate, object: e.target }).catch(() => []);
      got[e.id] = ev;
    }),
  );
  if (run !== evidenceRun && Object.keys(got).length === 0) return;
  state = { ...state, graph: setEvidence(state.graph, got) };
  render();
}

async function loadEvidence(): Promise<void> {
  const sel = state.selection;
  if (!sel) {
    data.evidence = null;
    renderPanels();
    return;
  }
  if (sel.kind === "edge") {
    const e = state.graph.edges[sel.id];
    if (!e) return;
    const title = `${state.graph.nodes[e.source]?.label ?? e.source} — ${e.predicateLabel} → ${state.graph.nodes[e.target]?.label ?? e.target}`;
    data.evidence = { key: sel.id, title, evidence: e.evidence ?? [], loading: !e.evidence };
    renderPanels();
    if (!e.evidence) {
      const ev = await busy(api.evidence({ subject: e.source, predicate: e.predicate, object: e.target }));
      if (ev) {
        state = { ...state, graph: setEvidence(state.graph, { [e.id]: ev }) };
        if (state.selection?.id === sel.id) data.evidence = { key: sel.id, title, evidence: ev, loading: false };
        render();
      }
    }
  } else {
    const n = state.graph.nodes[sel.id];
    if (!n || n.group) {
      data.evidence = null;
      renderPanels();
      return;
    }
    data.evidence = { key: sel.id, title: n.label, evidence: [], loading: true };
    renderPanels();
    const d = data.details?.node.id === sel.id ? data.details : await busy(api.node(sel.id));
    if (state.selection?.id !== sel.id) return;
    data.evidence = { key: sel.id, title: n.label, evidence: d?.evidence ?? [], loading: false };
    renderPanels();
  }
}

/** Asks who influenced target; refresh (after a change of filters) keeps the open panel. */
async function why(target: string, refresh = false): Promise<void> {
  set(refresh ? { whyTarget: target } : { whyTarget: target, panel: "why" });
  data.influence = null;
  data.activeInfluencer = -1;
  renderPanels();
  const seq = ++answerSeq;
  const { predicate: _relations, ...opts } = serverFilters(state.filters, state.graph); // /influence takes no relations
  const res = await busy(api.influence(target, opts));
  if (!res || state.whyTarget !== target || seq !== answerSeq) return;
  data.influence = res;
  const paths = res.influencers.flatMap((i) => i.paths);
  const { nodes, edges } = pathElements(paths, true);
  const tnode = nodeFromRef(res.target, { pinned: true });
  fitAfterLayout = true;
  const ids = pathIds(paths);
  commit(addElements(state.graph, [tnode, ...nodes], edges), {
    highlight: { kind: "why", nodes: [...new Set([res.target.id, ...ids.nodes])], edges: ids.edges, to: target },
  });
  announce(`${res.influencers.length} influencers of ${res.target.label || res.target.id}: ${res.influencers.map((i) => i.node.label).join(", ")}`);
}

function showInfluencer(i: number): void {
  const inf = data.influence?.influencers[i];
  if (!inf) return;
  data.activeInfluencer = i;
  const ids = pathIds(inf.paths);
  set({ highlight: { kind: "why", nodes: ids.nodes, edges: ids.edges, to: state.whyTarget ?? undefined, index: i } });
}

/** Finds paths from → to; refresh (after a change of filters) keeps the open panel. */
async function findPaths(from: string, to: string, k = 3, select = 0, refresh = false): Promise<void> {
  if (!refresh) set({ panel: "path" });
  data.paths = null;
  renderPanels();
  const seq = ++answerSeq;
  const res = await busy(api.paths(from, to, { k, ...serverFilters(state.filters, state.graph) }));
  if (!res || seq !== answerSeq) return;
  data.paths = res;
  if (!res.paths.length) {
    renderPanels();
    announce(`No path from ${res.from.label} to ${res.to.label}${res.reason ? ` (${res.reason})` : ""}`);
    return;
  }
  const { nodes, edges } = pathElements(res.paths, false);
  const ends = [nodeFromRef(res.from, { pinned: true }), nodeFromRef(res.to, { pinned: true })];
  fitAfterLayout = true;
  commit(addElements(state.graph, [...ends, ...nodes], edges));
  highlightPath(Math.min(select, res.paths.length - 1));
  announce(`${res.paths.length} paths from ${res.from.label} to ${res.to.label}`);
}

function highlightPath(i: number): void {
  const res = data.paths;
  const p = res?.paths[i];
  if (!res || !p) return;
  const ids = pathIds([p]);
  set({ highlight: { kind: "path", nodes: [res.from.id, ...ids.nodes], edges: ids.edges, from: res.from.id, to: res.to.id, index: i } });
}

async function loadTimeline(): Promise<void> {
  const entries = await busy(api.timeline({}));
  if (!entries) return;
  data.timeline = entries;
  const dates: Record<string, string> = {};
  for (const e of entries) if (e.predicate === "kg:date" && (!dates[e.node.id] || e.date < dates[e.node.id])) dates[e.node.id] = e.date;
  set({ dates });
}

/** Orders answers: a stale Why? or Path answer (older filters) is dropped. */
let answerSeq = 0;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

function setFilters(patch: Partial<AppState["filters"]>): void {
  const before = state.filters;
  set({ filters: { ...state.filters, ...patch } });
  if (!serverFiltersChanged(before, state.filters)) return;
  // The facets go to the server: the open answers are asked again.
  if (refreshTimer === undefined) pending++;
  else clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    pending--;
    void refreshAnswers();
  }, 200);
}

/** Asks Why? and Path again with the current filters (what is on screen stays). */
async function refreshAnswers(): Promise<void> {
  const jobs: Promise<void>[] = [];
  if (state.whyTarget && (state.panel === "why" || state.highlight?.kind === "why")) jobs.push(why(state.whyTarget, true));
  const hl = state.highlight;
  if (data.paths && hl?.kind === "path" && hl.from && hl.to) jobs.push(findPaths(hl.from, hl.to, 3, hl.index ?? 0, true));
  else if (data.paths && state.panel === "path") jobs.push(findPaths(data.paths.from.id, data.paths.to.id, 3, 0, true));
  await Promise.all(jobs);
}

// ---------------------------------------------------------------- console

let editor: Editor | null = null;
let editorLoading: Promise<void> | null = null;
const HISTORY_KEY = "quiver.console.history";
function consoleHistory(): string[] {
  try {
    return JSON.parse(localStorage.getItem(HISTORY_KEY) ?? "[]") as string[];
  } catch {
    return [];
  }
}
let historyIndex = -1;

/** Mounts CodeMirror (imported the first time) in the console panel's editor host, once per host. */
let editorHost: HTMLElement | null = null;
function mountEditor(): void {
  const host = document.getElementById("editor");
  if (!host || host === editorHost) return;
  editorHost = host;
  editor = null;
  editorLoading ??= import("./editor").then(() => undefined);
  void editorLoading.then(async () => {
    const { createEditor } = await import("./editor");
    if (editorHost !== host || !host.isConnected) return;
    const text = (host.querySelector("textarea") as HTMLTextAreaElement | null)?.value ?? state.query;
    host.replaceChildren();
    editor = createEditor(host, text, () => void runQuery(), (t) => {
      state = { ...state, query: t };
      scheduleHash();
    }, state.theme);
    renderStatus();
  });
}

async function runQuery(): Promise<void> {
  const text = (editor && editorHost?.isConnected ? editor.value() : state.query).trim();
  if (!text) return;
  state = { ...state, query: text };
  const hist = [text, ...consoleHistory().filter((q) => q !== text)].slice(0, 50);
  localStorage.setItem(HISTORY_KEY, JSON.stringify(hist));
  historyIndex = -1;
  data.console = { ...data.console, rows: null, error: "" };
  renderPanels();
  const t0 = performance.now();
  pending++;
  renderStatus();
  try {
    data.console.rows = await api.gizmo(text, -1);
  } catch (e) {
    data.console.error = (e as Error).message;
  } finally {
    pending--;
  }
  data.console.ms = Math.round(performance.now() - t0);
  renderPanels();
  announce(data.console.error ? `Query error: ${data.console.error}` : `${data.console.rows?.length ?? 0} rows`);
}

/** Adds the nodes of the console's result to the canvas, with the relations among them. */
async function addResultToCanvas(): Promise<void> {
  const rows = data.console.rows;
  if (!rows) return;
  let ids = rowNodeIds(rows);
  const room = CANVAS_LIMIT - nodeCount(state.graph);
  let grouped = 0;
  if (ids.length > room) {
    grouped = ids.length - room;
    ids = ids.slice(0, Math.max(0, room));
  }
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += 2500) chunks.push(ids.slice(i, i + 2500));
  const labelRows = (await busy(pool(chunks, 2, (c) => api.gizmo(labelsQuery(c), -1)))) ?? [];
  const info = new Map<string, { label?: string; type?: string }>();
  for (const r of labelRows.flat()) {
    const id = typeof r.node === "string" ? bare(r.node) : "";
    if (!id) continue;
    const cur = info.get(id) ?? {};
    if (typeof r.label === "string" && !cur.label) cur.label = r.label;
    if (typeof r.type === "string" && !cur.type) cur.type = bare(r.type);
    info.set(id, cur);
  }
  const nodes: GNode[] = ids.map((id) => nodeFromRef({ id, label: info.get(id)?.label, type: info.get(id)?.type }, { pinned: ids.length <= 200 }));
  const edgeRows = (await busy(pool(chunks, 2, (c) => api.gizmo(edgesAmongQuery(ids.length <= 2500 ? c : c), -1)))) ?? [];
  const idset = new Set(ids);
  const edges = edgesFromRows(edgeRows.flat()).filter((e) => idset.has(e.source) && idset.has(e.target));
  if (grouped > 0) {
    nodes.push({ id: `group:console|${Date.now()}`, label: `+${grouped} more (query result)`, type: "group", group: { parent: "", predicate: "", direction: "out", count: grouped } });
  }
  commit(addElements(state.graph, nodes, edges));
  announce(`Added ${nodes.length} nodes and ${edges.length} relations to the canvas${grouped ? `; ${grouped} grouped` : ""}`);
}

// ---------------------------------------------------------------- exports

function scene(): Scene {
  const pal = palette();
  const model = renderModel();
  const size = renderer?.size() ?? { width: 1200, height: 800 };
  const vp = renderer?.viewportPositions();
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

async function exportAs(kind: "svg" | "png" | "nodes" | "claims"): Promise<void> {
  if (kind === "nodes") return download("quiver-nodes.csv", nodesCsv(state.graph, visible.nodes), "text/csv");
  if (kind === "claims") {
    await fetchMissingEvidence();
    return download("quiver-claims.csv", claimsCsv(state.graph, visible.edges), "text/csv");
  }
  const svg = sceneToSvg(scene());
  if (kind === "svg") return download("quiver-graph.svg", svg, "image/svg+xml");
  const blob = await svgToPng(svg);
  download("quiver-graph.png", blob, "image/png");
}

function svgToPng(svg: string): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
    img.onload = () => {
      const c = document.createElement("canvas");
      const ratio = Math.max(1, window.devicePixelRatio || 1);
      c.width = img.width * ratio;
      c.height = img.height * ratio;
      const ctx = c.getContext("2d")!;
      ctx.scale(ratio, ratio);
      ctx.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      c.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG export failed"))), "image/png");
    };
    img.onerror = () => reject(new Error("could not rasterise the SVG"));
    img.src = url;
  });
}

// ---------------------------------------------------------------- permalinks

let hashTimer = 0;
let restoring = false;
function scheduleHash(): void {
  if (restoring) return;
  clearTimeout(hashTimer);
  hashTimer = window.setTimeout(() => void writeHash(), 400);
}

function withPositions(s: AppState): AppState {
  const nodes: Record<string, GNode> = {};
  for (const [id, n] of Object.entries(s.graph.nodes)) {
    const p = pos.get(id);
    nodes[id] = p ? { ...n, x: p.x, y: p.y } : n;
  }
  return { ...s, graph: { nodes, edges: s.graph.edges } };
}

async function permalink(): Promise<string> {
  const hash = await encodeState(withPositions(state));
  return location.origin + location.pathname + location.search + hash;
}

async function writeHash(): Promise<void> {
  if (nodeCount(state.graph) > 3000) return; // very large canvases: use the Permalink button
  const url = await permalink();
  if (url !== location.href) history_.replaceState(null, "", url);
}
const history_ = window.history;

async function copyPermalink(): Promise<void> {
  const url = await permalink();
  history_.replaceState(null, "", url);
  try {
    await navigator.clipboard.writeText(url);
    announce("Permalink copied");
  } catch {
    announce("Permalink is in the address bar");
  }
  lastPermalink = url;
  renderStatus();
}
let lastPermalink = "";

async function restore(hash: string): Promise<void> {
  let s: AppState | null = null;
  try {
    s = await decodeState(hash);
  } catch (e) {
    lastError = `could not open the link: ${(e as Error).message}`;
  }
  if (!s) return;
  restoring = true;
  pos.clear();
  for (const n of Object.values(s.graph.nodes)) if (n.x !== undefined && n.y !== undefined) pos.set(n.id, { x: n.x, y: n.y });
  state = s;
  history.clear();
  render();
  if (s.camera) renderer?.setCamera(s.camera);
  const jobs: Promise<unknown>[] = [fetchMissingEvidence()];
  if (s.focus) jobs.push(loadPreview(s.focus));
  if (s.selection) jobs.push(loadEvidence());
  if (s.panel === "why" && s.whyTarget) {
    jobs.push(
      busy(api.influence(s.whyTarget, (({ predicate: _p, ...o }) => o)(serverFilters(s.filters, s.graph)))).then((r) => {
        data.influence = r ?? null;
        data.activeInfluencer = s!.highlight?.index ?? -1;
      }),
    );
  }
  if (s.highlight?.kind === "path" && s.highlight.from && s.highlight.to)
    jobs.push(busy(api.paths(s.highlight.from, s.highlight.to, { k: 3, ...serverFilters(s.filters, s.graph) })).then((r) => (data.paths = r ?? null)));
  if (s.panel === "timeline" || s.filters.before || s.filters.after) jobs.push(busy(api.timeline({})).then((t) => (data.timeline = t ?? null)));
  await Promise.all(jobs);
  restoring = false;
  render();
  if (s.camera) renderer?.setCamera(s.camera);
}

// ---------------------------------------------------------------- views

const TABS: { id: Panel; label: string; key: string }[] = [
  { id: "preview", label: "Neighbours", key: "n" },
  { id: "evidence", label: "Evidence", key: "e" },
  { id: "why", label: "Why?", key: "w" },
  { id: "path", label: "Path", key: "p" },
  { id: "timeline", label: "Timeline", key: "t" },
  { id: "facets", label: "Filters", key: "f" },
  { id: "console", label: "Console", key: "g" },
];

function render(): void {
  visible = visibleElements(state.graph, state.filters, state.dates);
  document.documentElement.dataset.theme = state.theme;
  editor?.setTheme(state.theme);
  $("#hint").hidden = nodeCount(state.graph) > 0;
  const list = $("#list-view");
  list.hidden = state.view !== "list";
  $("#canvas").setAttribute("aria-hidden", state.view === "list" ? "true" : "false");
  renderer?.sync(renderModel());
  renderTools();
  renderTabs();
  renderPanels();
  if (state.view === "list") renderListView();
  renderStatus();
  scheduleHash();
}

function renderStatus(): void {
  const s = $("#status");
  const n = visible.nodes.size;
  const total = nodeCount(state.graph);
  const parts = [`${n} nodes`, `${visible.edges.size} edges`];
  if (n !== total) parts.push(`${total - n} hidden by filters`);
  if (data.layout.running) parts.push("layout running");
  if (pending) parts.push("loading…");
  if (lastError) parts.push(`error: ${lastError}`);
  s.textContent = parts.join(" · ");
  document.body.dataset.busy = pending ? "true" : "false";
}

function tool(label: string, onclick: () => void, opts: { key?: string; pressed?: boolean; disabled?: boolean; id?: string; title?: string } = {}): HTMLButtonElement {
  return h(
    "button",
    {
      type: "button",
      id: opts.id,
      onclick,
      disabled: opts.disabled,
      "aria-pressed": opts.pressed === undefined ? undefined : String(opts.pressed),
      "aria-keyshortcuts": opts.key,
      title: opts.title ?? (opts.key ? `${label} (${opts.key})` : label),
    },
    label,
  );
}

let exportOpen = false;
function renderTools(): void {
  const f = state.focus;
  const menu = h(
    "div",
    { class: "menu" },
    tool("Export", () => {
      exportOpen = !exportOpen;
      renderTools();
      if (exportOpen) (document.querySelector("#export-menu button") as HTMLElement | null)?.focus();
    }, { id: "export-button" }),
    exportOpen
      ? h(
          "div",
          { role: "menu", id: "export-menu", "aria-label": "Export", onkeydown: (ev: KeyboardEvent) => ev.key === "Escape" && ((exportOpen = false), renderTools(), $("#export-button").focus()) },
          ...(["svg", "png", "nodes", "claims"] as const).map((k) =>
            h("button", { role: "menuitem", type: "button", onclick: () => ((exportOpen = false), renderTools(), void exportAs(k)) }, { svg: "SVG image", png: "PNG image", nodes: "Nodes CSV", claims: "Claims CSV" }[k]),
          ),
        )
      : null,
  );
  clear(
    $("#tools"),
    tool("Why?", () => f && void why(f), { key: "w", disabled: !f, id: "why-button", title: "Who influenced the focused node (w)" }),
    tool("Path", () => set({ panel: "path" }), { key: "p", id: "path-button" }),
    tool("Undo", undo, { key: "Control+Z", disabled: !history.canUndo, id: "undo-button" }),
    tool("Redo", redo, { key: "Control+Shift+Z", disabled: !history.canRedo }),
    tool("Collapse", () => f && collapseNode(f), { key: "c", disabled: !f }),
    tool("Fit", () => renderer?.fit(), { key: "0" }),
    tool("Clear", clearGraph, { disabled: nodeCount(state.graph) === 0 }),
    tool("List view", () => set({ view: state.view === "list" ? "graph" : "list" }), { key: "l", pressed: state.view === "list", id: "list-toggle" }),
    tool(state.theme === "dark" ? "Light theme" : "Dark theme", () => set({ theme: state.theme === "dark" ? "light" : "dark" }), { id: "theme-toggle", pressed: state.theme === "dark" }),
    tool("Permalink", () => void copyPermalink(), { id: "permalink-button" }),
    menu,
  );
}

function renderTabs(): void {
  const tabs = $("#tabs");
  clear(
    tabs,
    ...TABS.map((t) =>
      h(
        "button",
        {
          role: "tab",
          type: "button",
          id: `tab-${t.id}`,
          "aria-selected": String(state.panel === t.id),
          "aria-controls": `panel-${t.id}`,
          tabindex: state.panel === t.id ? "0" : "-1",
          "aria-keyshortcuts": t.key,
          onclick: () => openPanel(t.id),
          onkeydown: (ev: KeyboardEvent) => {
            const i = TABS.findIndex((x) => x.id === t.id);
            const d = ev.key === "ArrowRight" ? 1 : ev.key === "ArrowLeft" ? -1 : 0;
            if (!d) return;
            ev.preventDefault();
            const next = TABS[(i + d + TABS.length) % TABS.length];
            openPanel(next.id);
            document.getElementById(`tab-${next.id}`)?.focus();
          },
        },
        t.label,
      ),
    ),
  );
}

function openPanel(p: Panel): void {
  set({ panel: p });
  if (p === "timeline" && !data.timeline) void loadTimeline();
  if (p === "evidence") void loadEvidence();
}

function renderPanels(): void {
  const host = $("#panels");
  const panel = h("div", { role: "tabpanel", id: `panel-${state.panel}`, "aria-labelledby": `tab-${state.panel}`, tabindex: "0" });
  switch (state.panel) {
    case "preview":
      previewPanel(panel);
      break;
    case "evidence":
      evidencePanel(panel);
      break;
    case "why":
      whyPanel(panel);
      break;
    case "path":
      pathPanel(panel);
      break;
    case "timeline":
      timelinePanel(panel);
      break;
    case "facets":
      facetsPanel(panel);
      break;
    case "console":
      consolePanel(panel);
      break;
  }
  // Keep the console's editor and the path inputs alive across renders.
  const old = host.firstElementChild as HTMLElement | null;
  if (old && old.id === panel.id && (state.panel === "console" || state.panel === "path")) {
    refreshInPlace(old, panel);
    return;
  }
  const hadFocus = host.contains(document.activeElement) ? (document.activeElement as HTMLElement).id : "";
  host.replaceChildren(panel);
  if (hadFocus) document.getElementById(hadFocus)?.focus();
  if (state.panel === "console") mountEditor();
}

/** Replaces the parts of a live panel marked data-live, keeping editors and inputs. */
function refreshInPlace(old: HTMLElement, fresh: HTMLElement): void {
  for (const part of fresh.querySelectorAll<HTMLElement>("[data-live]")) {
    const cur = old.querySelector<HTMLElement>(`[data-live="${part.dataset.live}"]`);
    if (cur) cur.replaceWith(part);
  }
}

function nodeButton(id: string, label?: string): HTMLElement {
  const n = state.graph.nodes[id];
  return h("button", { type: "button", class: "link", onclick: () => (n ? focusNode(id) : undefined), dataset: { node: id } }, label ?? n?.label ?? localName(id));
}

function previewPanel(p: HTMLElement): void {
  const id = state.focus;
  if (!id || !state.graph.nodes[id]) {
    p.append(h("h2", null, "Neighbours"), h("p", { class: "muted" }, "Search for a node (press /) or click one on the canvas to preview its neighbours grouped by relation."));
    return;
  }
  const n = state.graph.nodes[id];
  p.append(h("h2", null, n.label, " ", h("span", { class: "muted" }, localName(n.type || ""))));
  if (n.group) {
    p.append(
      h("p", null, `Stands for ${n.group.count} more nodes, grouped to keep the canvas responsive.`),
      h("div", null, n.group.parent ? h("button", { type: "button", class: "primary", onclick: () => void expandGroupNode(id) }, `Draw the next ${EXPAND_LIMIT}`) : null),
    );
    return;
  }
  const d = data.details?.node.id === id ? data.details : null;
  if (d?.aliases?.length) p.append(h("p", { class: "muted" }, "Also: ", d.aliases.join(", ")));
  const actions = h(
    "div",
    { class: "row" },
    h("button", { type: "button", class: "primary", onclick: () => void why(id), "aria-keyshortcuts": "w" }, "Why? (who influenced it)"),
    h("button", { type: "button", onclick: () => void expandTop(id, topN()), "aria-keyshortcuts": "x" }, "Expand top"),
    h("input", { type: "number", id: "top-n", min: "1", max: "200", value: String(topNValue), "aria-label": "How many neighbours to expand", style: "width:4.5em", oninput: (ev: Event) => (topNValue = Number((ev.target as HTMLInputElement).value) || 10) }),
    h("button", { type: "button", onclick: () => collapseNode(id), "aria-keyshortcuts": "c" }, "Collapse"),
    h("button", { type: "button", onclick: () => removeNode(id), "aria-keyshortcuts": "Delete" }, "Remove"),
    h("button", { type: "button", onclick: () => ((pathFrom = { id, label: n.label }), set({ panel: "path" })) }, "Path from here"),
  );
  p.append(actions);
  const hood = data.hood?.node.id === id ? data.hood : null;
  if (!hood) {
    p.append(h("p", { class: "muted" }, pending ? "Loading neighbours…" : "No neighbours loaded."));
    return;
  }
  const total = hood.groups.reduce((a, g) => a + g.count, 0);
  p.append(h("h3", null, `${total} neighbours in ${hood.groups.length} relations`));
  const ul = h("ul", { class: "plain", "aria-label": "Relations" });
  hood.groups.forEach((g, i) => {
    const name = g.predicate.label || localName(g.predicate.id);
    const onCanvas = g.nodes.filter((x) => state.graph.nodes[x.id]).length;
    ul.append(
      h(
        "li",
        { class: "group", dataset: { predicate: g.predicate.id, direction: g.direction } },
        h(
          "div",
          { class: "row" },
          h("strong", null, g.direction === "out" ? `${name} →` : `← ${name}`),
          h("span", { class: "badge", "aria-label": `${g.count} nodes` }, String(g.count)),
          h("button", { type: "button", onclick: () => void expandGroup(id, i), "aria-label": `Expand ${name} (${g.direction === "out" ? "outgoing" : "incoming"}, ${g.count})` }, onCanvas >= Math.min(g.count, EXPAND_LIMIT) ? "Expanded" : "Expand"),
        ),
        h("div", { class: "muted" }, g.nodes.slice(0, 6).map((x) => x.label || localName(x.id)).join(", "), g.count > 6 ? ` and ${g.count - 6} more` : ""),
      ),
    );
  });
  p.append(ul);
}
let topNValue = 10;
const topN = () => topNValue;

function evidenceList(evs: Evidence[]): HTMLElement {
  const ol = h("ol", { class: "plain", "aria-label": "Claims" });
  for (const e of evs) {
    const q = quoteInSentence(e);
    ol.append(
      h(
        "li",
        { class: "claim", dataset: { claim: e.claim } },
        h("blockquote", null, q.before, h("mark", null, q.quote), q.after),
        h(
          "p",
          { class: "meta" },
          h("span", { class: "attr" }, attribution(e)),
          " · ",
          h("cite", null, e.documentTitle || localName(e.document)),
          ` · sentence ${e.sentence}`,
          " · ",
          h("span", { class: "confidence" }, `confidence ${e.confidence.toFixed(2)}`),
          e.validFrom || e.validTo ? ` · valid ${e.validFrom ?? "…"} – ${e.validTo ?? "…"}` : "",
        ),
        h("p", { class: "meta" }, h("code", null, e.claim), ` · ${e.document} [${e.start}, ${e.end})`),
      ),
    );
  }
  return ol;
}

function sourcesBadge(evs: Evidence[]): HTMLElement {
  const n = independentSources(evs);
  return h("span", { class: n === 1 ? "badge single" : "badge", "aria-label": `${n} independent source${n === 1 ? "" : "s"}`, dataset: { sources: String(n) } }, `${n} independent source${n === 1 ? "" : "s"}${n === 1 ? " (drawn dashed)" : ""}`);
}

function evidencePanel(p: HTMLElement): void {
  const ev = data.evidence;
  const sel = state.selection;
  if (!sel || !ev || ev.key !== sel.id) {
    p.append(h("h2", null, "Evidence"), h("p", { class: "muted" }, "Select an edge or a node to see the claims behind it: the quote in its sentence, the source, who said it, confidence and date."));
    return;
  }
  p.append(h("h2", { id: "evidence-title" }, ev.title));
  if (ev.loading) {
    p.append(h("p", { class: "muted" }, "Loading the claims…"));
    return;
  }
  const shown = sel.kind === "edge" ? ev.evidence : ev.evidence;
  const kept = shown.filter((e) => passingEvidence({ evidence: [e] } as GEdge, state.filters)!.length > 0);
  p.append(
    h(
      "div",
      { class: "row" },
      sourcesBadge(shown),
      h("span", { class: "badge" }, `${shown.length} claim${shown.length === 1 ? "" : "s"}`),
      kept.length !== shown.length ? h("span", { class: "badge" }, `${shown.length - kept.length} hidden by filters`) : null,
      sel.kind === "edge" ? h("button", { type: "button", onclick: () => focusNode(state.graph.edges[sel.id].source) }, "Focus subject") : null,
      sel.kind === "node" ? h("button", { type: "button", onclick: () => void why(sel.id) }, "Why?") : null,
    ),
  );
  if (!shown.length) p.append(h("p", { class: "muted" }, "No claims recorded."));
  else p.append(evidenceList(shown));
}

function hopView(st: Path["steps"][number]): HTMLElement {
  const e = stepEdge(st);
  const best = st.evidence[0];
  const edgeOnCanvas = !!state.graph.edges[e.id];
  return h(
    "li",
    { class: "hop", dataset: { edge: e.id } },
    h("span", null, `${st.from.label || localName(st.from.id)} `),
    h(
      "button",
      {
        type: "button",
        class: "link",
        onclick: () => {
          if (!edgeOnCanvas) commit(addElements(state.graph, [nodeFromRef(st.from), nodeFromRef(st.to)], [e]));
          selectEdge(e.id);
        },
        "aria-label": `Evidence for ${st.from.label} ${st.predicate.label || localName(st.predicate.id)} ${st.to.label}`,
      },
      st.forward ? `—${st.predicate.label || localName(st.predicate.id)}→` : `←${st.predicate.label || localName(st.predicate.id)}—`,
    ),
    h("span", null, ` ${st.to.label || localName(st.to.id)}`),
    " ",
    sourcesBadge(st.evidence),
    best ? h("div", { class: "quote" }, "“", best.quote, "” — ", attribution(best), `, ${best.confidence.toFixed(2)}`) : null,
  );
}

function pathView(path: Path, i: number, label: string, onShow: () => void, active: boolean): HTMLElement {
  return h(
    "li",
    { class: active ? "influencer active" : "influencer", dataset: { path: String(i) } },
    h("div", { class: "row" }, h("strong", null, label), h("span", { class: "score muted" }, `score ${path.score.toFixed(3)}, ${path.steps.length} hop${path.steps.length === 1 ? "" : "s"}`), h("button", { type: "button", onclick: onShow, "aria-pressed": String(active) }, "Highlight")),
    h("ol", { class: "plain" }, path.steps.map(hopView)),
  );
}

function whyPanel(p: HTMLElement): void {
  const target = state.whyTarget;
  p.append(h("h2", null, "Why? Who influenced it"));
  if (!target) {
    p.append(h("p", { class: "muted" }, "Focus a decision (or any node) and press Why? to rank who influenced it, with the evidence on every hop."));
    return;
  }
  const res = data.influence;
  if (!res || res.target.id !== target) {
    p.append(h("p", { class: "muted" }, "Ranking influencers…"));
    return;
  }
  p.append(h("p", null, "Target: ", nodeButton(res.target.id, res.target.label || res.target.id)));
  if (!res.influencers.length) {
    p.append(h("p", { class: "muted" }, `No influencers found${res.reason ? ` (${res.reason})` : ""}.`));
    return;
  }
  const ol = h("ol", { class: "plain", "aria-label": "Influencers, best first", id: "influencers" });
  res.influencers.forEach((inf, i) => {
    const active = data.activeInfluencer === i;
    ol.append(
      h(
        "li",
        { class: active ? "influencer active" : "influencer", dataset: { node: inf.node.id } },
        h(
          "div",
          { class: "row" },
          h("strong", null, `${i + 1}. `, nodeButton(inf.node.id, inf.node.label || inf.node.id)),
          h("span", { class: "muted" }, inf.roles.join(", ")),
          h("span", { class: "score muted" }, `score ${inf.score.toFixed(3)} · distance ${inf.distance}`),
          h("span", { class: inf.sources === 1 ? "badge single" : "badge" }, `${inf.sources} independent source${inf.sources === 1 ? "" : "s"}`),
          h("button", { type: "button", onclick: () => showInfluencer(i), "aria-pressed": String(active), "aria-label": `Highlight the paths of ${inf.node.label}` }, "Highlight"),
        ),
        h("ol", { class: "plain", "aria-label": `Paths from ${inf.node.label}` }, inf.paths.map((path) => h("li", null, h("ol", { class: "plain" }, path.steps.map(hopView))))),
      ),
    );
  });
  p.append(ol);
}

let pathFrom: { id: string; label: string } | null = null;
let pathTo: { id: string; label: string } | null = null;
function pathPanel(p: HTMLElement): void {
  p.append(h("h2", null, "Path between two nodes"));
  const fromIn = h("input", { id: "path-from", type: "search", autocomplete: "off", placeholder: "From…", value: pathFrom?.label ?? "" });
  const toIn = h("input", { id: "path-to", type: "search", autocomplete: "off", placeholder: "To…", value: pathTo?.label ?? "" });
  const fromList = h("ul", { class: "ac-list", id: "path-from-list", hidden: true });
  const toList = h("ul", { class: "ac-list", id: "path-to-list", hidden: true });
  combobox(fromIn, fromList, api, (hit) => (pathFrom = { id: hit.node.id, label: hit.node.label || hit.node.id }));
  combobox(toIn, toList, api, (hit) => (pathTo = { id: hit.node.id, label: hit.node.label || hit.node.id }));
  const k = h("input", { id: "path-k", type: "number", min: "1", max: "20", value: "3", style: "width:4em" });
  const go = () => {
    if (!pathFrom || !pathTo) return announce("Pick both ends from the suggestions");
    void findPaths(pathFrom.id, pathTo.id, Number(k.value) || 3);
  };
  p.append(
    h("div", { class: "row", style: "position:relative" }, h("label", { for: "path-from" }, "From"), h("div", { style: "position:relative;flex:1" }, fromIn, fromList)),
    h("div", { class: "row", style: "position:relative" }, h("label", { for: "path-to" }, "To"), h("div", { style: "position:relative;flex:1" }, toIn, toList)),
    h("div", { class: "row" }, h("label", { for: "path-k" }, "Paths"), k, h("button", { type: "button", class: "primary", id: "path-go", onclick: go }, "Find paths"), h("button", { type: "button", onclick: () => set({ highlight: null }) }, "Clear highlight")),
  );
  const live = h("div", { dataset: { live: "paths" } });
  const res = data.paths;
  if (res) {
    if (!res.paths.length) live.append(h("p", { class: "muted" }, `No path${res.reason ? ` (${res.reason})` : ""}.`));
    else {
      live.append(h("p", null, `${res.paths.length} path${res.paths.length === 1 ? "" : "s"} from ${res.from.label} to ${res.to.label}, shortest first; the rest of the graph is dimmed.`));
      const ol = h("ol", { class: "plain", "aria-label": "Paths", id: "paths" });
      res.paths.forEach((path, i) => ol.append(pathView(path, i, `Path ${i + 1}`, () => highlightPath(i), state.highlight?.kind === "path" && state.highlight.index === i)));
      live.append(ol);
    }
  }
  p.append(live);
}

function timelinePanel(p: HTMLElement): void {
  p.append(h("h2", null, "Timeline"));
  const entries = data.timeline;
  if (!entries) {
    p.append(h("p", { class: "muted" }, "Loading dated facts…"));
    return;
  }
  const dates = [...new Set(entries.map((e) => e.date))].sort();
  const f = state.filters;
  const sel = (id: string, label: string, value: string, on: (v: string) => void) =>
    h(
      "label",
      null,
      label,
      " ",
      h("select", { id, onchange: (ev: Event) => on((ev.target as HTMLSelectElement).value) }, h("option", { value: "" }, "any"), dates.map((d) => h("option", { value: d, selected: d === value }, d))),
    );
  const target = state.whyTarget ?? state.focus;
  const targetDate = target ? (state.dates[target] ?? earliestClaimDate(target)) : "";
  p.append(
    h(
      "div",
      { class: "row", role: "group", "aria-label": "Time filter" },
      sel("time-after", "From", f.after, (v) => setFilters({ after: v })),
      sel("time-before", "To", f.before, (v) => setFilters({ before: v })),
      targetDate ? h("button", { type: "button", id: "before-decision", onclick: () => setFilters({ before: targetDate, after: "" }) }, `Before ${state.graph.nodes[target!]?.label ?? "it"} only (${targetDate})`) : null,
      h("button", { type: "button", onclick: () => setFilters({ before: "", after: "" }) }, "All time"),
    ),
  );
  const inRange = entries.filter((e) => dateInRange(e.date, f));
  p.append(h("p", { class: "muted", id: "timeline-count" }, `${inRange.length} of ${entries.length} dated facts${f.after || f.before ? ` between ${f.after || "the start"} and ${f.before || "now"}` : ""}`));
  const ol = h("ol", { class: "plain timeline", "aria-label": "Dated facts" });
  for (const e of inRange) {
    const best = e.evidence[0];
    ol.append(
      h(
        "li",
        { dataset: { date: e.date, node: e.node.id } },
        h("span", { class: "date" }, e.date),
        " ",
        h("button", { type: "button", class: "link", onclick: () => addAndFocus(e.node.id, e.node.label, e.node.type) }, e.node.label || e.node.id),
        e.facts?.length ? h("div", { class: "muted" }, e.facts.join("; ")) : null,
        best ? h("div", { class: "meta" }, "“", best.quote, "” — ", attribution(best)) : null,
      ),
    );
  }
  p.append(ol);
}

function earliestClaimDate(id: string): string {
  let d = "";
  for (const e of Object.values(state.graph.edges))
    if (e.source === id || e.target === id) for (const ev of e.evidence ?? []) if (ev.validFrom && (!d || ev.validFrom < d)) d = ev.validFrom;
  return d;
}

function addAndFocus(id: string, label?: string, type?: string): void {
  if (!state.graph.nodes[id]) commit(addElements(state.graph, [nodeFromRef({ id, label, type }, { pinned: true })], []));
  focusNode(id);
}

function facetsPanel(p: HTMLElement): void {
  p.append(h("h2", null, "Filters"));
  const f = state.filters;
  const rel = relationFacets(state.graph);
  const src = sourceFacets(state.graph);
  const box = (name: string, list: string[], facet: { id: string; label: string; count: number }, key: "hiddenRelations" | "hiddenSources", all: { id: string }[]) =>
    h(
      "li",
      null,
      h(
        "label",
        null,
        h("input", { type: "checkbox", name, value: facet.id, checked: !list.includes(facet.id), onchange: () => setFilters({ [key]: toggle(list, facet.id) }) }),
        ` ${facet.label} `,
        h("span", { class: "muted" }, `(${facet.count})`),
      ),
      " ",
      all.length > 1
        ? h("button", { type: "button", class: "link", "aria-label": `Only ${facet.label}`, onclick: () => setFilters({ [key]: all.map((x) => x.id).filter((id) => id !== facet.id) }) }, "only")
        : null,
    );
  p.append(
    h("fieldset", null, h("legend", null, "Relation types"), rel.length ? h("ul", { class: "plain" }, rel.map((r) => box("relation", f.hiddenRelations, r, "hiddenRelations", rel))) : h("p", { class: "muted" }, "No relations on the canvas.")),
    h("fieldset", null, h("legend", null, "Sources"), src.length ? h("ul", { class: "plain" }, src.map((r) => box("source", f.hiddenSources, r, "hiddenSources", src))) : h("p", { class: "muted" }, "No claims loaded yet.")),
    h(
      "fieldset",
      null,
      h("legend", null, "Minimum confidence"),
      h("input", { type: "range", id: "min-confidence", min: "0", max: "1", step: "0.05", value: String(f.minConfidence), "aria-valuetext": f.minConfidence.toFixed(2), oninput: (ev: Event) => setFilters({ minConfidence: Number((ev.target as HTMLInputElement).value) }) }),
      h("output", { for: "min-confidence" }, ` ${f.minConfidence.toFixed(2)}`),
    ),
    h("p", { class: "muted" }, "A claim is kept when its document or the source it is attributed to is checked. Why? and Path are asked with these choices (Path with the checked relations too), so their answers change with them."),
    h("p", null, "Edges resting on a single independent source are drawn dashed."),
    h("div", null, filtersActive(f) ? h("button", { type: "button", onclick: () => setFilters(NO_FILTERS) }, "Reset filters") : null),
  );
}

function consolePanel(p: HTMLElement): void {
  p.append(h("h2", null, "Gizmo console"));
  const host = h("div", { class: "editor", id: "editor" });
  const ta = h("textarea", { "aria-label": "Gizmo query", id: "query-fallback", value: state.query, oninput: (ev: Event) => (state = { ...state, query: (ev.target as HTMLTextAreaElement).value }) });
  host.append(ta);
  const hist = consoleHistory();
  p.append(
    host,
    h(
      "div",
      { class: "row", dataset: { live: "history" } },
      h("button", { type: "button", class: "primary", id: "run-query", onclick: () => void runQuery(), "aria-keyshortcuts": "Control+Enter" }, "Run (Ctrl+Enter)"),
      h(
        "select",
        {
          id: "query-history",
          "aria-label": "Query history",
          onchange: (ev: Event) => {
            const v = (ev.target as HTMLSelectElement).value;
            if (!v) return;
            state = { ...state, query: v };
            editor?.set(v);
            (document.getElementById("query-fallback") as HTMLTextAreaElement | null)?.setAttribute("value", v);
          },
        },
        h("option", { value: "" }, `History (${hist.length})`),
        hist.map((q) => h("option", { value: q }, q.length > 60 ? q.slice(0, 60) + "…" : q)),
      ),
      h("button", { type: "button", onclick: () => recallHistory(1), "aria-label": "Previous query in history" }, "↑"),
      h("button", { type: "button", onclick: () => recallHistory(-1), "aria-label": "Next query in history" }, "↓"),
    ),
  );
  const live = h("div", { dataset: { live: "results" } });
  const c = data.console;
  if (c.error) live.append(h("p", { class: "error", role: "alert" }, c.error));
  if (c.rows) {
    const views = ["table", "json", "graph"] as const;
    live.append(
      h(
        "div",
        { class: "row" },
        h("span", { id: "row-count" }, `${c.rows.length} rows in ${c.ms} ms`),
        h("div", { role: "group", "aria-label": "Result view", class: "row" }, views.map((v) => h("button", { type: "button", "aria-pressed": String(c.view === v), onclick: () => ((data.console.view = v), renderPanels()) }, v[0].toUpperCase() + v.slice(1)))),
        h("button", { type: "button", class: "primary", id: "add-to-canvas", onclick: () => void addResultToCanvas() }, "Add to canvas"),
      ),
    );
    if (c.view === "json") live.append(h("pre", { id: "result-json", "aria-label": "Result as JSON" }, JSON.stringify(c.rows.slice(0, 2000), null, 2)));
    else if (c.view === "table") live.append(resultTable(c.rows));
    else live.append(resultGraph(c.rows));
  }
  p.append(live);
}

function recallHistory(d: number): void {
  const hist = consoleHistory();
  if (!hist.length) return;
  historyIndex = Math.max(0, Math.min(hist.length - 1, historyIndex + d));
  state = { ...state, query: hist[historyIndex] };
  editor?.set(hist[historyIndex]);
}

function cell(v: unknown): string {
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

function resultTable(rows: GizmoRow[]): HTMLElement {
  const cols = [...new Set(rows.slice(0, 500).flatMap((r) => Object.keys(r)))];
  if (cols.includes("id")) cols.splice(cols.indexOf("id"), 1), cols.unshift("id");
  const shown = rows.slice(0, 500);
  return h(
    "div",
    null,
    h(
      "table",
      { id: "result-table", "aria-label": "Query result" },
      h("thead", null, h("tr", null, cols.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, shown.map((r) => h("tr", null, cols.map((c) => h("td", null, r[c] === undefined ? "" : cell(r[c])))))),
    ),
    rows.length > shown.length ? h("p", { class: "muted" }, `Showing ${shown.length} of ${rows.length} rows (all are in JSON and go to the canvas).`) : null,
  );
}

/** The console's graph view: one small renderer per result, kept across renders. */
let mini: {
  rows: GizmoRow[];
  host: HTMLElement;
  renderer: Renderer | null;
  nodes: ResultNode[] | null;
  edges: GEdge[];
  error: string;
} | null = null;

function resultGraph(rows: GizmoRow[]): HTMLElement {
  const ids = rowNodeIds(rows);
  if (!mini || mini.rows !== rows) {
    mini?.renderer?.kill();
    mini = {
      rows,
      host: h("div", { class: "mini-canvas", id: "result-graph-canvas", role: "img", "aria-label": "The result's nodes and the relations among them; the list below has them as buttons" }),
      renderer: null,
      nodes: null,
      edges: [],
      error: "",
    };
    void loadResultGraph(mini);
  }
  const m = mini;
  const shown = Math.min(ids.length, RESULT_GRAPH_LIMIT);
  const label = (id: string) => m.nodes?.find((n) => n.id === id)?.label || state.graph.nodes[id]?.label || id;
  queueMicrotask(syncResultGraph);
  return h(
    "div",
    { id: "result-graph" },
    h(
      "p",
      null,
      m.nodes
        ? `${ids.length} nodes and ${m.edges.length} relations among them${ids.length > shown ? `; the first ${shown} drawn` : ""}. Click a node to add it to the canvas, or add them all.`
        : m.error || `${ids.length} nodes in the result; reading their relations…`,
    ),
    ids.length ? m.host : null,
    h("ul", { class: "plain", "aria-label": "Result nodes" }, ids.slice(0, 200).map((id) => h("li", null, h("button", { type: "button", class: "link", onclick: () => addAndFocus(id) }, label(id))))),
  );
}

/** Reads the labels of the result's nodes and the relations among them. */
async function loadResultGraph(m: NonNullable<typeof mini>): Promise<void> {
  const ids = rowNodeIds(m.rows).slice(0, RESULT_GRAPH_LIMIT);
  if (!ids.length) {
    m.nodes = [];
    return;
  }
  try {
    const [labelRows, edgeRows] = await Promise.all([api.gizmo(labelsQuery(ids), -1), api.gizmo(edgesAmongQuery(ids), -1)]);
    const info = new Map<string, ResultNode>(ids.map((id) => [id, { id, label: state.graph.nodes[id]?.label ?? "", type: state.graph.nodes[id]?.type ?? "" }]));
    for (const r of labelRows) {
      const cur = typeof r.node === "string" ? info.get(bare(r.node)) : undefined;
      if (!cur) continue;
      if (typeof r.label === "string" && !cur.label) cur.label = r.label;
      if (typeof r.type === "string" && !cur.type) cur.type = bare(r.type);
    }
    m.nodes = ids.map((id) => info.get(id)!);
    m.edges = edgesFromRows(edgeRows);
  } catch (e) {
    m.error = `Could not read the result's relations: ${(e as Error).message}`;
  }
  if (mini === m) renderPanels();
}

/** Draws the console's graph view when it is on the page (theme included). */
function syncResultGraph(): void {
  const m = mini;
  if (!m || !m.nodes || !m.host.isConnected) return;
  if (!m.renderer) {
    try {
      m.renderer = createRenderer(m.host, { clickNode: (id) => addAndFocus(id, m.nodes?.find((n) => n.id === id)?.label, m.nodes?.find((n) => n.id === id)?.type), clickEdge: () => {}, clickStage: () => {}, doubleClickNode: () => {}, camera: () => {} }, { compact: true });
    } catch {
      return; // no WebGL: the list below still works
    }
  }
  m.renderer.sync(resultGraphModel(m.nodes, m.edges, palette(), typeColor));
}

function renderListView(): void {
  const host = $("#list-view");
  const id = state.focus;
  const parts: HTMLElement[] = [h("h2", null, "List view")];
  if (!id || !state.graph.nodes[id]) parts.push(h("p", null, "No node is focused. Search for one (press /)."));
  else {
    const n = state.graph.nodes[id];
    parts.push(h("h3", { id: "list-focus" }, `${n.label} (${localName(n.type || "node")})`));
    const rel = relationsOf(state.graph, id, visible);
    if (!rel.length) parts.push(h("p", null, "No relations on the canvas; expand some from the Neighbours panel."));
    for (const r of rel) {
      parts.push(
        h("h4", null, r.direction === "out" ? `${n.label} ${r.label}…` : `…${r.label} ${n.label}`),
        h(
          "ul",
          { "aria-label": `${r.label} (${r.direction === "out" ? "outgoing" : "incoming"})` },
          r.edges.map((e) => {
            const other = e.source === id ? e.target : e.source;
            const c = bestConfidence(e);
            return h(
              "li",
              null,
              nodeButton(other),
              " ",
              h("button", { type: "button", onclick: () => selectEdge(e.id), "aria-label": `Evidence: ${state.graph.nodes[e.source]?.label} ${e.predicateLabel} ${state.graph.nodes[e.target]?.label}` }, "evidence"),
              c !== undefined ? h("span", { class: "muted" }, ` confidence ${c.toFixed(2)}, ${independentSources(e.evidence)} source(s)`) : null,
            );
          }),
        ),
      );
    }
  }
  const all = [...visible.nodes];
  parts.push(
    h("h3", null, `All nodes on the canvas (${all.length})`),
    h("ul", { "aria-label": "Nodes on the canvas" }, all.slice(0, 300).map((nid) => h("li", null, nodeButton(nid)))),
    all.length > 300 ? h("p", { class: "muted" }, `and ${all.length - 300} more`) : h("span"),
  );
  clear(host, ...parts);
}

// ---------------------------------------------------------------- keyboard

function onKey(ev: KeyboardEvent): void {
  const mod = ev.ctrlKey || ev.metaKey;
  if (mod && ev.key.toLowerCase() === "z" && !typing(ev)) {
    ev.preventDefault();
    return ev.shiftKey ? redo() : undo();
  }
  if (mod && ev.key.toLowerCase() === "y" && !typing(ev)) {
    ev.preventDefault();
    return redo();
  }
  if (typing(ev) || mod || ev.altKey) return;
  const f = state.focus;
  switch (ev.key) {
    case "/":
      ev.preventDefault();
      $("#search").focus();
      return;
    case "Escape":
      if (exportOpen) {
        exportOpen = false;
        renderTools();
      } else set({ highlight: null, selection: null });
      return;
    case "w":
      if (f) void why(f);
      return;
    case "x":
      if (f) void expandTop(f, topN());
      return;
    case "c":
      if (f) collapseNode(f);
      return;
    case "Delete":
      if (f) removeNode(f);
      return;
    case "l":
      set({ view: state.view === "list" ? "graph" : "list" });
      return;
    case "0":
      renderer?.fit();
      return;
    case "[":
    case "]": {
      // Walk the nodes on the canvas.
      const ids = [...visible.nodes];
      if (!ids.length) return;
      const i = f ? ids.indexOf(f) : -1;
      const next = ids[(i + (ev.key === "]" ? 1 : -1) + ids.length) % ids.length];
      focusNode(next);
      return;
    }
  }
  const tab = TABS.find((t) => t.key === ev.key);
  if (tab) {
    openPanel(tab.id);
    document.getElementById(`tab-${tab.id}`)?.focus();
  }
}

// ---------------------------------------------------------------- start

/** What the end-to-end tests read: application state, not pixels. */
function snapshot() {
  return {
    nodes: Object.values(state.graph.nodes).map((n) => ({ id: n.id, label: n.label, type: n.type, group: n.group?.count ?? 0 })),
    edges: Object.values(state.graph.edges).map((e) => ({ id: e.id, source: e.source, target: e.target, predicate: e.predicate, claims: e.evidence?.map((x) => x.claim) ?? null, dashed: !!e.evidence && independentSources(passingEvidence(e, state.filters)) === 1 })),
    visibleNodes: [...visible.nodes].sort(),
    visibleEdges: [...visible.edges].sort(),
    selection: state.selection,
    focus: state.focus,
    filters: state.filters,
    highlight: state.highlight,
    panel: state.panel,
    query: state.query,
    whyTarget: state.whyTarget,
    camera: state.camera,
    theme: state.theme,
    view: state.view,
    canUndo: history.canUndo,
    pending,
    error: lastError,
    layout: { ...data.layout },
    consoleRows: data.console.rows?.length ?? null,
    resultGraph: mini && data.console.rows === mini.rows && mini.nodes ? { nodes: mini.renderer ? mini.nodes.length : 0, edges: mini.edges.length, drawn: !!mini.renderer && mini.host.isConnected } : null,
    influencers: data.influence?.influencers.map((i) => ({ id: i.node.id, sources: i.sources, score: i.score })) ?? null,
    pathCount: data.paths?.paths.length ?? null,
    consoleError: data.console.error,
    editorLoaded: !!editor && !!editorHost?.isConnected,
    renderer: renderer ? "sigma" : "none",
  };
}

declare global {
  interface Window {
    quiver: {
      state: typeof snapshot;
      idle(): Promise<void>;
      positions(): Record<string, { x: number; y: number }>;
      permalink(): Promise<string>;
      camera(): { x: number; y: number; ratio: number } | null;
      lastPermalink(): string;
    };
  }
}

window.quiver = {
  state: snapshot,
  async idle() {
    for (let i = 0; i < 600 && pending > 0; i++) await new Promise((r) => setTimeout(r, 25));
  },
  positions() {
    const out: Record<string, { x: number; y: number }> = {};
    for (const [id, p] of renderer?.viewportPositions() ?? []) out[id] = { x: p.x, y: p.y };
    return out;
  },
  permalink,
  camera: () => renderer?.camera() ?? null,
  lastPermalink: () => lastPermalink,
};

combobox($("#search") as HTMLInputElement, $("#search-list") as HTMLUListElement, api, (hit) => {
  void addFromSearch(hit);
  ($("#search") as HTMLInputElement).value = "";
});
document.addEventListener("keydown", onKey);
initRenderer();
render();
if (location.hash) void restore(location.hash);
window.addEventListener("hashchange", () => {
  if (!restoring && location.hash.startsWith("#s=")) void restore(location.hash);
});
