// Drives Debian's Chromium through Playwright for tests/browser.rs on the example shop:
// every kind of page renders without console errors or failed requests and asks no host
// but the shop's own for anything (a product video on YouTube included); the sold-out
// product has no active buy button; with JavaScript off, a product with options has a
// radio button for every variant and shows the chosen one's buttons only; and screenshots
// of home and a product page at phone and desktop widths are written to the folder given
// (kept as CI artifacts).
// Prints `ok` when every step saw what it should; any failure exits non-zero.
import { expect, launch } from "./browser.mjs";

const [base, shots] = process.argv.slice(2);
const pages = ["/", "/products/", "/products/deep-field-giclee/", "/products/fundus-riso/",
  "/products/print-club/", "/products/launch-pad-riso/", "/categories/prints/", "/posts/", "/about/", "/contact/",
  "/search/?q=deep", "/catalog/", "/thanks/", "/zh-cn/", "/zh-cn/products/deep-field-giclee/"];
const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  const local = new URL(base).host;
  page.on("request", (r) => { if (new URL(r.url()).host !== local) problems.push(`${page.url()}: asked ${r.url()}`); });
  page.on("pageerror", (e) => problems.push(`${page.url()}: ${e}`));
  page.on("console", (m) => { if (m.type() === "error") problems.push(`${page.url()}: ${m.text()}`); });
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`${r.url()}: HTTP ${r.status()}`); });
  page.on("requestfailed", (r) => {
    // Going to the next page aborts what is still loading (the live-reload stream, a late
    // icon): only other failures count.
    const error = r.failure()?.errorText;
    if (error !== "net::ERR_ABORTED") problems.push(`${r.url()}: ${error}`);
  });
  for (const path of pages) {
    await page.goto(`${base}${path}`, { waitUntil: "load" });
    expect(`${path} has a heading`, (await page.locator("h1").count()) > 0, true);
  }
  expect("no errors on any page", problems, []);

  await page.goto(`${base}/products/fundus-riso/`);
  expect("sold out: no buy link", await page.locator(".buy-buttons a").count(), 0);
  expect("sold out: says so", await page.locator(".stock--out").isVisible(), true);

  for (const [name, width, height] of [["phone", 390, 844], ["desktop", 1280, 900]]) {
    await page.setViewportSize({ width, height });
    for (const [label, path] of [["home", "/"], ["product", "/products/deep-field-giclee/"]]) {
      await page.goto(`${base}${path}`, { waitUntil: "load" });
      await page.screenshot({ path: `${shots}/${label}-${name}.png` });
    }
  }

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto(`${base}/products/deep-field-giclee/`);
  const variants = await plain.locator(".variant").count();
  expect("a radio button for every variant without JavaScript", await plain.locator(".choice:visible").count(), variants);
  expect("the chosen one's buy links only", await plain.locator(".variant:visible .buy-buttons a.button--primary").count(), 1);
  await plain.goto(`${base}/search/`);
  expect("search without JavaScript links to the categories", (await plain.locator("main a[href*='/categories/']").count()) > 0, true);

  console.log("ok");
} finally {
  await browser.close();
}
