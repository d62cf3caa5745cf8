// Question templates typed into the search box: "who influenced the
// recognition?", "path Lavrov to Taliban", "what does TASS claim?". Each
// is parsed into a question whose names the search then resolves. Pure
// (unit tested).

export type Question =
  | { kind: "why"; target: string }
  | { kind: "path"; from: string; to: string }
  | { kind: "claims"; source: string };

/** A name as typed, without end punctuation or a leading article ("the recognition" names "recognition"). */
const strip = (s: string) =>
  s
    .trim()
    .replace(/[?.!]+$/, "")
    .replace(/^(the|a|an)\s+/i, "")
    .trim();

/** The question q asks, or null when it is a plain search. */
export function parseQuestion(q: string): Question | null {
  const t = q.trim();
  let m = /^(?:who|what)\s+influenced\s+(.+)$/i.exec(t) ?? /^why\s+(?:did\s+)?(.+)$/i.exec(t);
  if (m && strip(m[1])) return { kind: "why", target: strip(m[1]) };
  m = /^(?:path|paths|how\s+is)\s+(?:from\s+)?(.+?)\s+(?:to|->|→|and|connected\s+to)\s+(.+)$/i.exec(t);
  if (m && strip(m[1]) && strip(m[2])) return { kind: "path", from: strip(m[1]), to: strip(m[2]) };
  m = /^what\s+(?:does|did)\s+(.+?)\s+(?:claim|say|report)s?$/i.exec(strip(t));
  if (m && strip(m[1])) return { kind: "claims", source: strip(m[1]) };
  return null;
}

/** How a question reads once its names are resolved to labels. */
export function questionText(q: Question, label: (name: string) => string): string {
  if (q.kind === "why") return `Who influenced ${label(q.target)}?`;
  if (q.kind === "path") return `Path ${label(q.from)} → ${label(q.to)}`;
  return `What does ${label(q.source)} claim?`;
}

/** The questions offered under a plain search, about its best hit (by its id). */
export function templatesFor(id: string, type: string): Question[] {
  const out: Question[] = [{ kind: "why", target: id }];
  // Sources: those a document may attribute claims to.
  if (/Media|Outlet|Report|Organization|Ministry|Government|Person/.test(type)) out.push({ kind: "claims", source: id });
  return out;
}

/** The templates, as offered while their first words are typed: the words to fill in, and how they read. */
const TEMPLATES = [
  { start: "who influenced ", label: "Who influenced ⟨decision⟩?" },
  { start: "path ", label: "Path ⟨A⟩ to ⟨B⟩" },
  { start: "what does ", label: "What does ⟨source⟩ claim?" },
];

/**
 * The templates whose first words q begins ("who infl", "path", "what
 * does"): picking one fills the box with those words, so that the user
 * types the names.
 */
export function templateHints(q: string): { label: string; fill: string }[] {
  const t = q.trimStart().toLowerCase();
  if (t.length < 3) return [];
  return TEMPLATES.filter((x) => x.start.startsWith(t)).map((x) => ({ label: x.label, fill: x.start }));
}
