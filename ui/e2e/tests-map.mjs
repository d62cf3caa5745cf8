// End-to-end tests of a readable explorer (issue 17): a stable map that
// the user moves and pins, a legend that filters types, phrase search and
// question templates, the keyboard flow, the side panel, the console's
// starters and labels.

import { eq, expect, until } from "./harness.mjs";
import { DECISION, LAVROV, open, searchAndPick, searchByKeyboard, state } from "./app.mjs";

const settled = (page, what) => until(page, (s) => s.pending === 0 && !s.layout.running, what, 30000);
const positions = (page) => page.evaluate(() => window.quiver.positions());
const blur = (page) => page.locator("body").evaluate(() => document.activeElement.blur());

/** Russia on the canvas with its allies, laid out. */
async function russiaAndAllies(page, baseURL) {
  await open(page, baseURL);
  await searchAndPick(page, "Russia", "ent:Russia");
  await page.getByRole("button", { name: /^Expand allies with/ }).click();
  await until(page, (s) => s.nodes.length === 3, "Russia's allies");
  return settled(page, "the layout settles");
}

export const tests = [
  [
    "expanding a node moves no node already on the map",
    async ({ page, baseURL }) => {
      await russiaAndAllies(page, baseURL);
      const before = await positions(page);
      const camera = (await state(page)).camera;
      await page.locator("#top-n").fill("12");
      await page.getByRole("button", { name: "Expand top" }).click();
      const s = await until(page, (s) => s.nodes.length > 10, "more neighbours");
      await settled(page, "the new nodes laid out");
      const after = await positions(page);
      for (const id of Object.keys(before)) {
        const d = Math.hypot(after[id].x - before[id].x, after[id].y - before[id].y);
        expect(d <= 3, `${id} moved ${d.toFixed(1)} px`);
      }
      eq((await state(page)).camera, camera, "the camera stays where it was");
      // The newcomers are around the node they came from.
      const r = after["ent:Russia"];
      const far = s.nodes.filter((n) => !before[n.id] && after[n.id] && Math.hypot(after[n.id].x - r.x, after[n.id].y - r.y) > 600);
      eq(far.map((n) => n.id), [], "new nodes land near Russia");
    },
  ],
  [
    "dragging a node moves it without panning, pins it, and re-layout keeps it there",
    async ({ page, baseURL }) => {
      await russiaAndAllies(page, baseURL);
      const box = await page.locator("#canvas").boundingBox();
      const p0 = (await positions(page))["ent:Iran"];
      const camera = (await state(page)).camera;
      await page.mouse.move(box.x + p0.x, box.y + p0.y);
      await page.mouse.down();
      for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + p0.x + 10 * i, box.y + p0.y + 5 * i);
      await page.mouse.up();
      const s = await until(page, (s) => s.nodes.find((n) => n.id === "ent:Iran")?.fixed, "Iran pinned by the drag");
      const p1 = (await positions(page))["ent:Iran"];
      // Within one mouse step: the drag starts once the mouse has moved past a small tolerance.
      expect(Math.hypot(p1.x - p0.x - 80, p1.y - p0.y - 40) < 15, `Iran follows the mouse: ${JSON.stringify([p0, p1])}`);
      eq(s.camera, camera, "dragging a node does not pan the canvas");
      // Re-layout fits the map afterwards: compare graph coordinates, which the camera does not change.
      const graphPos = () => page.evaluate(() => window.quiver.graphPositions());
      const g1 = await graphPos();
      await blur(page);
      await page.keyboard.press("r");
      await until(page, (s) => s.layout.iterations > 0, "re-layout ran", 10000);
      await settled(page, "re-layout settles");
      const g2 = await graphPos();
      eq(g2["ent:Iran"], g1["ent:Iran"], "the pinned node stays through a re-layout");
      expect(Object.keys(g1).some((id) => id !== "ent:Iran" && Math.hypot(g2[id].x - g1[id].x, g2[id].y - g1[id].y) > 1), "the others were laid out again");
      // Pin and unpin from the keyboard, on the focused node.
      await page.keyboard.press("k");
      await until(page, (s) => s.nodes.find((n) => n.id === "ent:Russia")?.fixed, "k pins the focused node");
    },
  ],
  [
    "the legend lists the types with counts and hides or shows them",
    async ({ page, baseURL }) => {
      await russiaAndAllies(page, baseURL);
      const legend = page.getByRole("complementary", { name: /Legend/ });
      const country = legend.getByRole("button", { name: /^Country/ });
      eq((await country.innerText()).replace(/\s+/g, " ").trim(), "Country 3", "three countries");
      eq(await country.getAttribute("aria-pressed"), "true", "shown");
      await country.click();
      let s = await until(page, (s) => s.filters.hiddenTypes.includes("kg:Country"), "countries hidden");
      eq(s.visibleNodes, [], "no country on the canvas");
      eq(await legend.getByRole("button", { name: /^Country/ }).getAttribute("aria-pressed"), "false", "the toggle says hidden");
      await legend.getByRole("button", { name: /^Country/ }).click();
      s = await until(page, (s) => s.filters.hiddenTypes.length === 0, "shown again");
      eq(s.visibleNodes.length, 3, "back");
    },
  ],
  [
    "phrase search finds the recognition, and questions are offered and asked",
    async ({ page, baseURL }) => {
      await open(page, baseURL);
      const box = page.getByRole("combobox", { name: /search nodes/i });
      await box.fill("Russia Taliban");
      const first = page.locator("#search-list [role=option]").first();
      await first.waitFor();
      eq(await first.getAttribute("data-id"), DECISION, "'Russia Taliban' finds the recognition first");
      await box.fill("Taliban recognition");
      await page.locator(`#search-list [role=option][data-id="${DECISION}"]`).waitFor();
      // While a question's first words are typed, its template is offered; picking it fills them in.
      await box.fill("who infl");
      await page.locator("#search-list [role=option]:first-child[data-question='Who influenced ⟨decision⟩?']").waitFor();
      await box.press("Enter");
      await page.waitForFunction(() => document.getElementById("search").value === "who influenced ");
      eq(await page.evaluate(() => document.activeElement.id), "search", "the box keeps the focus for the names");
      // A question typed is offered first, its names resolved.
      await box.fill("who influenced the recognition?");
      // The question, first (a template about the last search's best hit may still be listed last).
      const q = page.locator("#search-list [role=option]:first-child[data-question]");
      await q.waitFor();
      eq(await q.innerText(), "Who influenced Russia recognizes the Taliban government?", "the question, resolved");
      await box.press("Enter");
      let s = await until(page, (s) => s.whyTarget === DECISION && s.influencers?.some((i) => i.id === LAVROV) && s.pending === 0, "asked");
      eq(s.panel, "why", "the answer's panel");
      await box.fill("path Lavrov to Taliban");
      await page.locator("#search-list [role=option]:first-child[data-question^='Path']").waitFor();
      await box.press("Enter");
      s = await until(page, (s) => s.highlight?.kind === "path" && s.pending === 0, "path asked");
      eq([s.highlight.from, s.highlight.to], [LAVROV, "ent:Taliban"], "path ends");
      await box.fill("what does TASS claim?");
      await page.locator("#search-list [role=option]:first-child[data-question^='What does']").waitFor();
      await box.press("Enter");
      await page.getByRole("heading", { name: "What TASS claims" }).waitFor();
      const claims = await page.getByRole("tabpanel").getByRole("list", { name: "Claims" }).locator(":scope > li").count();
      expect(claims >= 3, `TASS's claims listed: ${claims}`);
    },
  ],
  [
    "keyboard flow: a pick leaves the search box, w asks and focuses the answer, Escape leaves the box, Path starts at the focus",
    async ({ page, baseURL }) => {
      await open(page, baseURL);
      await searchByKeyboard(page, "recognition", DECISION);
      const where = () => page.evaluate(() => ({ id: document.activeElement.id, inPanels: !!document.activeElement.closest("#panels") }));
      expect((await where()).id !== "search", "the focus left the search box");
      await page.keyboard.press("w");
      await until(page, (s) => s.whyTarget === DECISION && s.influencers?.length && s.pending === 0, "w asked Why?");
      eq(await page.evaluate(() => document.getElementById("search").value), "", "no w typed in the search box");
      await page.waitForFunction(() => document.activeElement?.id === "influencers");
      // Enter on a hop's evidence: the focus goes to the evidence.
      await page.getByRole("button", { name: /^Evidence for Vladimir Putin decided/ }).first().focus();
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.id === "evidence-title");
      // Escape leaves the search box.
      await page.keyboard.press("/");
      await page.keyboard.type("Lavrov");
      await page.locator("#search-list [role=option]").first().waitFor();
      await page.keyboard.press("Escape");
      await page.keyboard.press("Escape");
      expect((await where()).id !== "search", "Escape twice leaves the box");
      // Path starts at the focused node.
      await blur(page);
      await page.keyboard.press("p");
      await page.locator("#path-from").waitFor();
      const s = await state(page);
      eq(await page.locator("#path-from").inputValue(), s.nodes.find((n) => n.id === s.focus).label, "From is the focused node");
    },
  ],
  [
    "the side panel folds away and the canvas takes the room; labels of lit edges and nodes are drawn",
    async ({ page, baseURL }) => {
      await open(page, baseURL);
      await searchAndPick(page, "recognition", DECISION);
      await page.getByRole("button", { name: "Why?", exact: true }).click();
      const s = await until(page, (s) => s.highlight?.kind === "why" && s.pending === 0 && !s.layout.running, "why");
      await page.waitForFunction(() => window.quiver.state().labels.edges.length > 0);
      const l = (await state(page)).labels;
      for (const e of s.highlight.edges) expect(l.edges.includes(e), `lit edge ${e} labelled`);
      for (const n of s.highlight.nodes) expect(l.nodes.includes(n), `lit node ${n} labelled`);
      const w0 = (await page.locator("#canvas").boundingBox()).width;
      await blur(page);
      await page.keyboard.press("s");
      await page.locator("#side").waitFor({ state: "hidden" });
      await page.waitForFunction((w) => document.getElementById("canvas").getBoundingClientRect().width > w + 200, w0);
      await page.getByRole("button", { name: "Show panels" }).click();
      await page.locator("#side").waitFor({ state: "visible" });
    },
  ],
  [
    "console: starter queries, and labels beside the IRIs of the result",
    async ({ page, baseURL }) => {
      await open(page, baseURL);
      await page.getByRole("tab", { name: "Console" }).click();
      await until(page, (s) => s.editorLoaded, "editor loaded");
      const starters = page.getByRole("list", { name: "Starter queries" });
      await starters.getByRole("button", { name: "Russia's relations and to whom" }).click();
      await page.getByRole("button", { name: /^Run/ }).click();
      await until(page, (s) => s.consoleRows > 0 && s.pending === 0, "rows");
      const table = page.getByRole("table", { name: "Query result" });
      await table.locator(".cell-label").first().waitFor();
      const cells = await table.locator("tbody tr td:first-child").allInnerTexts();
      expect(cells.some((c) => /^<ent:Iran>\s+Iran$/.test(c.trim())), `labels beside IRIs: ${cells.slice(0, 3)}`);
    },
  ],
  [
    "the time bar's brush sets the window by dragging across the years",
    async ({ page, baseURL }) => {
      await open(page, baseURL);
      const svg = page.getByRole("region", { name: "Time bar" }).getByRole("img", { name: /Dated facts per year/ });
      await svg.waitFor();
      const box = await svg.boundingBox();
      // Four years, 2021 to 2024: from inside 2021 to inside 2022.
      await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.4);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4, { steps: 4 });
      await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.4, { steps: 4 });
      await page.mouse.up();
      const s = await until(page, (s) => s.filters.before === "2022", "the window set by the brush");
      eq(s.filters.after, "", "from the bar's start: no lower bound");
      expect((await page.locator("#time-window").innerText()).includes("until 2022"), "the bar says the window");
    },
  ],
];
