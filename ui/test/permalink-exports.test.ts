import { describe, expect, it } from "vitest";
import { EMPTY_GRAPH, addElements, pathElements } from "../src/graph-model";
import { claimsCsv, csv, nodesCsv, parseCsv, sceneToSvg } from "../src/exports";
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
  it("SVG holds every node and edge, escaped", () => {
    const svg = sceneToSvg({
      width: 100, height: 50, background: "#fff", text: "#000",
      nodes: [{ id: "a", label: "A & <B>", x: 1, y: 2, size: 5, color: "#f00" }, { id: "b", label: "B", x: 9, y: 9, size: 5, color: "#0f0" }],
      edges: [{ id: "a p b", source: "a", target: "b", label: "p", color: "#999", size: 1, dashed: true }],
    });
    expect(svg).toContain("A &amp; &lt;B&gt;");
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg.match(/class="node"/g)).toHaveLength(2);
  });
});
