import { test, expect, Page } from "@playwright/test";
import * as fs from "node:fs";
import { DEMO_PASSWORD, ready, signIn, signOut } from "./helpers";

/** Clicks a download link and returns the file's suggested name and bytes. */
async function download(page: Page, link: ReturnType<Page["locator"]>) {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const bytes = fs.readFileSync((await file.path())!);
  return { name: file.suggestedFilename(), bytes };
}

const MUELLER_CONTRACT = "Framework contract Maschinenbau Müller 2026";

test("Ingo downloads the CAD model and the data sheet; Frieda Müller's contract; Bob cannot see it", async ({ page }) => {
  test.setTimeout(120_000);
  // Ingo (viewer at Müller) on the AP-45's product page.
  await signIn(page, "ingo@mueller.example");
  await page.goto("/catalog/NH-PMP-1000");
  await ready(page);
  const related = page.locator(".related-documents");
  await expect(related.getByRole("heading", { name: "Documents" })).toBeVisible();
  const cad = related.locator('[data-kind="cad_model"]');
  await expect(cad).toContainText("CAD model AP-45 (STEP)");
  const model = await download(page, cad.getByRole("link", { name: /Download/ }));
  expect(model.name).toBe("NH-PMP-1000.step");
  expect(model.bytes.toString("latin1").startsWith("ISO-10303-21;")).toBe(true);
  const sheet = related.locator('[data-kind="data_sheet"]');
  const pdf = await download(page, sheet.getByRole("link", { name: /Download/ }));
  expect(pdf.name).toBe("NH-PMP-1000_datasheet.pdf");
  expect(pdf.bytes.toString("latin1").startsWith("%PDF-")).toBe(true);
  await signOut(page);

  // Frieda (finance) finds Müller's contract in the documents area.
  await signIn(page, "frieda@mueller.example");
  await page.getByRole("link", { name: "Documents" }).first().click();
  await ready(page);
  await page.getByLabel("Kind").selectOption("contract");
  await page.getByRole("button", { name: "Find" }).click();
  const row = page.locator("tr[data-document]", { hasText: MUELLER_CONTRACT });
  await expect(row).toBeVisible();
  await expect(page.locator("tr[data-document]")).toHaveCount(1);
  await expect(row).toContainText("Your organization only");
  const contractId = await row.getAttribute("data-document");
  const contract = await download(page, row.getByRole("link", { name: /Download/ }));
  expect(contract.name).toBe("Rahmenvertrag_Mueller_2026.pdf");
  expect(contract.bytes.toString("latin1")).toContain("Maschinenbau Mueller");
  await signOut(page);

  // A download link opened while signed out (from a mail, say) leads through the
  // sign-in page to the file.
  await page.goto(`/files/${contractId}`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Ffiles%2F|\/sign-in\?next=\/files\//);
  await ready(page);
  await page.getByLabel("E-mail address").fill("frieda@mueller.example");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  const [again] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  expect(again.suggestedFilename()).toBe("Rahmenvertrag_Mueller_2026.pdf");
  // The page says so and leads on, signed in.
  await expect(page.getByRole("status")).toHaveText("You are signed in. Your download has started.");
  await page.getByRole("link", { name: "Go to the documents" }).click();
  await expect(page.locator('[data-signed-in="frieda@mueller.example"]')).toBeAttached();
  await signOut(page);

  // Bob at Becker: his own contract, never Müller's — not listed, not found by
  // search, not by its address, not as a file.
  await signIn(page, "bob@becker.example");
  await page.goto("/documents?q=framework+contract");
  await ready(page);
  await expect(page.locator("tr[data-document]")).toHaveCount(1);
  await expect(page.locator("tr[data-document]")).toContainText("Becker Fördertechnik");
  await expect(page.getByText(MUELLER_CONTRACT)).toHaveCount(0);
  await page.goto(`/documents/${contractId}`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByText("Maschinenbau")).toHaveCount(0);
  const file = await page.request.get(`/files/${contractId}`);
  expect(file.status()).toBe(404);
});

test("Vera uploads a contract for Müller: a file that is not what it claims is refused at the field", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "vera@nordhydraulik.example");
  await page.goto("/documents");
  await ready(page);
  await page.getByText("Upload a document").click();
  const form = page.locator(".upload form");
  await form.getByLabel("Title (English)").fill("Quality agreement 2027");
  await form.getByLabel("Kind").selectOption("contract");
  await form.getByLabel("Who may see it").selectOption({ label: "Maschinenbau Müller GmbH" });
  // A PNG named .pdf.
  await form.getByLabel("File", { exact: true }).setInputFiles({
    name: "agreement.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  });
  await form.getByRole("button", { name: "Upload" }).click();
  await expect(form.locator("#file-error")).toContainText("does not match its type");
  await expect(form.getByLabel("Title (English)")).toHaveValue("Quality agreement 2027");
  // The real PDF.
  await form.getByLabel("File", { exact: true }).setInputFiles({
    name: "Qualitätsvereinbarung 2027.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% quality agreement\n%%EOF\n"),
  });
  await form.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("heading", { name: "Quality agreement 2027" })).toBeVisible();
  await ready(page);
  await expect(page.locator("tr[data-version]")).toHaveCount(1);
  await expect(page.locator("tr[data-version]")).toContainText("Qualitätsvereinbarung 2027.pdf");
  await expect(page.locator(".document")).toContainText("Maschinenbau Müller GmbH");
});
