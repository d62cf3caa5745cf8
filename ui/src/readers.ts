// Reads that take several requests: the timeline with the facts of its
// claims (to file each under its event), and the relations between new
// nodes and those already on the canvas with their predicates' labels.
// Each request goes through busy (counted in the status bar).

import type { Api } from "./api";
import { type GEdge, type GraphData, bare, edgesFromRows, labelPredicates, labelRows, labelsQuery, predicateLabelsQuery, relationsBetweenQuery } from "./graph-model";
import { type ClaimQuad, type TimelineItem, claimSubject, claimsToRead, timelineItems } from "./timeline-model";

export type Busy = <T>(p: Promise<T>) => Promise<T | undefined>;

/** Above this many nodes on the canvas, relations among them are not read on every addition. */
export const AMONG_LIMIT = 3000;

/** The timeline's items: the dated facts, validity-dated claims filed under their events. */
export async function readTimeline(api: Api, busy: Busy): Promise<TimelineItem[] | undefined> {
  const entries = await busy(api.timeline({}));
  if (!entries) return undefined;
  const quads = (await busy(api.claimQuads(claimsToRead(entries)))) ?? [];
  const byClaim = new Map<string, ClaimQuad[]>();
  for (const q of quads) if (q.label) byClaim.set(bare(q.label), [...(byClaim.get(bare(q.label)) ?? []), q]);
  const subjects = [...byClaim.values()].map(claimSubject).filter((x): x is string => !!x);
  const rows = subjects.length ? ((await busy(api.gizmo(labelsQuery(subjects), -1))) ?? []) : [];
  return timelineItems(entries, byClaim, labelRows(rows));
}

/**
 * The relations, both ways, between the nodes fresh and every node of g
 * that g does not hold yet, with their predicates' labels (those of g's
 * edges, else read).
 */
export async function readRelationsAmong(api: Api, busy: Busy, g: GraphData, fresh: string[]): Promise<GEdge[]> {
  const real = (id: string) => !id.startsWith("group:");
  const all = Object.keys(g.nodes).filter(real);
  const added = fresh.filter(real);
  if (!added.length || all.length < 2 || all.length > AMONG_LIMIT) return [];
  const rows = await busy(api.gizmo(relationsBetweenQuery(added, all), -1));
  const edges = edgesFromRows(rows ?? []).filter((e) => !g.edges[e.id]);
  if (!edges.length) return [];
  const known = new Map(Object.values(g.edges).map((e) => [e.predicate, e.predicateLabel]));
  const unknown = [...new Set(edges.map((e) => e.predicate))].filter((p) => !known.has(p));
  const labels = unknown.length ? ((await busy(api.gizmo(predicateLabelsQuery(unknown), -1))) ?? []) : [];
  return labelPredicates(edges, labels).map((e) => (known.has(e.predicate) ? { ...e, predicateLabel: known.get(e.predicate)! } : e));
}
