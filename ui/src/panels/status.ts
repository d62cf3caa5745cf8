// The status bar: what is drawn, what the filters hide, what is running.

import { nodeCount } from "../graph-model";
import type { Session } from "../store";

export function renderStatus(host: HTMLElement, s: Session): void {
  const n = s.visible.nodes.size;
  const total = nodeCount(s.app.graph);
  const parts = [`${n} nodes`, `${s.visible.edges.size} edges`];
  if (n !== total) parts.push(`${total - n} hidden by filters`);
  if (s.layout.running) parts.push("layout running");
  if (s.pending) parts.push("loading…");
  if (s.error) parts.push(`error: ${s.error}`);
  host.textContent = parts.join(" · ");
  document.body.dataset.busy = s.pending ? "true" : "false";
}
