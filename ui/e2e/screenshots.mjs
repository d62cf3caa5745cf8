// Takes the screenshots of the explorer's main views for docs/ (run by hand
// against a server on the seed: BASE_URL=http://127.0.0.1:PORT/ node
// e2e/screenshots.mjs ../docs/screenshots).

import { launch } from "./harness.mjs";

const out = process.argv[2] ?? "../docs/screenshots";
const base = process.env.BASE_URL;
const { context, close } = await launch();
const page = await context.newPage();
const ready = async () => {
  await page.waitForFunction(() => window.quiver && window.quiver.state().pending === 0 && !window.quiver.state().layout.running, null, { timeout: 30000 });
  await page.waitForTimeout(600);
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
await page.locator("#time-before").selectOption("2022-02");
await ready();
await shot("timeline");
await page.locator("#time-before").selectOption("");
await page.getByRole("tab", { name: "Filters" }).click();
await ready();
await shot("filters");
await page.getByRole("tab", { name: "Console" }).click();
await page.waitForFunction(() => window.quiver.state().editorLoaded);
await page.locator(".cm-content").click();
await page.keyboard.type('g.V("<ent:Russia>").out("<kg:allies-with>").all()');
await page.keyboard.press("Control+Enter");
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
await close();
