// The panels' tablist: a click, the arrow keys or a panel's shortcut key
// opens a panel.

import type { Actions } from "../actions";
import { clear, h } from "../dom";
import type { Panel } from "../state";
import type { Session } from "../store";

export const TABS: { id: Panel; label: string; key: string }[] = [
  { id: "preview", label: "Neighbours", key: "n" },
  { id: "evidence", label: "Evidence", key: "e" },
  { id: "why", label: "Why?", key: "w" },
  { id: "path", label: "Path", key: "p" },
  { id: "timeline", label: "Timeline", key: "t" },
  { id: "facets", label: "Filters", key: "f" },
  { id: "console", label: "Console", key: "g" },
];

/** Opens panel p and moves the keyboard focus to its tab. */
export function focusTab(a: Actions, p: Panel): void {
  a.openPanel(p);
  document.getElementById(`tab-${p}`)?.focus();
}

export function renderTabs(host: HTMLElement, s: Session, a: Actions): void {
  clear(
    host,
    ...TABS.map((t) =>
      h(
        "button",
        {
          role: "tab",
          type: "button",
          id: `tab-${t.id}`,
          "aria-selected": String(s.app.panel === t.id),
          "aria-controls": `panel-${t.id}`,
          tabindex: s.app.panel === t.id ? "0" : "-1",
          "aria-keyshortcuts": t.key,
          onclick: () => a.openPanel(t.id),
          onkeydown: (ev: KeyboardEvent) => {
            const i = TABS.findIndex((x) => x.id === t.id);
            const d = ev.key === "ArrowRight" ? 1 : ev.key === "ArrowLeft" ? -1 : 0;
            if (!d) return;
            ev.preventDefault();
            focusTab(a, TABS[(i + d + TABS.length) % TABS.length].id);
          },
        },
        t.label,
      ),
    ),
  );
}
