// Drives Debian's Chromium through Playwright for tests/browser.rs: the compact theme's
// header (brand, search and menu) stays at the top of a wide window while the list
// scrolls, and on a phone scrolls away with the page, where its four lines would take a
// fifth of the screen. Prints `ok` when both hold; any failure exits non-zero.
import { expect, launch } from "./browser.mjs";

const [page_url] = process.argv.slice(2);
const browser = await launch();
try {
  const headerTopAfterScroll = async (width, height) => {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(page_url, { waitUntil: "networkidle" });
    await page.evaluate(() => window.scrollTo(0, 1200));
    await page.waitForTimeout(100);
    const top = await page.evaluate(() => document.querySelector(".compact-header").getBoundingClientRect().top);
    await page.close();
    return Math.round(top);
  };
  expect("on a wide window the header stays at the top", await headerTopAfterScroll(1280, 800), 0);
  expect("on a phone it scrolls away", (await headerTopAfterScroll(390, 844)) < -100, true);
  console.log("ok");
} finally {
  await browser.close();
}
