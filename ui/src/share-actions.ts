// Sharing: exports of the view (SVG and PNG with a legend, a caption and
// the quotes behind the drawn edges; CSV of nodes and claims), permalinks,
// and opening one (the state it encodes, with its answers asked again).

import type { Actions } from "./actions";
import type { AddressBar } from "./address-bar";
import type { Api } from "./api";
import type { Canvas } from "./canvas";
import { announce, download, svgToPng } from "./dom";
import { claimsCsv, nodesCsv, sceneToSvg } from "./exports";
import { decodeState } from "./permalink";
import { type AppState, serverFilters } from "./state";
import type { Answers, Store } from "./store";

export type ExportKind = "svg" | "png" | "nodes" | "claims";

export class ShareActions {
  constructor(
    private readonly store: Store,
    private readonly api: Api,
    private readonly canvas: Canvas,
    private readonly address: AddressBar,
    private readonly actions: Actions,
  ) {}

  private get app(): AppState {
    return this.store.state.app;
  }

  async exportAs(kind: ExportKind): Promise<void> {
    const { visible } = this.store.state;
    if (kind === "nodes") return download("quiver-nodes.csv", nodesCsv(this.app.graph, visible.nodes), "text/csv");
    // Claims, and the appendix of the images, list the quotes: read the missing ones first.
    await this.actions.fetchMissingEvidence();
    if (kind === "claims") return download("quiver-claims.csv", claimsCsv(this.app.graph, this.store.state.visible.edges), "text/csv");
    const svg = sceneToSvg(this.canvas.scene());
    if (kind === "svg") return download("quiver-graph.svg", svg, "image/svg+xml");
    const blob = await svgToPng(svg);
    download("quiver-graph.png", blob, "image/png");
  }

  async copyPermalink(): Promise<void> {
    const url = await this.address.permalink();
    this.address.replace(url);
    try {
      await navigator.clipboard.writeText(url);
      announce("Permalink copied");
    } catch {
      announce("Permalink is in the address bar");
    }
    this.store.update("ui", { lastPermalink: url }, "status");
  }

  /** Opens a permalink: the state it encodes, with its answers fetched again. */
  async restore(hash: string): Promise<void> {
    let s: AppState | null = null;
    try {
      s = await decodeState(hash);
    } catch (e) {
      this.store.set({ error: `could not open the link: ${(e as Error).message}` }, "none");
    }
    if (!s) return;
    this.store.update("ui", { restoring: true }, "none");
    this.store.state.history.clear();
    this.store.update("app", s, "none");
    this.canvas.resetPositions();
    this.store.redraw();
    if (s.camera) this.canvas.setCamera(s.camera);
    await Promise.all(this.restoreAnswers(s));
    this.store.update("ui", { restoring: false }, "none");
    this.store.redraw();
    if (s.camera) this.canvas.setCamera(s.camera);
  }

  private restoreAnswers(s: AppState): Promise<unknown>[] {
    const a = this.actions;
    const answer = (patch: Partial<Answers>) => this.store.update("answers", patch, "none");
    const jobs: Promise<unknown>[] = [a.fetchMissingEvidence()];
    if (s.focus) jobs.push(a.loadPreview(s.focus));
    if (s.selection) jobs.push(a.loadEvidence());
    if (s.whyTarget)
      jobs.push(a.busy(this.api.influence(s.whyTarget, a.influenceFilters(s))).then((r) => answer({ influence: r ?? null, influenceAsked: s.filters, activeInfluencer: s.highlight?.index ?? -1 })));
    if (s.highlight?.kind === "path" && s.highlight.from && s.highlight.to)
      jobs.push(a.busy(this.api.paths(s.highlight.from, s.highlight.to, { k: 3, ...serverFilters(s.filters, s.graph) })).then((r) => answer({ paths: r ?? null, pathsAsked: s.filters })));
    jobs.push(a.loadTimeline());
    return jobs;
  }
}
