import { describe, expect, it } from "vitest";
import { EMPTY_GRAPH, addElements, pathElements } from "../src/graph-model";
import { appendixEntries, claimsCsv, csv, edgeBends, nodesCsv, parseCsv, sceneToSvg } from "../src/exports";
import { decodeState, encodeState } from "../src/permalink";
import { INITIAL_STATE, NO_FILTERS, type AppState, visibleElements } from "../src/state";
import { whyPaths } from "./fixtures";

function state(): AppState {
  const { nodes, edges } = pathElements(whyPaths, true);
  const graph = addElements(EMPTY_GRAPH, nodes.map((n, i) => ({ ...n, x: i * 10.123, y: -i })), edges);
  return {
    ...INITIAL_STATE,
    graph,
    selection: { kind: "edge", id: edges[0].id },
    focus: "ent:VladimirPutin",
    filters: { ...NO_FILTERS, minConfidence: 0.5, hiddenRelations: ["kg:allies-with"], before: "2025" },
    highlight: { kind: "path", nodes: ["ent:SergeyLavrov"], edges: [], from: "ent:SergeyLavrov", to: "ent:Taliban" },
    panel: "evidence",
    query: 'g.V("<ent:Russia>").out().all()',
    whyTarget: "ev:RussiaRecognizesTaliban",
    camera: { x: 0.5, y: 0.25, ratio: 1.5 },
    theme: "dark",
    view: "list",
  };
}

describe("permalinks", () => {
  it("round-trip the whole state except evidence", async () => {
    const s = state();
    const hash = await encodeState(s);
    expect(hash).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    const back = (await decodeState(hash))!;
    expect(Object.keys(back.graph.nodes).sort()).toEqual(Object.keys(s.graph.nodes).sort());
    expect(Object.keys(back.graph.edges).sort()).toEqual(Object.keys(s.graph.edges).sort());
    expect(back.graph.nodes["ent:VladimirPutin"]).toMatchObject({ label: "Vladimir Putin", pinned: true });
    const { graph: _g1, ...rest } = back;
    const { graph: _g2, ...want } = s;
    expect(rest).toEqual(want);
  });
  it("keep pins, the sizing and the legend's hidden types", async () => {
    const s = state();
    const putin = { ...s.graph.nodes["ent:VladimirPutin"], fixed: true, x: 12, y: -40 };
    const pinned: AppState = { ...s, graph: { nodes: { ...s.graph.nodes, [putin.id]: putin }, edges: s.graph.edges }, sizeBy: "influence", filters: { ...NO_FILTERS, hiddenTypes: ["kg:Country"] } };
    const back = (await decodeState(await encodeState(pinned)))!;
    expect(back.graph.nodes["ent:VladimirPutin"]).toMatchObject({ fixed: true, pinned: true, x: 12, y: -40 });
    expect(back.graph.nodes["ent:SergeyLavrov"].fixed).toBeUndefined();
    expect(back.sizeBy).toBe("influence");
    expect(back.filters.hiddenTypes).toEqual(["kg:Country"]);
  });
  it("ignores fragments that are not permalinks and rejects damaged ones", async () => {
    expect(await decodeState("#top")).toBeNull();
    await expect(decodeState("#j=e30")).rejects.toThrow(/not a Quiver permalink/);
  });
});

describe("exports", () => {
  it("CSV quotes what needs quoting and parses back", () => {
    const text = csv([["a", 'say "hi", then', "line\nbreak", 1]]);
    expect(parseCsv(text)).toEqual([["a", 'say "hi", then', "line\nbreak", "1"]]);
  });
  it("nodes and claims CSV contain the visible elements with quotes", () => {
    const s = state();
    const v = visibleElements(s.graph, NO_FILTERS);
    const nodes = parseCsv(nodesCsv(s.graph, v.nodes));
    expect(nodes[0]).toEqual(["id", "label", "type", "degree"]);
    expect(nodes.slice(1).map((r) => r[1]).sort()).toEqual(["Russia's recognition of the Taliban government", "Sergey Lavrov", "Vladimir Putin"]);
    const claims = parseCsv(claimsCsv(s.graph, v.edges));
    const decided = claims.find((r) => r[2] === "kg:decided")!;
    expect(decided[6]).toBe("Russian President Vladimir Putin made the final decision");
    expect(decided[9]).toBe("per TASS");
  });
  it("SVG holds every node and edge, escaped, with arrowheads, a legend, a caption and the quotes", () => {
    const svg = sceneToSvg({
      width: 900, height: 150, background: "#fff", text: "#000", muted: "#666",
      nodes: [{ id: "a", label: "A & <B>", x: 10, y: 20, size: 5, color: "#f00", ring: "#00f" }, { id: "b", label: "B", x: 90, y: 90, size: 5, color: "#0f0", ring: "" }],
      edges: [
        { id: "a p b", source: "a", target: "b", label: "p", color: "#999", labelColor: "#000", size: 1 },
        { id: "a q b", source: "a", target: "b", label: "q", color: "#999", labelColor: "#000", size: 2.5 },
      ],
      legend: [{ label: "Person", color: "#f00", count: 2 }],
      caption: ["2 nodes and 2 relations.", "Filters: only TASS."],
      appendix: [{ quote: "Putin decided", attribution: "per TASS", document: "An article", supports: ["A p B"] }],
    });
    expect(svg).toContain("A &amp; &lt;B&gt;");
    expect(svg.match(/class="node"/g)).toHaveLength(2);
    expect(svg).toContain("<marker");
    expect(svg.match(/marker-end="url\(#arrow-0\)"/g)).toHaveLength(2);
    // Two relations between a and b: two curves bending either way.
    expect(svg.match(/ Q/g)).toHaveLength(2);
    expect(svg).toContain("Person (2)");
    expect(svg).toContain("Filters: only TASS.");
    expect(svg).toContain("“Putin decided” — per TASS, An article. Supports: A p B.");
    expect(svg.match(/<g[ >]/g)?.length).toBe(svg.match(/<\/g>/g)?.length);
  });
  it("bends parallel edges apart and leaves lone ones straight", () => {
    const b = edgeBends([
      { id: "1", source: "a", target: "b" },
      { id: "2", source: "b", target: "a" },
      { id: "3", source: "a", target: "c" },
    ]);
    expect(b.get("3")).toBe(0);
    expect(b.get("1")).not.toBe(0);
    // Opposite directions: the normal flips, so the same sign means opposite sides on screen.
    expect(Math.sign(b.get("1")!)).toBe(Math.sign(b.get("2")!));
  });
  it("the appendix lists each quote behind the drawn edges once, with what it supports", () => {
    const { nodes, edges } = pathElements(whyPaths, true);
    const g = addElements(EMPTY_GRAPH, nodes, edges);
    const v = visibleElements(g, NO_FILTERS);
    const app = appendixEntries(g, v.edges);
    const claims = new Set([...v.edges].flatMap((id) => g.edges[id].evidence!.map((e) => e.claim)));
    expect(app).toHaveLength(claims.size);
    const tass = app.find((a) => a.quote === "Russian President Vladimir Putin made the final decision")!;
    expect(tass.attribution).toBe("per TASS");
    expect(tass.supports).toEqual(["Vladimir Putin decided Russia's recognition of the Taliban government"]);
  });
});
