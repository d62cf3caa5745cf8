// A small test harness for the explorer's end-to-end suite: playwright-core
// driving Debian's Chromium (no browser download), one fresh page per test,
// console errors collected, a plain "N passed, N failed" summary.

import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
  "--disable-dev-shm-usage",
];

export async function launch() {
  const userDataDir = mkdtempSync(join(tmpdir(), "quiver-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 860 },
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export class AssertionError extends Error {}

export function expect(cond, msg) {
  if (!cond) throw new AssertionError(msg);
}

export function eq(a, b, msg) {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  if (x !== y) throw new AssertionError(`${msg}: got ${x}, want ${y}`);
}

/** Waits until fn(page state) is truthy, polling the app's state. */
export async function until(page, fn, what, timeout = 20000) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < timeout) {
    last = await page.evaluate(() => window.quiver && window.quiver.state());
    if (last && fn(last)) return last;
    await page.waitForTimeout(50);
  }
  throw new AssertionError(`timed out waiting for ${what}; state: ${JSON.stringify(last && { nodes: last.nodes?.length, panel: last.panel, selection: last.selection, error: last.error, pending: last.pending, query: last.query, consoleRows: last.consoleRows, consoleError: last.consoleError }).slice(0, 400)}`);
}

export async function run(tests, { baseURL, only, shots }) {
  const { context, close } = await launch();
  let passed = 0;
  let failed = 0;
  const failures = [];
  if (shots) mkdirSync(shots, { recursive: true });
  for (const [name, fn] of tests) {
    if (only && !name.includes(only)) continue;
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    const t0 = Date.now();
    try {
      let timer;
      const limit = Number(process.env.E2E_TEST_TIMEOUT || 240000);
      await Promise.race([
        fn({ page, context, baseURL, errors, shots }),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new AssertionError(`test timed out after ${limit} ms`)), limit))),
      ]).finally(() => clearTimeout(timer));
      const bad = errors.filter((e) => !/favicon|WebGL|GPU stall|GroupMarkerNotSet/i.test(e));
      if (bad.length) throw new AssertionError(`errors in the page: ${bad.join(" | ")}`);
      passed++;
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      failures.push([name, e]);
      console.log(`FAIL ${name} (${Date.now() - t0} ms)\n     ${String(e && e.stack ? e.stack : e).split("\n").slice(0, 6).join("\n     ")}`);
      if (shots) await page.screenshot({ path: join(shots, `fail-${name.replace(/\W+/g, "-")}.png`) }).catch(() => {});
    } finally {
      await page.close().catch(() => {});
    }
  }
  await close();
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0;
}
