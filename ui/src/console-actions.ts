// The Gizmo console's actions: edit, run and recall queries, and bring a
// result to the canvas or to the console's graph view.

import type { Actions } from "./actions";
import type { AddressBar } from "./address-bar";
import { type Api, pool } from "./api";
import type { ConsoleEditor } from "./console-editor";
import { announce } from "./dom";
import { CANVAS_LIMIT, type GNode, addElements, bare, edgesAmongQuery, edgesFromRows, labelRows, labelsQuery, nodeCount, nodeFromRef, rowNodeIds } from "./graph-model";
import { RESULT_GRAPH_LIMIT, type ResultNode } from "./result-graph";
import type { AppState } from "./state";
import type { ConsoleState, ResultGraph, Store } from "./store";
import type { GizmoRow } from "./types";

const HISTORY_KEY = "quiver.console.history";

/** The console's past queries, newest first (kept in localStorage). */
export function queryHistory(): string[] {
  try {
    return JSON.parse(localStorage.getItem(HISTORY_KEY) ?? "[]") as string[];
  } catch {
    return [];
  }
}

export class ConsoleActions {
  constructor(
    private readonly store: Store,
    private readonly api: Api,
    private readonly editor: ConsoleEditor,
    private readonly address: AddressBar,
    private readonly actions: Actions,
  ) {}

  private get app(): AppState {
    return this.store.state.app;
  }

  /** The query's text was edited. */
  queryEdited(text: string): void {
    this.store.update("app", { query: text }, "none");
    this.address.schedule();
  }

  /** Puts a query from the history in the editor. */
  pickQuery(text: string): void {
    this.store.update("app", { query: text }, "none");
    this.editor.set(text);
    (document.getElementById("query-fallback") as HTMLTextAreaElement | null)?.setAttribute("value", text);
  }

  /** Walks the query history: d = 1 goes back, -1 forward. */
  recallHistory(d: number): void {
    const hist = queryHistory();
    if (!hist.length) return;
    const i = Math.max(0, Math.min(hist.length - 1, this.store.state.console.historyIndex + d));
    this.store.update("console", { historyIndex: i }, "none");
    this.store.update("app", { query: hist[i] }, "none");
    this.editor.set(hist[i]);
  }

  /** Puts a starter query in the editor. */
  useQuery(text: string): void {
    this.pickQuery(text);
    this.store.update("console", { historyIndex: -1 }, "panels");
  }

  showResultAs(view: ConsoleState["view"]): void {
    this.store.update("console", { view }, "panels");
  }

  async runQuery(): Promise<void> {
    const text = (this.editor.value() ?? this.app.query).trim();
    if (!text) return;
    this.store.update("app", { query: text }, "none");
    const hist = [text, ...queryHistory().filter((q) => q !== text)].slice(0, 50);
    localStorage.setItem(HISTORY_KEY, JSON.stringify(hist));
    this.store.update("console", { rows: null, error: "", historyIndex: -1 }, "panels");
    const t0 = performance.now();
    this.store.set({ pending: this.store.state.pending + 1 }, "status");
    let rows: GizmoRow[] | null = null;
    let error = "";
    try {
      rows = await this.api.gizmo(text, -1);
    } catch (e) {
      error = (e as Error).message;
    } finally {
      // "status": the status bar said "loading…" until the next full redraw.
      this.store.set({ pending: this.store.state.pending - 1 }, "status");
    }
    this.store.update("console", { rows, error, ms: Math.round(performance.now() - t0), labels: {} }, "panels");
    announce(error ? `Query error: ${error}` : `${rows?.length ?? 0} rows`);
    if (rows?.length) void this.readLabels(rows);
  }

  /** Reads the labels of the IRIs in the table's rows, to show beside them. */
  private async readLabels(rows: GizmoRow[]): Promise<void> {
    const ids = new Set<string>();
    for (const r of rows.slice(0, 500)) for (const v of Object.values(r)) if (typeof v === "string" && v.startsWith("<") && v.endsWith(">")) ids.add(bare(v));
    if (!ids.size) return;
    const got = await this.api.gizmo(labelsQuery([...ids]), -1).catch(() => [] as GizmoRow[]);
    const labels: Record<string, string> = {};
    for (const r of got) if (typeof r.node === "string" && typeof r.label === "string") labels[bare(r.node)] ??= r.label;
    if (this.store.state.console.rows === rows) this.store.update("console", { labels }, "panels");
  }

  /** Adds the nodes of the console's result to the canvas, with the relations among them. */
  async addResultToCanvas(): Promise<void> {
    const rows = this.store.state.console.rows;
    if (!rows) return;
    let ids = rowNodeIds(rows);
    const room = CANVAS_LIMIT - nodeCount(this.app.graph);
    let grouped = 0;
    if (ids.length > room) {
      grouped = ids.length - room;
      ids = ids.slice(0, Math.max(0, room));
    }
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += 2500) chunks.push(ids.slice(i, i + 2500));
    const rowsOfLabels = (await this.actions.busy(pool(chunks, 2, (c) => this.api.gizmo(labelsQuery(c), -1)))) ?? [];
    const info = labelRows(rowsOfLabels.flat());
    const nodes: GNode[] = ids.map((id) => nodeFromRef({ id, label: info.get(id)?.label || undefined, type: info.get(id)?.type || undefined }, { pinned: ids.length <= 200 }));
    const edgeRows = (await this.actions.busy(pool(chunks, 2, (c) => this.api.gizmo(edgesAmongQuery(c), -1)))) ?? [];
    const idset = new Set(ids);
    const edges = edgesFromRows(edgeRows.flat()).filter((e) => idset.has(e.source) && idset.has(e.target));
    if (grouped > 0) {
      nodes.push({ id: `group:console|${Date.now()}`, label: `+${grouped} more (query result)`, type: "group", group: { parent: "", predicate: "", direction: "out", count: grouped } });
    }
    this.actions.commit(addElements(this.app.graph, nodes, edges));
    announce(`Added ${nodes.length} nodes and ${edges.length} relations to the canvas${grouped ? `; ${grouped} grouped` : ""}`);
  }

  /**
   * Starts reading the labels of a result's nodes and the relations among
   * them, for the console's graph view, and returns what is known now.
   */
  readResultGraph(rows: GizmoRow[]): ResultGraph {
    const ids = rowNodeIds(rows).slice(0, RESULT_GRAPH_LIMIT);
    const graph: ResultGraph = { rows, nodes: ids.length ? null : [], edges: [], error: "" };
    this.store.update("console", { graph }, "none");
    if (ids.length) void this.fetchResultGraph(graph, ids);
    return graph;
  }

  private async fetchResultGraph(graph: ResultGraph, ids: string[]): Promise<void> {
    let read: Partial<ResultGraph>;
    try {
      const [rows, edgeRows] = await Promise.all([this.api.gizmo(labelsQuery(ids), -1), this.api.gizmo(edgesAmongQuery(ids), -1)]);
      const nodes = this.app.graph.nodes;
      const info = labelRows(rows);
      // The canvas's label and type first, else what the store says.
      const node = (id: string): ResultNode => ({ id, label: nodes[id]?.label || info.get(id)?.label || "", type: nodes[id]?.type || info.get(id)?.type || "" });
      read = { nodes: ids.map(node), edges: edgesFromRows(edgeRows) };
    } catch (e) {
      read = { error: `Could not read the result's relations: ${(e as Error).message}` };
    }
    if (this.store.state.console.graph?.rows === graph.rows) this.store.update("console", { graph: { ...graph, ...read } }, "panels");
  }
}
