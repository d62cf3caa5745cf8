// The Why? panel: who influenced the target, ranked, each with its
// influence paths and the evidence on every hop.

import type { Actions } from "../actions";
import { h } from "../dom";
import type { Session } from "../store";
import { askedWithChip, hopView, nodeButton } from "./widgets";

export function whyPanel(p: HTMLElement, s: Session, a: Actions): void {
  const target = s.app.whyTarget;
  p.append(h("h2", null, "Why? Who influenced it"));
  if (!target) {
    p.append(h("p", { class: "muted" }, "Focus a decision (or any node) and press Why? to rank who influenced it, with the evidence on every hop."));
    return;
  }
  const res = s.answers.influence;
  if (!res || res.target.id !== target) {
    p.append(h("p", { class: "muted" }, "Ranking influencers…"));
    return;
  }
  p.append(h("p", null, "Target: ", nodeButton(s, a, res.target.id, res.target.label || res.target.id)), askedWithChip(s, s.answers.influenceAsked, { relations: false }) ?? "");
  if (!res.influencers.length) {
    p.append(h("p", { class: "muted" }, `No influencers found${res.reason ? ` (${res.reason})` : ""}.`));
    return;
  }
  const ol = h("ol", { class: "plain", "aria-label": "Influencers, best first", id: "influencers" });
  res.influencers.forEach((inf, i) => {
    const active = s.answers.activeInfluencer === i;
    ol.append(
      h(
        "li",
        { class: active ? "influencer active" : "influencer", dataset: { node: inf.node.id } },
        h(
          "div",
          { class: "row" },
          h("strong", null, `${i + 1}. `, nodeButton(s, a, inf.node.id, inf.node.label || inf.node.id)),
          h("span", { class: "muted" }, inf.roles.join(", ")),
          h("span", { class: "score muted" }, `score ${inf.score.toFixed(3)} · distance ${inf.distance}`),
          h("span", { class: inf.sources === 1 ? "badge single" : "badge" }, `${inf.sources} independent source${inf.sources === 1 ? "" : "s"}`),
          h("button", { type: "button", onclick: () => a.showInfluencer(i), "aria-pressed": String(active), "aria-label": `Highlight the paths of ${inf.node.label}` }, "Highlight"),
        ),
        h("ol", { class: "plain", "aria-label": `Paths from ${inf.node.label}` }, inf.paths.map((path) => h("li", null, h("ol", { class: "plain" }, path.steps.map((st) => hopView(a, st)))))),
      ),
    );
  });
  p.append(ol);
}
