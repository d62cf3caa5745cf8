// The frame of the console's graph view: one small renderer per result,
// kept across redraws (the console panel is redrawn often, the renderer is
// made once per result). What it draws is in the store (console.graph).

import type { Actions } from "../actions";
import { h } from "../dom";
import { resultGraphModel } from "../result-graph";
import { createRenderer, type Renderer } from "../renderer";
import type { Store } from "../store";
import { palette, typeColor } from "../theme";
import type { GizmoRow } from "../types";

export class ResultGraphView {
  private rows: GizmoRow[] | null = null;
  private host: HTMLElement | null = null;
  private renderer: Renderer | null = null;

  constructor(
    private readonly store: Store,
    private readonly actions: Actions,
  ) {}

  /** The frame for rows: a new one, the last result's renderer stopped, when the result changed. */
  frame(rows: GizmoRow[]): HTMLElement {
    if (this.rows !== rows || !this.host) {
      this.renderer?.kill();
      this.renderer = null;
      this.rows = rows;
      this.host = h("div", { class: "mini-canvas", id: "result-graph-canvas", role: "img", "aria-label": "The result's nodes and the relations among them; the list below has them as buttons" });
    }
    return this.host;
  }

  /** Draws the result's graph when its frame is on the page (theme included). */
  sync(): void {
    const g = this.store.state.console.graph;
    const host = this.host;
    if (!g || g.rows !== this.rows || !g.nodes || !host?.isConnected) return;
    if (!this.renderer) {
      try {
        this.renderer = createRenderer(host, { clickNode: (id) => this.add(id), clickEdge: () => {}, clickStage: () => {}, doubleClickNode: () => {}, camera: () => {} }, { compact: true });
      } catch {
        return; // no WebGL: the list below still works
      }
    }
    this.renderer.sync(resultGraphModel(g.nodes, g.edges, palette(this.store.state.app.theme), typeColor));
  }

  /** Whether a renderer draws the current result. */
  get drawing(): boolean {
    return this.renderer !== null;
  }

  /** Whether the frame is on the page. */
  get onPage(): boolean {
    return !!this.host?.isConnected;
  }

  private add(id: string): void {
    const n = this.store.state.console.graph?.nodes?.find((x) => x.id === id);
    this.actions.addAndFocus(id, n?.label, n?.type);
  }
}
