import { describe, expect, it } from "vitest";
import { TYPE_FAMILIES, contrast, editorColors, palette, typeColor } from "../src/theme";

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

describe("console editor theme", () => {
  it("the editor sits on the page's background and panel colours in both themes", () => {
    for (const [t, sel] of [["light", ":root"], ["dark", '[data-theme="dark"]']] as const) {
      const c = editorColors(t);
      expect(c.dark).toBe(t === "dark");
      expect(c.background).toBe(cssVar(sel, "bg"));
      expect(c.foreground).toBe(cssVar(sel, "fg"));
      expect(c.gutterBackground).toBe(cssVar(sel, "panel"));
      expect(c.gutterForeground).toBe(cssVar(sel, "muted"));
      expect(c.activeLine).toBe(palette(t).panel);
    }
  });
  it("the dark editor is dark: background, gutter and active line", () => {
    const d = editorColors("dark");
    for (const bg of [d.background, d.gutterBackground, d.activeLine, d.activeLineGutter, d.tooltipBackground]) {
      expect(contrast(bg, "#000000")).toBeLessThan(2);
    }
    const l = editorColors("light");
    for (const bg of [l.background, l.gutterBackground, l.activeLine, l.activeLineGutter, l.tooltipBackground]) {
      expect(contrast(bg, "#ffffff")).toBeLessThan(1.5);
    }
  });
  it("text, line numbers and the active line are readable and distinct", () => {
    for (const t of ["light", "dark"] as const) {
      const c = editorColors(t);
      expect(contrast(c.foreground, c.background)).toBeGreaterThan(7);
      expect(contrast(c.foreground, c.activeLine)).toBeGreaterThan(7);
      expect(contrast(c.foreground, c.activeLineGutter)).toBeGreaterThan(4.5);
      expect(contrast(c.gutterForeground, c.gutterBackground)).toBeGreaterThan(4.5); // line numbers are text
      expect(c.activeLine).not.toBe(c.background); // the active line shows
      expect(c.activeLineGutter).not.toBe(c.gutterBackground);
      expect(c.selection).toMatch(/^#[0-9a-f]{8}$/i); // translucent: text under it stays visible
    }
  });
});

describe("node type colours", () => {
  it("every type of the table has a colour of its own", () => {
    const all = TYPE_FAMILIES.flatMap((f) => Object.values(f.types));
    expect(new Set(all).size).toBe(all.length);
  });
  it("types are told apart from one another and stand out on both backgrounds", () => {
    const all = TYPE_FAMILIES.flatMap((f) => Object.entries(f.types)).filter(([t]) => t !== "group");
    for (const [, c] of all) for (const t of ["light", "dark"] as const) expect(contrast(c, palette(t).bg)).toBeGreaterThan(1.5);
    expect(typeColor("kg:Policy")).not.toBe(typeColor("kg:Forum"));
    expect(typeColor("kg:Law")).not.toBe(typeColor("kg:Infrastructure"));
  });
  it("an unknown type always gets the same colour", () => {
    expect(typeColor("fx:Item")).toBe(typeColor("fx:Item"));
    expect(typeColor("ex:SomethingEvent")).toBe(typeColor("kg:Event"));
  });
});
