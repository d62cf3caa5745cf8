// Permalinks: the whole state (canvas, selection, filters, highlight,
// panel, console query, camera, theme, view) in the URL's fragment, so a
// link reopens the same investigation. Evidence is not in the link: it is
// fetched again from the server, which keeps links short and current.
//
// Format: "#s=" + base64url(deflate-raw(JSON)), or "#j=" + base64url(JSON)
// where CompressionStream is missing.

import type { GEdge, GNode } from "./graph-model";
import { type AppState, INITIAL_STATE, NO_FILTERS, type Panel } from "./state";

type NodeTuple = [id: string, label: string, type: string, x: number | null, y: number | null, flags: number, group?: GNode["group"]];
type EdgeTuple = [source: string, predicate: string, target: string, predicateLabel: string];

interface Link {
  v: 1;
  n: NodeTuple[];
  e: EdgeTuple[];
  s?: AppState["selection"];
  fo?: string | null;
  f?: AppState["filters"];
  h?: AppState["highlight"];
  p?: Panel;
  q?: string;
  w?: string | null;
  d?: Record<string, string>;
  c?: AppState["camera"];
  t?: AppState["theme"];
  vw?: AppState["view"];
  sz?: AppState["sizeBy"];
}

const round = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : Math.round(v * 100) / 100);

export function toLink(s: AppState): Link {
  return {
    v: 1,
    n: Object.values(s.graph.nodes).map((n): NodeTuple => {
      // flags: 1 pinned (collapse keeps it), 2 fixed (the layout keeps it in place).
      const t: NodeTuple = [n.id, n.label, n.type, round(n.x), round(n.y), (n.pinned ? 1 : 0) | (n.fixed ? 2 : 0)];
      if (n.group) t.push(n.group);
      return t;
    }),
    e: Object.values(s.graph.edges).map((e): EdgeTuple => [e.source, e.predicate, e.target, e.predicateLabel]),
    s: s.selection,
    fo: s.focus,
    f: s.filters,
    h: s.highlight,
    p: s.panel,
    q: s.query,
    w: s.whyTarget,
    d: { ...s.dates },
    c: s.camera,
    t: s.theme,
    vw: s.view,
    sz: s.sizeBy,
  };
}

export function fromLink(l: Link): AppState {
  if (!l || l.v !== 1 || !Array.isArray(l.n) || !Array.isArray(l.e)) throw new Error("not a Quiver permalink");
  const nodes: Record<string, GNode> = {};
  for (const [id, label, type, x, y, flags, group] of l.n) {
    const n: GNode = { id, label, type };
    if (x !== null && y !== null) Object.assign(n, { x, y });
    if (flags & 1) n.pinned = true;
    if (flags & 2) n.fixed = true;
    if (group) n.group = group;
    nodes[id] = n;
  }
  const edges: Record<string, GEdge> = {};
  for (const [source, predicate, target, predicateLabel] of l.e) {
    const id = `${source} ${predicate} ${target}`;
    edges[id] = { id, source, target, predicate, predicateLabel };
  }
  return {
    ...INITIAL_STATE,
    graph: { nodes, edges },
    selection: l.s ?? null,
    focus: l.fo ?? null,
    filters: { ...NO_FILTERS, ...(l.f ?? {}) },
    highlight: l.h ?? null,
    panel: l.p ?? "preview",
    query: l.q ?? "",
    whyTarget: l.w ?? null,
    dates: l.d ?? {},
    camera: l.c ?? null,
    theme: l.t === "dark" ? "dark" : "light",
    view: l.vw === "list" ? "list" : "graph",
    sizeBy: l.sz === "influence" ? "influence" : "degree",
  };
}

function b64url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function unb64url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** The fragment ("#s=...") that encodes the state. */
export async function encodeState(s: AppState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(toLink(s)));
  if (typeof CompressionStream === "function") return "#s=" + b64url(await pipe(json, new CompressionStream("deflate-raw")));
  return "#j=" + b64url(json);
}

/** The state a fragment encodes; null when the fragment holds none. Throws on a damaged link. */
export async function decodeState(hash: string): Promise<AppState | null> {
  const h = hash.startsWith("#") ? hash.slice(1) : hash;
  let json: Uint8Array;
  if (h.startsWith("s=")) json = await pipe(unb64url(h.slice(2)), new DecompressionStream("deflate-raw"));
  else if (h.startsWith("j=")) json = unb64url(h.slice(2));
  else return null;
  return fromLink(JSON.parse(new TextDecoder().decode(json)) as Link);
}
