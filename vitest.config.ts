import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "engine/**/*.test.ts",
            "catalog/**/*.test.ts",
            "cli/**/*.test.ts",
            "server/**/*.test.ts",
            "shared/**/*.test.ts",
          ],
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          // Each file gets its own database; the embedded one is in memory, PostgreSQL's is created per file.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 120_000,
          // beforeAll starts the real server: a fresh embedded database seeded with the catalog.
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
