// The explorer's keyboard shortcuts (docs/ui.md lists them). Keys typed in
// a text field stay there.

import type { Actions } from "./actions";
import { $, typing } from "./dom";
import { TABS, focusTab } from "./panels/tabs";
import type { Store } from "./store";

export function onKey(ev: KeyboardEvent, store: Store, a: Actions): void {
  const mod = ev.ctrlKey || ev.metaKey;
  if (mod && ev.key.toLowerCase() === "z" && !typing(ev)) {
    ev.preventDefault();
    return ev.shiftKey ? a.redo() : a.undo();
  }
  if (mod && ev.key.toLowerCase() === "y" && !typing(ev)) {
    ev.preventDefault();
    return a.redo();
  }
  if (typing(ev) || mod || ev.altKey) return;
  const s = store.state;
  const f = s.app.focus;
  switch (ev.key) {
    case "/":
      ev.preventDefault();
      $("#search").focus();
      return;
    case "Escape":
      if (s.ui.exportOpen) a.toggleExportMenu(false);
      else a.set({ highlight: null, selection: null });
      return;
    case "w":
      if (f) void a.why(f);
      return;
    case "x":
      if (f) void a.expandTopN(f);
      return;
    case "c":
      if (f) a.collapseNode(f);
      return;
    case "Delete":
      if (f) a.removeNode(f);
      return;
    case "l":
      a.toggleView();
      return;
    case "0":
      a.fit();
      return;
    case "r":
      a.relayout();
      return;
    case "k":
      if (f) a.togglePin(f);
      return;
    case "s":
      a.toggleSide();
      return;
    case "[":
    case "]": {
      // Walk the nodes on the canvas.
      const ids = [...s.visible.nodes];
      if (!ids.length) return;
      const i = f ? ids.indexOf(f) : -1;
      const next = ids[(i + (ev.key === "]" ? 1 : -1) + ids.length) % ids.length];
      a.focusNode(next);
      return;
    }
  }
  const tab = TABS.find((t) => t.key === ev.key);
  if (tab) focusTab(a, tab.id);
}
