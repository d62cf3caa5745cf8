// Quiver's JSON API (server/quiver.go, /api/openapi.yaml) and the
// Cayley-compatible Gizmo endpoint, same origin. Every call takes an
// AbortSignal so that a newer request cancels a stale one. What each route
// answers is typed from the OpenAPI document (api.gen.ts), by route.

import type { components, paths } from "./api.gen";
import type {
  Evidence,
  GizmoRow,
  InfluenceResult,
  Neighborhood,
  NodeDetails,
  NodeRef,
  PathsResult,
  SearchHit,
  Stats,
  TimelineEntry,
} from "./types";

export const QUIVER = "api/quiver";
export const GIZMO = "api/v1/query/gizmo";

/** An error answer of the API, with its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Params = Record<string, string | number | boolean | string[] | undefined>;

/** The routes of Quiver's own API: "search", "paths", ... */
type QuiverRoute = keyof paths extends infer K ? (K extends `/api/quiver/${infer R}` ? R : never) : never;

/** What GET /api/quiver/<route> answers with 200, as the OpenAPI document says. */
type Answer<R extends QuiverRoute> = paths[`/api/quiver/${R}`] extends {
  get: { responses: { 200: { content: { "application/json": infer T } } } };
}
  ? T
  : never;

/** The query string for params, leaving out empty values; arrays repeat the key. */
export function query(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === "" || v === 0 || v === false) continue;
    if (Array.isArray(v)) for (const x of v) q.append(k, x);
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

export class Api {
  /** base is the explorer's URL; the API is found relative to the server root. */
  constructor(
    private readonly base = "/",
    private readonly fetchImpl: typeof fetch = (...a) => fetch(...a),
  ) {}

  private async request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await this.fetchImpl(this.base + path, { ...init, headers: { Accept: "application/json", ...(init.headers ?? {}) } });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      throw new ApiError(res.status, `${res.status} ${res.statusText}: ${text.slice(0, 200)}`);
    }
    if (!res.ok) {
      const msg = (body as { error?: string } | null)?.error ?? `${res.status} ${res.statusText}`;
      throw new ApiError(res.status, msg);
    }
    return body as T;
  }

  private get<R extends QuiverRoute>(route: R, params: Params, signal?: AbortSignal): Promise<Answer<R>> {
    return this.request(`${QUIVER}/${route}${query(params)}`, { signal });
  }

  async search(q: string, limit = 10, signal?: AbortSignal): Promise<SearchHit[]> {
    return (await this.get("search", { q, limit }, signal)).hits ?? [];
  }
  resolve(name: string, signal?: AbortSignal): Promise<NodeRef> {
    return this.get("resolve", { name }, signal);
  }
  node(id: string, signal?: AbortSignal): Promise<NodeDetails> {
    return this.get("node", { id }, signal);
  }
  neighbors(
    id: string,
    opts: { limit?: number; predicate?: string[]; minConfidence?: number; asOf?: string } = {},
    signal?: AbortSignal,
  ): Promise<Neighborhood> {
    return this.get("neighbors", { id, ...opts }, signal);
  }
  paths(
    from: string,
    to: string,
    opts: { k?: number; maxDepth?: number; undirected?: boolean; minConfidence?: number; source?: string[]; predicate?: string[]; asOf?: string } = {},
    signal?: AbortSignal,
  ): Promise<PathsResult> {
    return this.get("paths", { from, to, ...opts }, signal);
  }
  influence(
    target: string,
    opts: { maxDepth?: number; limit?: number; minConfidence?: number; source?: string[]; asOf?: string } = {},
    signal?: AbortSignal,
  ): Promise<InfluenceResult> {
    return this.get("influence", { target, ...opts }, signal);
  }
  async evidence(
    q: { claim?: string; node?: string; source?: string; soleSource?: boolean; subject?: string; predicate?: string; object?: string },
    signal?: AbortSignal,
  ): Promise<Evidence[]> {
    return (await this.get("evidence", q, signal)).evidence ?? [];
  }
  async timeline(opts: { after?: string; before?: string; node?: string } = {}, signal?: AbortSignal): Promise<TimelineEntry[]> {
    return (await this.get("timeline", opts, signal)).entries ?? [];
  }
  /** The quads of claims (their facts), by claim label, through Cayley's /api/v2/read. */
  async claimQuads(claims: string[], signal?: AbortSignal): Promise<components["schemas"]["JSONQuad"][]> {
    if (!claims.length) return [];
    const label = claims.map((c) => `<${c}>`).join(",");
    return (await this.request<components["schemas"]["JSONQuad"][] | null>(`api/v2/read${query({ format: "json", label })}`, { signal })) ?? [];
  }
  stats(signal?: AbortSignal): Promise<Stats> {
    return this.get("stats", {}, signal);
  }
  /** Runs Gizmo; limit -1 means every row (the server's cap still applies). */
  async gizmo(text: string, limit = -1, signal?: AbortSignal): Promise<GizmoRow[]> {
    const body = await this.request<components["schemas"]["QueryRows"]>(`${GIZMO}?limit=${limit}`, {
      method: "POST",
      body: text,
      headers: { "Content-Type": "text/plain" },
      signal,
    });
    return (body.result ?? []).filter((r) => r !== null) as GizmoRow[];
  }
}

/** Runs tasks with at most n in flight. */
export async function pool<T, R>(items: T[], n: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}
