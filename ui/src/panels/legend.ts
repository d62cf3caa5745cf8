// The legend over the canvas: the node types on it, with their colours and
// counts, each a toggle that hides or shows the type (a filter of the
// canvas); what node size and edge width say, and a switch for the size.

import type { Actions } from "../actions";
import { clear, h } from "../dom";
import { legendEntries } from "../scene-model";
import type { Session } from "../store";
import { typeColor } from "../theme";

export function renderLegend(host: HTMLElement, s: Session, a: Actions): void {
  const entries = legendEntries(s.app, typeColor);
  host.hidden = entries.length === 0 || s.app.view === "list";
  if (host.hidden) return;
  const sizeBy = s.app.sizeBy;
  const influence = !!s.answers.influence;
  const open = !s.ui.legendCollapsed;
  const title = h("h2", { id: "legend-title" }, h("button", { type: "button", class: "link", "aria-expanded": String(open), onclick: () => a.toggleLegend() }, open ? "Legend ▾" : "Legend ▸"));
  if (!open) return clear(host, title);
  clear(
    host,
    title,
    h(
      "ul",
      { class: "plain", "aria-label": "Node types (press to hide or show)" },
      entries.map((e) =>
        h(
          "li",
          null,
          h(
            "button",
            {
              type: "button",
              class: "legend-type",
              "aria-pressed": String(!e.hidden),
              dataset: { type: e.type },
              title: e.hidden ? `Show the ${e.label} nodes` : `Hide the ${e.label} nodes`,
              onclick: () => a.toggleType(e.type),
            },
            h("span", { class: "swatch", style: `background:${e.color}`, "aria-hidden": "true" }),
            `${e.label} `,
            h("span", { class: "count" }, String(e.count)),
          ),
        ),
      ),
    ),
    h(
      "div",
      { class: "row", role: "group", "aria-label": "Node size" },
      "Size:",
      h("button", { type: "button", "aria-pressed": String(sizeBy === "degree"), onclick: () => a.sizeBy("degree") }, "degree"),
      h("button", { type: "button", "aria-pressed": String(sizeBy === "influence"), disabled: !influence, title: influence ? "Influence on the Why? target" : "Ask Why? first", onclick: () => a.sizeBy("influence") }, "influence"),
    ),
    h("p", { class: "muted" }, "Line width: independent sources. Ring: selection."),
  );
}
