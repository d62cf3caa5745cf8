import { defineConfig } from "vitest/config";

// The explorer is served by `quiver serve` from the binary (ui/embed.go):
// relative asset URLs, no source maps, no inline scripts (the server's CSP
// allows scripts from 'self' only), workers as separate same-origin files.
// git keeps dist/ as an empty directory with a .keep placeholder, which the
// build script (package.json) writes back after vite empties dist/.
export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    target: "es2022",
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: "es" },
  server: {
    proxy: { "/api": "http://127.0.0.1:64210", "/query": "http://127.0.0.1:64210" },
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
