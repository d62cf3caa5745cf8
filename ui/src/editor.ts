// The Gizmo console's editor: CodeMirror 6 with JavaScript highlighting and
// completion of Gizmo's path methods. Loaded on demand (dynamic import) the
// first time the console opens, so the explorer starts without it.

import { EditorView, basicSetup } from "codemirror";
import { javascript, javascriptLanguage } from "@codemirror/lang-javascript";
import { keymap } from "@codemirror/view";
import { Compartment, Prec, type Extension } from "@codemirror/state";
import { editorColors, type Theme } from "./theme";
import type { CompletionContext, CompletionResult } from "@codemirror/autocomplete";

const GIZMO = [
  "g.V", "g.M", "g.emit", "g.Vertex", "g.Morphism",
  "out", "in", "both", "is", "has", "hasR", "tag", "as", "back", "save", "saveR", "saveOpt", "saveOptR",
  "saveInPredicates", "saveOutPredicates", "intersect", "union", "except", "unique", "follow", "followR",
  "followRecursive", "labelContext", "labels", "inPredicates", "outPredicates", "order", "limit", "skip",
  "count", "all", "toArray", "tagArray", "toValue", "tagValue", "forEach", "map", "filter", "getLimit",
].map((label) => ({ label, type: label.startsWith("g.") ? "variable" : "method" }));

function gizmoCompletions(ctx: CompletionContext): CompletionResult | null {
  const word = ctx.matchBefore(/[\w.]*/);
  if (!word || (word.from === word.to && !ctx.explicit)) return null;
  const dot = word.text.lastIndexOf(".");
  const from = word.text.startsWith("g.") && dot === 1 ? word.from : word.from + dot + 1;
  return { from, options: GIZMO, validFor: /^[\w.]*$/ };
}

export interface Editor {
  value(): string;
  set(text: string): void;
  focus(): void;
  /** Switches the editor's colours to the app's theme. */
  setTheme(theme: Theme): void;
}

/** The CodeMirror theme extension for the app theme (colours from theme.ts). */
export function editorTheme(theme: Theme): Extension {
  const c = editorColors(theme);
  return EditorView.theme(
    {
      "&": { backgroundColor: c.background, color: c.foreground },
      ".cm-content": { caretColor: c.cursor },
      ".cm-cursor, .cm-dropCursor": { borderLeftColor: c.cursor },
      "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
        { backgroundColor: c.selection },
      ".cm-activeLine": { backgroundColor: c.activeLine },
      ".cm-gutters": { backgroundColor: c.gutterBackground, color: c.gutterForeground, borderRight: `1px solid ${c.gutterBorder}` },
      ".cm-activeLineGutter": { backgroundColor: c.activeLineGutter, color: c.foreground },
      ".cm-tooltip": { backgroundColor: c.tooltipBackground, color: c.foreground, border: `1px solid ${c.gutterBorder}` },
    },
    { dark: c.dark },
  );
}

export function createEditor(parent: HTMLElement, text: string, onRun: () => void, onChange: (t: string) => void, theme: Theme = "light"): Editor {
  const themeSlot = new Compartment();
  let current = theme;
  const view = new EditorView({
    doc: text,
    parent,
    extensions: [
      // Above the completion popup's keys: Ctrl+Enter always runs.
      Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (onRun(), true) }])),
      basicSetup,
      javascript(),
      javascriptLanguage.data.of({ autocomplete: gizmoCompletions }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) onChange(u.state.doc.toString());
      }),
      EditorView.contentAttributes.of({ "aria-label": "Gizmo query" }),
      themeSlot.of(editorTheme(theme)),
    ],
  });
  return {
    value: () => view.state.doc.toString(),
    set: (t) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } }),
    focus: () => view.focus(),
    setTheme: (t) => {
      if (t === current) return;
      current = t;
      view.dispatch({ effects: themeSlot.reconfigure(editorTheme(t)) });
    },
  };
}
