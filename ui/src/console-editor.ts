// The Gizmo console's editor: CodeMirror (editor.ts), imported the first
// time the console opens, so the explorer starts without it, and mounted
// once per editor host (the console panel keeps its host across redraws).

import type { Editor } from "./editor";
import type { Theme } from "./theme";

export interface EditorHooks {
  /** Ctrl+Enter. */
  run(): void;
  changed(text: string): void;
  /** The query to start with when the host holds no text. */
  text(): string;
  theme(): Theme;
  mounted(): void;
}

export class ConsoleEditor {
  private editor: Editor | null = null;
  private loading: Promise<void> | null = null;
  private host: HTMLElement | null = null;

  constructor(private readonly hooks: EditorHooks) {}

  /** Mounts the editor in the console panel's #editor host, keeping its text. */
  mount(): void {
    const host = document.getElementById("editor");
    if (!host || host === this.host) return;
    this.host = host;
    this.editor = null;
    this.loading ??= import("./editor").then(() => undefined);
    void this.loading.then(async () => {
      const { createEditor } = await import("./editor");
      if (this.host !== host || !host.isConnected) return;
      const text = (host.querySelector("textarea") as HTMLTextAreaElement | null)?.value ?? this.hooks.text();
      host.replaceChildren();
      this.editor = createEditor(host, text, () => this.hooks.run(), (t) => this.hooks.changed(t), this.hooks.theme());
      this.hooks.mounted();
    });
  }

  /** Whether the editor is on the page. */
  get loaded(): boolean {
    return !!this.editor && !!this.host?.isConnected;
  }

  /** The editor's text, or null when it is not on the page. */
  value(): string | null {
    return this.loaded ? this.editor!.value() : null;
  }

  set(text: string): void {
    this.editor?.set(text);
  }

  setTheme(theme: Theme): void {
    this.editor?.setTheme(theme);
  }
}
