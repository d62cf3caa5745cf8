// The answers of Quiver's JSON API, under the names the explorer uses.
// They are generated from server/openapi.yaml into api.gen.ts (`npm run
// api-types`; `npm test` fails when that file is stale), and the server's
// route tests check real answers against the same document, so the Go
// types, the document and these cannot drift apart.

import type { components } from "./api.gen";

type Schemas = components["schemas"];

export type NodeRef = Schemas["NodeRef"];
export type Evidence = Schemas["Evidence"];
export type Step = Schemas["Step"];
export type Path = Schemas["Path"];
export type PathsResult = Schemas["PathsResult"];
export type Influencer = Schemas["Influencer"];
export type InfluenceResult = Schemas["InfluenceResult"];
export type NeighborGroup = Schemas["NeighborGroup"];
export type Neighborhood = Schemas["Neighborhood"];
export type TimelineEntry = Schemas["TimelineEntry"];
export type SearchHit = Schemas["SearchHit"];
export type NodeDetails = Schemas["NodeDetails"];
export type Stats = Schemas["Stats"];

/**
 * One row of a Gizmo answer as the explorer's own queries give it (.all(),
 * .tagArray()): tags to values, IRIs as "<...>" strings. The API's row type
 * is unknown, since g.Emit can send any JSON value.
 */
export type GizmoRow = Record<string, unknown>;
