// What the end-to-end tests share: opening the explorer, reading its state
// (window.quiver.state()), searching, exporting, and the seed's names.

import { readFileSync } from "node:fs";
import { eq, expect, until } from "./harness.mjs";

export const T0 = Date.now();
export const step = (m) => process.env.E2E_VERBOSE && console.log(`     step ${m} at ${((Date.now() - T0) / 1000).toFixed(1)} s`);
export const TASS_QUOTE = "Russian President Vladimir Putin made the final decision";
export const DECISION = "ev:RussiaRecognizesTaliban";
export const PUTIN = "ent:VladimirPutin";
export const LAVROV = "ent:SergeyLavrov";

export async function open(page, baseURL, hash = "") {
  await page.goto(baseURL + hash);
  await page.waitForFunction(() => !!window.quiver);
}

export const state = (page) => page.evaluate(() => window.quiver.state());
export const idle = (page) => page.evaluate(() => window.quiver.idle());
export const ids = (s) => s.nodes.map((n) => n.id).sort();

/** Types into the search box and picks the option whose node id is `id`. */
export async function searchAndPick(page, text, id) {
  const box = page.getByRole("combobox", { name: /search nodes/i });
  await box.fill(text);
  const opt = page.locator(`#search-list [role=option][data-id="${id}"]`);
  await opt.waitFor();
  await opt.click();
  await until(page, (s) => s.focus === id && s.pending === 0, `${id} focused`);
}

export async function expectTassQuote(page) {
  const panel = page.getByRole("tabpanel");
  const mark = panel.locator("mark", { hasText: TASS_QUOTE });
  await mark.first().waitFor({ timeout: 10000 });
  const claim = panel.locator("li.claim", { has: page.locator("mark", { hasText: TASS_QUOTE }) });
  const text = await claim.first().innerText();
  expect(text.includes("per TASS"), `the claim says "per TASS": ${text}`);
  expect(/confidence 0\.80/.test(text), `the claim shows its confidence: ${text}`);
  expect(text.includes("Russian state media outlet TASS reported that"), "the quote is shown in its sentence");
  const badge = await panel.locator("[data-sources]").first().getAttribute("data-sources");
  eq(badge, "1", "independent sources badge");
}

export function parseCsv(text) {
  const rows = [];
  let row = [], f = "", q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') (f += '"'), i++;
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ",") row.push(f), (f = "");
    else if (c === "\r") continue;
    else if (c === "\n") row.push(f), rows.push(row), (row = []), (f = "");
    else f += c;
  }
  if (f || row.length) row.push(f), rows.push(row);
  return rows;
}

export async function downloadVia(page, label) {
  await page.getByRole("button", { name: "Export" }).click();
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: label }).click()]);
  return { name: dl.suggestedFilename(), data: readFileSync(await dl.path()) };
}

export async function whyByClicks(page, baseURL) {
  await open(page, baseURL);
  await searchAndPick(page, "recognition", DECISION);
  await page.getByRole("button", { name: "Why?", exact: true }).click();
  const s = await until(page, (s) => s.highlight?.kind === "why" && s.pending === 0 && s.nodes.length >= 3, "influencers on the canvas");
  return s;
}

/** Moves the time bar's slider named `name` to the bucket `key` ("2022"), as the keyboard would. */
export async function setSlider(page, name, key) {
  const keys = await page.locator("#timebar svg rect title").evaluateAll((ts) => ts.map((t) => t.textContent.split(":")[0]));
  const i = keys.indexOf(key);
  if (i < 0) throw new Error(`no bucket ${key} on the time bar: ${keys}`);
  await page.getByRole("slider", { name }).evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, i);
}

/** Picks the first suggestion for text with the keyboard only (/, typing, Enter) and waits until id is focused. */
export async function searchByKeyboard(page, text, id) {
  await page.keyboard.press("/");
  await page.keyboard.type(text);
  await page.locator("#search-list [role=option]").first().waitFor();
  await page.keyboard.press("Enter");
  await until(page, (s) => s.focus === id && s.pending === 0, `${id} focused`);
}
