// What every browser script of tests/browser.rs shares: Debian's Chromium launched
// through Playwright, a page that records console errors, an equality check, and a static
// server for a built site.
import { createServer } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { chromium } from "playwright-core";

/// Chromium with the flags a sandbox-less CI container needs.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/// A new page and the list its console and page errors are collected into.
export async function pageWithErrors(browser) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  return { page, errors };
}

/// Ends a script that collects failed checks: prints `ok` when there are none, else lists
/// them on stderr (after `heading`, when given) and exits non-zero.
export function finish(failures, heading) {
  if (failures.length) {
    console.error([heading, ...failures].filter(Boolean).join("\n"));
    process.exit(1);
  }
  console.log("ok");
}

/// Throws unless `got` equals `wanted` (compared as JSON).
export function expect(what, got, wanted) {
  if (JSON.stringify(got) !== JSON.stringify(wanted)) {
    throw new Error(`${what}: got ${JSON.stringify(got)}, wanted ${JSON.stringify(wanted)}`);
  }
}

/// Adds `quantity` of `sku` on the product page at `url` with its "Add to basket" form,
/// picking the variant in the buy box (the form follows it), and waits for the notice.
export async function addToBasket(page, url, sku, quantity) {
  await page.goto(url);
  const form = page.locator("form[data-basket-add]");
  await form.waitFor({ state: "visible" });
  const radio = page.locator(`#buy .choice__input[data-sku="${sku}"]`);
  if (await radio.count()) await page.click(`#buy label[for="${await radio.getAttribute("id")}"]`);
  await form.locator("input[name=quantity]").fill(String(quantity));
  await form.locator("button").press("Enter");
  await page.waitForFunction(() => document.querySelector(".basket-add__status").textContent !== "");
}

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp",
  ".avif": "image/avif", ".json": "application/json", ".xml": "application/xml", ".woff2": "font/woff2" };

/// Serves the built site in `folder` as a static host does (a folder's `index.html` for
/// the folder), on a free port of 127.0.0.1; resolves to the listening server.
export function serve(folder) {
  const server = createServer((request, response) => {
    let path = join(folder, decodeURIComponent(new URL(request.url, "http://x").pathname));
    try {
      if (statSync(path).isDirectory()) path = join(path, "index.html");
      const body = readFileSync(path);
      response.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

