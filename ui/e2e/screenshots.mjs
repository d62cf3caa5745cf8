// Takes the screenshots of the explorer's main views for docs/ (run by hand
// against a server on the seed and the 10,000-node fixture, as
// scripts/ui-e2e.sh loads them: BASE_URL=http://127.0.0.1:PORT/ node
// e2e/screenshots.mjs ../docs/screenshots).

import { launch } from "./harness.mjs";
import { setSlider } from "./app.mjs";

const out = process.argv[2] ?? "../docs/screenshots";
const base = process.env.BASE_URL;
const { context, close } = await launch();
const page = await context.newPage();
const ready = async (timeout = 30000) => {
  await page.waitForFunction(() => window.quiver && window.quiver.state().pending === 0 && !window.quiver.state().layout.running, null, { timeout });
  await page.waitForTimeout(800);
};
const pick = async (text, id) => {
  await page.getByRole("combobox", { name: /search nodes/i }).fill(text);
  await page.locator(`#search-list [role=option][data-id="${id}"]`).click();
  await ready();
};
const shot = async (name) => {
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(`${out}/${name}.png`);
};
/** Runs a Gizmo query in the console and adds its nodes (with the relations among them) to the canvas. */
const addQuery = async (query, timeout = 30000) => {
  await page.getByRole("tab", { name: "Console" }).click();
  await page.waitForFunction(() => window.quiver.state().editorLoaded);
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+a");
  await page.keyboard.type(query);
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: /^Run/ }).click();
  await page.waitForFunction(() => window.quiver.state().consoleRows > 0, null, { timeout });
  await page.getByRole("button", { name: "Add to canvas" }).click();
  await page.waitForFunction(() => window.quiver.state().nodes.length > 0 && window.quiver.state().pending === 0, null, { timeout });
  await ready(timeout);
};

await page.goto(base);
await page.waitForFunction(() => !!window.quiver);
await pick("Russia", "ent:Russia");
await shot("neighbours");
await page.getByRole("button", { name: /^Expand allies with/ }).click();
await ready();
await pick("recognition", "ev:RussiaRecognizesTaliban");
await page.getByRole("button", { name: "Why?", exact: true }).click();
await ready();
await shot("why");
await page.getByRole("button", { name: /^Evidence for Vladimir Putin decided/ }).first().click();
await ready();
await shot("evidence");
await page.getByRole("tab", { name: "Path" }).click();
await page.locator("#path-from").fill("Lavrov");
await page.locator('#path-from-list [data-id="ent:SergeyLavrov"]').click();
await page.locator("#path-to").fill("Taliban");
await page.locator('#path-to-list [data-id="ent:Taliban"]').click();
await page.getByRole("button", { name: "Find paths" }).click();
await ready();
await shot("path");
await page.getByRole("tab", { name: "Timeline" }).click();
await ready();
await setSlider(page, "To (time window)", "2022");
await ready();
await shot("timeline");
await setSlider(page, "To (time window)", "2024");
await page.getByRole("tab", { name: "Filters" }).click();
await ready();
await shot("filters");
await page.getByRole("tab", { name: "Console" }).click();
await page.waitForFunction(() => window.quiver.state().editorLoaded);
await page.getByRole("list", { name: "Starter queries" }).getByRole("button", { name: "Russia's relations and to whom" }).click();
await page.getByRole("button", { name: /^Run/ }).click();
await ready();
await shot("console");
await page.getByRole("button", { name: "Dark theme" }).click();
await page.getByRole("button", { name: "List view" }).click();
await page.locator("body").evaluate(() => document.activeElement.blur());
await pick("Putin", "ent:VladimirPutin");
await shot("list-view-dark");
await page.getByRole("button", { name: "List view" }).click();
await ready();
await shot("dark");

// About fifty nodes: the seed's whole graph (every node of its types, with
// the relations among them) and one cluster of the fixture beside it.
await page.getByRole("button", { name: "Light theme" }).click();
await page.getByRole("button", { name: "Clear" }).click();
const types = ["Country", "Person", "Government", "Decision", "Event", "Policy", "Statement", "Report", "Ministry", "Court", "Legislature", "MediaOutlet", "Group", "Office", "Law", "Registry", "Forum", "Infrastructure", "Ruling"];
await addQuery(`g.V(${types.map((t) => `"<kg:${t}>"`).join(", ")}).in("<rdf:type>").all()`);
await addQuery('g.V("<fx:n0>").both("<fx:inCluster>").all()');
await pick("recognition", "ev:RussiaRecognizesTaliban");
// The canvas takes the whole width (s folds the side panel), then fits (0).
await page.locator("body").evaluate(() => document.activeElement.blur());
await page.keyboard.press("s");
await page.waitForTimeout(300);
await page.keyboard.press("0");
await ready();
await shot("map-50");
await page.keyboard.press("s");

// The 10,000-node fixture on the canvas.
await page.getByRole("button", { name: "Clear" }).click();
await addQuery('g.V().has("<rdf:type>", "<fx:Item>").all()', 240000);
await page.locator("body").evaluate(() => document.activeElement.blur());
await page.keyboard.press("0");
await ready(240000);
await shot("fixture-10k");
await close();
