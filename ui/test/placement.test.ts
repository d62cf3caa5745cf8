import { describe, expect, it } from "vitest";
import { type Point, placeNodes, typicalLength } from "../src/placement";

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

describe("placing new nodes", () => {
  it("puts an expansion's nodes around its centre, apart from one another and from the others", () => {
    const pos = new Map<string, Point>([["a", { x: 0, y: 0 }], ["b", { x: 100, y: 0 }], ["c", { x: 40, y: 30 }]]);
    const ids = Array.from({ length: 12 }, (_, i) => `n${i}`);
    const out = placeNodes(ids, pos, () => "b", 40);
    expect([...out.keys()].sort()).toEqual([...ids].sort());
    const all = [...pos.values(), ...out.values()];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(dist(all[i], all[j])).toBeGreaterThanOrEqual(24 - 1e-9);
    for (const p of out.values()) expect(dist(p, pos.get("b")!)).toBeLessThanOrEqual(3 * 40 + 1e-9);
    // The first lands on the side of b away from the others.
    expect(out.get("n0")!.x).toBeGreaterThan(100);
  });
  it("never moves a placed node and is deterministic", () => {
    const pos = new Map<string, Point>([["a", { x: 5, y: 7 }]]);
    const one = placeNodes(["x", "y"], pos, () => "a", 30);
    const two = placeNodes(["x", "y"], pos, () => "a", 30);
    expect([...one]).toEqual([...two]);
    expect(pos.get("a")).toEqual({ x: 5, y: 7 });
  });
  it("places nodes without an origin beside the others, not among them", () => {
    const pos = new Map<string, Point>([["a", { x: 0, y: 0 }], ["b", { x: 100, y: 50 }]]);
    const out = placeNodes(["x", "y", "z"], pos, () => undefined, 40);
    for (const p of out.values()) expect(p.x).toBeGreaterThan(100 + 40);
  });
  it("places nodes without an origin around the centre, the first at it on an empty canvas", () => {
    const out = placeNodes(["a", "b", "c"], new Map(), () => undefined, 40);
    expect(out.get("a")).toEqual({ x: 0, y: 0 });
    expect(dist(out.get("b")!, out.get("a")!)).toBeCloseTo(40);
  });
  it("places 10,000 nodes quickly", () => {
    const ids = Array.from({ length: 10000 }, (_, i) => `n${i}`);
    const t0 = performance.now();
    const out = placeNodes(ids, new Map(), () => undefined, 20);
    expect(out.size).toBe(10000);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
  it("measures the typical link length, or falls back", () => {
    const pos = new Map<string, Point>([["a", { x: 0, y: 0 }], ["b", { x: 30, y: 40 }]]);
    expect(typicalLength(pos, [["a", "b"]])).toBe(50);
    expect(typicalLength(pos, [["a", "zz"]], 33)).toBe(33);
  });
});
