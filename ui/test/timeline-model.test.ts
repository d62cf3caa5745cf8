import { describe, expect, it } from "vitest";
import { claimSubject, claimsToRead, timelineItems } from "../src/timeline-model";
import type { Evidence, TimelineEntry } from "../src/types";
import { own } from "./fixtures";

const ev = (claim: string, quote: string): Evidence => ({ ...own(claim), quote });
const entries: TimelineEntry[] = [
  { date: "2022", node: { id: "ev:Invasion", label: "Russia’s invasion of Ukraine" }, predicate: "kg:date", evidence: [ev("claim:inv-2022", "invasion of Ukraine in 2022")], sources: 1 },
  { date: "2022-02", node: { id: "ent:Russia", label: "Russia" }, predicate: "kg:validFrom", facts: ["Russia breaks with Western nations", "breakdown agent Russia"], evidence: [ev("claim:rift", "relations fell apart")], sources: 1 },
  { date: "2022-02", node: { id: "ev:Invasion", label: "Russia’s invasion of Ukraine" }, predicate: "kg:date", evidence: [ev("claim:inv-2022-02", "invasion in February 2022")], sources: 1 },
];
const quads = new Map([
  ["claim:rift", [
    { subject: "<ent:Russia>", predicate: "<kg:breaksWith>", object: "<ent:West>" },
    { subject: "<ev:Rift>", predicate: "<kg:agent>", object: "<ent:Russia>" },
    { subject: "<ev:Rift>", predicate: "<kg:object>", object: "<ent:West>" },
  ]],
]);

describe("the timeline's items", () => {
  it("lists an event dated twice once, at its most precise date", () => {
    const items = timelineItems(entries, quads, new Map([["ev:Rift", { label: "breakdown of relations", type: "kg:Event" }]]));
    const inv = items.filter((i) => i.node.id === "ev:Invasion");
    expect(inv).toHaveLength(1);
    expect(inv[0].date).toBe("2022-02");
    expect(inv[0].dates).toEqual(["2022-02", "2022"]);
    expect(inv[0].evidence.map((e) => e.claim)).toEqual(["claim:inv-2022", "claim:inv-2022-02"]);
  });
  it("files a claim under the event its facts describe, told by its quote", () => {
    const items = timelineItems(entries, quads, new Map([["ev:Rift", { label: "breakdown of relations", type: "kg:Event" }]]));
    const rift = items.find((i) => i.kind === "validFrom")!;
    expect(rift.node).toEqual({ id: "ev:Rift", label: "breakdown of relations", type: "kg:Event" });
    expect(rift.quote).toBe("relations fell apart");
    expect(rift.attribution).toBe("the article itself");
  });
  it("keeps the entry's node when the claim's facts are unknown", () => {
    const items = timelineItems(entries, new Map(), new Map());
    expect(items.find((i) => i.kind === "validFrom")!.node.id).toBe("ent:Russia");
  });
  it("reads only the validFrom claims, and picks the busiest subject", () => {
    expect(claimsToRead(entries)).toEqual(["claim:rift"]);
    expect(claimSubject(quads.get("claim:rift")!)).toBe("ev:Rift");
    expect(claimSubject([])).toBeNull();
  });
});
