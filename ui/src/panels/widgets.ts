// Pieces several panels draw: a node as a button, claims with their quotes,
// the independent-sources badge, a path's hops, a toolbar button.

import type { Actions } from "../actions";
import { h } from "../dom";
import { attribution, independentSources, localName, quoteInSentence, stepEdge } from "../graph-model";
import { describeFilters } from "../filter-text";
import { type Filters, serverFiltersChanged } from "../state";
import type { Session } from "../store";
import type { Evidence, Path, Step } from "../types";

/** A node as a link-styled button that focuses it (when it is on the canvas). */
export function nodeButton(s: Session, a: Actions, id: string, label?: string): HTMLElement {
  const n = s.app.graph.nodes[id];
  return h("button", { type: "button", class: "link", onclick: () => (n ? a.focusNode(id) : undefined), dataset: { node: id } }, label ?? n?.label ?? localName(id));
}

/** Claims, each with its quote marked in its sentence, source, attribution and confidence. */
export function evidenceList(evs: Evidence[]): HTMLElement {
  const ol = h("ol", { class: "plain", "aria-label": "Claims" });
  for (const e of evs) {
    const q = quoteInSentence(e);
    ol.append(
      h(
        "li",
        { class: "claim", dataset: { claim: e.claim } },
        h("blockquote", null, q.before, h("mark", null, q.quote), q.after),
        h(
          "p",
          { class: "meta" },
          h("span", { class: "attr" }, attribution(e)),
          " · ",
          h("cite", null, e.documentTitle || localName(e.document)),
          ` · sentence ${e.sentence}`,
          " · ",
          h("span", { class: "confidence" }, `confidence ${e.confidence.toFixed(2)}`),
          e.validFrom || e.validTo ? ` · valid ${e.validFrom ?? "…"} – ${e.validTo ?? "…"}` : "",
        ),
        h("p", { class: "meta" }, h("code", null, e.claim), ` · ${e.document} [${e.start}, ${e.end})`),
      ),
    );
  }
  return ol;
}

/** The number of independent sources (distinct informants; the server's count when given); the legend says how edges show it. */
export function sourcesBadge(evs: Evidence[], count?: number): HTMLElement {
  const n = count ?? independentSources(evs);
  const text = `${n} independent source${n === 1 ? "" : "s"}`;
  return h("span", { class: n === 1 ? "badge single" : "badge", "aria-label": text, dataset: { sources: String(n) } }, text);
}

/** The chip on an answer: the filters it was asked with, in words. */
export function askedWithChip(s: Session, asked: Filters | null, opts: { relations: boolean }): HTMLElement | null {
  if (!asked) return null;
  const parts = describeFilters(asked, s.app.graph, { server: true, relations: opts.relations });
  const stale = serverFiltersChanged(asked, s.app.filters);
  // What the server cannot be asked: said, so that the chip does not claim more than the answer holds.
  const local = [asked.after ? `from ${asked.after}` : "", asked.hiddenTypes.length ? "hidden types" : "", !opts.relations && asked.hiddenRelations.length ? "hidden relations" : ""].filter(Boolean);
  return h(
    "p",
    { class: "chip", dataset: { askedWith: parts.join(" · ") } },
    parts.length ? `Asked with: ${parts.join(" · ")}` : "Asked with no filters",
    local.length ? h("span", { class: "muted" }, ` (on the canvas only: ${local.join(", ")})`) : null,
    stale ? h("span", { class: "muted" }, " (asking again with the current filters…)") : null,
  );
}

/** One hop of a path: its ends, its relation as a button to its evidence, the best quote. */
export function hopView(a: Actions, st: Step): HTMLElement {
  const e = stepEdge(st);
  const best = st.evidence[0];
  return h(
    "li",
    { class: "hop", dataset: { edge: e.id } },
    h("span", null, `${st.from.label || localName(st.from.id)} `),
    h(
      "button",
      {
        type: "button",
        class: "link",
        onclick: () => a.showHop(st.from, st.to, e),
        "aria-label": `Evidence for ${st.from.label} ${st.predicate.label || localName(st.predicate.id)} ${st.to.label}`,
      },
      st.forward ? `—${st.predicate.label || localName(st.predicate.id)}→` : `←${st.predicate.label || localName(st.predicate.id)}—`,
    ),
    h("span", null, ` ${st.to.label || localName(st.to.id)}`),
    " ",
    sourcesBadge(st.evidence, st.sources),
    best ? h("div", { class: "quote" }, "“", best.quote, "” — ", attribution(best), `, ${best.confidence.toFixed(2)}`) : null,
  );
}

export function pathView(a: Actions, path: Path, i: number, label: string, onShow: () => void, active: boolean): HTMLElement {
  return h(
    "li",
    { class: active ? "influencer active" : "influencer", dataset: { path: String(i) } },
    h("div", { class: "row" }, h("strong", null, label), h("span", { class: "score muted" }, `score ${path.score.toFixed(3)}, ${path.steps.length} hop${path.steps.length === 1 ? "" : "s"}`), h("button", { type: "button", onclick: onShow, "aria-pressed": String(active) }, "Highlight")),
    h("ol", { class: "plain" }, path.steps.map((st) => hopView(a, st))),
  );
}

/** A toolbar button; key is its shortcut, pressed makes it a toggle. */
export function tool(label: string, onclick: () => void, opts: { key?: string; pressed?: boolean; disabled?: boolean; id?: string; title?: string } = {}): HTMLButtonElement {
  return h(
    "button",
    {
      type: "button",
      id: opts.id,
      onclick,
      disabled: opts.disabled,
      "aria-pressed": opts.pressed === undefined ? undefined : String(opts.pressed),
      "aria-keyshortcuts": opts.key,
      title: opts.title ?? (opts.key ? `${label} (${opts.key})` : label),
    },
    label,
  );
}
