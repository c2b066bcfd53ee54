import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

// The web app is built into web/dist and served by the API server at `/` (server/http/webApp.ts).
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // scripts/bundle-report.mjs reads the manifest to weigh what the first screen loads.
    manifest: true,
    target: "es2022",
  },
  server: {
    // `npx vite web` during development: the API runs on :3000 (`npm run dev` of the server).
    proxy: { "/api": "http://127.0.0.1:3000", "/health": "http://127.0.0.1:3000" },
  },
});
