// The Timeline panel: dated events and claims in order, with "before the
// decision only"; the time bar under the canvas sets the window too.

import type { Actions } from "../actions";
import { h } from "../dom";
import { timeText } from "../filter-text";
import type { GraphData } from "../graph-model";
import { dateInRange } from "../state";
import type { Session } from "../store";

export function timelinePanel(p: HTMLElement, s: Session, a: Actions): void {
  p.append(h("h2", null, "Timeline"));
  const items = s.answers.timeline;
  if (!items) {
    p.append(h("p", { class: "muted" }, "Loading dated facts…"));
    return;
  }
  const f = s.app.filters;
  const target = s.app.whyTarget ?? s.app.focus;
  const targetDate = target ? (s.app.dates[target] ?? earliestClaimDate(s.app.graph, target)) : "";
  p.append(
    h(
      "div",
      { class: "row", role: "group", "aria-label": "Time filter" },
      targetDate ? h("button", { type: "button", id: "before-decision", onclick: () => a.setFilters({ before: targetDate, after: "" }) }, `Before ${s.app.graph.nodes[target!]?.label ?? "it"} only (${targetDate})`) : null,
      h("button", { type: "button", onclick: () => a.setFilters({ before: "", after: "" }) }, "All time"),
      h("span", { class: "muted" }, "Or drag across the time bar under the canvas."),
    ),
  );
  const inRange = items.filter((e) => dateInRange(e.date, f));
  p.append(h("p", { class: "muted", id: "timeline-count" }, `${inRange.length} of ${items.length} dated facts${f.after || f.before ? ` ${timeText(f)}` : ""}`));
  const ol = h("ol", { class: "plain timeline", "aria-label": "Dated facts" });
  for (const e of inRange) {
    ol.append(
      h(
        "li",
        { dataset: { date: e.date, node: e.node.id } },
        h("span", { class: "date" }, e.date),
        e.dates.length > 1 ? h("span", { class: "muted" }, ` (also given as ${e.dates.slice(1).join(", ")})`) : null,
        " ",
        h("button", { type: "button", class: "link", onclick: () => a.addAndFocus(e.node.id, e.node.label, e.node.type) }, e.node.label),
        e.kind === "validFrom" ? h("span", { class: "muted" }, " · holds from this date") : null,
        e.quote ? h("div", { class: "meta" }, "“", e.quote, "” — ", e.attribution) : null,
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
