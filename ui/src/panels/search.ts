// The search box: autocomplete over labels and aliases (combobox.ts); a
// pick adds the node to the canvas and previews its neighbours.

import type { Actions } from "../actions";
import { combobox } from "../combobox";
import { $ } from "../dom";

export function mountSearch(a: Actions): void {
  const input = $("#search") as HTMLInputElement;
  combobox(input, $("#search-list") as HTMLUListElement, a.api, (hit) => {
    void a.addFromSearch(hit);
    input.value = "";
  });
}
