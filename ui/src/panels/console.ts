// The Gizmo console: the editor (console-editor.ts mounts CodeMirror into
// #editor), run and history, and the result as a table, JSON or a graph.
// The editor stays on the page across redraws: only the parts marked
// data-live are replaced (views.ts).

import type { Actions } from "../actions";
import { queryHistory } from "../console-actions";
import { h } from "../dom";
import { bare, rowNodeIds } from "../graph-model";
import { RESULT_GRAPH_LIMIT } from "../result-graph";
import type { Session } from "../store";
import type { GizmoRow } from "../types";
import type { ResultGraphView } from "./result-graph-view";

export function consolePanel(p: HTMLElement, s: Session, a: Actions, view: ResultGraphView): void {
  p.append(h("h2", null, "Gizmo console"));
  const host = h("div", { class: "editor", id: "editor" });
  const ta = h("textarea", { "aria-label": "Gizmo query", id: "query-fallback", value: s.app.query, oninput: (ev: Event) => a.console.queryEdited((ev.target as HTMLTextAreaElement).value) });
  host.append(ta);
  const hist = queryHistory();
  p.append(
    host,
    h(
      "div",
      { class: "row", dataset: { live: "history" } },
      h("button", { type: "button", class: "primary", id: "run-query", onclick: () => void a.console.runQuery(), "aria-keyshortcuts": "Control+Enter" }, "Run (Ctrl+Enter)"),
      h(
        "select",
        {
          id: "query-history",
          "aria-label": "Query history",
          onchange: (ev: Event) => {
            const v = (ev.target as HTMLSelectElement).value;
            if (v) a.console.pickQuery(v);
          },
        },
        h("option", { value: "" }, `History (${hist.length})`),
        hist.map((q) => h("option", { value: q }, q.length > 60 ? q.slice(0, 60) + "…" : q)),
      ),
      h("button", { type: "button", onclick: () => a.console.recallHistory(1), "aria-label": "Previous query in history" }, "↑"),
      h("button", { type: "button", onclick: () => a.console.recallHistory(-1), "aria-label": "Next query in history" }, "↓"),
    ),
  );
  const live = h("div", { dataset: { live: "results" } });
  const c = s.console;
  if (!c.rows && !c.error) live.append(starters(s, a));
  if (c.error) live.append(h("p", { class: "error", role: "alert" }, c.error));
  if (c.rows) {
    const views = ["table", "json", "graph"] as const;
    live.append(
      h(
        "div",
        { class: "row" },
        h("span", { id: "row-count" }, `${c.rows.length} rows in ${c.ms} ms`),
        h("div", { role: "group", "aria-label": "Result view", class: "row" }, views.map((v) => h("button", { type: "button", "aria-pressed": String(c.view === v), onclick: () => a.console.showResultAs(v) }, v[0].toUpperCase() + v.slice(1)))),
        h("button", { type: "button", class: "primary", id: "add-to-canvas", onclick: () => void a.console.addResultToCanvas() }, "Add to canvas"),
      ),
    );
    if (c.view === "json") live.append(h("pre", { id: "result-json", "aria-label": "Result as JSON" }, JSON.stringify(c.rows.slice(0, 2000), null, 2)));
    else if (c.view === "table") live.append(resultTable(c.rows, c.labels));
    else live.append(resultGraph(c.rows, s, a, view));
  }
  p.append(live);
}

/**
 * Queries to start from, the focused node's first: each shows a way of
 * walking the graph (relations, types, influence, evidence by source).
 */
export function starterQueries(focus: { id: string; label: string } | null): { title: string; query: string }[] {
  const out: { title: string; query: string }[] = [];
  if (focus) out.push({ title: `Relations of ${focus.label}, both ways`, query: `g.V("<${focus.id}>").both(null, "relation").all()` });
  out.push(
    { title: "Russia's relations and to whom", query: 'g.V("<ent:Russia>").out(null, "relation").all()' },
    { title: "Every person", query: 'g.V().has("<rdf:type>", "<kg:Person>").all()' },
    { title: "Who decided or influenced the recognition", query: 'g.V("<ev:RussiaRecognizesTaliban>").in(["<kg:decided>", "<kg:influenced>"], "relation").all()' },
    { title: "What TASS is reported to have said (claims and quotes)", query: 'g.V("<ent:TASS>").in("<prov:wasAttributedTo>").tag("claim").out("<kg:quote>").all()' },
  );
  return out;
}

function starters(s: Session, a: Actions): HTMLElement {
  const f = s.app.focus && s.app.graph.nodes[s.app.focus];
  return h(
    "div",
    { id: "starters" },
    h("h3", null, "Starter queries"),
    h(
      "ul",
      { class: "plain", "aria-label": "Starter queries" },
      starterQueries(f && !f.group ? { id: f.id, label: f.label } : null).map((q) =>
        h("li", null, h("button", { type: "button", class: "link", title: q.query, onclick: () => a.console.useQuery(q.query) }, q.title), " ", h("code", { class: "muted" }, q.query)),
      ),
    ),
  );
}

/** A cell: IRIs with the node's label beside them, other values as JSON. */
function cell(v: unknown, labels: Record<string, string>): (string | HTMLElement)[] {
  if (typeof v !== "string") return [JSON.stringify(v)];
  const label = v.startsWith("<") && v.endsWith(">") ? labels[bare(v)] : undefined;
  return label ? [v, " ", h("span", { class: "cell-label" }, label)] : [v];
}

function resultTable(rows: GizmoRow[], labels: Record<string, string>): HTMLElement {
  const cols = [...new Set(rows.slice(0, 500).flatMap((r) => Object.keys(r)))];
  if (cols.includes("id")) cols.splice(cols.indexOf("id"), 1), cols.unshift("id");
  const shown = rows.slice(0, 500);
  return h(
    "div",
    null,
    h(
      "table",
      { id: "result-table", "aria-label": "Query result" },
      h("thead", null, h("tr", null, cols.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, shown.map((r) => h("tr", null, cols.map((c) => h("td", null, r[c] === undefined ? "" : cell(r[c], labels)))))),
    ),
    rows.length > shown.length ? h("p", { class: "muted" }, `Showing ${shown.length} of ${rows.length} rows (all are in JSON and go to the canvas).`) : null,
  );
}

/** The result's nodes and the relations among them, drawn, and listed as buttons. */
function resultGraph(rows: GizmoRow[], s: Session, a: Actions, view: ResultGraphView): HTMLElement {
  const ids = rowNodeIds(rows);
  const m = s.console.graph?.rows === rows ? s.console.graph : a.console.readResultGraph(rows);
  const frame = view.frame(rows);
  const shown = Math.min(ids.length, RESULT_GRAPH_LIMIT);
  const label = (id: string) => m.nodes?.find((n) => n.id === id)?.label || s.app.graph.nodes[id]?.label || id;
  queueMicrotask(() => view.sync());
  return h(
    "div",
    { id: "result-graph" },
    h(
      "p",
      null,
      m.nodes
        ? `${ids.length} nodes and ${m.edges.length} relations among them${ids.length > shown ? `; the first ${shown} drawn` : ""}. Click a node to add it to the canvas, or add them all.`
        : m.error || `${ids.length} nodes in the result; reading their relations…`,
    ),
    ids.length ? frame : null,
    h("ul", { class: "plain", "aria-label": "Result nodes" }, ids.slice(0, 200).map((id) => h("li", null, h("button", { type: "button", class: "link", onclick: () => a.addAndFocus(id) }, label(id))))),
  );
}
