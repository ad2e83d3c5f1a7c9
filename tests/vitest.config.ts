import { defineConfig } from "vitest/config";

// Suites are picked by folder (tests/unit, tests/integration, tests/e2e); see tests/steps.sh.
export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and e2e files share one database and its email outbox: a worker draining in one file
    // would send another file's rows, so files run one after another (each is quick).
    fileParallelism: false,
    reporters: ["default"],
  },
});
