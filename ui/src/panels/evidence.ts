// The Evidence panel: the claims behind the selected edge or node, with the
// number of independent sources and what the filters hide.

import type { Actions } from "../actions";
import { h } from "../dom";
import type { GEdge } from "../graph-model";
import { passingEvidence } from "../state";
import type { Session } from "../store";
import { evidenceList, sourcesBadge } from "./widgets";

export function evidencePanel(p: HTMLElement, s: Session, a: Actions): void {
  const ev = s.answers.evidence;
  const sel = s.app.selection;
  // The selection's claims, or a source's ("What does TASS claim?").
  if (!ev || !(ev.key.startsWith("source:") || ev.key === sel?.id)) {
    p.append(h("h2", null, "Evidence"), h("p", { class: "muted" }, "Select an edge or a node to see the claims behind it: the quote in its sentence, the source, who said it, confidence and date."));
    return;
  }
  p.append(h("h2", { id: "evidence-title", tabindex: "-1" }, ev.title));
  if (ev.loading) {
    p.append(h("p", { class: "muted" }, "Loading the claims…"));
    return;
  }
  const shown = ev.evidence;
  const kept = shown.filter((e) => passingEvidence({ evidence: [e] } as GEdge, s.app.filters)!.length > 0);
  p.append(
    h(
      "div",
      { class: "row" },
      sourcesBadge(shown),
      h("span", { class: "badge" }, `${shown.length} claim${shown.length === 1 ? "" : "s"}`),
      kept.length !== shown.length ? h("span", { class: "badge" }, `${shown.length - kept.length} hidden by filters`) : null,
      sel?.kind === "edge" && ev.key === sel.id ? h("button", { type: "button", onclick: () => a.focusNode(s.app.graph.edges[sel.id].source) }, "Focus subject") : null,
      sel?.kind === "node" && ev.key === sel.id ? h("button", { type: "button", onclick: () => void a.why(sel.id) }, "Why?") : null,
    ),
  );
  if (!shown.length) p.append(h("p", { class: "muted" }, "No claims recorded."));
  else p.append(evidenceList(shown));
}
