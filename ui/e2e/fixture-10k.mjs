// Writes the 10,000-node fixture as N-Quads: items in clusters of ten
// (each item linked to its cluster's first item and to the next item, a
// ring), and one hub linked to all of them (for grouping above a limit).
// Usage: node fixture-10k.mjs OUT.nq [N]

import { writeFileSync } from "node:fs";

const out = process.argv[2] ?? "fixture-10k.nq";
const n = Number(process.argv[3] ?? 10000);
const lines = [];
const q = (s, p, o) => lines.push(`${s} ${p} ${o} .`);
for (let i = 0; i < n; i++) {
  const id = `<fx:n${i}>`;
  q(id, "<rdf:type>", "<fx:Item>");
  q(id, "<rdfs:label>", `"Item ${i}"`);
  q(id, "<fx:next>", `<fx:n${(i + 1) % n}>`);
  if (i % 10 !== 0) q(id, "<fx:inCluster>", `<fx:n${i - (i % 10)}>`);
  q("<fx:Hub>", "<fx:contains>", id);
}
q("<fx:Hub>", "<rdfs:label>", '"Fixture hub"');
q("<fx:Hub>", "<rdf:type>", "<fx:Hub>");
writeFileSync(out, lines.join("\n") + "\n");
console.log(`${out}: ${n} items, ${lines.length} quads`);
