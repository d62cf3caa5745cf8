// End-to-end tests of the six bugs of issue 17 (each written before its
// fix, and failing then): parallel relations, stale answers under filters,
// the status bar after a console query, the timeline's raw triples, exports
// without arrows, and a badge promising dashes nodes never get.

import { eq, expect, until } from "./harness.mjs";
import { LAVROV, downloadVia, open, searchAndPick, state, whyByClicks } from "./app.mjs";

const RECOGNIZES = "ent:Russia kg:recognizes ent:Taliban";
const TRADES = "ent:Russia kg:tradesWith ent:Taliban";

/** Russia and the Taliban on the canvas, with the relations between them fetched. */
async function russiaAndTaliban(page, baseURL) {
  await open(page, baseURL);
  await searchAndPick(page, "Russia", "ent:Russia");
  await searchAndPick(page, "Taliban", "ent:Taliban");
  return until(page, (s) => s.pending === 0 && s.visibleEdges.includes(RECOGNIZES) && s.visibleEdges.includes(TRADES), "the relations between Russia and the Taliban");
}

/** Leaves any text field, so that the next key goes to the shortcuts. */
const blur = (page) => page.locator("body").evaluate(() => document.activeElement.blur());

export const tests = [
  [
    "bug 1: every relation between two nodes on the canvas is fetched and drawn, parallel ones too",
    async ({ page, baseURL }) => {
      const s = await russiaAndTaliban(page, baseURL);
      eq(s.drawn.edges, s.visibleEdges, "every visible edge is drawn");
      eq(s.drawn.nodes, s.visibleNodes, "every visible node is drawn");
      const status = await page.getByRole("status").first().innerText();
      expect(status.includes(`${s.drawn.edges.length} edges`), `the status bar counts what is drawn: ${status}`);
    },
  ],
  [
    "bug 2: answers follow the filters even when their panel is closed",
    async ({ page, baseURL }) => {
      await whyByClicks(page, baseURL);
      await blur(page);
      await page.keyboard.press("Escape");
      await until(page, (s) => s.highlight === null, "highlight cleared");
      await page.getByRole("tab", { name: "Filters" }).click();
      await page.getByRole("button", { name: "Only TASS" }).click();
      await until(page, (s) => s.filters.hiddenSources.length > 0 && s.pending === 0, "only TASS, and whatever it asks answered");
      await page.getByRole("tab", { name: "Why?" }).click();
      const s = await until(page, (s) => s.pending === 0 && s.influencers?.some((i) => i.id === LAVROV), "influencers");
      eq(s.influencers.find((i) => i.id === LAVROV).sources, 1, "Lavrov rests on TASS alone once only TASS is checked");
      const chip = await page.getByRole("tabpanel").locator("[data-asked-with]").innerText();
      expect(/TASS/.test(chip), `the answer says which filters shaped it: ${chip}`);
      eq(s.highlight, null, "asking again does not light what Escape cleared");
    },
  ],
  [
    "bug 3: the status bar leaves 'loading…' once a console query has answered",
    async ({ page, baseURL }) => {
      await open(page, baseURL);
      await page.getByRole("tab", { name: "Console" }).click();
      await until(page, (s) => s.editorLoaded, "editor loaded");
      await page.locator(".cm-content").click();
      await page.keyboard.type('g.V("<ent:Russia>").out("<kg:allies-with>").all()');
      await page.keyboard.press("Control+Enter");
      await until(page, (s) => s.consoleRows === 4 && s.pending === 0, "rows");
      await page.waitForFunction(() => !document.getElementById("status").textContent.includes("loading"), null, { timeout: 5000 }).catch(() => {});
      const status = await page.locator("#status").innerText();
      expect(!status.includes("loading"), `status bar after the query: ${status}`);
    },
  ],
  [
    "bug 4: the timeline files a claim under its event, in words, and lists each event once",
    async ({ page, baseURL }) => {
      await open(page, baseURL);
      await page.getByRole("tab", { name: "Timeline" }).click();
      const list = page.getByRole("list", { name: "Dated facts" });
      await list.locator(":scope > li").first().waitFor();
      const items = await list.locator(":scope > li").evaluateAll((lis) => lis.map((li) => ({ node: li.dataset.node, date: li.dataset.date, text: li.innerText })));
      eq(items.filter((i) => i.node === "ev:RussiaInvadesUkraine").length, 1, "the invasion is listed once");
      const rift = items.find((i) => i.node === "ev:RussiaWestRift");
      expect(rift && rift.date === "2022-02", `the break with the West is filed under its event: ${JSON.stringify(items.map((i) => i.node))}`);
      const raw = items.filter((i) => / (agent|object) /.test(i.text));
      eq(raw.map((i) => i.text), [], "no raw triple text");
    },
  ],
  [
    "bug 5: SVG exports draw arrowheads, and parallel relations' labels apart",
    async ({ page, baseURL }) => {
      await russiaAndTaliban(page, baseURL);
      const svg = await downloadVia(page, "SVG image");
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        const edges = [...doc.querySelectorAll("g.edge")];
        return {
          markers: doc.querySelectorAll("marker").length,
          withArrow: edges.filter((g) => g.querySelector("[marker-end]")).length,
          edges: edges.length,
          labels: edges.filter((g) => g.dataset.id.startsWith("ent:Russia ") && g.dataset.id.endsWith(" ent:Taliban")).map((g) => {
            const t = g.querySelector("text");
            return [Number(t.getAttribute("x")), Number(t.getAttribute("y"))];
          }),
        };
      }, svg.data.toString("utf8"));
      expect(parsed.markers >= 1, "the SVG defines an arrowhead marker");
      eq(parsed.withArrow, parsed.edges, "every edge ends in an arrowhead");
      expect(parsed.labels.length >= 3, `Russia -> Taliban's relations: ${parsed.labels.length}`);
      for (let i = 0; i < parsed.labels.length; i++)
        for (let j = i + 1; j < parsed.labels.length; j++) {
          const [a, b] = [parsed.labels[i], parsed.labels[j]];
          expect(Math.hypot(a[0] - b[0], a[1] - b[1]) > 8, `parallel labels apart: ${JSON.stringify(parsed.labels)}`);
        }
    },
  ],
  [
    "bug 6: a node's evidence badge promises no drawing the canvas does not do",
    async ({ page, baseURL }) => {
      await open(page, baseURL);
      await searchAndPick(page, "President of Russia", "ent:PresidentOfRussia");
      await page.getByRole("tab", { name: "Evidence" }).click();
      const badge = page.getByRole("tabpanel").locator("[data-sources]").first();
      await badge.waitFor();
      eq((await badge.innerText()).trim(), "1 independent source", "the node's badge");
      const s = await state(page);
      eq(s.selection, { kind: "node", id: "ent:PresidentOfRussia" }, "the node is selected");
    },
  ],
];
