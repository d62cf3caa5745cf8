// The canvas's content as plain, immutable data: nodes and edges with the
// evidence behind each edge. Every function here is pure (a new value out,
// the input untouched), so undo is keeping the previous value, and the
// whole thing is unit tested without a browser (test/graph-model.test.ts).

import type { Evidence, NeighborGroup, NodeRef, Path, Step } from "./types";

/** A node on the canvas. */
export interface GNode {
  id: string;
  label: string;
  type: string;
  /** Set on nodes that stand for many (grouping above a limit). */
  group?: GroupInfo;
  /** The user put it there (search, why, path, console): collapse keeps it. */
  pinned?: boolean;
  /** Its position is the user's (dragged or pinned): the layout leaves it where it is. */
  fixed?: boolean;
  x?: number;
  y?: number;
}

/** What a group node stands for: the neighbours of parent over predicate not drawn one by one. */
export interface GroupInfo {
  parent: string;
  predicate: string;
  direction: "out" | "in";
  /** How many nodes it stands for. */
  count: number;
}

/** An edge: one fact (subject, predicate, object), with its claims. */
export interface GEdge {
  id: string;
  source: string;
  target: string;
  predicate: string;
  predicateLabel: string;
  /** The claims that assert it; undefined until fetched. */
  evidence?: Evidence[];
}

export interface GraphData {
  nodes: Readonly<Record<string, GNode>>;
  edges: Readonly<Record<string, GEdge>>;
}

export const EMPTY_GRAPH: GraphData = Object.freeze({ nodes: {}, edges: {} });

/** Relations with more neighbours than this are drawn as their top N and one group node. */
export const EXPAND_LIMIT = 25;
/** Above this many nodes on the canvas, additions are grouped instead of drawn. */
export const CANVAS_LIMIT = 12_000;

export function edgeId(source: string, predicate: string, target: string): string {
  return `${source} ${predicate} ${target}`;
}

export function groupId(parent: string, predicate: string, direction: string): string {
  return `group:${parent}|${predicate}|${direction}`;
}

/** The IRI without angle brackets: "<ent:Russia>" -> "ent:Russia". */
export function bare(iri: string): string {
  return iri.startsWith("<") && iri.endsWith(">") ? iri.slice(1, -1) : iri;
}

/** A readable name for an IRI without a label: "kg:allies-with" -> "allies-with". */
export function localName(iri: string): string {
  const b = bare(iri);
  const i = Math.max(b.lastIndexOf(":"), b.lastIndexOf("/"), b.lastIndexOf("#"));
  return i >= 0 ? b.slice(i + 1) : b;
}

export function nodeFromRef(ref: NodeRef, extra: Partial<GNode> = {}): GNode {
  return { id: ref.id, label: ref.label || localName(ref.id), type: ref.type || "", ...extra };
}

export function nodeCount(g: GraphData): number {
  return Object.keys(g.nodes).length;
}

/** Merges evidence lists by claim, best confidence first. */
export function mergeEvidence(a: Evidence[] | undefined, b: Evidence[] | undefined): Evidence[] | undefined {
  if (!a) return b;
  if (!b) return a;
  const byClaim = new Map<string, Evidence>();
  for (const e of [...a, ...b]) if (!byClaim.has(e.claim)) byClaim.set(e.claim, e);
  return [...byClaim.values()].sort((x, y) => y.confidence - x.confidence || x.claim.localeCompare(y.claim));
}

/**
 * Adds nodes and edges. Existing nodes keep their position and gain
 * pinned; existing edges merge evidence. Edges whose ends are missing are
 * dropped. Returns g itself when nothing changes.
 */
export function addElements(g: GraphData, nodes: GNode[], edges: GEdge[]): GraphData {
  let changed = false;
  const n: Record<string, GNode> = { ...g.nodes };
  for (const node of nodes) {
    const old = n[node.id];
    if (!old) {
      n[node.id] = node;
      changed = true;
    } else if ((node.pinned && !old.pinned) || (old.label === localName(old.id) && node.label !== old.label)) {
      n[node.id] = { ...old, pinned: old.pinned || node.pinned, label: node.label || old.label, type: old.type || node.type };
      changed = true;
    }
  }
  const e: Record<string, GEdge> = { ...g.edges };
  for (const edge of edges) {
    if (!n[edge.source] || !n[edge.target]) continue;
    const old = e[edge.id];
    if (!old) {
      e[edge.id] = edge;
      changed = true;
    } else if (edge.evidence) {
      const merged = mergeEvidence(old.evidence, edge.evidence);
      if (merged !== old.evidence) {
        e[edge.id] = { ...old, evidence: merged };
        changed = true;
      }
    }
  }
  return changed ? { nodes: n, edges: e } : g;
}

/** Sets the evidence of edges (after fetching it). */
export function setEvidence(g: GraphData, evidence: Record<string, Evidence[]>): GraphData {
  const e: Record<string, GEdge> = { ...g.edges };
  let changed = false;
  for (const [id, ev] of Object.entries(evidence)) {
    if (e[id]) {
      e[id] = { ...e[id], evidence: mergeEvidence(e[id].evidence, ev) ?? [] };
      changed = true;
    }
  }
  return changed ? { nodes: g.nodes, edges: e } : g;
}

/** Removes nodes and every edge that touches them. */
export function removeNodes(g: GraphData, ids: Iterable<string>): GraphData {
  const drop = new Set(ids);
  if (drop.size === 0) return g;
  const n: Record<string, GNode> = {};
  for (const [id, node] of Object.entries(g.nodes)) if (!drop.has(id)) n[id] = node;
  const e: Record<string, GEdge> = {};
  for (const [id, edge] of Object.entries(g.edges)) if (!drop.has(edge.source) && !drop.has(edge.target)) e[id] = edge;
  return { nodes: n, edges: e };
}

/** Neighbours of id on the canvas. */
export function neighbours(g: GraphData, id: string): Set<string> {
  const out = new Set<string>();
  for (const edge of Object.values(g.edges)) {
    if (edge.source === id) out.add(edge.target);
    else if (edge.target === id) out.add(edge.source);
  }
  for (const node of Object.values(g.nodes)) if (node.group?.parent === id) out.add(node.id);
  return out;
}

/**
 * Collapse: removes the neighbours of id that hang on it alone (no other
 * edge, not pinned), and its group nodes. The inverse of an expansion.
 */
export function collapse(g: GraphData, id: string): GraphData {
  const degree = new Map<string, number>();
  for (const edge of Object.values(g.edges)) {
    if (edge.source === edge.target) continue;
    degree.set(edge.source, (degree.get(edge.source) ?? 0) + 1);
    degree.set(edge.target, (degree.get(edge.target) ?? 0) + 1);
  }
  const drop: string[] = [];
  for (const nb of neighbours(g, id)) {
    const node = g.nodes[nb];
    if (!node || node.pinned) continue;
    if (node.group?.parent === id || (degree.get(nb) ?? 0) <= 1) drop.push(nb);
  }
  return removeNodes(g, drop);
}

/** The elements one neighbour group adds: the top `limit` nodes and, beyond, one group node. */
export function groupElements(
  g: GraphData,
  center: string,
  group: NeighborGroup,
  limit = EXPAND_LIMIT,
): { nodes: GNode[]; edges: GEdge[] } {
  const pred = group.predicate.id;
  const plabel = group.predicate.label || localName(pred);
  const room = Math.max(0, CANVAS_LIMIT - nodeCount(g));
  const take = Math.min(limit, group.nodes.length, room);
  const nodes: GNode[] = [];
  const edges: GEdge[] = [];
  for (const ref of group.nodes.slice(0, take)) {
    nodes.push(nodeFromRef(ref));
    const [s, t] = group.direction === "out" ? [center, ref.id] : [ref.id, center];
    edges.push({ id: edgeId(s, pred, t), source: s, target: t, predicate: pred, predicateLabel: plabel });
  }
  const rest = group.count - take;
  if (rest > 0) {
    const gid = groupId(center, pred, group.direction);
    nodes.push({
      id: gid,
      label: `+${rest} more (${plabel})`,
      type: "group",
      group: { parent: center, predicate: pred, direction: group.direction, count: rest },
    });
    const [s, t] = group.direction === "out" ? [center, gid] : [gid, center];
    edges.push({ id: edgeId(s, pred, t), source: s, target: t, predicate: pred, predicateLabel: plabel });
  }
  return { nodes, edges };
}

/** The edge a path step walks, oriented as the quad (subject -> object). */
export function stepEdge(step: Step): GEdge {
  const [s, t] = step.forward ? [step.from.id, step.to.id] : [step.to.id, step.from.id];
  const p = step.predicate.id;
  return {
    id: edgeId(s, p, t),
    source: s,
    target: t,
    predicate: p,
    predicateLabel: step.predicate.label || localName(p),
    evidence: step.evidence,
  };
}

/** The nodes and edges of paths, ready for addElements. */
export function pathElements(paths: Path[], pinned = false): { nodes: GNode[]; edges: GEdge[] } {
  const nodes = new Map<string, GNode>();
  const edges: GEdge[] = [];
  for (const p of paths) {
    for (const st of p.steps) {
      for (const ref of [st.from, st.to]) if (!nodes.has(ref.id)) nodes.set(ref.id, nodeFromRef(ref, pinned ? { pinned } : {}));
      edges.push(stepEdge(st));
    }
  }
  return { nodes: [...nodes.values()], edges };
}

/** The node and edge ids of paths: what a highlight keeps lit. */
export function pathIds(paths: Path[]): { nodes: string[]; edges: string[] } {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const p of paths)
    for (const st of p.steps) {
      nodes.add(st.from.id);
      nodes.add(st.to.id);
      edges.add(stepEdge(st).id);
    }
  return { nodes: [...nodes], edges: [...edges] };
}

/**
 * The key of an independent source: the claim's informant as the server
 * reports it (whom the claim counts as coming from: its attribution, else
 * the publisher of the document's first publication, else the document),
 * so that the canvas counts as Why? and Path do; the document and the
 * attribution for a record without one.
 */
export function sourceKey(e: Evidence): string {
  return e.informant?.id ?? `${e.document}|${e.attributedTo?.id ?? ""}`;
}

/** How many independent sources (distinct informants) stand behind the claims. */
export function independentSources(evidence: Evidence[] | undefined): number {
  return new Set((evidence ?? []).map(sourceKey)).size;
}

/** "per TASS" when the document attributes the claim, else the document itself. */
export function attribution(e: Evidence): string {
  if (e.attributedTo) return `per ${e.attributedTo.label || localName(e.attributedTo.id)}`;
  return e.documentTitle ? `the article itself` : `per ${localName(e.document)}`;
}

/** The source labels a claim counts under for the sources facet. */
export function sourceLabels(e: Evidence): { id: string; label: string }[] {
  const out = [{ id: e.document, label: e.documentTitle || localName(e.document) }];
  if (e.attributedTo) out.push({ id: e.attributedTo.id, label: e.attributedTo.label || localName(e.attributedTo.id) });
  return out;
}

/** The quote inside its sentence, as the text before, the quote and the text after. */
export function quoteInSentence(e: Evidence): { before: string; quote: string; after: string } {
  const s = e.sentenceText ?? "";
  const i = s.indexOf(e.quote);
  if (!s || i < 0) return { before: "", quote: e.quote, after: "" };
  return { before: s.slice(0, i), quote: e.quote, after: s.slice(i + e.quote.length) };
}

/** The best confidence of the edge's claims; undefined when unknown. */
export function bestConfidence(edge: GEdge): number | undefined {
  if (!edge.evidence || edge.evidence.length === 0) return undefined;
  return Math.max(...edge.evidence.map((e) => e.confidence));
}

/** Predicates that describe nodes rather than relate them: never drawn as edges. */
export const RECORD_PREDICATES = new Set(["rdf:type", "rdfs:label", "kg:alias"]);

/**
 * The node IRIs of Gizmo rows, in order of first appearance: every "<...>"
 * value of every tag ("id" first). Claims and documents are evidence, not
 * nodes of the canvas, and are left out.
 */
export function rowNodeIds(rows: Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v !== "string" || !v.startsWith("<") || !v.endsWith(">")) return;
    const id = bare(v);
    if (id.startsWith("claim:") || id.startsWith("doc:") || id.startsWith("graph:") || seen.has(id)) return;
    seen.add(id);
    out.push(id);
  };
  for (const r of rows) {
    add(r.id);
    for (const [k, v] of Object.entries(r)) if (k !== "id") add(v);
  }
  return out;
}

/** The Gizmo query reading the labels and types of nodes, for "add to canvas". */
export function labelsQuery(ids: string[]): string {
  const list = ids.map((id) => JSON.stringify(`<${id}>`)).join(",");
  return `var ids = [${list}];\ng.V.apply(g, ids).tag("node").saveOpt("<rdfs:label>", "label").saveOpt("<rdf:type>", "type").all();`;
}

/** The labels and types in the rows of labelsQuery, by node id (the first of each). */
export function labelRows(rows: Record<string, unknown>[]): Map<string, { label: string; type: string }> {
  const out = new Map<string, { label: string; type: string }>();
  for (const r of rows) {
    if (typeof r.node !== "string") continue;
    const cur = out.get(bare(r.node)) ?? { label: "", type: "" };
    if (typeof r.label === "string" && !cur.label) cur.label = r.label;
    if (typeof r.type === "string" && !cur.type) cur.type = bare(r.type);
    out.set(bare(r.node), cur);
  }
  return out;
}

/** The Gizmo query reading the relations among nodes, for "add to canvas". */
export function edgesAmongQuery(ids: string[]): string {
  const list = ids.map((id) => JSON.stringify(`<${id}>`)).join(",");
  return `var ids = [${list}];\ng.V.apply(g, ids).tag("s").out(null, "p").intersect(g.V.apply(g, ids)).all();`;
}

/** Edges from the rows of edgesAmongQuery. */
export function edgesFromRows(rows: Record<string, unknown>[]): GEdge[] {
  const out = new Map<string, GEdge>();
  for (const r of rows) {
    if (typeof r.s !== "string" || typeof r.p !== "string" || typeof r.id !== "string") continue;
    const s = bare(r.s);
    const p = bare(r.p);
    const t = bare(r.id);
    if (RECORD_PREDICATES.has(p)) continue;
    const id = edgeId(s, p, t);
    if (!out.has(id)) out.set(id, { id, source: s, target: t, predicate: p, predicateLabel: localName(p) });
  }
  return [...out.values()];
}

/**
 * The Gizmo query reading the relations between the nodes `fresh` and the
 * nodes `all` (fresh among them), both ways, and the labels of predicates:
 * what a canvas needs so that every relation among its nodes is drawn.
 */
export function relationsBetweenQuery(fresh: string[], all: string[]): string {
  const list = (ids: string[]) => ids.map((id) => JSON.stringify(`<${id}>`)).join(",");
  return [
    `var fresh = [${list(fresh)}], all = [${list(all)}];`,
    `g.V.apply(g, fresh).tag("s").out(null, "p").intersect(g.V.apply(g, all)).all();`,
    `g.V.apply(g, all).tag("s").out(null, "p").intersect(g.V.apply(g, fresh)).all();`,
  ].join("\n");
}

/** The Gizmo query reading the labels of predicates (rows: node, label). */
export function predicateLabelsQuery(preds: string[]): string {
  return `g.V(${preds.map((p) => JSON.stringify(`<${p}>`)).join(",")}).tag("node").saveOpt("<rdfs:label>", "label").all();`;
}

/** Gives edges the labels of their predicates (from predicateLabelsQuery's rows) where they have only a local name. */
export function labelPredicates(edges: GEdge[], rows: Record<string, unknown>[]): GEdge[] {
  const labels = new Map<string, string>();
  for (const r of rows) if (typeof r.node === "string" && typeof r.label === "string") labels.set(bare(r.node), r.label);
  return edges.map((e) => (labels.has(e.predicate) ? { ...e, predicateLabel: labels.get(e.predicate)! } : e));
}
