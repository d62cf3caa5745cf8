import type { Evidence, NeighborGroup, Path } from "../src/types";

export const tass = (claim: string, confidence = 0.8): Evidence => ({
  claim,
  document: "doc:russia-recognizes-taliban",
  documentTitle: "Russia Recognizes Taliban Government as Afghanistan’s Ruling Power",
  quote: "Russian President Vladimir Putin made the final decision",
  sentence: 7,
  sentenceText:
    "Russian state media outlet TASS reported that Russian President Vladimir Putin made the final decision based on advice from Foreign Minister Sergey Lavrov.",
  start: 10,
  end: 20,
  confidence,
  attributedTo: { id: "ent:TASS", label: "TASS" },
  informant: { id: "ent:TASS", label: "TASS" },
  reliability: "F",
  credibility: 3,
  credibilityReason: "rests on one source",
  grade: "F3",
});

export const own = (claim: string, confidence = 0.9, validFrom?: string): Evidence => ({
  claim,
  document: "doc:russia-recognizes-taliban",
  documentTitle: "Russia Recognizes Taliban Government as Afghanistan’s Ruling Power",
  quote: "influenced by Foreign Minister Sergey Lavrov",
  sentence: 4,
  sentenceText: "Russia’s decision, influenced by Foreign Minister Sergey Lavrov, reflects its growing alignment.",
  start: 1,
  end: 2,
  confidence,
  validFrom,
  informant: { id: "doc:russia-recognizes-taliban", type: "kg:Document" },
  reliability: "F",
  credibility: 3,
  credibilityReason: "rests on one source",
  grade: "F3",
});

export const N = (id: string, label: string, type = "kg:Person") => ({ id, label, type });

export const whyPaths: Path[] = [
  {
    score: 0.8,
    steps: [
      {
        from: N("ent:VladimirPutin", "Vladimir Putin"),
        predicate: { id: "kg:decided", label: "decided" },
        to: N("ev:RussiaRecognizesTaliban", "Russia's recognition of the Taliban government", "kg:Decision"),
        forward: true,
        evidence: [tass("claim:tass-putin-decided")],
        sources: 1,
      },
    ],
  },
  {
    score: 0.32,
    steps: [
      {
        from: N("ent:SergeyLavrov", "Sergey Lavrov"),
        predicate: { id: "kg:advised", label: "advised" },
        to: N("ent:VladimirPutin", "Vladimir Putin"),
        forward: true,
        evidence: [tass("claim:tass-lavrov-advised-putin")],
        sources: 1,
      },
      {
        from: N("ent:VladimirPutin", "Vladimir Putin"),
        predicate: { id: "kg:decided", label: "decided" },
        to: N("ev:RussiaRecognizesTaliban", "Russia's recognition of the Taliban government", "kg:Decision"),
        forward: true,
        evidence: [tass("claim:tass-putin-decided")],
        sources: 1,
      },
    ],
  },
];

export const alliesGroup = (count = 2): NeighborGroup => ({
  predicate: { id: "kg:allies-with", label: "allies with" },
  direction: "out",
  count,
  truncated: count > 2,
  nodes: [N("ent:Iran", "Iran", "kg:Country"), N("ent:NorthKorea", "North Korea", "kg:Country")].concat(
    Array.from({ length: Math.max(0, count - 2) }, (_, i) => N(`fx:c${i}`, `Country ${i}`, "kg:Country")),
  ),
});
