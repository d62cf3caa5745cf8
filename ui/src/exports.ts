// Exports: CSV of nodes and of claims (with quotes), and an SVG of the
// view drawn from the same scene the canvas shows (positions, colours,
// widths, curved parallel relations, arrowheads) with what a report needs
// besides: a legend, a caption with the filters, the quotes behind the
// drawn edges. PNG is the SVG rasterised (share-actions.ts, dom.ts).

import { type GraphData, attribution, independentSources, localName, quoteInSentence } from "./graph-model";

/** One CSV field, quoted when it needs to be (RFC 4180). */
export function csvField(v: unknown): string {
  const s = v === undefined || v === null ? "" : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(rows: unknown[][]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** Parses CSV as written by csv() (quoted fields, CRLF). For tests and round trips. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Nodes CSV: the visible nodes. */
export function nodesCsv(g: GraphData, visible: Set<string>): string {
  const rows: unknown[][] = [["id", "label", "type", "degree"]];
  const degree = new Map<string, number>();
  for (const e of Object.values(g.edges)) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  for (const n of Object.values(g.nodes)) {
    if (!visible.has(n.id)) continue;
    rows.push([n.id, n.label, n.type, degree.get(n.id) ?? 0]);
  }
  return csv(rows);
}

/** Claims CSV: one row per claim of every visible edge, with its quote and sentence. */
export function claimsCsv(g: GraphData, visible: Set<string>): string {
  const rows: unknown[][] = [
    ["subject", "subject_label", "predicate", "object", "object_label", "claim", "quote", "sentence", "document", "attribution", "confidence", "valid_from", "valid_to", "independent_sources"],
  ];
  for (const e of Object.values(g.edges)) {
    if (!visible.has(e.id)) continue;
    const s = g.nodes[e.source];
    const t = g.nodes[e.target];
    const n = independentSources(e.evidence);
    const evs = e.evidence?.length ? e.evidence : [undefined];
    for (const ev of evs) {
      rows.push([
        e.source, s?.label ?? "", e.predicate, e.target, t?.label ?? "",
        ev?.claim ?? "", ev?.quote ?? "", ev ? quoteInSentence(ev).before + ev.quote + quoteInSentence(ev).after : "",
        ev?.document ?? "", ev ? attribution(ev) : "", ev?.confidence ?? "", ev?.validFrom ?? "", ev?.validTo ?? "", n,
      ]);
    }
  }
  return csv(rows);
}

/** What the canvas draws, in the canvas's pixels, and what a report adds: legend, caption, appendix. */
export interface Scene {
  width: number;
  height: number;
  background: string;
  text: string;
  muted: string;
  nodes: { id: string; label: string; x: number; y: number; size: number; color: string; ring: string }[];
  edges: { id: string; source: string; target: string; label: string; color: string; labelColor: string; size: number }[];
  legend: { label: string; color: string; count: number }[];
  /** Lines under the drawing: what it shows, with which filters. */
  caption: string[];
  appendix: AppendixEntry[];
}

/** One quote behind the drawn edges, with where it comes from. */
export interface AppendixEntry {
  quote: string;
  attribution: string;
  document: string;
  /** The drawn relations it supports, in words. */
  supports: string[];
}

/** The quotes and documents behind the visible edges, one entry per claim, in document order. */
export function appendixEntries(g: GraphData, visible: Set<string>): AppendixEntry[] {
  const byClaim = new Map<string, AppendixEntry & { order: [string, number] }>();
  for (const id of visible) {
    const e = g.edges[id];
    const rel = `${g.nodes[e.source]?.label ?? e.source} ${e.predicateLabel} ${g.nodes[e.target]?.label ?? e.target}`;
    for (const ev of e.evidence ?? []) {
      const cur = byClaim.get(ev.claim) ?? { quote: ev.quote, attribution: attribution(ev), document: ev.documentTitle || localName(ev.document), supports: [], order: [ev.document, ev.start] };
      cur.supports.push(rel);
      byClaim.set(ev.claim, cur);
    }
  }
  return [...byClaim.values()]
    .sort((a, b) => a.order[0].localeCompare(b.order[0]) || a.order[1] - b.order[1])
    .map(({ order: _o, ...entry }) => entry);
}

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Where each edge bends: 0 for a lone edge, and for edges sharing their two
 * nodes (either way), offsets spread either side of the straight line, in
 * pixels, so that parallel edges and their labels stay apart.
 */
export function edgeBends(edges: { id: string; source: string; target: string }[], spread = 28): Map<string, number> {
  const groups = new Map<string, { id: string; forward: boolean }[]>();
  for (const e of edges) {
    const [a, b] = e.source < e.target ? [e.source, e.target] : [e.target, e.source];
    const k = `${a}\u0000${b}`;
    const list = groups.get(k) ?? [];
    list.push({ id: e.id, forward: e.source === a });
    groups.set(k, list);
  }
  const out = new Map<string, number>();
  for (const list of groups.values()) {
    list.forEach((e, i) => {
      const off = list.length === 1 ? 0 : (i - (list.length - 1) / 2) * spread;
      // A reverse edge's normal points the other way: flip it to keep the order on screen.
      out.set(e.id, e.forward ? off : -off);
    });
  }
  return out;
}

/** Wraps text into lines of at most n characters. */
function wrap(text: string, n: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const w of text.split(/\s+/)) {
    if (line && line.length + w.length + 1 > n) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

/** One edge: a line or a quadratic curve ending at the target's rim, an arrowhead, the label at its middle. */
function edgeSvg(e: Scene["edges"][number], a: Scene["nodes"][number], b: Scene["nodes"][number], bend: number, marker: string): string {
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  const len = Math.hypot(dx, dy) || 1;
  const [nx, ny] = [-dy / len, dx / len];
  const c = { x: (a.x + b.x) / 2 + nx * bend * 2, y: (a.y + b.y) / 2 + ny * bend * 2 };
  // Stop at the target's rim (plus the arrowhead), along the curve's last tangent.
  const [tx, ty] = [b.x - c.x, b.y - c.y];
  const tl = Math.hypot(tx, ty) || 1;
  const end = { x: b.x - (tx / tl) * (b.size + 2), y: b.y - (ty / tl) * (b.size + 2) };
  const mid = { x: (a.x + 2 * c.x + b.x) / 4, y: (a.y + 2 * c.y + b.y) / 4 };
  const f = (v: number) => v.toFixed(1);
  const d = bend ? `M${f(a.x)},${f(a.y)} Q${f(c.x)},${f(c.y)} ${f(end.x)},${f(end.y)}` : `M${f(a.x)},${f(a.y)} L${f(end.x)},${f(end.y)}`;
  return (
    `<g class="edge" data-id="${esc(e.id)}"><path d="${d}" fill="none" stroke="${esc(e.color)}" stroke-width="${e.size}" marker-end="url(#${marker})"/>` +
    `<text x="${f(mid.x)}" y="${f(mid.y - 3)}" font-size="10" fill="${esc(e.labelColor)}" text-anchor="middle">${esc(e.label)}</text></g>`
  );
}

/** The legend: one swatch per type, with its count. */
function legendSvg(sc: Scene): string[] {
  if (!sc.legend.length) return [];
  const out = [`<g class="legend" transform="translate(12,12)">`, `<rect width="190" height="${16 * sc.legend.length + 24}" fill="${esc(sc.background)}" stroke="${esc(sc.muted)}" stroke-width="0.5" opacity="0.92"/>`];
  out.push(`<text x="8" y="15" font-size="11" font-weight="bold" fill="${esc(sc.text)}">Types</text>`);
  sc.legend.forEach((l, i) => {
    const y = 30 + i * 16;
    out.push(`<circle cx="14" cy="${y - 4}" r="5" fill="${esc(l.color)}"/><text x="26" y="${y}" font-size="11" fill="${esc(sc.text)}">${esc(l.label)} (${l.count})</text>`);
  });
  out.push(`<text x="8" y="${30 + sc.legend.length * 16}" font-size="9" fill="${esc(sc.muted)}">line width: independent sources</text></g>`);
  return out;
}

/** The caption and the appendix, under the drawing; returns the lines and the height they take. */
function reportSvg(sc: Scene, top: number): { svg: string[]; height: number } {
  const out: string[] = [`<g class="caption">`];
  let y = top + 18;
  for (const line of sc.caption) {
    out.push(`<text x="16" y="${y}" font-size="12" fill="${esc(sc.text)}">${esc(line)}</text>`);
    y += 16;
  }
  out.push(`</g><g class="appendix">`);
  if (sc.appendix.length) {
    y += 8;
    out.push(`<text x="16" y="${y}" font-size="12" font-weight="bold" fill="${esc(sc.text)}">Sources of the drawn relations</text>`);
    y += 16;
    const width = Math.max(40, Math.floor((sc.width - 48) / 6));
    sc.appendix.forEach((a, i) => {
      const lines = wrap(`[${i + 1}] “${a.quote}” — ${a.attribution}, ${a.document}. Supports: ${a.supports.join("; ")}.`, width);
      for (const line of lines) {
        out.push(`<text x="16" y="${y}" font-size="10" fill="${esc(sc.text)}" class="quote">${esc(line)}</text>`);
        y += 13;
      }
      y += 3;
    });
  }
  out.push(`</g>`);
  return { svg: out, height: y - top + 8 };
}

/** The scene as a standalone SVG document; every node and edge carries its id in data-id. */
export function sceneToSvg(sc: Scene): string {
  const pos = new Map(sc.nodes.map((n) => [n.id, n]));
  const colours = [...new Set(sc.edges.map((e) => e.color))];
  const marker = (c: string) => `arrow-${colours.indexOf(c)}`;
  const bends = edgeBends(sc.edges);
  const body: string[] = [`<defs>`];
  for (const c of colours)
    body.push(`<marker id="${marker(c)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${esc(c)}"/></marker>`);
  body.push(`</defs>`, `<rect width="100%" height="100%" fill="${esc(sc.background)}"/>`, `<g class="edges">`);
  for (const e of sc.edges) {
    const a = pos.get(e.source);
    const b = pos.get(e.target);
    if (a && b) body.push(edgeSvg(e, a, b, bends.get(e.id) ?? 0, marker(e.color)));
  }
  body.push(`</g><g class="nodes">`);
  for (const n of sc.nodes) {
    const ring = n.ring ? ` stroke="${esc(n.ring)}" stroke-width="3"` : "";
    body.push(
      `<g class="node" data-id="${esc(n.id)}"><circle cx="${n.x.toFixed(1)}" cy="${n.y.toFixed(1)}" r="${n.size}" fill="${esc(n.color)}"${ring}/>` +
        `<text x="${(n.x + n.size + 3).toFixed(1)}" y="${(n.y + 4).toFixed(1)}" font-size="12" fill="${esc(sc.text)}">${esc(n.label)}</text></g>`,
    );
  }
  body.push(`</g>`, ...legendSvg(sc));
  const report = reportSvg(sc, sc.height);
  const h = Math.round(sc.height + report.height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${sc.width}" height="${h}" viewBox="0 0 ${sc.width} ${h}" font-family="sans-serif">`,
    `<title>Quiver graph</title>`,
    ...body,
    ...report.svg,
    `</svg>`,
  ].join("\n");
}

export { localName };
