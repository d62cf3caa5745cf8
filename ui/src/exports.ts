// Exports: CSV of nodes and of claims (with quotes), and an SVG of the
// view drawn from the same scene the renderer shows (positions, colours,
// dashes). PNG is the SVG rasterised (see export-png in main.ts).

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

/** What the renderer draws, in graph coordinates, for the SVG export. */
export interface Scene {
  width: number;
  height: number;
  background: string;
  text: string;
  nodes: { id: string; label: string; x: number; y: number; size: number; color: string }[];
  edges: { id: string; source: string; target: string; label: string; color: string; size: number; dashed: boolean }[];
}

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The scene as a standalone SVG document; every element carries its id in data-id. */
export function sceneToSvg(sc: Scene): string {
  const pos = new Map(sc.nodes.map((n) => [n.id, n]));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${sc.width}" height="${sc.height}" viewBox="0 0 ${sc.width} ${sc.height}" font-family="sans-serif">`,
    `<title>Quiver graph</title>`,
    `<rect width="100%" height="100%" fill="${esc(sc.background)}"/>`,
    `<g class="edges">`,
  ];
  for (const e of sc.edges) {
    const a = pos.get(e.source);
    const b = pos.get(e.target);
    if (!a || !b) continue;
    const dash = e.dashed ? ` stroke-dasharray="6 4"` : "";
    out.push(
      `<g class="edge" data-id="${esc(e.id)}"><line x1="${a.x.toFixed(1)}" y1="${a.y.toFixed(1)}" x2="${b.x.toFixed(1)}" y2="${b.y.toFixed(1)}" stroke="${esc(e.color)}" stroke-width="${e.size}"${dash}/>` +
        `<text x="${((a.x + b.x) / 2).toFixed(1)}" y="${((a.y + b.y) / 2).toFixed(1)}" font-size="10" fill="${esc(sc.text)}" text-anchor="middle">${esc(e.label)}</text></g>`,
    );
  }
  out.push(`</g><g class="nodes">`);
  for (const n of sc.nodes) {
    out.push(
      `<g class="node" data-id="${esc(n.id)}"><circle cx="${n.x.toFixed(1)}" cy="${n.y.toFixed(1)}" r="${n.size}" fill="${esc(n.color)}"/>` +
        `<text x="${(n.x + n.size + 3).toFixed(1)}" y="${(n.y + 4).toFixed(1)}" font-size="12" fill="${esc(sc.text)}">${esc(n.label)}</text></g>`,
    );
  }
  out.push(`</g></svg>`);
  return out.join("\n");
}

export { localName };
