// Drives Debian's Chromium through Playwright for tests/browser.rs: opens a page served by
// `shop serve`, then reports on stdout what the page does after the test edits files.
// Protocol: prints `ready` when the page listens for changes; waits for the page to reload
// by itself (new title) and prints `reloaded`; waits for a CSS-only change to swap the
// stylesheet without a reload and prints `css-swapped`. Any failure exits non-zero.
import { launch, pageWithErrors } from "./browser.mjs";

const [url, newTitle] = process.argv.slice(2);
const browser = await launch();
try {
  const { page, errors } = await pageWithErrors(browser);
  const connected = () => page.waitForFunction(
    () => document.documentElement.dataset.shopLiveReload === "connected", null, { timeout: 15000 });

  await page.goto(url);
  await connected();
  await page.evaluate(() => { window.shopTestMarker = "before"; });
  console.log("ready");
  await page.waitForFunction((t) => document.querySelector("h1")?.textContent.includes(t),
    newTitle, { timeout: 15000 });
  if (await page.evaluate(() => window.shopTestMarker) !== undefined) throw new Error("title changed without a reload");
  await connected();
  console.log("reloaded");

  await page.evaluate(() => { window.shopTestMarker = "kept"; });
  console.log("ready");
  await page.waitForFunction(() => [...document.querySelectorAll('link[rel="stylesheet"]')]
    .some((l) => l.href.includes("shop-reload=")), null, { timeout: 15000 });
  if (await page.evaluate(() => window.shopTestMarker) !== "kept") throw new Error("the CSS change reloaded the page");
  if (errors.length) throw new Error(`console errors: ${errors.join("; ")}`);
  console.log("css-swapped");
} finally {
  await browser.close();
}
