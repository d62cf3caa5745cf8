import { describe, expect, it } from "vitest";
import {
  EMPTY_GRAPH,
  EXPAND_LIMIT,
  addElements,
  attribution,
  collapse,
  edgeId,
  labelPredicates,
  labelRows,
  predicateLabelsQuery,
  relationsBetweenQuery,
  groupElements,
  independentSources,
  nodeFromRef,
  pathElements,
  pathIds,
  quoteInSentence,
  removeNodes,
  setEvidence,
  stepEdge,
} from "../src/graph-model";
import { N, alliesGroup, own, tass, whyPaths } from "./fixtures";

const russia = nodeFromRef(N("ent:Russia", "Russia", "kg:Country"), { pinned: true });

describe("expanding a relation", () => {
  it("adds the neighbours and one edge each, oriented as the quads", () => {
    const g0 = addElements(EMPTY_GRAPH, [russia], []);
    const { nodes, edges } = groupElements(g0, "ent:Russia", alliesGroup());
    const g = addElements(g0, nodes, edges);
    expect(Object.keys(g.nodes).sort()).toEqual(["ent:Iran", "ent:NorthKorea", "ent:Russia"]);
    expect(g.edges[edgeId("ent:Russia", "kg:allies-with", "ent:Iran")]).toMatchObject({ source: "ent:Russia", target: "ent:Iran", predicateLabel: "allies with" });
    expect(g0.nodes["ent:Iran"]).toBeUndefined(); // the input is untouched
  });

  it("groups the neighbours above the limit into one node", () => {
    const g0 = addElements(EMPTY_GRAPH, [russia], []);
    const grp = alliesGroup(1000);
    const { nodes } = groupElements(g0, "ent:Russia", grp);
    expect(nodes).toHaveLength(EXPAND_LIMIT + 1);
    const group = nodes.at(-1)!;
    expect(group.group).toEqual({ parent: "ent:Russia", predicate: "kg:allies-with", direction: "out", count: 1000 - EXPAND_LIMIT });
    expect(group.label).toBe(`+${1000 - EXPAND_LIMIT} more (allies with)`);
  });

  it("orients incoming groups toward the centre", () => {
    const { edges } = groupElements(EMPTY_GRAPH, "ent:Iran", { ...alliesGroup(), direction: "in" });
    expect(edges[0]).toMatchObject({ source: "ent:Iran", target: "ent:Iran" });
    expect(edges[1]).toMatchObject({ source: "ent:NorthKorea", target: "ent:Iran", predicate: "kg:allies-with" });
  });

  it("returns the same graph when nothing is new", () => {
    const g = addElements(EMPTY_GRAPH, [russia], []);
    expect(addElements(g, [russia], [])).toBe(g);
  });

  it("drops edges whose ends are missing", () => {
    const g = addElements(EMPTY_GRAPH, [russia], [{ id: "x", source: "ent:Russia", target: "ent:Nowhere", predicate: "kg:p", predicateLabel: "p" }]);
    expect(Object.keys(g.edges)).toEqual([]);
  });
});

describe("collapse and remove", () => {
  const g0 = addElements(EMPTY_GRAPH, [russia], []);
  const { nodes, edges } = groupElements(g0, "ent:Russia", alliesGroup(40));
  const g = addElements(g0, nodes, edges);

  it("collapse removes the leaves and the group node, keeps the centre", () => {
    const c = collapse(g, "ent:Russia");
    expect(Object.keys(c.nodes)).toEqual(["ent:Russia"]);
    expect(Object.keys(c.edges)).toEqual([]);
  });

  it("collapse keeps neighbours that have other edges or are pinned", () => {
    const extra = addElements(g, [nodeFromRef(N("ent:X", "X"), { pinned: true })], [
      { id: "e", source: "ent:Iran", target: "ent:X", predicate: "kg:p", predicateLabel: "p" },
    ]);
    const c = collapse(extra, "ent:Russia");
    expect(Object.keys(c.nodes).sort()).toEqual(["ent:Iran", "ent:Russia", "ent:X"]);
  });

  it("removeNodes removes incident edges", () => {
    const r = removeNodes(g, ["ent:Iran"]);
    expect(r.nodes["ent:Iran"]).toBeUndefined();
    expect(Object.values(r.edges).some((e) => e.target === "ent:Iran")).toBe(false);
  });
});

describe("paths and evidence", () => {
  it("pathElements adds every hop with its evidence", () => {
    const { nodes, edges } = pathElements(whyPaths, true);
    const g = addElements(EMPTY_GRAPH, nodes, edges);
    expect(Object.keys(g.nodes).sort()).toEqual(["ent:SergeyLavrov", "ent:VladimirPutin", "ev:RussiaRecognizesTaliban"]);
    const decided = g.edges[edgeId("ent:VladimirPutin", "kg:decided", "ev:RussiaRecognizesTaliban")];
    expect(decided.evidence?.[0].attributedTo?.id).toBe("ent:TASS");
    expect(Object.values(g.nodes).every((n) => n.pinned)).toBe(true);
  });

  it("a backward step is drawn as the quad", () => {
    const st = { ...whyPaths[0].steps[0], from: whyPaths[0].steps[0].to, to: whyPaths[0].steps[0].from, forward: false };
    expect(stepEdge(st)).toMatchObject({ source: "ent:VladimirPutin", target: "ev:RussiaRecognizesTaliban" });
  });

  it("pathIds lists what a highlight keeps lit", () => {
    expect(pathIds([whyPaths[1]]).edges).toEqual([
      edgeId("ent:SergeyLavrov", "kg:advised", "ent:VladimirPutin"),
      edgeId("ent:VladimirPutin", "kg:decided", "ev:RussiaRecognizesTaliban"),
    ]);
  });

  it("merges evidence by claim, best confidence first", () => {
    const { nodes, edges } = pathElements([whyPaths[0]]);
    let g = addElements(EMPTY_GRAPH, nodes, edges);
    const id = edges[0].id;
    g = setEvidence(g, { [id]: [own("claim:own", 0.9), tass("claim:tass-putin-decided")] });
    expect(g.edges[id].evidence!.map((e) => e.claim)).toEqual(["claim:own", "claim:tass-putin-decided"]);
  });

  it("counts independent sources as document and attribution pairs", () => {
    expect(independentSources([tass("a"), tass("b")])).toBe(1);
    expect(independentSources([tass("a"), own("b")])).toBe(2);
    expect(independentSources(undefined)).toBe(0);
  });

  it("says who asserted a claim", () => {
    expect(attribution(tass("a"))).toBe("per TASS");
    expect(attribution(own("a"))).toBe("the article itself");
  });

  it("places the quote in its sentence", () => {
    const q = quoteInSentence(tass("a"));
    expect(q.before).toBe("Russian state media outlet TASS reported that ");
    expect(q.quote).toBe("Russian President Vladimir Putin made the final decision");
    expect(q.after).toBe(" based on advice from Foreign Minister Sergey Lavrov.");
    expect(quoteInSentence({ ...tass("a"), sentenceText: undefined })).toEqual({ before: "", quote: tass("a").quote, after: "" });
  });
});

import { edgesFromRows, labelsQuery, rowNodeIds } from "../src/graph-model";

describe("Gizmo results to the canvas", () => {
  it("collects node IRIs from every tag, ids first, without claims or documents", () => {
    const rows = [
      { id: "<ent:Iran>", claim: "<claim:x>", quote: "q", confidence: 0.8 },
      { id: "<ent:NorthKorea>", speaker: "<ent:VladimirPutin>", doc: "<doc:d>" },
      { id: "<ent:Iran>" },
      { id: "allies" },
    ];
    expect(rowNodeIds(rows)).toEqual(["ent:Iran", "ent:NorthKorea", "ent:VladimirPutin"]);
  });
  it("reads relations, not records", () => {
    const edges = edgesFromRows([
      { s: "<ent:Russia>", p: "<kg:allies-with>", id: "<ent:Iran>" },
      { s: "<ent:Russia>", p: "<rdf:type>", id: "<kg:Country>" },
      { s: "<ent:Russia>", p: "<kg:allies-with>", id: "<ent:Iran>" },
    ]);
    expect(edges).toEqual([{ id: "ent:Russia kg:allies-with ent:Iran", source: "ent:Russia", target: "ent:Iran", predicate: "kg:allies-with", predicateLabel: "allies-with" }]);
  });
  it("quotes ids safely in queries", () => {
    expect(labelsQuery(['ent:a"b'])).toContain('"<ent:a\\"b>"');
  });
});

describe("relations among the canvas's nodes", () => {
  it("asks both ways between the new nodes and all of them, and labels predicates", () => {
    const q = relationsBetweenQuery(["ent:Taliban"], ["ent:Russia", "ent:Taliban"]);
    expect(q).toContain('var fresh = ["<ent:Taliban>"], all = ["<ent:Russia>","<ent:Taliban>"];');
    expect(q.match(/\.all\(\)/g)?.length).toBe(2);
    const edges = edgesFromRows([
      { s: "<ent:Russia>", p: "<kg:tradesWith>", id: "<ent:Taliban>" },
      { s: "<ent:Russia>", p: "<kg:tradesWith>", id: "<ent:Taliban>" },
      { s: "<ent:Russia>", p: "<kg:recognizes>", id: "<ent:Taliban>" },
    ]);
    expect(edges.map((e) => e.id)).toEqual(["ent:Russia kg:tradesWith ent:Taliban", "ent:Russia kg:recognizes ent:Taliban"]);
    const labelled = labelPredicates(edges, [{ node: "<kg:tradesWith>", label: "trades with" }]);
    expect(labelled.map((e) => e.predicateLabel)).toEqual(["trades with", "recognizes"]);
    expect(predicateLabelsQuery(["kg:tradesWith"])).toBe('g.V("<kg:tradesWith>").tag("node").saveOpt("<rdfs:label>", "label").all();');
  });
});

describe("labels read with labelsQuery", () => {
  it("keeps the first label and type of each node, without brackets", () => {
    const m = labelRows([
      { node: "<ent:Russia>", label: "Russia", type: "<kg:Country>" },
      { node: "<ent:Russia>", label: "Moscow" },
      { node: "<ent:Iran>" },
      { label: "no node" },
    ]);
    expect([...m]).toEqual([["ent:Russia", { label: "Russia", type: "kg:Country" }], ["ent:Iran", { label: "", type: "" }]]);
  });
});

describe("independent sources", () => {
  it("are distinct informants, as the server counts them: a republication adds none", () => {
    const first = tass("claim:a");
    const republished = { ...tass("claim:b"), document: "doc:republication" };
    expect(independentSources([first, republished])).toBe(1);
    expect(independentSources([first, own("claim:c")])).toBe(2);
  });
});
