// The time bar's model: the dated facts counted per year (or per month
// when every date gives one and they span three years at most), the
// window the time filter sets as a range of those buckets, and how many
// facts on the canvas have no date at all. Pure (unit tested).

import type { GraphData } from "./graph-model";
import { type Filters, dateCmp } from "./state";

export interface Histogram {
  /** Bucket keys, consecutive: "2021", "2022", ... or "2021-08", "2021-09", ... */
  keys: string[];
  counts: number[];
}

function nextKey(k: string): string {
  if (k.length === 4) return String(Number(k) + 1);
  const [y, m] = k.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

export function histogram(dates: string[]): Histogram {
  if (!dates.length) return { keys: [], counts: [] };
  const years = dates.map((d) => Number(d.slice(0, 4)));
  const monthly = dates.every((d) => d.length >= 7) && Math.max(...years) - Math.min(...years) < 3;
  const key = (d: string) => (monthly ? d.slice(0, 7) : d.slice(0, 4));
  const sorted = dates.map(key).sort();
  const keys: string[] = [];
  for (let k = sorted[0]; k <= sorted[sorted.length - 1]; k = nextKey(k)) keys.push(k);
  const counts = keys.map(() => 0);
  for (const k of sorted) counts[keys.indexOf(k)]++;
  return { keys, counts };
}

/** The buckets [from, to] (indexes) the filter's window covers. */
export function windowOf(h: Histogram, f: Pick<Filters, "after" | "before">): [number, number] {
  const last = h.keys.length - 1;
  let from = 0;
  let to = last;
  if (f.after) while (from < last && dateCmp(h.keys[from], f.after) < 0) from++;
  if (f.before) while (to > 0 && dateCmp(h.keys[to], f.before) > 0) to--;
  return [from, Math.max(from, to)];
}

/** The filter for the buckets [from, to]: no bound at either end of the bar. */
export function filterOf(h: Histogram, from: number, to: number): Pick<Filters, "after" | "before"> {
  const last = h.keys.length - 1;
  return { after: from > 0 ? h.keys[from] : "", before: to < last ? h.keys[to] : "" };
}

/** Visible edges none of whose claims carries a date (validFrom or validTo): they cannot be placed on the bar. */
export function undatedFacts(g: GraphData, edges: Iterable<string>): number {
  let n = 0;
  for (const id of edges) {
    const ev = g.edges[id]?.evidence;
    if (ev && !ev.some((e) => e.validFrom || e.validTo)) n++;
  }
  return n;
}
