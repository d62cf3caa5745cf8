// window.quiver: what the end-to-end tests (ui/e2e) read and wait for —
// application state, not pixels.

import type { AddressBar } from "./address-bar";
import type { Canvas } from "./canvas";
import type { ConsoleEditor } from "./console-editor";
import { independentSources } from "./graph-model";
import type { ResultGraphView } from "./panels/result-graph-view";
import { edgeWidth } from "./scene-model";
import { passingEvidence } from "./state";
import type { Store } from "./store";

export interface Parts {
  store: Store;
  canvas: Canvas;
  editor: ConsoleEditor;
  resultView: ResultGraphView;
  address: AddressBar;
}

/** The state as the tests see it: plain JSON. */
function snapshot({ store, canvas, editor, resultView }: Parts) {
  const { app, visible, history, answers, console: c, layout, pending, error } = store.state;
  return {
    nodes: Object.values(app.graph.nodes).map((n) => ({ id: n.id, label: n.label, type: n.type, group: n.group?.count ?? 0, fixed: !!n.fixed })),
    edges: Object.values(app.graph.edges).map((e) => ({ id: e.id, source: e.source, target: e.target, predicate: e.predicate, claims: e.evidence?.map((x) => x.claim) ?? null, sources: e.evidence ? independentSources(passingEvidence(e, app.filters)) : null, width: edgeWidth(e.evidence ? independentSources(passingEvidence(e, app.filters)) : undefined) })),
    visibleNodes: [...visible.nodes].sort(),
    visibleEdges: [...visible.edges].sort(),
    selection: app.selection,
    focus: app.focus,
    filters: app.filters,
    highlight: app.highlight,
    panel: app.panel,
    query: app.query,
    whyTarget: app.whyTarget,
    camera: app.camera,
    theme: app.theme,
    view: app.view,
    canUndo: history.canUndo,
    pending,
    error,
    layout: { ...layout },
    consoleRows: c.rows?.length ?? null,
    resultGraph: c.graph && c.rows === c.graph.rows && c.graph.nodes ? { nodes: resultView.drawing ? c.graph.nodes.length : 0, edges: c.graph.edges.length, drawn: resultView.drawing && resultView.onPage } : null,
    influencers: answers.influence?.influencers.map((i) => ({ id: i.node.id, sources: i.sources, score: i.score })) ?? null,
    pathCount: answers.paths?.paths.length ?? null,
    consoleError: c.error,
    editorLoaded: editor.loaded,
    renderer: canvas.drawing ? "sigma" : "none",
    drawn: canvas.drawn(),
    labels: canvas.labels(),
  };
}

declare global {
  interface Window {
    quiver: {
      state(): ReturnType<typeof snapshot>;
      idle(): Promise<void>;
      positions(): Record<string, { x: number; y: number }>;
      graphPositions(): Record<string, { x: number; y: number }>;
      permalink(): Promise<string>;
      camera(): { x: number; y: number; ratio: number } | null;
      lastPermalink(): string;
    };
  }
}

export function installTestHook(parts: Parts): void {
  const { store, canvas, address } = parts;
  window.quiver = {
    state: () => snapshot(parts),
    async idle() {
      for (let i = 0; i < 600 && store.state.pending > 0; i++) await new Promise((r) => setTimeout(r, 25));
    },
    positions() {
      const out: Record<string, { x: number; y: number }> = {};
      for (const [id, p] of canvas.viewportPositions()) out[id] = { x: p.x, y: p.y };
      return out;
    },
    graphPositions: () => Object.fromEntries(canvas.positions()),
    permalink: () => address.permalink(),
    camera: () => canvas.camera(),
    lastPermalink: () => store.state.ui.lastPermalink,
  };
}
