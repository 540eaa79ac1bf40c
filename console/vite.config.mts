import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The gateway serves the build under /console (gateway/src/http/console.ts); every asset is
// bundled from npm packages, so the console loads on a machine without internet.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/console/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // GraphiQL's editor is large by nature; it is loaded only on the explorer page.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // React libraries mark modules "use client" for server components; a browser bundle has
      // nothing to do with that, and the hundred warnings would hide a real one.
      onLog(level, log, handler) {
        if (log.code === "MODULE_LEVEL_DIRECTIVE") return;
        handler(level, log);
      },
    },
  },
  server: {
    // `npx vite console` for live editing, against a gateway started with `npm start`.
    proxy: {
      "/graphql": { target: "http://127.0.0.1:4000", ws: true },
      "/auth": "http://127.0.0.1:4000",
      "/integrations": "http://127.0.0.1:4000",
    },
  },
});
