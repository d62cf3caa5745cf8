// Runs the explorer's end-to-end suite against a running `quiver serve`
// (scripts/ui-e2e.sh starts one on the seed plus the 10,000-node fixture).
// Usage: BASE_URL=http://127.0.0.1:PORT/ node e2e/run.mjs [name filter]

import { run } from "./harness.mjs";
import { tests as bugs } from "./tests-bugs.mjs";
import { tests as map } from "./tests-map.mjs";
import { tests as main } from "./tests.mjs";

const baseURL = process.env.BASE_URL;
if (!baseURL) {
  console.error("BASE_URL is not set (scripts/ui-e2e.sh sets it)");
  process.exit(2);
}
const tests = [...bugs, ...map, ...main];
const ok = await run(tests, { baseURL, only: process.argv[2], shots: process.env.E2E_SHOTS });
process.exit(ok ? 0 : 1);
