// What a first visit downloads, and how long a phone waits for it.
//
//   node tools/site-budget.mjs sizes [--check]
//       Every wasm/JS/CSS file of the built site with its raw, gzip and brotli size,
//       then, per page (/, /catalog, /orders/{id}, /approvals), the wasm a first visit
//       needs — the islands' one file; with a split build, also the page's lazily loaded
//       files, read from the split loader (`__wasm_split.*.js`) — and, for information,
//       what the browser fetched before the page was interactive. Compared with the
//       budget: 250 KB of brotli wasm per first visit, 150 KB per lazily loaded file.
//       With --check it exits 1 when a first visit or a lazily loaded file is over the
//       budget, or when the main file or a page's need grows past its ceiling in
//       size-ceilings.json (today's figures plus a little room, so that no change
//       makes the site heavier unnoticed). Lower a ceiling when a page gets lighter;
//       never raise one to make CI pass without saying why in the commit. --check
//       reads the files only (no server, no browser).
//   node tools/site-budget.mjs phone [--runs N] [--baseline DIR]
//       The same pages on an emulated mid-range phone (Chromium: 4x slower CPU,
//       10 Mbit/s, 40 ms round trip, empty cache): time until interactive, largest
//       contentful paint, bytes per resource type; median of N runs (default 3).
//       --baseline DIR compares with another build (a folder holding `kontor`, its
//       `hash.txt` and `site/`), measured in the same run.
//
// A benchmark and a guard, not a test: it starts the server it measures (the release
// build by default: KONTOR_BINARY, KONTOR_SITE_ROOT) on a fresh demo database.
import { chromium, devices } from "@playwright/test";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";

const root = path.resolve(import.meta.dirname, "..", "..");
const KB = 1000;
const FIRST_VISIT_WASM_BUDGET = 250 * KB;
const LAZY_FILE_BUDGET = 150 * KB;
const CEILINGS = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "size-ceilings.json"), "utf8"));
const PASSWORD = "budget-demo-password";
const args = process.argv.slice(2);
const mode = args[0];
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};

const chromiumOptions = {
  executablePath: process.env.KONTOR_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

/** Raw, gzip and brotli size of a file (the precompressed siblings when built). */
function sizesOf(file) {
  const raw = fs.readFileSync(file);
  const sibling = (ext, make) =>
    fs.existsSync(file + ext) ? fs.statSync(file + ext).size : make(raw).length;
  return {
    raw: raw.length,
    gzip: sibling(".gz", (b) => zlib.gzipSync(b, { level: 9 })),
    brotli: sibling(".br", (b) =>
      zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } })),
  };
}

const kb = (n) => (n / KB).toFixed(1).padStart(8);

/** Starts the server on a fresh demo database; resolves once it answers. */
async function startServer(build, port) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kontor-budget-"));
  const server = spawn(build.binary, [], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: build.site,
      DATABASE_URL: `sqlite://${path.join(dir, "kontor.db")}?mode=rwc`,
      KONTOR_CONFIG: "/dev/null",
      KONTOR_DEMO: "1",
      KONTOR_DEMO_PASSWORD: PASSWORD,
      KONTOR_SECRET_KEY: "budget-secret-key-0123456789abcdef0123456789",
      KONTOR_MAIL_DIR: path.join(dir, "mail"),
      KONTOR_FILES_URL: path.join(dir, "files"),
      RUST_LOG: "warn",
    },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return { base, stop: () => server.kill() };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error(`the server at ${build.binary} did not start`);
}

/** Signed-in cookies of a customer (Hannah approves; Egon's first order). */
async function prepare(browser, base) {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  const signIn = async (email) => {
    await page.goto("/sign-in");
    await page.locator('html[data-hydrated="true"] section.form-panel[data-hydrated="true"]').waitFor();
    await page.getByLabel("E-mail address").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(`[data-signed-in="${email}"]`).waitFor();
  };
  await signIn("egon@mueller.example");
  await page.goto("/orders");
  const order = await page.locator('a[href^="/orders/"]').first().getAttribute("href");
  await context.clearCookies();
  await signIn("hannah@mueller.example");
  const state = await context.storageState();
  await context.close();
  return { order, state };
}

/** One first visit: what was fetched until the page was interactive, and when. */
async function visit(browser, base, url, state, phone) {
  const context = await browser.newContext({
    ...(phone ? devices["Pixel 7"] : {}),
    baseURL: base,
    storageState: state,
  });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__lcp = entry.startTime;
    }).observe({ type: "largest-contentful-paint", buffered: true });
    // Interactive: the wasm has arrived (`hydrate` in app/src/lib.rs marks <html>) and
    // every island of the page runs (each marks its root, `island_mark`).
    new MutationObserver((_, observer) => {
      if (document.documentElement.dataset.hydrated === "true" && !document.querySelector('[data-hydrated="false"]')) {
        window.__interactive = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (phone) {
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 40,
      downloadThroughput: (10 * 1000 * 1000) / 8,
      uploadThroughput: (10 * 1000 * 1000) / 8,
    });
  }
  const requests = new Map();
  cdp.on("Network.responseReceived", (e) => {
    requests.set(e.requestId, {
      url: e.response.url,
      type: e.type,
      encoding: e.response.headers["content-encoding"] ?? e.response.headers["Content-Encoding"] ?? "",
      bytes: 0,
    });
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__interactive !== undefined, undefined, { timeout: 60_000 });
  // The largest paint may come a moment after hydration; give it a beat to settle.
  await page.waitForTimeout(500);
  // What the page needed is what it asked for before it became interactive, by the
  // page's own clock: links on screen prefetch their areas right after hydration,
  // and those must not count (they were taken for needed when this asked the test
  // runner's clock, which learns of the hydration a little late).
  const timing = await page.evaluate(() => ({
    interactive: window.__interactive,
    lcp: window.__lcp,
    early: performance
      .getEntriesByType("resource")
      .filter((entry) => entry.startTime <= window.__interactive)
      .map((entry) => entry.name),
  }));
  await context.close();
  const early = new Set(timing.early);
  const resources = [...requests.values()].filter((r) => r.type === "Document" || early.has(r.url));
  return { interactive: timing.interactive, lcp: timing.lcp, resources };
}

function builds() {
  const current = {
    name: "this build",
    binary: path.resolve(process.env.KONTOR_BINARY ?? path.join(root, "target", "release", "kontor")),
    site: path.resolve(process.env.KONTOR_SITE_ROOT ?? path.join(root, "target", "site")),
  };
  const baseline = option("--baseline");
  if (!baseline) return [current];
  const dir = path.resolve(baseline);
  return [{ name: "baseline", binary: path.join(dir, "kontor"), site: path.join(dir, "site") }, current];
}

/**
 * What each lazily loaded area needs, from the split loader: for every exported
 * `__wasm_split_load_<area>_<hash>`, its own file and its shared chunks (and theirs).
 */
function areaNeeds(site) {
  const pkg = path.join(site, "pkg");
  const loader = fs.readdirSync(pkg).find((f) => /^__wasm_split\..*\.js$/.test(f));
  if (!loader) return new Map();
  const text = fs.readFileSync(path.join(pkg, loader), "utf8");
  // Every loader: `const __chunk_N = makeLoad(…"./file"…, [deps])` or
  // `export const __wasm_split_load_NAME = wrapAsyncCb(makeLoad(…"./file"…, [deps]))`.
  const pattern = /(?:const (__chunk_\d+)|export const __wasm_split_load_(\w+?)_\d+) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\n\}\s*,\s*\[([^\]]*)\]/g;
  const chunks = new Map();
  const areas = new Map();
  for (const m of text.matchAll(pattern)) {
    const deps = m[4].split(",").map((d) => d.trim()).filter(Boolean);
    if (m[1]) chunks.set(m[1], { file: m[3], deps });
    else areas.set(m[2], { file: m[3], deps });
  }
  const needs = new Map();
  for (const [area, { file, deps }] of areas) {
    const files = new Set([file]);
    const open = [...deps];
    while (open.length) {
      const chunk = chunks.get(open.pop());
      if (chunk && !files.has(chunk.file)) {
        files.add(chunk.file);
        open.push(...chunk.deps);
      }
    }
    needs.set(area, [...files]);
  }
  return needs;
}

/** The lazily loaded islands of each measured page (`#[island(lazy)]`, named by their
 *  loader; the header's menu button is in the main file). */
const PAGE_ISLANDS = {
  "/": [],
  "/catalog": ["add_to_cart_loader"],
  "/orders/{id}": [],
  "/approvals": [],
  "/sign-in": ["sign_in_forms_loader"],
  "/vendor/integrations": ["integrations_panel_loader"],
};

function pkgFiles(site) {
  const pkg = path.join(site, "pkg");
  return fs
    .readdirSync(pkg)
    .filter((f) => /\.(wasm|js|css)$/.test(f))
    .map((f) => ({ name: f, ...sizesOf(path.join(pkg, f)) }))
    .sort((a, b) => b.brotli - a.brotli);
}

async function sizes(check) {
  const [build] = builds();
  const files = pkgFiles(build.site);
  // The check lists the heaviest files only: CI's log keeps its tail, where the
  // verdict and any failure belong, not hundreds of tiny chunks.
  const listed = check ? files.slice(0, 30) : files;
  console.log("file                                                     raw KB  gzip KB  brotli KB");
  for (const f of listed) {
    console.log(`${f.name.padEnd(52)} ${kb(f.raw)} ${kb(f.gzip)} ${kb(f.brotli)}`);
  }
  if (listed.length < files.length) {
    const rest = files.slice(listed.length);
    const brotli = rest.reduce((sum, f) => sum + f.brotli, 0);
    console.log(`… and ${rest.length} smaller files, ${kb(brotli).trim()} KB brotli together`);
  }
  const mainWasm = files.filter((f) => /^kontor\..*\.wasm$|^kontor(_bg)?\.wasm$/.test(f.name));
  const lazy = files.filter((f) => f.name.endsWith(".wasm") && !mainWasm.includes(f));
  const overBudget = [];
  const overCeiling = [];
  for (const f of lazy) {
    if (f.brotli > LAZY_FILE_BUDGET) {
      overBudget.push(`${f.name}: ${kb(f.brotli).trim()} KB brotli > 150 KB`);
      overCeiling.push(`${f.name}: ${f.brotli} B brotli > the budget of ${LAZY_FILE_BUDGET} B`);
    }
  }
  const main = mainWasm.reduce((s, f) => s + f.brotli, 0);
  if (main > CEILINGS.mainWasm) overCeiling.push(`main wasm: ${main} B brotli > ceiling ${CEILINGS.mainWasm} B`);
  const byName = new Map(files.map((f) => [f.name, f]));
  const needs = areaNeeds(build.site);
  console.log("\nfirst visit, what the page needs (the main wasm + its lazy islands + their shared chunks):");
  for (const [label, islands] of Object.entries(PAGE_ISLANDS)) {
    const missing = islands.filter((island) => !needs.has(island));
    if (missing.length) overCeiling.push(`${label}: no lazily loaded file for ${missing.join(", ")} (not split?)`);
    const need = [...new Set(islands.flatMap((island) => needs.get(island) ?? []))];
    const brotli = main + need.reduce((s, f) => s + (byName.get(f)?.brotli ?? 0), 0);
    const count = need.length + 1;
    console.log(`${label.padEnd(16)} ${kb(brotli)} KB brotli in ${count} files`);
    if (brotli > FIRST_VISIT_WASM_BUDGET) overBudget.push(`${label}: ${kb(brotli).trim()} KB brotli wasm > 250 KB`);
    if (brotli > (CEILINGS.firstVisit[label] ?? FIRST_VISIT_WASM_BUDGET)) {
      overCeiling.push(`${label}: ${brotli} B brotli wasm > ceiling ${CEILINGS.firstVisit[label]} B`);
    }
    // Every file is a request, and a phone waits a round trip for each few of them.
    if (count > CEILINGS.firstVisitFiles) {
      overCeiling.push(`${label}: ${count} wasm files > ceiling ${CEILINGS.firstVisitFiles}`);
    }
  }
  // The guard above reads files only; what a browser fetched is for the report, and
  // skipping it under --check spares CI a release build of the server.
  if (!check) await fetchedByFirstVisits(build);
  if (overBudget.length) {
    console.log(`\nover the budget (250 KB per first visit, 150 KB per lazy file):\n  ${overBudget.join("\n  ")}`);
  } else {
    console.log("\nwithin budget: first visits <= 250 KB brotli wasm, lazy files <= 150 KB.");
  }
  if (overCeiling.length) {
    console.log(`\nheavier than allowed (size-ceilings.json):\n  ${overCeiling.join("\n  ")}`);
  } else {
    console.log("no page and no lazy file is heavier than its ceiling (size-ceilings.json).");
  }
  if (check && (overBudget.length || overCeiling.length)) process.exit(1);
}

async function fetchedByFirstVisits(build) {
  const server = await startServer(build, 3930);
  const browser = await chromium.launch(chromiumOptions);
  try {
    const { order, state } = await prepare(browser, server.base);
    const pages = [["/", undefined], ["/catalog", undefined], [order, state], ["/approvals", state]];
    console.log("\nfetched by a first visit (empty cache) before the page was interactive (varies with timing; not guarded):");
    for (const [url, cookies] of pages) {
      const { resources } = await visit(browser, server.base, url, cookies, false);
      const fetched = resources
        .filter((r) => /\/pkg\//.test(r.url))
        .map((r) => ({ ...r, ...sizesOf(path.join(build.site, new URL(r.url).pathname)) }));
      const wasm = fetched.filter((r) => r.url.endsWith(".wasm"));
      const sum = (list, key) => list.reduce((s, r) => s + r[key], 0);
      console.log(
        `${url.padEnd(52)} wasm ${kb(sum(wasm, "raw"))} raw ${kb(sum(wasm, "brotli"))} br` +
          ` | all site files ${kb(sum(fetched, "brotli"))} br in ${fetched.length} files`,
      );
      if (process.env.KONTOR_SIZE_VERBOSE === "1") {
        for (const r of fetched) console.log(`    ${path.basename(new URL(r.url).pathname)}`);
      }
    }
  } finally {
    await browser.close();
    server.stop();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function phone() {
  const runs = Number(option("--runs", "3"));
  const results = [];
  let port = 3940;
  for (const build of builds()) {
    const server = await startServer(build, port++);
    const browser = await chromium.launch(chromiumOptions);
    try {
      const { order, state } = await prepare(browser, server.base);
      for (const [label, url, cookies] of [["/", "/", undefined], ["/catalog", "/catalog", undefined],
        ["/orders/{id}", order, state], ["/approvals", "/approvals", state]]) {
        const samples = [];
        for (let i = 0; i < runs; i++) samples.push(await visit(browser, server.base, url, cookies, true));
        const bytes = {};
        for (const r of samples[0].resources) bytes[r.type] = (bytes[r.type] ?? 0) + r.bytes;
        results.push({
          build: build.name,
          page: label,
          interactive: median(samples.map((s) => s.interactive)),
          lcp: median(samples.map((s) => s.lcp)),
          bytes,
          encoding: [...new Set(samples[0].resources.filter((r) => r.type === "Fetch" || r.url.endsWith(".wasm")).map((r) => r.encoding || "identity"))].join(","),
        });
      }
    } finally {
      await browser.close();
      server.stop();
    }
  }
  console.log(`emulated phone (Pixel 7, 4x CPU, 10 Mbit/s, 40 ms), empty cache, median of ${runs}:`);
  console.log("build       page            interactive ms   LCP ms   bytes by type (KB, as transferred)");
  for (const r of results) {
    const types = Object.entries(r.bytes).map(([t, b]) => `${t} ${(b / KB).toFixed(1)}`).join(", ");
    console.log(`${r.build.padEnd(11)} ${r.page.padEnd(15)} ${r.interactive.toFixed(0).padStart(14)} ${r.lcp.toFixed(0).padStart(8)}   ${types} [wasm: ${r.encoding}]`);
  }
  if (results.some((r) => r.build === "baseline")) {
    console.log("\nratio this build / baseline (time until interactive):");
    for (const r of results.filter((r) => r.build !== "baseline")) {
      const base = results.find((b) => b.build === "baseline" && b.page === r.page);
      console.log(`  ${r.page.padEnd(15)} ${(r.interactive / base.interactive).toFixed(2)}`);
    }
  }
}

if (mode === "sizes") await sizes(args.includes("--check"));
else if (mode === "phone") await phone();
else {
  console.error("usage: node tools/site-budget.mjs sizes [--check] | phone [--runs N] [--baseline DIR]");
  process.exit(2);
}
