import { defineConfig, devices } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";
import * as fs from "node:fs";

// Every run gets a fresh SQLite database with demo data and its own mail folder. The
// config is evaluated again in each worker process: the folder made by the main
// process is handed down through the environment.
if (!process.env.KONTOR_E2E_RUN_DIR) {
  process.env.KONTOR_E2E_RUN_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "kontor-e2e-"));
}
const runDir = process.env.KONTOR_E2E_RUN_DIR;
const mailDir = path.join(runDir, "mail");
process.env.KONTOR_E2E_MAIL_DIR = mailDir;
const port = process.env.KONTOR_E2E_PORT ?? "3917";
const root = path.resolve(__dirname, "..");

// Debian's Chromium: browsers cannot be downloaded here. The flags keep it from
// reaching out to the network, which this machine does not have.
const chromium = {
  executablePath: process.env.KONTOR_CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // On CI a test that fails is run once more; one that then passes is reported as flaky
  // by name (the summary of `.ci/test` lists it) instead of failing the whole run.
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "off",
    launchOptions: chromium,
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions: chromium }, grepInvert: /@phone/ },
    { name: "phone", use: { ...devices["Pixel 7"], launchOptions: chromium }, grep: /@phone/ },
  ],
  webServer: {
    command: path.join(root, "target", "debug", "kontor"),
    cwd: root,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: path.join(root, "target", "site"),
      DATABASE_URL: `sqlite://${path.join(runDir, "kontor.db")}?mode=rwc`,
      KONTOR_CONFIG: "/dev/null",
      KONTOR_DEMO: "1",
      KONTOR_DEMO_PASSWORD: "e2e-demo-password",
      // The story's few orders, numbered from #1 as the tests name them; the months of
      // history behind them are the integration tests' (analytics).
      KONTOR_DEMO_HISTORY_MONTHS: "0",
      KONTOR_SECRET_KEY: "e2e-secret-key-0123456789abcdef0123456789",
      KONTOR_MAIL_DIR: mailDir,
      KONTOR_FILES_URL: path.join(runDir, "files"),
    },
  },
});
