// The explorer's one state value and its store. The part a permalink holds
// is AppState (state.ts); the rest is what the panels draw besides: the
// answers fetched for it, the console's result, the layout's progress,
// requests in flight and the panels' own inputs. Actions (actions.ts)
// change it through set() and update(), saying what must be redrawn; the
// views (views.ts) draw it. Node positions are not here: the layout moves
// them many times a second, and only the canvas (canvas.ts) reads them.

import type { GEdge } from "./graph-model";
import type { ResultNode } from "./result-graph";
import { type AppState, type Filters, History, visibleElements } from "./state";
import type { TimelineItem } from "./timeline-model";
import type { Evidence, GizmoRow, InfluenceResult, Neighborhood, NodeDetails, PathsResult } from "./types";

/** What the filters leave visible of the canvas's content. */
export interface Visible {
  nodes: Set<string>;
  edges: Set<string>;
}

/** The claims the evidence panel shows, for the selected edge or node (key). */
export interface EvidenceView {
  key: string;
  title: string;
  evidence: Evidence[];
  loading: boolean;
}

/** Answers fetched for the current AppState (not in permalinks: fetched again). */
export interface Answers {
  /** The focused node's details and neighbours (the Neighbours panel). */
  details: NodeDetails | null;
  hood: Neighborhood | null;
  evidence: EvidenceView | null;
  influence: InfluenceResult | null;
  /** The filters Why? was asked with (the chip on the answer says them). */
  influenceAsked: Filters | null;
  /** The influencer whose paths are highlighted, -1 for all. */
  activeInfluencer: number;
  paths: PathsResult | null;
  pathsAsked: Filters | null;
  timeline: TimelineItem[] | null;
}

/** The console's graph view of a result: its nodes' labels and the relations among them. */
export interface ResultGraph {
  /** The result it was read for (the console's rows when it is current). */
  rows: GizmoRow[];
  /** Null while reading. */
  nodes: ResultNode[] | null;
  edges: GEdge[];
  error: string;
}

export interface ConsoleState {
  rows: GizmoRow[] | null;
  error: string;
  view: "table" | "json" | "graph";
  ms: number;
  /** Labels of the IRIs in the result's first rows (shown beside them). */
  labels: Record<string, string>;
  /** Where ↑ and ↓ are in the query history (-1: not walking it). */
  historyIndex: number;
  graph: ResultGraph | null;
}

export interface LayoutStatus {
  running: boolean;
  iterations: number;
  /** Numbers the layout runs: ticks of an older run are ignored. */
  run: number;
  engine: "worker";
}

/** A node picked in the Path panel. */
export interface PathEnd {
  id: string;
  label: string;
}

/** The panels' own inputs and modes, not part of a permalink. */
export interface UiState {
  exportOpen: boolean;
  /** How many neighbours "Expand top" adds. */
  topN: number;
  pathFrom: PathEnd | null;
  pathTo: PathEnd | null;
  /** The permalink last copied (the end-to-end tests open it). */
  lastPermalink: string;
  /** A permalink is being opened: the address bar is left alone. */
  restoring: boolean;
  /** The side panel is folded away: the canvas takes the whole width. */
  sideCollapsed: boolean;
  /** The legend shows its title only. */
  legendCollapsed: boolean;
}

export interface Session {
  app: AppState;
  /** Derived from app on every full redraw. */
  visible: Visible;
  /** Undo history of app.graph. */
  history: History;
  answers: Answers;
  console: ConsoleState;
  layout: LayoutStatus;
  /** Requests in flight: the status bar says "loading…", the tests wait for 0. */
  pending: number;
  /** The last failed request's message, in the status bar. */
  error: string;
  ui: UiState;
}

export function initialSession(app: AppState): Session {
  return {
    app,
    visible: { nodes: new Set(), edges: new Set() },
    history: new History(),
    answers: { details: null, hood: null, evidence: null, influence: null, influenceAsked: null, activeInfluencer: -1, paths: null, pathsAsked: null, timeline: null },
    console: { rows: null, error: "", view: "table", ms: 0, labels: {}, historyIndex: -1, graph: null },
    layout: { running: false, iterations: 0, run: 0, engine: "worker" },
    pending: 0,
    error: "",
    ui: { exportOpen: false, topN: 10, pathFrom: null, pathTo: null, lastPermalink: "", restoring: false, sideCollapsed: false, legendCollapsed: false },
  };
}

/**
 * What a change must redraw: everything (canvas, panels, list view, status
 * bar; the filters are applied again), the open panel, the status bar, the
 * toolbar, or nothing. Redrawing less keeps a 10,000-node canvas answering.
 */
export type Redraw = "all" | "panels" | "status" | "tools" | "none";

/** The parts of the state that update() patches field by field. */
type Part = "app" | "answers" | "console" | "layout" | "ui";

export class Store {
  private current: Session;
  private readonly listeners: ((redraw: Redraw) => void)[] = [];

  constructor(initial: Session) {
    this.current = initial;
  }

  get state(): Session {
    return this.current;
  }

  /** Replaces fields of the state, then redraws what redraw says. */
  set(patch: Partial<Session>, redraw: Redraw = "all"): void {
    const next = { ...this.current, ...patch };
    if (redraw === "all") next.visible = visibleElements(next.app.graph, next.app.filters, next.app.dates);
    this.current = next;
    for (const l of this.listeners) l(redraw);
  }

  /** Replaces fields of one part of the state (app, answers, ...), then redraws. */
  update<K extends Part>(part: K, patch: Partial<Session[K]>, redraw: Redraw = "all"): void {
    this.set({ [part]: { ...this.current[part], ...patch } }, redraw);
  }

  /** Redraws without a change (after changes made with redraw "none"). */
  redraw(what: Redraw = "all"): void {
    this.set({}, what);
  }

  subscribe(listener: (redraw: Redraw) => void): void {
    this.listeners.push(listener);
  }
}
