// What every browser script of tests/browser.rs shares: Debian's Chromium launched
// through Playwright, a page that records console errors, and an equality check.
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
