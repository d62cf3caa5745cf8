// An accessible autocomplete (ARIA 1.2 combobox with a listbox popup) over
// the search API: labels and aliases, arrow keys, Enter, Escape.

import type { Api } from "./api";
import { h } from "./dom";
import type { SearchHit } from "./types";
import { localName } from "./graph-model";

let seq = 0;

/** An option that is not a node: a question to ask ("Who influenced …?"). */
export interface Extra {
  label: string;
  /** Listed before the hits (the text is a question) or after them (a suggestion). */
  first: boolean;
  run(): void;
}

export interface Combobox {
  input: HTMLInputElement;
  /** Resolves when the pending search (if any) has rendered. */
  settled(): Promise<void>;
  value: SearchHit | null;
}

const isExtra = (o: SearchHit | Extra): o is Extra => "run" in o;

/** One option of the list: a question as its words, a hit as its label, the name it matched and its type. */
function optionItem(o: SearchHit | Extra, id: string, selected: boolean, pick: () => void): HTMLLIElement {
  return h(
    "li",
    {
      role: "option",
      id,
      "aria-selected": selected ? "true" : "false",
      dataset: isExtra(o) ? { question: o.label } : { id: o.node.id },
      class: isExtra(o) ? "question" : undefined,
      onmousedown: (ev: Event) => ev.preventDefault(),
      onclick: pick,
    },
    ...(isExtra(o)
      ? [o.label]
      : [
          o.node.label || o.node.id,
          o.matched && o.matched !== o.node.label ? h("span", { class: "opt-type" }, ` — “${o.matched}”`) : null,
          h("span", { class: "opt-type" }, ` · ${localName(o.node.type || "")}`),
        ]),
  );
}

/** Gives input and list their ARIA 1.2 combobox roles; returns the list's id. */
function ariaCombobox(input: HTMLInputElement, list: HTMLUListElement): string {
  const id = list.id || `ac-${++seq}`;
  list.id = id;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", id);
  input.setAttribute("aria-expanded", "false");
  list.setAttribute("role", "listbox");
  return id;
}

export function combobox(
  input: HTMLInputElement,
  list: HTMLUListElement,
  api: Api,
  onPick: (hit: SearchHit) => void,
  extra?: (q: string, hits: SearchHit[], signal: AbortSignal) => Promise<Extra[]>,
): Combobox {
  const id = ariaCombobox(input, list);
  let hits: SearchHit[] = [];
  let extras: Extra[] = [];
  /** What the list shows, in order: questions first, the hits, suggestions last. */
  let options: (SearchHit | Extra)[] = [];
  let active = -1;
  let ctl: AbortController | null = null;
  let pending: Promise<void> = Promise.resolve();
  let timer = 0;
  const state: Combobox = { input, settled: () => pending, value: null };

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const render = () => {
    options = [...extras.filter((x) => x.first), ...hits, ...extras.filter((x) => !x.first)];
    list.replaceChildren(...options.map((o, i) => optionItem(o, `${id}-${i}`, i === active, () => pick(i))));
    if (options.length === 0) list.append(h("li", { class: "muted", "aria-disabled": "true" }, "No match"));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) input.setAttribute("aria-activedescendant", `${id}-${active}`);
    else input.removeAttribute("aria-activedescendant");
  };
  const pick = (i: number) => {
    const o = options[i];
    if (!o) return;
    close();
    if (isExtra(o)) {
      state.value = null;
      o.run();
      return;
    }
    state.value = o;
    input.value = o.node.label || o.node.id;
    onPick(o);
  };
  const search = () => {
    const q = input.value.trim();
    ctl?.abort();
    if (!q) {
      hits = [];
      extras = [];
      close();
      pending = Promise.resolve();
      return;
    }
    ctl = new AbortController();
    const signal = ctl.signal;
    pending = api
      .search(q, 10, signal)
      .then(async (r) => {
        const more = extra ? await extra(q, r, signal).catch(() => []) : [];
        if (signal.aborted) return;
        hits = r;
        extras = more;
        active = r.length || more.length ? 0 : -1;
        render();
      })
      .catch((e: unknown) => {
        if ((e as Error).name !== "AbortError") {
          hits = [];
          extras = [];
          render();
        }
      });
  };
  input.addEventListener("input", () => {
    state.value = null;
    clearTimeout(timer);
    let resolve!: () => void;
    pending = new Promise<void>((r) => (resolve = r));
    timer = window.setTimeout(() => {
      search();
      void pending.then(resolve, resolve);
    }, 120);
  });
  const move = (ev: KeyboardEvent) => {
    if (list.hidden) {
      if (options.length) render();
      return;
    }
    ev.preventDefault();
    const n = options.length;
    if (!n) return;
    active = ev.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n;
    render();
    document.getElementById(`${id}-${active}`)?.scrollIntoView({ block: "nearest" });
  };
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") move(ev);
    else if (ev.key === "Enter") {
      if (!list.hidden && active >= 0) {
        ev.preventDefault();
        pick(active);
      }
    } else if (ev.key === "Escape") {
      ev.stopPropagation();
      // A first Escape closes the list, the next one leaves the box ("leave" event).
      if (!list.hidden) close();
      else input.dispatchEvent(new CustomEvent("leave"));
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  return state;
}
