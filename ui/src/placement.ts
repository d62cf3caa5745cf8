// Where new nodes go: around the node they came from (an expansion's
// centre, the neighbour already drawn), on rings that avoid the nodes
// already there, turned away from the rest of the graph — so that adding
// nodes never moves the others, and the layout that follows only has to
// settle the newcomers. Pure and deterministic (unit tested).

export type Point = { x: number; y: number };

/** A grid of cell size `cell` over placed points, to find neighbours fast. */
class SpatialHash {
  private readonly cells = new Map<string, Point[]>();
  constructor(private readonly cell: number) {}
  private key(x: number, y: number): string {
    return `${Math.floor(x / this.cell)},${Math.floor(y / this.cell)}`;
  }
  add(p: Point): void {
    const k = this.key(p.x, p.y);
    const list = this.cells.get(k);
    if (list) list.push(p);
    else this.cells.set(k, [p]);
  }
  /** Whether a placed point lies closer than d (d <= cell) to p. */
  near(p: Point, d: number): boolean {
    const cx = Math.floor(p.x / this.cell);
    const cy = Math.floor(p.y / this.cell);
    for (let i = -1; i <= 1; i++)
      for (let j = -1; j <= 1; j++)
        for (const q of this.cells.get(`${cx + i},${cy + j}`) ?? []) if (Math.hypot(q.x - p.x, q.y - p.y) < d) return true;
    return false;
  }
}

/** The typical distance between linked nodes already placed, or fallback. */
export function typicalLength(pos: ReadonlyMap<string, Point>, links: Iterable<[string, string]>, fallback = 100): number {
  const ls: number[] = [];
  for (const [s, t] of links) {
    const a = pos.get(s);
    const b = pos.get(t);
    if (a && b && s !== t) ls.push(Math.hypot(a.x - b.x, a.y - b.y));
    if (ls.length >= 500) break;
  }
  if (!ls.length) return fallback;
  ls.sort((x, y) => x - y);
  return Math.max(10, ls[Math.floor(ls.length / 2)]);
}

/**
 * Positions for ids (new nodes), given the placed ones. originOf names the
 * node each came from (undefined: none placed). Nodes of one origin go on
 * rings of radius `unit`, 2 × unit, ... around it, starting opposite the
 * centre of the other nodes; nodes without an origin go on rings beside
 * the others (right of them), or around the origin of an empty canvas. No
 * two nodes end closer than 0.6 × unit.
 */
export function placeNodes(ids: string[], pos: ReadonlyMap<string, Point>, originOf: (id: string) => string | undefined, unit: number): Map<string, Point> {
  const out = new Map<string, Point>();
  const grid = new SpatialHash(unit);
  let [sx, sy, n] = [0, 0, 0];
  for (const p of pos.values()) {
    grid.add(p);
    sx += p.x;
    sy += p.y;
    n++;
  }
  const centre = n ? { x: sx / n, y: sy / n } : { x: 0, y: 0 };
  let right = -Infinity;
  for (const p of pos.values()) right = Math.max(right, p.x);
  const byOrigin = new Map<string, string[]>();
  for (const id of ids) {
    const o = originOf(id);
    const k = o && pos.has(o) ? o : "";
    const list = byOrigin.get(k);
    if (list) list.push(id);
    else byOrigin.set(k, [id]);
  }
  for (const [origin, group] of byOrigin) {
    // Without an origin, beside what is there (right of it), not in its gaps.
    const beside = { x: right + unit * (2 + Math.ceil(Math.sqrt(group.length / 3))), y: centre.y };
    const c = origin ? pos.get(origin)! : n ? beside : centre;
    // Away from the rest: the new nodes fan out on the origin's open side.
    const away = origin && n > 1 ? Math.atan2(c.y - centre.y, c.x - centre.x) : -Math.PI / 2;
    const first = origin ? 1 : 0;
    let ring = first;
    let placed = 0;
    while (placed < group.length) {
      const r = ring * unit;
      const slots = ring === 0 ? 1 : Math.max(6, Math.floor((2 * Math.PI * ring) / 0.9));
      for (let s = 0; s < slots && placed < group.length; s++) {
        // Slots alternate either side of `away`: 0, +1, -1, +2, -2, ...
        const k = s === 0 ? 0 : (s % 2 ? 1 : -1) * Math.ceil(s / 2);
        const a = away + (k * 2 * Math.PI) / slots;
        const p = { x: c.x + Math.cos(a) * r, y: c.y + Math.sin(a) * r };
        if (ring > 0 && grid.near(p, unit * 0.6)) continue;
        grid.add(p);
        out.set(group[placed++], p);
      }
      ring++;
    }
  }
  return out;
}
