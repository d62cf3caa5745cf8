import { describe, expect, it } from "vitest";
import { edgeId } from "../src/graph-model";
import { resultGraphModel } from "../src/result-graph";
import { palette } from "../src/theme";

const e = (s: string, p: string, t: string) => ({ id: edgeId(s, p, t), source: s, target: t, predicate: p, predicateLabel: p.slice(3) });

describe("console graph view", () => {
  it("draws the result's nodes on a circle with the relations among them", () => {
    const nodes = [
      { id: "ent:NorthKorea", label: "North Korea", type: "kg:Country" },
      { id: "ent:Iran", label: "Iran", type: "kg:Country" },
      { id: "ent:Russia", label: "", type: "" },
    ];
    const m = resultGraphModel(nodes, [e("ent:Russia", "kg:allies-with", "ent:Iran"), e("ent:Russia", "kg:x", "ent:Elsewhere")], palette("dark"), () => "#123456");
    expect(m.nodes.map((n) => n.label)).toEqual(["North Korea", "Iran", "ent:Russia"]);
    for (const n of m.nodes) expect(Math.hypot(n.x, n.y)).toBeCloseTo(1);
    expect(m.edges.map((x) => x.id)).toEqual(["ent:Russia kg:allies-with ent:Iran"]);
    expect(m.background).toBe(palette("dark").bg);
    expect(m.nodes[0].labelColor).toBe(palette("dark").text);
    expect(m.hidden).toBe(0);
  });
  it("caps what it draws", () => {
    const nodes = Array.from({ length: 10 }, (_, i) => ({ id: `n:${i}`, label: `N${i}`, type: "" }));
    const m = resultGraphModel(nodes, [e("n:1", "kg:p", "n:9")], palette("light"), () => "#000000", 5);
    expect(m.nodes).toHaveLength(5);
    expect(m.hidden).toBe(5);
    expect(m.edges).toHaveLength(0);
  });
});
