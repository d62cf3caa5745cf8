// The list view: the focused node's relations on the canvas as headed
// lists of buttons, and every node on the canvas, for screen readers and
// keyboard users.

import type { Actions } from "../actions";
import { clear, h } from "../dom";
import { bestConfidence, independentSources, localName } from "../graph-model";
import { relationsOf } from "../state";
import type { Session } from "../store";
import { nodeButton } from "./widgets";

export function renderListView(host: HTMLElement, s: Session, a: Actions): void {
  const { graph } = s.app;
  const id = s.app.focus;
  const parts: HTMLElement[] = [h("h2", null, "List view")];
  if (!id || !graph.nodes[id]) parts.push(h("p", null, "No node is focused. Search for one (press /)."));
  else {
    const n = graph.nodes[id];
    parts.push(h("h3", { id: "list-focus" }, `${n.label} (${localName(n.type || "node")})`));
    const rel = relationsOf(graph, id, s.visible);
    if (!rel.length) parts.push(h("p", null, "No relations on the canvas; expand some from the Neighbours panel."));
    for (const r of rel) {
      parts.push(
        h("h4", null, r.direction === "out" ? `${n.label} ${r.label}…` : `…${r.label} ${n.label}`),
        h(
          "ul",
          { "aria-label": `${r.label} (${r.direction === "out" ? "outgoing" : "incoming"})` },
          r.edges.map((e) => {
            const other = e.source === id ? e.target : e.source;
            const c = bestConfidence(e);
            return h(
              "li",
              null,
              nodeButton(s, a, other),
              " ",
              h("button", { type: "button", onclick: () => a.selectEdge(e.id), "aria-label": `Evidence: ${graph.nodes[e.source]?.label} ${e.predicateLabel} ${graph.nodes[e.target]?.label}` }, "evidence"),
              c !== undefined ? h("span", { class: "muted" }, ` confidence ${c.toFixed(2)}, ${independentSources(e.evidence)} source(s)`) : null,
            );
          }),
        ),
      );
    }
  }
  const all = [...s.visible.nodes];
  parts.push(
    h("h3", null, `All nodes on the canvas (${all.length})`),
    h("ul", { "aria-label": "Nodes on the canvas" }, all.slice(0, 300).map((nid) => h("li", null, nodeButton(s, a, nid)))),
    all.length > 300 ? h("p", { class: "muted" }, `and ${all.length - 300} more`) : h("span"),
  );
  clear(host, ...parts);
}
