import { describe, expect, it } from "vitest";
import { parseQuestion, questionText, templateHints, templatesFor } from "../src/templates";

describe("question templates", () => {
  it("reads who influenced, why, path and what does claim", () => {
    expect(parseQuestion("Who influenced the recognition?")).toEqual({ kind: "why", target: "recognition" });
    expect(parseQuestion("why did Russia recognize the Taliban")).toEqual({ kind: "why", target: "Russia recognize the Taliban" });
    expect(parseQuestion("path Lavrov to Taliban")).toEqual({ kind: "path", from: "Lavrov", to: "Taliban" });
    expect(parseQuestion("Path from Lavrov → the Taliban")).toEqual({ kind: "path", from: "Lavrov", to: "Taliban" });
    expect(parseQuestion("What does TASS claim?")).toEqual({ kind: "claims", source: "TASS" });
  });
  it("leaves plain searches and unfinished questions alone", () => {
    expect(parseQuestion("Russia Taliban")).toBeNull();
    expect(parseQuestion("who influenced")).toBeNull();
    expect(parseQuestion("path Lavrov")).toBeNull();
  });
  it("says a resolved question in words, and offers templates for a hit", () => {
    expect(questionText({ kind: "path", from: "lavrov", to: "taliban" }, (n) => n.toUpperCase())).toBe("Path LAVROV → TALIBAN");
    expect(templatesFor("ent:TASS", "kg:MediaOutlet")).toEqual([{ kind: "why", target: "ent:TASS" }, { kind: "claims", source: "ent:TASS" }]);
    expect(templatesFor("ent:Russia", "kg:Country")).toEqual([{ kind: "why", target: "ent:Russia" }]);
  });
});

describe("template hints", () => {
  it("offers a template while its first words are typed, and not once names follow", () => {
    expect(templateHints("who infl")).toEqual([{ label: "Who influenced ⟨decision⟩?", fill: "who influenced " }]);
    expect(templateHints("Who influenced")).toEqual([{ label: "Who influenced ⟨decision⟩?", fill: "who influenced " }]);
    expect(templateHints("path")).toEqual([{ label: "Path ⟨A⟩ to ⟨B⟩", fill: "path " }]);
    expect(templateHints("what does")).toEqual([{ label: "What does ⟨source⟩ claim?", fill: "what does " }]);
    expect(templateHints("who influenced Putin")).toEqual([]);
    expect(templateHints("Russia")).toEqual([]);
    expect(templateHints("wh")).toEqual([]);
  });
});
