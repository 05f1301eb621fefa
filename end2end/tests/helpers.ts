// Shared by the specs: demo password, mail folder, TOTP like an authenticator app,
// and signing in (staff enrol a second factor once per run, then use it).
import { expect, Page } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import * as crypto from "node:crypto";

export const DEMO_PASSWORD = "e2e-demo-password";

export function mailsTo(address: string): string[] {
  const dir = process.env.KONTOR_E2E_MAIL_DIR!;
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
    .filter((m) => m.includes(`To: ${address}`));
}

/** The body of a mail, decoded from quoted-printable or base64. */
export function mailText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split).toLowerCase();
  const body = raw.slice(split).trim();
  if (headers.includes("content-transfer-encoding: base64")) {
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  return body.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits), as an authenticator app computes it. */
export function totp(secret: string, time = Date.now() / 1000): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const key: number[] = [];
  for (const c of secret.replace(/=+$/, "")) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      key.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 30)));
  const mac = crypto.createHmac("sha1", Buffer.from(key)).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, "0");
}

/** Waits until the page's islands are live. When they are not, the error says what
 *  the browser saw: its console errors and uncaught exceptions, and the page's address. */
export async function ready(page: Page) {
  try {
    // The wasm has arrived when `hydrate` (app/src/lib.rs) marks <html>; each island
    // marks its own root once it runs (`island_mark`).
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await expect(page.locator('[data-hydrated="false"]')).toHaveCount(0);
  } catch (error) {
    const errors = (await page.pageErrors()).map((e) => `page error: ${e.message}`);
    const console = (await page.consoleMessages())
      .filter((m) => m.type() === "error" || m.type() === "warning")
      .map((m) => `console ${m.type()}: ${m.text()}`);
    const seen = [...errors, ...console].map((line) => line.slice(0, 300));
    throw new Error(
      `${page.url()} did not hydrate\n${seen.join("\n") || "no console errors"}\n${error}`,
    );
  }
}

/** Where a staff member's authenticator "app" keeps its key and last used step. */
function authenticatorFile(email: string): string {
  return path.join(process.env.KONTOR_E2E_RUN_DIR!, `totp-${email}.json`);
}

/** A code for a step not used yet: the server accepts each step once. */
async function freshCode(email: string, secret: string): Promise<string> {
  const file = authenticatorFile(email);
  const last = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")).step : -1;
  let step = Math.floor(Date.now() / 30_000);
  while (step <= last) {
    await new Promise((r) => setTimeout(r, 1_000));
    step = Math.floor(Date.now() / 30_000);
  }
  fs.writeFileSync(file, JSON.stringify({ secret, step }));
  return totp(secret, step * 30 + 1);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await ready(page);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (email.endsWith("@nordhydraulik.example")) {
    await expect(page.getByLabel("Code")).toBeVisible();
    const enrolment = page.locator("[data-totp-secret]");
    if ((await enrolment.count()) > 0) {
      // First sign-in of this run: set up the second factor, keep the recovery codes.
      const secret = (await enrolment.getAttribute("data-totp-secret"))!;
      await page.getByLabel("Code").fill(await freshCode(email, secret));
      await page.getByRole("button", { name: "Confirm" }).click();
      await expect(page.getByRole("heading", { name: "Your recovery codes" })).toBeVisible();
      await expect(page.locator(".recovery-codes li")).toHaveCount(10);
      await page.getByRole("link", { name: "Continue" }).click();
    } else {
      const { secret } = JSON.parse(fs.readFileSync(authenticatorFile(email), "utf8"));
      await page.getByLabel("Code").fill(await freshCode(email, secret));
      await page.getByRole("button", { name: "Confirm" }).click();
    }
  }
  // Attached rather than visible: on a phone the session menu sits in the closed menu.
  await expect(page.locator(`[data-signed-in="${email}"]`)).toBeAttached();
}

export async function signOut(page: Page) {
  await page.locator(".session-menu").getByRole("button", { name: "Sign out" }).click();
  await expect(page.locator(".session-menu").getByRole("link", { name: "Sign in" })).toBeVisible();
}
