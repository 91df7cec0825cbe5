import { defineConfig } from 'vitest/config';

// The tests in four projects, by what they need besides Node (`npm test` runs them all; `npm run test:<name>`
// one): unit (nothing), hil (socat's pseudo-terminals, wabt's wasm-interp and wasm2c, the Arm cross compiler and
// qemu-system-arm for the microcontroller images), browser (Debian's chromium),
// slow (the 45-minute Barcelona replay, the packed package installed and run). A new test file is a unit
// test unless it is listed below.
const HIL = ['test/serial-hil.test.ts', 'test/emulate-hil.test.ts', 'test/selftest-interp.test.ts', 'test/auth-interp.test.ts', 'test/auth-serial-hil.test.ts',
  'test/mcu-features.test.ts', 'test/mcu-qemu.test.ts'];
const BROWSER = ['test/view.test.ts', 'test/view-live.test.ts', 'test/report-browser.test.ts'];
const SLOW = ['test/replay-bcn.test.ts', 'test/package.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...HIL, ...BROWSER, ...SLOW] } },
      { extends: true, test: { name: 'hil', include: HIL } },
      { extends: true, test: { name: 'browser', include: BROWSER } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
