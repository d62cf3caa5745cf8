import { describe, expect, it } from "vitest";
import { EMPTY_GRAPH, addElements } from "../src/graph-model";
import { filterOf, histogram, undatedFacts, windowOf } from "../src/time-model";
import type { Evidence } from "../src/types";
import { own } from "./fixtures";

describe("the time bar", () => {
  it("counts per year over the whole span, empty years included", () => {
    expect(histogram(["2021-08", "2022", "2022-02", "2024-12"])).toEqual({ keys: ["2021", "2022", "2023", "2024"], counts: [1, 2, 0, 1] });
  });
  it("counts per month when every date has one and the span is short", () => {
    expect(histogram(["2021-11", "2022-01"])).toEqual({ keys: ["2021-11", "2021-12", "2022-01"], counts: [1, 0, 1] });
    expect(histogram([])).toEqual({ keys: [], counts: [] });
  });
  it("turns a window into the filter and back; the ends of the bar are no bound", () => {
    const h = histogram(["2021-08", "2022", "2024-12"]);
    expect(filterOf(h, 0, 3)).toEqual({ after: "", before: "" });
    expect(filterOf(h, 1, 2)).toEqual({ after: "2022", before: "2023" });
    expect(windowOf(h, { after: "2022", before: "2023" })).toEqual([1, 2]);
    expect(windowOf(h, { after: "", before: "2022-02" })).toEqual([0, 1]);
    expect(windowOf(h, { after: "", before: "" })).toEqual([0, 3]);
  });
  it("counts the visible facts with no date", () => {
    const ev = (claim: string, validFrom?: string): Evidence => own(claim, 0.9, validFrom);
    const n = (id: string) => ({ id, label: id, type: "" });
    const g = addElements(EMPTY_GRAPH, [n("a"), n("b"), n("c")], [
      { id: "a p b", source: "a", target: "b", predicate: "p", predicateLabel: "p", evidence: [ev("c1")] },
      { id: "b p c", source: "b", target: "c", predicate: "p", predicateLabel: "p", evidence: [ev("c2", "2022")] },
      { id: "a q c", source: "a", target: "c", predicate: "q", predicateLabel: "q" },
    ]);
    expect(undatedFacts(g, ["a p b", "b p c", "a q c"])).toBe(1);
  });
});
