// The timeline as an analyst reads it: one item per event (an event the
// sources date twice, "2022" and "2022-02", is one item at its most precise
// date), and a claim dated by its validity filed under the event its facts
// describe, told by its quote rather than as raw triples. Pure (unit tested).

import { attribution, bare } from "./graph-model";
import type { Evidence, TimelineEntry } from "./types";

/** A fact of a claim, as the store holds it (IRIs in angle brackets). */
export interface ClaimQuad {
  subject: string;
  predicate: string;
  object: string;
  label?: string;
}

export interface TimelineItem {
  /** The most precise date. */
  date: string;
  /** Every date the sources give it, most precise first. */
  dates: string[];
  node: { id: string; label: string; type: string };
  /** What happened, in the sources' words: the best claim's quote. */
  quote: string;
  attribution: string;
  evidence: Evidence[];
  /** "date": an event's date; "validFrom": a claim's facts hold from then. */
  kind: "date" | "validFrom";
}

/** The node a claim is about: the subject of most of its facts (an event, not one of its parties). */
export function claimSubject(quads: ClaimQuad[]): string | null {
  const n = new Map<string, number>();
  for (const q of quads) if (q.subject.startsWith("<")) n.set(q.subject, (n.get(q.subject) ?? 0) + 1);
  let best: string | null = null;
  for (const [s, c] of n) if (best === null || c > n.get(best)!) best = s;
  return best && bare(best);
}

/**
 * Items from the API's entries. quads holds the facts of the validFrom
 * claims by claim IRI (bare), labels the labels of the nodes they name.
 */
export function timelineItems(entries: TimelineEntry[], quads: ReadonlyMap<string, ClaimQuad[]>, labels: ReadonlyMap<string, { label: string; type: string }>): TimelineItem[] {
  const byKey = new Map<string, TimelineItem>();
  for (const e of entries) {
    let node = { id: e.node.id, label: e.node.label || e.node.id, type: e.node.type ?? "" };
    if (e.predicate !== "kg:date") {
      const subj = claimSubject(quads.get(e.evidence[0]?.claim ?? "") ?? []);
      if (subj && subj !== node.id) node = { id: subj, label: labels.get(subj)?.label || subj, type: labels.get(subj)?.type ?? "" };
    }
    const key = `${node.id}|${e.predicate === "kg:date" ? "date" : e.date}`;
    const cur = byKey.get(key);
    if (cur) {
      cur.dates = [...new Set([...cur.dates, e.date])].sort((a, b) => b.length - a.length || a.localeCompare(b));
      cur.date = cur.dates[0];
      const seen = new Set(cur.evidence.map((x) => x.claim));
      cur.evidence.push(...e.evidence.filter((x) => !seen.has(x.claim)));
      continue;
    }
    const best = e.evidence[0];
    byKey.set(key, {
      date: e.date,
      dates: [e.date],
      node,
      quote: best?.quote ?? "",
      attribution: best ? attribution(best) : "",
      evidence: [...e.evidence],
      kind: e.predicate === "kg:date" ? "date" : "validFrom",
    });
  }
  return [...byKey.values()].sort((a, b) => a.date.localeCompare(b.date) || a.node.label.localeCompare(b.node.label));
}

/** The claims whose facts the items need to be filed (the validFrom entries'). */
export function claimsToRead(entries: TimelineEntry[]): string[] {
  return [...new Set(entries.filter((e) => e.predicate !== "kg:date").flatMap((e) => e.evidence.map((x) => x.claim)))];
}
