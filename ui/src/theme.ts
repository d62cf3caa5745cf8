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
  edge: string;
  accent: string;
}

const PALETTES: Record<Theme, Palette> = {
  dark: { bg: "#12151c", panel: "#1b2029", text: "#e6e9ef", dim: "#343b49", dimText: "#626b7d", edge: "#7c859a", accent: "#7aa2ff" },
  light: { bg: "#ffffff", panel: "#f5f6f8", text: "#1d2330", dim: "#d3d8e0", dimText: "#9aa2b0", edge: "#8a93a6", accent: "#2f5fd0" },
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
