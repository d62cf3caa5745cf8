// Draws the state: the canvas, the toolbar, the tabs, the open panel, the
// list view and the status bar, each a function of (state, actions). The
// store says what a change must redraw.

import type { Actions } from "./actions";
import type { AddressBar } from "./address-bar";
import type { Canvas } from "./canvas";
import type { ConsoleEditor } from "./console-editor";
import { $, h } from "./dom";
import { nodeCount } from "./graph-model";
import { consolePanel } from "./panels/console";
import { evidencePanel } from "./panels/evidence";
import { filtersPanel } from "./panels/filters";
import { renderLegend } from "./panels/legend";
import { renderListView } from "./panels/list-view";
import { neighboursPanel } from "./panels/neighbours";
import { pathPanel } from "./panels/path";
import type { ResultGraphView } from "./panels/result-graph-view";
import { renderStatus } from "./panels/status";
import { renderTabs } from "./panels/tabs";
import { renderTimeBar } from "./panels/time-bar";
import { timelinePanel } from "./panels/timeline";
import { renderTools } from "./panels/tools";
import { whyPanel } from "./panels/why";
import type { Panel } from "./state";
import type { Redraw, Session, Store } from "./store";

type PanelView = (p: HTMLElement, s: Session, a: Actions) => void;

export class Views {
  private readonly panels: Record<Panel, PanelView>;

  constructor(
    private readonly store: Store,
    private readonly actions: Actions,
    private readonly canvas: Canvas,
    private readonly editor: ConsoleEditor,
    private readonly address: AddressBar,
    resultView: ResultGraphView,
  ) {
    this.panels = {
      preview: neighboursPanel,
      evidence: evidencePanel,
      why: whyPanel,
      path: pathPanel,
      timeline: timelinePanel,
      facets: filtersPanel,
      console: (p, s, a) => consolePanel(p, s, a, resultView),
    };
  }

  draw(what: Redraw): void {
    const s = this.store.state;
    if (what === "all") this.all(s);
    else if (what === "panels") this.openPanel(s);
    else if (what === "status") renderStatus($("#status"), s);
    else if (what === "tools") renderTools($("#tools"), s, this.actions);
  }

  private all(s: Session): void {
    const a = this.actions;
    const { app } = s;
    document.documentElement.dataset.theme = app.theme;
    this.editor.setTheme(app.theme);
    $("#hint").hidden = nodeCount(app.graph) > 0;
    $(".layout").classList.toggle("side-collapsed", s.ui.sideCollapsed);
    $("#list-view").hidden = app.view !== "list";
    $("#canvas").setAttribute("aria-hidden", app.view === "list" ? "true" : "false");
    this.canvas.sync();
    renderTools($("#tools"), s, a);
    renderTabs($("#tabs"), s, a);
    renderLegend($("#legend"), s, a);
    renderTimeBar($("#timebar"), s, a);
    this.openPanel(s);
    if (app.view === "list") renderListView($("#list-view"), s, a);
    renderStatus($("#status"), s);
    this.address.schedule();
  }

  private openPanel(s: Session): void {
    const host = $("#panels");
    const which = s.app.panel;
    const panel = h("div", { role: "tabpanel", id: `panel-${which}`, "aria-labelledby": `tab-${which}`, tabindex: "0" });
    this.panels[which](panel, s, this.actions);
    // Keep the console's editor and the path inputs alive across renders.
    const old = host.firstElementChild as HTMLElement | null;
    if (old && old.id === panel.id && (which === "console" || which === "path")) {
      refreshInPlace(old, panel);
      return;
    }
    const hadFocus = host.contains(document.activeElement) ? (document.activeElement as HTMLElement).id : "";
    host.replaceChildren(panel);
    if (hadFocus) document.getElementById(hadFocus)?.focus();
    if (which === "console") this.editor.mount();
  }
}

/** Replaces the parts of a live panel marked data-live, keeping editors and inputs. */
function refreshInPlace(old: HTMLElement, fresh: HTMLElement): void {
  for (const part of fresh.querySelectorAll<HTMLElement>("[data-live]")) {
    const cur = old.querySelector<HTMLElement>(`[data-live="${part.dataset.live}"]`);
    if (cur) cur.replaceWith(part);
  }
}
