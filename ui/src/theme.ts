// The canvas's colours for each theme. The page's colours are CSS variables
// (styles.css); sigma draws on transparent layers over the canvas element,
// whose background is --bg, so these must agree with styles.css (a unit test
// checks it) and stay readable on that background.

export type Theme = "light" | "dark";

export interface Palette {
  bg: string;
  /** Panels, and the box behind a hovered label. */
  panel: string;
  text: string;
  dim: string;
  dimText: string;
  /** Secondary text (styles.css --muted): the editor's line numbers. */
  muted: string;
  edge: string;
  accent: string;
}

const PALETTES: Record<Theme, Palette> = {
  dark: { bg: "#12151c", panel: "#1b2029", text: "#e6e9ef", dim: "#343b49", dimText: "#626b7d", muted: "#9aa3b5", edge: "#7c859a", accent: "#7aa2ff" },
  light: { bg: "#ffffff", panel: "#f5f6f8", text: "#1d2330", dim: "#d3d8e0", dimText: "#9aa2b0", muted: "#5b6475", edge: "#8a93a6", accent: "#2f5fd0" },
};

export function palette(theme: Theme): Palette {
  return PALETTES[theme] ?? PALETTES.light;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(hex);
  if (!m) return 0;
  const [r, g, b] = m.slice(1, 4).map((x) => {
    const c = parseInt(x, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/**
 * The console editor's (CodeMirror's) colours for each theme, from the same
 * palette as the canvas, so the editor sits on the page's background and its
 * gutter and active line follow the theme. editor.ts turns this into a
 * CodeMirror theme extension; it lives here so a unit test can check it
 * without CodeMirror.
 */
export interface EditorColors {
  dark: boolean;
  background: string;
  foreground: string;
  cursor: string;
  /** Selection: the accent, translucent (#rrggbbaa). */
  selection: string;
  activeLine: string;
  gutterBackground: string;
  gutterForeground: string;
  gutterBorder: string;
  activeLineGutter: string;
  /** Completion popup and other tooltips. */
  tooltipBackground: string;
}

export function editorColors(theme: Theme): EditorColors {
  const p = palette(theme);
  return {
    dark: theme === "dark",
    background: p.bg,
    foreground: p.text,
    cursor: p.text,
    selection: p.accent + (theme === "dark" ? "55" : "40"),
    activeLine: p.panel,
    gutterBackground: p.panel,
    gutterForeground: p.muted,
    gutterBorder: p.dim,
    activeLineGutter: p.dim,
    tooltipBackground: p.panel,
  };
}

/**
 * Node colours by rdf:type, the same in both themes: one hue per family of
 * types (people, states, institutions, media and speech, events, policies
 * and laws, groups, places and forums), a distinct shade per type within
 * it, so that types are told apart and kin types still look akin.
 */
export const TYPE_FAMILIES: { family: string; types: Record<string, string> }[] = [
  { family: "people", types: { "kg:Person": "#e8684a" } },
  { family: "states", types: { "kg:Country": "#3f7fe0", "kg:Government": "#1f4fa8", "kg:Office": "#8fb4f0" } },
  { family: "institutions", types: { "kg:Ministry": "#2e9e6b", "kg:Court": "#1d6b49", "kg:Legislature": "#5cc98f", "kg:Organization": "#9ad9b6" } },
  { family: "media and speech", types: { "kg:MediaOutlet": "#7a4fc0", "kg:Report": "#a27fe0", "kg:Statement": "#c468c9" } },
  { family: "events", types: { "kg:Decision": "#f08c00", "kg:Event": "#f6c000", "kg:Ruling": "#c99a00" } },
  { family: "policies and laws", types: { "kg:Policy": "#a0522d", "kg:Law": "#7a5230", "kg:Registry": "#c7926a" } },
  { family: "groups", types: { "kg:Group": "#13a8b8" } },
  { family: "places and forums", types: { "kg:Forum": "#e05a93", "kg:Infrastructure": "#5b6b8a" } },
  { family: "grouped", types: { group: "#a0a6b2" } },
];

const TYPE_COLORS: Record<string, string> = Object.assign({}, ...TYPE_FAMILIES.map((f) => f.types));

/** Colours for types the table does not name, picked by the type's name (stable across sessions). */
const SPARE = ["#8c6bb1", "#2ca02c", "#d62728", "#17becf", "#bcbd22", "#e377c2", "#1f77b4", "#ff7f0e"];

export function typeColor(t: string): string {
  if (TYPE_COLORS[t]) return TYPE_COLORS[t];
  if (!t) return "#8c95a6";
  if (/Event|Decision/.test(t)) return TYPE_COLORS["kg:Event"];
  let h = 0;
  for (const c of t) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return SPARE[h % SPARE.length];
}
