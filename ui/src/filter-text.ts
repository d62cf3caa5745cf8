// The filters in words: the caption of an export and the chip on each
// answer saying which filters shaped it ("only TASS · confidence ≥ 0.50").

import type { GraphData } from "./graph-model";
import { localName } from "./graph-model";
import { type Facet, type Filters, relationFacets, sourceFacets } from "./state";

/** "only TASS", "without X, Y", "sources: A, B": the shorter way to say what a facet keeps. */
function facetText(name: string, facets: Facet[], hidden: string[]): string {
  if (!hidden.length) return "";
  const label = (id: string) => facets.find((f) => f.id === id)?.label ?? localName(id);
  const kept = facets.filter((f) => !hidden.includes(f.id));
  if (!kept.length) return `no ${name}`;
  if (kept.length === 1) return `only ${kept[0].label}`;
  if (kept.length <= hidden.length) return `${name}: ${kept.map((f) => f.label).join(", ")}`;
  return `without ${hidden.map(label).join(", ")}`;
}

/** The time window in words. */
export function timeText(f: Pick<Filters, "after" | "before">): string {
  if (f.after && f.before) return `${f.after} to ${f.before}`;
  if (f.before) return `until ${f.before}`;
  if (f.after) return `from ${f.after}`;
  return "";
}

/**
 * The active filters, each in a few words; `server` keeps only those the
 * API applies to Why? and Path (sources, confidence, the "until" date, and
 * for Path the relations).
 */
export function describeFilters(f: Filters, g: GraphData, opts: { server?: boolean; relations?: boolean } = {}): string[] {
  const parts: string[] = [];
  const src = facetText("sources", sourceFacets(g), f.hiddenSources);
  if (src) parts.push(src);
  if (opts.relations !== false) {
    const rel = facetText("relations", relationFacets(g).filter((r) => !r.id.startsWith("group:")), f.hiddenRelations);
    if (rel) parts.push(rel);
  }
  if (f.minConfidence > 0) parts.push(`confidence ≥ ${f.minConfidence.toFixed(2)}`);
  if (opts.server) {
    if (f.before) parts.push(`as of ${f.before}`);
    return parts;
  }
  const t = timeText(f);
  if (t) parts.push(t);
  if (f.hiddenTypes.length) parts.push(`types hidden: ${f.hiddenTypes.map((t) => (t ? localName(t) : "untyped")).join(", ")}`);
  return parts;
}
