// The Path panel: pick two nodes (autocomplete on both ends) and find the
// shortest or top-k paths between them; the chosen path is lit. Its inputs
// stay on the page across redraws: only the part marked data-live is
// replaced (views.ts).

import type { Actions } from "../actions";
import { combobox } from "../combobox";
import { h } from "../dom";
import type { Session } from "../store";
import { askedWithChip, pathView } from "./widgets";

export function pathPanel(p: HTMLElement, s: Session, a: Actions): void {
  p.append(h("h2", null, "Path between two nodes"));
  const { pathFrom, pathTo } = s.ui;
  const fromIn = h("input", { id: "path-from", type: "search", autocomplete: "off", placeholder: "From…", value: pathFrom?.label ?? "" });
  const toIn = h("input", { id: "path-to", type: "search", autocomplete: "off", placeholder: "To…", value: pathTo?.label ?? "" });
  const fromList = h("ul", { class: "ac-list", id: "path-from-list", hidden: true });
  const toList = h("ul", { class: "ac-list", id: "path-to-list", hidden: true });
  combobox(fromIn, fromList, a.api, (hit) => a.setPathEnd("pathFrom", { id: hit.node.id, label: hit.node.label || hit.node.id }));
  combobox(toIn, toList, a.api, (hit) => a.setPathEnd("pathTo", { id: hit.node.id, label: hit.node.label || hit.node.id }));
  const k = h("input", { id: "path-k", type: "number", min: "1", max: "20", value: "3", style: "width:4em" });
  p.append(
    h("div", { class: "row", style: "position:relative" }, h("label", { for: "path-from" }, "From"), h("div", { style: "position:relative;flex:1" }, fromIn, fromList)),
    h("div", { class: "row", style: "position:relative" }, h("label", { for: "path-to" }, "To"), h("div", { style: "position:relative;flex:1" }, toIn, toList)),
    h(
      "div",
      { class: "row" },
      h("label", { for: "path-k" }, "Paths"),
      k,
      h("button", { type: "button", class: "primary", id: "path-go", onclick: () => a.findPickedPaths(Number(k.value) || 3) }, "Find paths"),
      h("button", { type: "button", onclick: () => a.set({ highlight: null }) }, "Clear highlight"),
    ),
  );
  const live = h("div", { dataset: { live: "paths" } });
  const res = s.answers.paths;
  const hl = s.app.highlight;
  if (res) {
    const chip = askedWithChip(s, s.answers.pathsAsked, { relations: true });
    if (chip) live.append(chip);
    if (!res.paths.length) live.append(h("p", { class: "muted" }, `No path${res.reason ? ` (${res.reason})` : ""}.`));
    else {
      live.append(h("p", null, `${res.paths.length} path${res.paths.length === 1 ? "" : "s"} from ${res.from.label} to ${res.to.label}, shortest first; the rest of the graph is dimmed.`));
      const ol = h("ol", { class: "plain", "aria-label": "Paths", id: "paths" });
      res.paths.forEach((path, i) => ol.append(pathView(a, path, i, `Path ${i + 1}`, () => a.highlightPath(i), hl?.kind === "path" && hl.index === i)));
      live.append(ol);
    }
  }
  p.append(live);
}
