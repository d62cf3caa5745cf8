import { describe, expect, it } from "vitest";
import { EMPTY_GRAPH, addElements, pathElements } from "../src/graph-model";
import { INITIAL_STATE, NO_FILTERS } from "../src/state";
import { type Redraw, Store, initialSession } from "../src/store";
import { whyPaths } from "./fixtures";

function storeWithPaths() {
  const { nodes, edges } = pathElements(whyPaths, true);
  const graph = addElements(EMPTY_GRAPH, nodes, edges);
  const store = new Store(initialSession({ ...INITIAL_STATE, graph }));
  const redraws: Redraw[] = [];
  store.subscribe((r) => redraws.push(r));
  return { store, redraws, edges: Object.values(graph.edges) };
}

describe("store", () => {
  it("applies the filters again on a full redraw only", () => {
    const { store, redraws, edges } = storeWithPaths();
    store.redraw();
    expect(store.state.visible.edges.size).toBe(edges.length);
    const hidden = edges[0].predicate;
    store.update("app", { filters: { ...NO_FILTERS, hiddenRelations: [hidden] } }, "panels");
    expect(store.state.visible.edges.size).toBe(edges.length);
    store.redraw("all");
    expect([...store.state.visible.edges].some((id) => store.state.app.graph.edges[id].predicate === hidden)).toBe(false);
    expect(redraws).toEqual(["all", "panels", "all"]);
  });

  it("patches one part, keeping the others and the rest of the part", () => {
    const { store } = storeWithPaths();
    const before = store.state;
    store.update("ui", { topN: 5 }, "none");
    expect(store.state.ui).toEqual({ ...before.ui, topN: 5 });
    expect(store.state.app).toBe(before.app);
    expect(store.state.answers).toBe(before.answers);
    expect(before.ui.topN).toBe(10);
  });

  it("tells every listener what to redraw", () => {
    const { store, redraws } = storeWithPaths();
    const second: Redraw[] = [];
    store.subscribe((r) => second.push(r));
    store.set({ pending: 1 }, "status");
    store.update("ui", { exportOpen: true }, "tools");
    expect(redraws).toEqual(["status", "tools"]);
    expect(second).toEqual(["status", "tools"]);
    expect(store.state.pending).toBe(1);
  });
});
