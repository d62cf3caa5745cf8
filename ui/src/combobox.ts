// An accessible autocomplete (ARIA 1.2 combobox with a listbox popup) over
// the search API: labels and aliases, arrow keys, Enter, Escape.

import type { Api } from "./api";
import { h } from "./dom";
import type { SearchHit } from "./types";
import { localName } from "./graph-model";

let seq = 0;

export interface Combobox {
  input: HTMLInputElement;
  /** Resolves when the pending search (if any) has rendered. */
  settled(): Promise<void>;
  value: SearchHit | null;
}

export function combobox(input: HTMLInputElement, list: HTMLUListElement, api: Api, onPick: (hit: SearchHit) => void): Combobox {
  const id = list.id || `ac-${++seq}`;
  list.id = id;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", id);
  input.setAttribute("aria-expanded", "false");
  list.setAttribute("role", "listbox");
  let hits: SearchHit[] = [];
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
    list.replaceChildren(
      ...hits.map((hit, i) =>
        h(
          "li",
          {
            role: "option",
            id: `${id}-${i}`,
            "aria-selected": i === active ? "true" : "false",
            dataset: { id: hit.node.id },
            onmousedown: (ev: Event) => ev.preventDefault(),
            onclick: () => pick(i),
          },
          hit.node.label || hit.node.id,
          hit.matched && hit.matched !== hit.node.label ? h("span", { class: "opt-type" }, ` — “${hit.matched}”`) : null,
          h("span", { class: "opt-type" }, ` · ${localName(hit.node.type || "")}`),
        ),
      ),
    );
    if (hits.length === 0) list.append(h("li", { class: "muted", "aria-disabled": "true" }, "No match"));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) input.setAttribute("aria-activedescendant", `${id}-${active}`);
    else input.removeAttribute("aria-activedescendant");
  };
  const pick = (i: number) => {
    const hit = hits[i];
    if (!hit) return;
    state.value = hit;
    input.value = hit.node.label || hit.node.id;
    close();
    onPick(hit);
  };
  const search = () => {
    const q = input.value.trim();
    ctl?.abort();
    if (!q) {
      hits = [];
      close();
      pending = Promise.resolve();
      return;
    }
    ctl = new AbortController();
    const signal = ctl.signal;
    pending = api
      .search(q, 10, signal)
      .then((r) => {
        if (signal.aborted) return;
        hits = r;
        active = r.length ? 0 : -1;
        render();
      })
      .catch((e: unknown) => {
        if ((e as Error).name !== "AbortError") {
          hits = [];
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
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (list.hidden) {
        if (hits.length) render();
        return;
      }
      ev.preventDefault();
      const n = hits.length;
      if (!n) return;
      active = ev.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n;
      render();
      document.getElementById(`${id}-${active}`)?.scrollIntoView({ block: "nearest" });
    } else if (ev.key === "Enter") {
      if (!list.hidden && active >= 0) {
        ev.preventDefault();
        pick(active);
      }
    } else if (ev.key === "Escape") {
      if (!list.hidden) {
        ev.stopPropagation();
        close();
      }
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  return state;
}
