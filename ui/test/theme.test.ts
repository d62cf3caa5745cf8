import { describe, expect, it } from "vitest";
import { contrast, palette } from "../src/theme";

// styles.css as text (Vitest stubs CSS imports; no @types/node here).
const fs = "node:fs";
const { readFileSync } = (await import(/* @vite-ignore */ fs)) as { readFileSync(p: URL, enc: "utf8"): string };
const css = readFileSync(new URL("../src/styles.css", import.meta.url), "utf8");
/** The value of a CSS variable in the rule whose selector is sel. */
function cssVar(sel: string, name: string): string {
  const i = css.indexOf(sel + " {");
  const rule = css.slice(i, css.indexOf("}", i));
  return new RegExp(`--${name}:\\s*([^;]+);`).exec(rule)?.[1].trim() ?? "";
}

describe("canvas theme", () => {
  it("the canvas's background is the page's, in both themes", () => {
    expect(palette("light").bg).toBe(cssVar(":root", "bg"));
    expect(palette("dark").bg).toBe(cssVar('[data-theme="dark"]', "bg"));
    expect(palette("dark").panel).toBe(cssVar('[data-theme="dark"]', "panel"));
    expect(css).toMatch(/\.canvas \{[^}]*background-color: var\(--bg\)/);
  });
  it("the dark canvas is dark and its labels and edges readable", () => {
    for (const t of ["light", "dark"] as const) {
      const p = palette(t);
      expect(contrast(p.text, p.bg)).toBeGreaterThan(7); // labels, node and edge
      expect(contrast(p.text, p.panel)).toBeGreaterThan(7); // hovered label on its box
      expect(contrast(p.edge, p.bg)).toBeGreaterThan(3); // edges (non-text, WCAG 1.4.11)
      expect(contrast(p.accent, p.bg)).toBeGreaterThan(3);
      expect(contrast(p.dim, p.bg)).toBeLessThan(contrast(p.edge, p.bg)); // dimmed recedes
    }
    expect(contrast(palette("dark").bg, "#000000")).toBeLessThan(1.5);
    expect(contrast(palette("light").bg, "#ffffff")).toBe(1);
  });
});
