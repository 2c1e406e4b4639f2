import { defineConfig } from 'vitest/config';

// Every answer a test provokes is checked against its route's response schema (the contract the
// web app's client is generated from): runtime-api/src/http/responseCheck.ts.
const checkedResponses = { YJ_CHECK_RESPONSES: '1' };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'engine/test/**/*.test.ts',
            'process-library/test/**/*.test.ts',
            'runtime-api/test/**/*.test.ts',
            // The web app's pure modules (its screens are tested in Chromium, tests/e2e).
            'designer/test/**/*.test.ts',
          ],
        },
      },
      // The calendar maths must give the same dates whatever the server's TZ (DOMAIN rule 4).
      ...['America/New_York', 'UTC'].map((tz) => ({
        test: {
          name: `calendar-${tz.replace('/', '-')}`,
          include: ['engine/test/calendar/**/*.test.ts'],
          env: { TZ: tz },
        },
      })),
      {
        test: {
          name: 'integration',
          env: checkedResponses,
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/globalDatabase.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          env: checkedResponses,
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/globalDatabase.ts', 'tests/support/globalWebBuild.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // One browser at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
