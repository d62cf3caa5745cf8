import { describe, expect, it } from "vitest";
import { EMPTY_GRAPH, addElements, edgeId, groupElements, nodeFromRef, pathElements } from "../src/graph-model";
import {
  History,
  INITIAL_STATE,
  NO_FILTERS,
  claimPasses,
  dateCmp,
  dateInRange,
  relationFacets,
  relationsOf,
  NOTHING,
  serverFilters,
  serverFiltersChanged,
  sourceFacets,
  toggle,
  visibleElements,
} from "../src/state";
import { N, alliesGroup, own, tass, whyPaths } from "./fixtures";
import { query } from "../src/api";

function seedGraph() {
  const { nodes, edges } = pathElements(whyPaths, true);
  let g = addElements(EMPTY_GRAPH, nodes, edges);
  g = addElements(g, [nodeFromRef(N("ent:Russia", "Russia", "kg:Country"))], []);
  const grp = groupElements(g, "ent:Russia", alliesGroup());
  g = addElements(g, grp.nodes, grp.edges);
  const lav = edgeId("ent:SergeyLavrov", "kg:influenced", "ev:RussiaRecognizesTaliban");
  g = addElements(g, [], [{ id: lav, source: "ent:SergeyLavrov", target: "ev:RussiaRecognizesTaliban", predicate: "kg:influenced", predicateLabel: "influenced", evidence: [own("claim:own", 0.9, "2025-07"), tass("claim:t")] }]);
  return g;
}

describe("dates", () => {
  it("compares ISO prefixes on the common prefix", () => {
    expect(dateCmp("2022", "2022-02")).toBe(0);
    expect(dateCmp("2021-08", "2022")).toBe(-1);
    expect(dateCmp("2024-12", "2024-11-30")).toBe(1);
  });
  it("filters by range, undated passes", () => {
    const f = { ...NO_FILTERS, before: "2022" };
    expect(dateInRange("2021-08", f)).toBe(true);
    expect(dateInRange("2022-02", f)).toBe(true);
    expect(dateInRange("2024-12", f)).toBe(false);
    expect(dateInRange(undefined, f)).toBe(true);
  });
});

describe("filters", () => {
  it("everything is visible without filters", () => {
    const g = seedGraph();
    const v = visibleElements(g, NO_FILTERS);
    expect(v.nodes.size).toBe(Object.keys(g.nodes).length);
    expect(v.edges.size).toBe(Object.keys(g.edges).length);
  });

  it("hiding a relation hides its edges and the nodes left without any", () => {
    const g = seedGraph();
    const v = visibleElements(g, { ...NO_FILTERS, hiddenRelations: ["kg:allies-with"] });
    expect([...v.edges].some((id) => id.includes("allies-with"))).toBe(false);
    expect(v.nodes.has("ent:Iran")).toBe(false);
    expect(v.nodes.has("ent:Russia")).toBe(false);
    expect(v.nodes.has("ent:VladimirPutin")).toBe(true);
  });

  it("minimum confidence drops claims; an edge with none left is hidden, unknown evidence stays", () => {
    const g = seedGraph();
    const v = visibleElements(g, { ...NO_FILTERS, minConfidence: 0.85 });
    expect(v.edges.has(edgeId("ent:VladimirPutin", "kg:decided", "ev:RussiaRecognizesTaliban"))).toBe(false);
    expect(v.edges.has(edgeId("ent:SergeyLavrov", "kg:influenced", "ev:RussiaRecognizesTaliban"))).toBe(true);
    expect(v.edges.has(edgeId("ent:Russia", "kg:allies-with", "ent:Iran"))).toBe(true);
  });

  it("sources follow the server's rule: a claim stays while its document or its attribution is chosen", () => {
    const g = seedGraph();
    const advised = edgeId("ent:SergeyLavrov", "kg:advised", "ent:VladimirPutin");
    const influenced = edgeId("ent:SergeyLavrov", "kg:influenced", "ev:RussiaRecognizesTaliban");
    // Only TASS: the article's own claims go, TASS's stay.
    const onlyTass = { ...NO_FILTERS, hiddenSources: ["doc:russia-recognizes-taliban"] };
    expect(claimPasses(tass("t"), onlyTass)).toBe(true);
    expect(claimPasses(own("o"), onlyTass)).toBe(false);
    expect(visibleElements(g, onlyTass).edges.has(advised)).toBe(true);
    // Neither: what rests on TASS alone is hidden; unknown evidence (allies) stays.
    const none = { ...NO_FILTERS, hiddenSources: ["doc:russia-recognizes-taliban", "ent:TASS"] };
    const v = visibleElements(g, none);
    expect(v.edges.has(advised)).toBe(false);
    expect(v.edges.has(influenced)).toBe(false);
    expect(v.edges.has(edgeId("ent:Russia", "kg:allies-with", "ent:Iran"))).toBe(true);
  });

  it("the time filter drops claims valid only later, and dated events outside", () => {
    expect(claimPasses(own("c", 0.9, "2025-07"), { ...NO_FILTERS, before: "2024" })).toBe(false);
    const g = addElements(EMPTY_GRAPH, [nodeFromRef(N("ev:A", "A", "kg:Event")), nodeFromRef(N("ev:B", "B", "kg:Event"))], []);
    const v = visibleElements(g, { ...NO_FILTERS, before: "2022" }, { "ev:A": "2021-08", "ev:B": "2024-12" });
    expect([...v.nodes]).toEqual(["ev:A"]);
  });
});

describe("facets", () => {
  it("counts relations and sources", () => {
    const g = seedGraph();
    expect(relationFacets(g).map((f) => [f.id, f.count])).toEqual([
      ["kg:allies-with", 2],
      ["kg:advised", 1],
      ["kg:decided", 1],
      ["kg:influenced", 1],
    ]);
    const src = sourceFacets(g);
    expect(src.find((f) => f.id === "ent:TASS")?.count).toBe(3);
    expect(src.find((f) => f.id === "doc:russia-recognizes-taliban")?.count).toBe(4);
  });
  it("toggle adds and removes", () => {
    expect(toggle(["a"], "b")).toEqual(["a", "b"]);
    expect(toggle(["a", "b"], "a")).toEqual(["b"]);
  });
});

describe("history", () => {
  it("undoes and redoes canvas changes", () => {
    const h = new History();
    const g1 = seedGraph();
    h.push(EMPTY_GRAPH);
    expect(h.canUndo).toBe(true);
    expect(h.undo(g1)).toBe(EMPTY_GRAPH);
    expect(h.redo(EMPTY_GRAPH)).toBe(g1);
    expect(h.canRedo).toBe(false);
  });
  it("a new change clears the redo list, and the past is capped", () => {
    const h = new History(2);
    h.push(EMPTY_GRAPH);
    h.undo(EMPTY_GRAPH);
    h.push(EMPTY_GRAPH);
    expect(h.canRedo).toBe(false);
    h.push(EMPTY_GRAPH);
    h.push(EMPTY_GRAPH);
    expect(h.undo(EMPTY_GRAPH)).not.toBeNull();
    expect(h.undo(EMPTY_GRAPH)).not.toBeNull();
    expect(h.undo(EMPTY_GRAPH)).toBeNull();
  });
});

describe("list view", () => {
  it("groups the focused node's relations by predicate and direction", () => {
    const rel = relationsOf(seedGraph(), "ent:VladimirPutin");
    expect(rel.map((r) => [r.label, r.direction, r.nodes.map((n) => n.label)])).toEqual([
      ["advised", "in", ["Sergey Lavrov"]],
      ["decided", "out", ["Russia's recognition of the Taliban government"]],
    ]);
  });
  it("initial state is empty", () => {
    expect(INITIAL_STATE.graph).toBe(EMPTY_GRAPH);
  });
});

describe("facets sent to the server (Why? and Path)", () => {
  it("sends nothing when nothing is hidden", () => {
    expect(serverFilters(NO_FILTERS, seedGraph())).toEqual({});
  });
  it("turns hidden sources and relations into allow-lists of the rest", () => {
    const g = seedGraph();
    const f = { ...NO_FILTERS, hiddenSources: ["doc:russia-recognizes-taliban"], hiddenRelations: ["kg:allies-with"], minConfidence: 0.5, before: "2024" };
    const sf = serverFilters(f, g);
    expect(sf).toEqual({ minConfidence: 0.5, asOf: "2024", source: ["ent:TASS"], predicate: ["kg:advised", "kg:decided", "kg:influenced"] });
    const { predicate: _p, ...influence } = sf;
    expect(query({ target: "ev:RussiaRecognizesTaliban", ...influence })).toBe("?target=ev%3ARussiaRecognizesTaliban&minConfidence=0.5&asOf=2024&source=ent%3ATASS");
  });
  it("everything hidden matches nothing rather than everything", () => {
    const g = seedGraph();
    const all = sourceFacets(g).map((x) => x.id);
    expect(serverFilters({ ...NO_FILTERS, hiddenSources: all }, g).source).toEqual([NOTHING]);
  });
  it("knows which changes need a new answer", () => {
    expect(serverFiltersChanged(NO_FILTERS, { ...NO_FILTERS, hiddenSources: ["ent:TASS"] })).toBe(true);
    expect(serverFiltersChanged(NO_FILTERS, { ...NO_FILTERS, after: "2020" })).toBe(false);
    expect(serverFiltersChanged(NO_FILTERS, { ...NO_FILTERS, before: "2022" })).toBe(true);
  });
});
