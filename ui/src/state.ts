// The explorer's whole state as one serialisable value, the filters that
// decide what is visible, facets, and undo history. Pure functions; the
// store (store.ts) holds the current value and notifies the views.

import type { Evidence } from "./types";
import {
  EMPTY_GRAPH,
  type GEdge,
  type GraphData,
  type GNode,
  localName,
  sourceLabels,
} from "./graph-model";

export interface Filters {
  /** Relations hidden by the facet (predicate IRIs). */
  hiddenRelations: string[];
  /** Sources hidden by the facet (document or attribution IRIs). */
  hiddenSources: string[];
  /** Node types hidden by the legend (rdf:type IRIs; "" for untyped). */
  hiddenTypes: string[];
  /** Claims below this are ignored; an edge with no claim left is hidden. */
  minConfidence: number;
  /** Time filter: keep claims and dated events at or after / at or before (ISO-8601 prefixes). */
  after: string;
  before: string;
}

export const NO_FILTERS: Filters = Object.freeze({
  hiddenRelations: [],
  hiddenSources: [],
  hiddenTypes: [],
  minConfidence: 0,
  after: "",
  before: "",
}) as Filters;

export type Selection = { kind: "node"; id: string } | { kind: "edge"; id: string } | null;

/** What is lit while everything else is dimmed: a path, influence paths. */
export interface Highlight {
  kind: "path" | "why";
  nodes: string[];
  edges: string[];
  /** For the permalink: what produced it. */
  from?: string;
  to?: string;
  index?: number;
}

export type Panel = "preview" | "evidence" | "why" | "path" | "timeline" | "console" | "facets";

/** What a node's size says: its degree on the canvas, or its influence on the Why? target. */
export type SizeBy = "degree" | "influence";

export interface Camera {
  x: number;
  y: number;
  ratio: number;
}

export interface AppState {
  graph: GraphData;
  selection: Selection;
  /** The node whose relations the neighbour preview and the list view show. */
  focus: string | null;
  filters: Filters;
  highlight: Highlight | null;
  panel: Panel;
  /** The Gizmo console's text. */
  query: string;
  /** The "Why?" target, when the why panel shows one. */
  whyTarget: string | null;
  /** Dates of dated nodes (events), from the timeline, for the time filter. */
  dates: Readonly<Record<string, string>>;
  camera: Camera | null;
  theme: "dark" | "light";
  view: "graph" | "list";
  sizeBy: SizeBy;
}

export const INITIAL_STATE: AppState = {
  graph: EMPTY_GRAPH,
  selection: null,
  focus: null,
  filters: NO_FILTERS,
  highlight: null,
  panel: "preview",
  query: "",
  whyTarget: null,
  dates: {},
  camera: null,
  theme: "light",
  view: "graph",
  sizeBy: "degree",
};

/** Compares ISO-8601 prefixes on their common prefix: "2022" matches "2022-02". */
export function dateCmp(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  const x = a.slice(0, n);
  const y = b.slice(0, n);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether a date passes the time filter (an empty date passes). */
export function dateInRange(date: string | undefined, f: Filters): boolean {
  if (!date) return true;
  if (f.after && dateCmp(date, f.after) < 0) return false;
  if (f.before && dateCmp(date, f.before) > 0) return false;
  return true;
}

/** Whether one claim passes every filter. */
export function claimPasses(e: Evidence, f: Filters): boolean {
  if (e.confidence < f.minConfidence) return false;
  // The server's rule (graph/evidence.go): a claim is kept when its
  // document or its attribution is among the chosen sources, i.e. here when
  // not every one of them is hidden. Why? and Path get the same facet as an
  // allow-list (serverFilters), so the canvas and the answers agree.
  if (f.hiddenSources.length) {
    const ids = sourceLabels(e).map((s) => s.id);
    if (ids.every((id) => f.hiddenSources.includes(id))) return false;
  }
  if (f.before && e.validFrom && dateCmp(e.validFrom, f.before) > 0) return false;
  if (f.after && e.validTo && dateCmp(e.validTo, f.after) < 0) return false;
  return true;
}

/** The claims of an edge that pass the filters. */
export function passingEvidence(edge: GEdge, f: Filters): Evidence[] | undefined {
  return edge.evidence?.filter((e) => claimPasses(e, f));
}

export function filtersActive(f: Filters): boolean {
  return f.hiddenRelations.length > 0 || f.hiddenSources.length > 0 || f.hiddenTypes.length > 0 || f.minConfidence > 0 || !!f.after || !!f.before;
}

/**
 * What the filters leave visible. An edge is hidden when its relation is,
 * or when its claims are known and none passes. A node is hidden when it is
 * a dated event outside the time filter, or when filters hid every edge it
 * had and it is not pinned.
 */
export function visibleElements(
  g: GraphData,
  f: Filters,
  dates: Readonly<Record<string, string>> = {},
): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set<string>();
  const types = new Set(f.hiddenTypes);
  for (const [id, n] of Object.entries(g.nodes)) if (dateInRange(dates[id], f) && !types.has(n.type)) nodes.add(id);
  if (!filtersActive(f)) return { nodes, edges: new Set(Object.keys(g.edges).filter((id) => {
    const e = g.edges[id];
    return nodes.has(e.source) && nodes.has(e.target);
  })) };
  const edges = new Set<string>();
  const hadEdge = new Set<string>();
  const keepsEdge = new Set<string>();
  for (const [id, e] of Object.entries(g.edges)) {
    hadEdge.add(e.source);
    hadEdge.add(e.target);
    if (f.hiddenRelations.includes(e.predicate)) continue;
    if (!nodes.has(e.source) || !nodes.has(e.target)) continue;
    const ev = passingEvidence(e, f);
    if (ev && ev.length === 0) continue;
    edges.add(id);
    keepsEdge.add(e.source);
    keepsEdge.add(e.target);
  }
  for (const id of [...nodes]) {
    if (hadEdge.has(id) && !keepsEdge.has(id) && !g.nodes[id].pinned) nodes.delete(id);
  }
  return { nodes, edges };
}

export interface Facet {
  id: string;
  label: string;
  count: number;
}

/** Relations on the canvas, with their edge counts, most used first. */
export function relationFacets(g: GraphData): Facet[] {
  const m = new Map<string, Facet>();
  for (const e of Object.values(g.edges)) {
    const f = m.get(e.predicate) ?? { id: e.predicate, label: e.predicateLabel || localName(e.predicate), count: 0 };
    f.count++;
    m.set(e.predicate, f);
  }
  return [...m.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** Sources (documents and attributions) of the canvas's claims, with claim counts. */
export function sourceFacets(g: GraphData): Facet[] {
  const m = new Map<string, Facet>();
  const seen = new Set<string>();
  for (const e of Object.values(g.edges))
    for (const ev of e.evidence ?? []) {
      for (const s of sourceLabels(ev)) {
        const k = `${s.id} ${ev.claim}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const f = m.get(s.id) ?? { id: s.id, label: s.label, count: 0 };
        f.count++;
        m.set(s.id, f);
      }
    }
  return [...m.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** Toggles a value in a list (for facets). */
export function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** Undo history of the canvas's content. */
export class History {
  private past: GraphData[] = [];
  private future: GraphData[] = [];
  constructor(private readonly cap = 100) {}

  /** Records `before` as the state to return to. */
  push(before: GraphData): void {
    this.past.push(before);
    if (this.past.length > this.cap) this.past.shift();
    this.future = [];
  }
  undo(current: GraphData): GraphData | null {
    const prev = this.past.pop();
    if (!prev) return null;
    this.future.push(current);
    return prev;
  }
  redo(current: GraphData): GraphData | null {
    const next = this.future.pop();
    if (!next) return null;
    this.past.push(current);
    return next;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }
  clear(): void {
    this.past = [];
    this.future = [];
  }
}

/** The nodes the list view shows for the focused node: its relations, grouped. */
export function relationsOf(
  g: GraphData,
  id: string,
  visible?: { edges: Set<string> },
): { predicate: string; label: string; direction: "out" | "in"; nodes: GNode[]; edges: GEdge[] }[] {
  const groups = new Map<string, { predicate: string; label: string; direction: "out" | "in"; nodes: GNode[]; edges: GEdge[] }>();
  for (const e of Object.values(g.edges)) {
    if (visible && !visible.edges.has(e.id)) continue;
    let dir: "out" | "in";
    let other: string;
    if (e.source === id) [dir, other] = ["out", e.target];
    else if (e.target === id) [dir, other] = ["in", e.source];
    else continue;
    const k = `${e.predicate} ${dir}`;
    const grp = groups.get(k) ?? { predicate: e.predicate, label: e.predicateLabel, direction: dir, nodes: [], edges: [] };
    if (g.nodes[other]) grp.nodes.push(g.nodes[other]);
    grp.edges.push(e);
    groups.set(k, grp);
  }
  return [...groups.values()].sort((a, b) => a.label.localeCompare(b.label) || a.direction.localeCompare(b.direction));
}

/** A source or relation id that matches nothing: the allow-list when every choice is unchecked. */
export const NOTHING = "quiver:none";

/** What Why? (/influence) and Path (/paths) are sent for the filters. */
export interface ServerFilters {
  minConfidence?: number;
  asOf?: string;
  /** Allowed sources (documents or attributions): a claim is kept when either is listed. */
  source?: string[];
  /** Allowed relations (only /paths takes them). */
  predicate?: string[];
}

/**
 * The filters as the API's query parameters. The facets hide values, the
 * API takes the values to keep: when something is hidden, the allow-list is
 * every value the facet lists (those of the canvas) minus the hidden ones,
 * or NOTHING when every one is hidden. Nothing hidden: no list, no limit.
 */
export function serverFilters(f: Filters, g: GraphData): ServerFilters {
  const allow = (hidden: string[], facets: Facet[]): string[] | undefined => {
    if (!hidden.length) return undefined;
    const keep = facets.map((x) => x.id).filter((id) => !hidden.includes(id));
    return keep.length ? keep.sort() : [NOTHING];
  };
  const out: ServerFilters = {};
  if (f.minConfidence > 0) out.minConfidence = f.minConfidence;
  if (f.before) out.asOf = f.before;
  const source = allow(f.hiddenSources, sourceFacets(g));
  if (source) out.source = source;
  const predicate = allow(f.hiddenRelations, relationFacets(g).filter((r) => !r.id.startsWith("group:")));
  if (predicate) out.predicate = predicate;
  return out;
}

/** Whether a change of filters changes what Why? and Path are asked. */
export function serverFiltersChanged(a: Filters, b: Filters): boolean {
  return (
    a.minConfidence !== b.minConfidence ||
    a.before !== b.before ||
    a.hiddenSources.join("\n") !== b.hiddenSources.join("\n") ||
    a.hiddenRelations.join("\n") !== b.hiddenRelations.join("\n")
  );
}
