// The address bar's permalink: the URL's fragment follows the state (a
// moment after it changes), so a reload or a shared address reopens the
// same view. Encoding is permalink.ts; opening one is actions.restore.

import { type GNode, nodeCount } from "./graph-model";
import { encodeState } from "./permalink";
import type { AppState } from "./state";
import type { Store } from "./store";

export class AddressBar {
  private timer = 0;

  constructor(
    private readonly store: Store,
    private readonly positions: () => ReadonlyMap<string, { x: number; y: number }>,
  ) {}

  /** Writes the permalink into the address bar once changes pause. */
  schedule(): void {
    if (this.store.state.ui.restoring) return;
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.write(), 400);
  }

  /** The permalink of the current state, node positions included. */
  async permalink(): Promise<string> {
    const hash = await encodeState(this.withPositions(this.store.state.app));
    return location.origin + location.pathname + location.search + hash;
  }

  /** Puts url in the address bar without a new history entry. */
  replace(url: string): void {
    window.history.replaceState(null, "", url);
  }

  private withPositions(s: AppState): AppState {
    const pos = this.positions();
    const nodes: Record<string, GNode> = {};
    for (const [id, n] of Object.entries(s.graph.nodes)) {
      const p = pos.get(id);
      nodes[id] = p ? { ...n, x: p.x, y: p.y } : n;
    }
    return { ...s, graph: { nodes, edges: s.graph.edges } };
  }

  private async write(): Promise<void> {
    if (nodeCount(this.store.state.app.graph) > 3000) return; // very large canvases: use the Permalink button
    const url = await this.permalink();
    if (url !== location.href) this.replace(url);
  }
}
