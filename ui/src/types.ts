// The answers of Quiver's JSON API, mirroring graph/explain.go (NodeRef,
// Evidence, Step, Path, PathsResult, Influencer, InfluenceResult,
// NeighborGroup, Neighborhood, TimelineEntry, SearchHit, NodeDetails).
// The Go JSON tags are a contract: fields may be added, never renamed.

export interface NodeRef {
  id: string;
  label?: string;
  type?: string;
}

export interface Evidence {
  claim: string;
  document: string;
  documentTitle?: string;
  quote: string;
  sentence: number;
  sentenceText?: string;
  start: number;
  end: number;
  confidence: number;
  validFrom?: string;
  validTo?: string;
  attributedTo?: NodeRef;
}

export interface Step {
  from: NodeRef;
  predicate: NodeRef;
  to: NodeRef;
  forward: boolean;
  evidence: Evidence[];
}

export interface Path {
  steps: Step[];
  score: number;
}

export interface PathsResult {
  from: NodeRef;
  to: NodeRef;
  paths: Path[];
  truncated: boolean;
  reason?: string;
}

export interface Influencer {
  node: NodeRef;
  roles: string[];
  distance: number;
  score: number;
  sources: number;
  paths: Path[];
}

export interface InfluenceResult {
  target: NodeRef;
  influencers: Influencer[];
  truncated: boolean;
  reason?: string;
}

export interface NeighborGroup {
  predicate: NodeRef;
  direction: "out" | "in";
  count: number;
  nodes: NodeRef[];
  truncated: boolean;
}

export interface Neighborhood {
  node: NodeRef;
  groups: NeighborGroup[];
}

export interface TimelineEntry {
  date: string;
  node: NodeRef;
  predicate: string;
  facts?: string[];
  evidence: Evidence[];
}

export interface SearchHit {
  node: NodeRef;
  matched: string;
  score: number;
}

export interface NodeDetails {
  node: NodeRef;
  aliases?: string[];
  properties?: Record<string, string[]>;
  degree: number;
  evidence?: Evidence[];
}

/** One row of a Gizmo answer: tags to values (IRIs as "<...>" strings). */
export type GizmoRow = Record<string, unknown>;

export interface Stats {
  [key: string]: unknown;
}
