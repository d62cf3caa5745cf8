// The Neighbours panel: the focused node's neighbours grouped by relation
// and direction, with counts, and what to do with them.

import type { Actions } from "../actions";
import { h } from "../dom";
import { EXPAND_LIMIT, localName } from "../graph-model";
import type { Session } from "../store";

export function neighboursPanel(p: HTMLElement, s: Session, a: Actions): void {
  const { graph } = s.app;
  const id = s.app.focus;
  if (!id || !graph.nodes[id]) {
    p.append(h("h2", null, "Neighbours"), h("p", { class: "muted" }, "Search for a node (press /) or click one on the canvas to preview its neighbours grouped by relation."));
    return;
  }
  const n = graph.nodes[id];
  p.append(h("h2", null, n.label, " ", h("span", { class: "muted" }, localName(n.type || ""))));
  if (n.group) {
    p.append(
      h("p", null, `Stands for ${n.group.count} more nodes, grouped to keep the canvas responsive.`),
      h("div", null, n.group.parent ? h("button", { type: "button", class: "primary", onclick: () => void a.expandGroupNode(id) }, `Draw the next ${EXPAND_LIMIT}`) : null),
    );
    return;
  }
  const d = s.answers.details?.node.id === id ? s.answers.details : null;
  if (d?.aliases?.length) p.append(h("p", { class: "muted" }, "Also: ", d.aliases.join(", ")));
  const actions = h(
    "div",
    { class: "row" },
    h("button", { type: "button", class: "primary", onclick: () => void a.why(id), "aria-keyshortcuts": "w" }, "Why? (who influenced it)"),
    h("button", { type: "button", onclick: () => void a.expandTopN(id), "aria-keyshortcuts": "x" }, "Expand top"),
    h("input", { type: "number", id: "top-n", min: "1", max: "200", value: String(s.ui.topN), "aria-label": "How many neighbours to expand", style: "width:4.5em", oninput: (ev: Event) => a.setTopN(Number((ev.target as HTMLInputElement).value) || 10) }),
    h("button", { type: "button", onclick: () => a.collapseNode(id), "aria-keyshortcuts": "c" }, "Collapse"),
    h("button", { type: "button", onclick: () => a.removeNode(id), "aria-keyshortcuts": "Delete" }, "Remove"),
    h("button", { type: "button", onclick: () => a.pathFromHere({ id, label: n.label }) }, "Path from here"),
  );
  p.append(actions);
  const hood = s.answers.hood?.node.id === id ? s.answers.hood : null;
  if (!hood) {
    p.append(h("p", { class: "muted" }, s.pending ? "Loading neighbours…" : "No neighbours loaded."));
    return;
  }
  const total = hood.groups.reduce((sum, g) => sum + g.count, 0);
  p.append(h("h3", null, `${total} neighbours in ${hood.groups.length} relations`));
  const ul = h("ul", { class: "plain", "aria-label": "Relations" });
  hood.groups.forEach((g, i) => {
    const name = g.predicate.label || localName(g.predicate.id);
    const onCanvas = g.nodes.filter((x) => graph.nodes[x.id]).length;
    ul.append(
      h(
        "li",
        { class: "group", dataset: { predicate: g.predicate.id, direction: g.direction } },
        h(
          "div",
          { class: "row" },
          h("strong", null, g.direction === "out" ? `${name} →` : `← ${name}`),
          h("span", { class: "badge", "aria-label": `${g.count} nodes` }, String(g.count)),
          h("button", { type: "button", onclick: () => void a.expandGroup(id, i), "aria-label": `Expand ${name} (${g.direction === "out" ? "outgoing" : "incoming"}, ${g.count})` }, onCanvas >= Math.min(g.count, EXPAND_LIMIT) ? "Expanded" : "Expand"),
        ),
        h("div", { class: "muted" }, g.nodes.slice(0, 6).map((x) => x.label || localName(x.id)).join(", "), g.count > 6 ? ` and ${g.count - 6} more` : ""),
      ),
    );
  });
  p.append(ul);
}
