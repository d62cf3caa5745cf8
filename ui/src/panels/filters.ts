// The Filters panel: relation types, sources (documents and attributions)
// and a minimum confidence. Why? and Path are asked again with them.

import type { Actions } from "../actions";
import { h } from "../dom";
import { localName } from "../graph-model";
import { type Facet, NO_FILTERS, filtersActive, relationFacets, sourceFacets, toggle } from "../state";
import type { Session } from "../store";

export function filtersPanel(p: HTMLElement, s: Session, a: Actions): void {
  p.append(h("h2", null, "Filters"));
  const f = s.app.filters;
  const rel = relationFacets(s.app.graph);
  const src = sourceFacets(s.app.graph);
  const box = (name: string, list: string[], facet: Facet, key: "hiddenRelations" | "hiddenSources", all: { id: string }[]) =>
    h(
      "li",
      null,
      h(
        "label",
        null,
        h("input", { type: "checkbox", name, value: facet.id, checked: !list.includes(facet.id), onchange: () => a.setFilters({ [key]: toggle(list, facet.id) }) }),
        ` ${facet.label} `,
        h("span", { class: "muted" }, `(${facet.count})`),
      ),
      " ",
      all.length > 1
        ? h("button", { type: "button", class: "link", "aria-label": `Only ${facet.label}`, onclick: () => a.setFilters({ [key]: all.map((x) => x.id).filter((id) => id !== facet.id) }) }, "only")
        : null,
    );
  p.append(
    h("fieldset", null, h("legend", null, "Relation types"), rel.length ? h("ul", { class: "plain" }, rel.map((r) => box("relation", f.hiddenRelations, r, "hiddenRelations", rel))) : h("p", { class: "muted" }, "No relations on the canvas.")),
    h("fieldset", null, h("legend", null, "Sources"), src.length ? h("ul", { class: "plain" }, src.map((r) => box("source", f.hiddenSources, r, "hiddenSources", src))) : h("p", { class: "muted" }, "No claims loaded yet.")),
    h(
      "fieldset",
      null,
      h("legend", null, "Minimum confidence"),
      h("input", { type: "range", id: "min-confidence", min: "0", max: "1", step: "0.05", value: String(f.minConfidence), "aria-valuetext": f.minConfidence.toFixed(2), oninput: (ev: Event) => a.setFilters({ minConfidence: Number((ev.target as HTMLInputElement).value) }) }),
      h("output", { for: "min-confidence" }, ` ${f.minConfidence.toFixed(2)}`),
    ),
    h("p", { class: "muted" }, "A claim is kept when its document or the source it is attributed to is checked. Why? and Path are asked with these choices (Path with the checked relations too), so their answers change with them."),
    h("p", null, "An edge's width says how many independent sources it rests on: thin for one, thicker when corroborated."),
    f.hiddenTypes.length ? h("p", { class: "muted" }, `Node types hidden from the legend (the canvas only): ${f.hiddenTypes.map((t) => (t ? localName(t) : "untyped")).join(", ")}.`) : "",
    h("div", null, filtersActive(f) ? h("button", { type: "button", onclick: () => a.setFilters(NO_FILTERS) }, "Reset filters") : null),
  );
}
