// The toolbar: the canvas's actions with their shortcuts, and the export menu.

import type { Actions } from "../actions";
import type { ExportKind } from "../share-actions";
import { $, clear, h } from "../dom";
import { nodeCount } from "../graph-model";
import type { Session } from "../store";
import { tool } from "./widgets";

const EXPORTS: Record<ExportKind, string> = { svg: "SVG image", png: "PNG image", nodes: "Nodes CSV", claims: "Claims CSV" };

export function renderTools(host: HTMLElement, s: Session, a: Actions): void {
  const f = s.app.focus;
  const menu = h(
    "div",
    { class: "menu" },
    tool(
      "Export",
      () => {
        a.toggleExportMenu();
        (document.querySelector("#export-menu button") as HTMLElement | null)?.focus();
      },
      { id: "export-button" },
    ),
    s.ui.exportOpen
      ? h(
          "div",
          { role: "menu", id: "export-menu", "aria-label": "Export", onkeydown: (ev: KeyboardEvent) => ev.key === "Escape" && (a.toggleExportMenu(false), $("#export-button").focus()) },
          ...(Object.keys(EXPORTS) as ExportKind[]).map((k) => h("button", { role: "menuitem", type: "button", onclick: () => (a.toggleExportMenu(false), void a.share.exportAs(k)) }, EXPORTS[k])),
        )
      : null,
  );
  clear(
    host,
    tool("Why?", () => f && void a.why(f), { key: "w", disabled: !f, id: "why-button", title: "Who influenced the focused node (w)" }),
    tool("Path", () => a.openPanel("path"), { key: "p", id: "path-button" }),
    tool("Undo", () => a.undo(), { key: "Control+Z", disabled: !s.history.canUndo, id: "undo-button" }),
    tool("Redo", () => a.redo(), { key: "Control+Shift+Z", disabled: !s.history.canRedo }),
    tool("Collapse", () => f && a.collapseNode(f), { key: "c", disabled: !f }),
    tool("Fit", () => a.fit(), { key: "0" }),
    tool("Re-layout", () => a.relayout(), { key: "r", disabled: nodeCount(s.app.graph) < 2, id: "relayout-button", title: "Lay the map out again; pinned nodes stay (r)" }),
    tool(f && s.app.graph.nodes[f]?.fixed ? "Unpin" : "Pin", () => f && a.togglePin(f), { key: "k", disabled: !f, id: "pin-button", pressed: !!f && !!s.app.graph.nodes[f]?.fixed, title: "Keep the focused node where it is when the map is laid out (k); dragging a node pins it" }),
    tool("Clear", () => a.clearGraph(), { disabled: nodeCount(s.app.graph) === 0 }),
    tool("List view", () => a.toggleView(), { key: "l", pressed: s.app.view === "list", id: "list-toggle" }),
    tool(s.app.theme === "dark" ? "Light theme" : "Dark theme", () => a.toggleTheme(), { id: "theme-toggle", pressed: s.app.theme === "dark" }),
    tool("Permalink", () => void a.share.copyPermalink(), { id: "permalink-button" }),
    tool(s.ui.sideCollapsed ? "Show panels" : "Hide panels", () => a.toggleSide(), { key: "s", id: "side-toggle", pressed: s.ui.sideCollapsed }),
    menu,
  );
}
