import { describe, expect, it } from "vitest";
import { EMPTY_GRAPH, addElements, nodeFromRef, pathElements, pathIds } from "../src/graph-model";
import { SIZE, edgeWidth, legendEntries, nodeSizes, sceneModel, truncate } from "../src/scene-model";
import { type AppState, INITIAL_STATE, NO_FILTERS, visibleElements } from "../src/state";
import { palette, typeColor } from "../src/theme";
import type { InfluenceResult } from "../src/types";
import { N, own, tass, whyPaths } from "./fixtures";

const { nodes, edges } = pathElements(whyPaths, true);
// Putin decided (TASS alone), Lavrov advised Putin (TASS alone), Lavrov
// influenced the decision (the article and TASS), and Iran alone.
const influenced = { id: "ent:SergeyLavrov kg:influenced ev:RussiaRecognizesTaliban", source: "ent:SergeyLavrov", target: "ev:RussiaRecognizesTaliban", predicate: "kg:influenced", predicateLabel: "influenced", evidence: [own("claim:lavrov-influenced-decision"), tass("claim:tass-lavrov-influenced-decision")] };
const graph = addElements(EMPTY_GRAPH, [...nodes, nodeFromRef(N("ent:Iran", "Iran", "kg:Country"))], [...edges, influenced]);
const app = (patch: Partial<AppState> = {}): AppState => ({ ...INITIAL_STATE, graph, ...patch });
const scene = (a: AppState, influence: InfluenceResult | null = null) =>
  sceneModel({ app: a, visible: visibleElements(a.graph, a.filters), influence, pal: palette("light"), typeColor, position: () => ({ x: 0, y: 0 }) });
const DECISION = "ev:RussiaRecognizesTaliban";

describe("what the canvas draws", () => {
  it("sizes nodes by degree: hubs large, a lone node the smallest", () => {
    const a = app();
    const s = nodeSizes(a, visibleElements(a.graph, a.filters), null);
    expect(s.get(DECISION)).toBe(SIZE.max);
    expect(s.get("ent:VladimirPutin")).toBe(SIZE.max);
    expect(s.get("ent:Iran")).toBe(SIZE.min);
  });
  it("sizes nodes by influence once asked: the target largest, influencers by score", () => {
    const a = app({ sizeBy: "influence" });
    const influence = {
      target: { id: DECISION },
      influencers: [
        { node: { id: "ent:SergeyLavrov" }, score: 2, roles: [], distance: 1, sources: 2, paths: [] },
        { node: { id: "ent:VladimirPutin" }, score: 0.5, roles: [], distance: 1, sources: 1, paths: [] },
      ],
      truncated: false,
    } as InfluenceResult;
    const s = nodeSizes(a, visibleElements(a.graph, a.filters), influence);
    expect(s.get(DECISION)).toBe(SIZE.max);
    expect(s.get("ent:SergeyLavrov")).toBe(SIZE.max);
    expect(s.get("ent:VladimirPutin")!).toBeLessThan(s.get("ent:SergeyLavrov")!);
    expect(s.get("ent:Iran")).toBe(SIZE.min);
  });
  it("draws edges as wide as their independent sources: thin alone, thicker corroborated", () => {
    expect(edgeWidth(1)).toBeLessThan(edgeWidth(2));
    expect(edgeWidth(2)).toBeLessThan(edgeWidth(3));
    expect(edgeWidth(undefined)).toBeGreaterThan(edgeWidth(1));
    const m = scene(app());
    const decided = m.edges.find((e) => e.id.includes(" kg:decided "))!;
    const influenced = m.edges.find((e) => e.id.includes(" kg:influenced "))!;
    expect(decided.size).toBe(edgeWidth(1));
    expect(influenced.size).toBe(edgeWidth(2));
  });
  it("rings the selection in its own colour, labels it and its edges", () => {
    const m = scene(app({ selection: { kind: "node", id: DECISION } }));
    const d = m.nodes.find((n) => n.id === DECISION)!;
    expect(d.ring).toBe(palette("light").accent);
    expect(d.color).toBe(typeColor("kg:Decision"));
    expect(d.forceLabel).toBe(true);
    expect(m.edges.filter((e) => e.target === DECISION).every((e) => e.forceLabel)).toBe(true);
    expect(m.nodes.find((n) => n.id === "ent:Iran")!.ring).toBe("");
  });
  it("dims what a highlight leaves out, labels and all, and labels what it lights", () => {
    const ids = pathIds([whyPaths[0]]);
    const m = scene(app({ highlight: { kind: "why", nodes: ids.nodes, edges: ids.edges } }));
    const pal = palette("light");
    const out = m.edges.find((e) => !ids.edges.includes(e.id))!;
    expect(out.color).toBe(pal.dim);
    expect(out.labelColor).toBe(pal.dimText);
    expect(out.forceLabel).toBe(false);
    expect(m.edges.filter((e) => ids.edges.includes(e.id)).every((e) => e.forceLabel && e.color === pal.accent)).toBe(true);
  });
  it("cuts long labels and keeps the whole one for hovering", () => {
    expect(truncate("Russia recognizes the Taliban government")).toBe("Russia recognizes the Talib…");
    expect(truncate("Iran")).toBe("Iran");
    const d = scene(app()).nodes.find((n) => n.id === DECISION)!;
    expect(d.fullLabel.length).toBeGreaterThan(d.label.length);
  });
  it("lists the types with counts, hidden ones marked, for the legend", () => {
    const l = legendEntries(app({ filters: { ...NO_FILTERS, hiddenTypes: ["kg:Country"] } }), typeColor);
    const country = l.find((e) => e.type === "kg:Country")!;
    expect(country).toEqual({ type: "kg:Country", label: "Country", color: typeColor("kg:Country"), count: 1, hidden: true });
    expect(l.find((e) => e.type === "kg:Person")!.count).toBe(2);
  });
});
