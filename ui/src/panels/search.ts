// The search box: autocomplete over labels and aliases, and phrases
// (combobox.ts); a pick adds the node to the canvas and previews its
// neighbours, then the keyboard focus leaves the box for the panel, so that
// the next key is a shortcut ("w"). Typed questions ("who influenced the
// recognition?", "path Lavrov to Taliban", "what does TASS claim?") are
// offered first, resolved to nodes; while a question's first words are
// typed, its template is offered ("Who influenced ⟨decision⟩?"); under a
// plain search, the questions about its best hit come last.

import type { Actions } from "../actions";
import { type Extra, combobox } from "../combobox";
import { $ } from "../dom";
import { type Question, parseQuestion, questionText, templateHints, templatesFor } from "../templates";
import type { NodeRef, SearchHit } from "../types";

/** Runs a question about resolved nodes. */
function ask(a: Actions, q: Question, ref: (name: string) => NodeRef): void {
  if (q.kind === "why") return a.askWhy(ref(q.target));
  if (q.kind === "path") return a.askPath(ref(q.from), ref(q.to));
  void a.sourceClaims(ref(q.source));
}

/** The questions to offer for what is typed, their names resolved by search; fill puts a template's first words in the box. */
async function questions(a: Actions, text: string, hits: SearchHit[], signal: AbortSignal, fill: (text: string) => void): Promise<Extra[]> {
  const hints = templateHints(text).map((t) => ({ label: t.label, first: true, run: () => fill(t.fill) }));
  if (hints.length) return hints;
  const typed = parseQuestion(text);
  if (typed) {
    const names = typed.kind === "path" ? [typed.from, typed.to] : [typed.kind === "why" ? typed.target : typed.source];
    const found = await Promise.all(names.map((n) => a.api.search(n, 1, signal)));
    if (found.some((f) => !f.length)) return [];
    const refs = new Map(names.map((n, i) => [n, found[i][0].node]));
    const ref = (n: string) => refs.get(n)!;
    return [{ label: questionText(typed, (n) => ref(n).label || ref(n).id), first: true, run: () => ask(a, typed, ref) }];
  }
  const top = hits[0]?.node;
  if (!top) return [];
  return templatesFor(top.id, top.type ?? "").map((q) => ({ label: questionText(q, () => top.label || top.id), first: false, run: () => ask(a, q, () => top) }));
}

export function mountSearch(a: Actions): void {
  const input = $("#search") as HTMLInputElement;
  combobox(
    input,
    $("#search-list") as HTMLUListElement,
    a.api,
    (hit) => {
      void a.addFromSearch(hit);
      input.value = "";
    },
    (q, hits, signal) =>
      questions(a, q, hits, signal, (text) => {
        input.value = text;
        input.focus();
        input.dispatchEvent(new Event("input"));
      }),
  );
  input.addEventListener("leave", () => a.leaveSearch());
}
