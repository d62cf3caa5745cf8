// The Timeline panel: dated events and claims in order, with the time
// filter ("before the decision only"), which the canvas follows too.

import type { Actions } from "../actions";
import { h } from "../dom";
import { type GraphData, attribution } from "../graph-model";
import { dateInRange } from "../state";
import type { Session } from "../store";

export function timelinePanel(p: HTMLElement, s: Session, a: Actions): void {
  p.append(h("h2", null, "Timeline"));
  const entries = s.answers.timeline;
  if (!entries) {
    p.append(h("p", { class: "muted" }, "Loading dated facts…"));
    return;
  }
  const dates = [...new Set(entries.map((e) => e.date))].sort();
  const f = s.app.filters;
  const sel = (id: string, label: string, value: string, on: (v: string) => void) =>
    h(
      "label",
      null,
      label,
      " ",
      h("select", { id, onchange: (ev: Event) => on((ev.target as HTMLSelectElement).value) }, h("option", { value: "" }, "any"), dates.map((d) => h("option", { value: d, selected: d === value }, d))),
    );
  const target = s.app.whyTarget ?? s.app.focus;
  const targetDate = target ? (s.app.dates[target] ?? earliestClaimDate(s.app.graph, target)) : "";
  p.append(
    h(
      "div",
      { class: "row", role: "group", "aria-label": "Time filter" },
      sel("time-after", "From", f.after, (v) => a.setFilters({ after: v })),
      sel("time-before", "To", f.before, (v) => a.setFilters({ before: v })),
      targetDate ? h("button", { type: "button", id: "before-decision", onclick: () => a.setFilters({ before: targetDate, after: "" }) }, `Before ${s.app.graph.nodes[target!]?.label ?? "it"} only (${targetDate})`) : null,
      h("button", { type: "button", onclick: () => a.setFilters({ before: "", after: "" }) }, "All time"),
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
        h("button", { type: "button", class: "link", onclick: () => a.addAndFocus(e.node.id, e.node.label, e.node.type) }, e.node.label || e.node.id),
        e.facts?.length ? h("div", { class: "muted" }, e.facts.join("; ")) : null,
        best ? h("div", { class: "meta" }, "“", best.quote, "” — ", attribution(best)) : null,
      ),
    );
  }
  p.append(ol);
}

/** The earliest validFrom of the claims on the canvas that touch node id. */
function earliestClaimDate(g: GraphData, id: string): string {
  let d = "";
  for (const e of Object.values(g.edges))
    if (e.source === id || e.target === id) for (const ev of e.evidence ?? []) if (ev.validFrom && (!d || ev.validFrom < d)) d = ev.validFrom;
  return d;
}
