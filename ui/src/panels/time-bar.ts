// The time bar under the canvas: how many dated facts fall in each year
// (or month), with a brush (d3-brush) to set the time filter's window by
// dragging, two sliders doing the same from the keyboard, and a line saying
// how many facts on the canvas have no date and so are not on the bar.

import { brushX } from "d3-brush";
import { select } from "d3-selection";
import type { Actions } from "../actions";
import { clear, h } from "../dom";
import { timeText } from "../filter-text";
import type { Session } from "../store";
import { type Histogram, filterOf, histogram, undatedFacts, windowOf } from "../time-model";

const SVG = "http://www.w3.org/2000/svg";
const HEIGHT = 56;
const AXIS = 14;

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** The histogram's bars and labels; the window's bars are marked "in". */
function bars(hist: Histogram, win: [number, number], width: number): SVGSVGElement {
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${HEIGHT}`, role: "img", "aria-label": `Dated facts per ${hist.keys[0].length === 4 ? "year" : "month"}` });
  const bw = width / hist.keys.length;
  const top = Math.max(1, ...hist.counts);
  const label = Math.max(1, Math.ceil(32 / bw));
  hist.keys.forEach((k, i) => {
    const hgt = ((HEIGHT - AXIS - 2) * hist.counts[i]) / top;
    const bar = svgEl("rect", { x: i * bw + 1, y: HEIGHT - AXIS - hgt, width: Math.max(1, bw - 2), height: hgt, class: i >= win[0] && i <= win[1] ? "bar in" : "bar" });
    bar.append(svgEl("title", {}));
    bar.firstChild!.textContent = `${k}: ${hist.counts[i]} dated fact${hist.counts[i] === 1 ? "" : "s"}`;
    svg.append(bar);
    if (i % label === 0) {
      const t = svgEl("text", { x: i * bw + bw / 2, y: HEIGHT - 2, "text-anchor": "middle", "font-size": 10, fill: "currentColor" });
      t.textContent = k;
      svg.append(t);
    }
  });
  return svg;
}

/** A brush over the bars: dragging sets the window, snapped to whole buckets. */
function brush(svg: SVGSVGElement, hist: Histogram, win: [number, number], width: number, set: (from: number, to: number) => void): void {
  const bw = width / hist.keys.length;
  const b = brushX<unknown>()
    .extent([[0, 0], [width, HEIGHT - AXIS]])
    .on("end", (ev: { selection: [number, number] | null; sourceEvent?: Event }) => {
      if (!ev.sourceEvent) return; // moved by us below, not by the user
      if (!ev.selection) return set(0, hist.keys.length - 1);
      const [x0, x1] = ev.selection;
      set(Math.max(0, Math.floor(x0 / bw + 0.25)), Math.min(hist.keys.length - 1, Math.ceil(x1 / bw - 0.25) - 1));
    });
  const g = select(svg).append("g").attr("class", "brush").call(b);
  const whole = win[0] === 0 && win[1] === hist.keys.length - 1;
  if (!whole) g.call(b.move, [win[0] * bw, (win[1] + 1) * bw]);
}

export function renderTimeBar(host: HTMLElement, s: Session, a: Actions): void {
  const items = s.answers.timeline;
  host.hidden = s.app.view === "list";
  if (host.hidden) return;
  const undated = undatedFacts(s.app.graph, s.visible.edges);
  const undatedNote = h("p", { class: "note", id: "undated-note" }, `${undated} undated fact${undated === 1 ? "" : "s"} on the canvas ${undated === 1 ? "is" : "are"} not on this bar (the sources give no date; a time window keeps them).`);
  if (!items) return clear(host, h("p", { class: "muted" }, "Reading the dated facts…"));
  const hist = histogram(items.map((i) => i.date));
  if (!hist.keys.length) return clear(host, h("p", { class: "muted" }, "No dated facts in the store."), undatedNote);
  const f = s.app.filters;
  const win = windowOf(hist, f);
  const width = Math.max(200, host.clientWidth - 260);
  const set = (from: number, to: number) => a.setFilters(filterOf(hist, Math.min(from, to), Math.max(from, to)));
  const svg = bars(hist, win, width);
  brush(svg, hist, win, width, set);
  const inWin = hist.counts.slice(win[0], win[1] + 1).reduce((x, y) => x + y, 0);
  const slider = (label: string, value: number, on: (v: number) => void) =>
    h("label", null, `${label} `, h("input", { type: "range", min: "0", max: String(hist.keys.length - 1), step: "1", value: String(value), "aria-valuetext": hist.keys[value], "aria-label": `${label} (time window)`, oninput: (ev: Event) => on(Number((ev.target as HTMLInputElement).value)) }));
  clear(
    host,
    svg,
    h(
      "div",
      { class: "sliders", role: "group", "aria-label": "Time window" },
      slider("From", win[0], (v) => set(v, Math.max(v, win[1]))),
      slider("To", win[1], (v) => set(Math.min(v, win[0]), v)),
      h("button", { type: "button", onclick: () => a.setFilters({ after: "", before: "" }), disabled: !f.after && !f.before }, "All time"),
    ),
    h("p", { class: "note", id: "time-window" }, `${inWin} of ${items.length} dated facts ${f.after || f.before ? timeText(f) : "(all time)"}.`),
    undatedNote,
  );
}
