import { defineConfig } from "vitest/config";

// Suites are picked by folder (tests/unit, tests/integration, tests/e2e); see tests/steps.sh.
export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and e2e files share one database; each test makes its own users, so files may run in
    // parallel, but two cores are all there is.
    maxWorkers: 2,
    reporters: ["default"],
  },
});
