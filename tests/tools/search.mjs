// Drives Debian's Chromium through Playwright for tests/browser.rs: on the search page of
// a shop served by `shop serve`, types, filters and sorts, and checks what is listed.
// Prints `ok` when every step saw what it should; any failure exits non-zero.
import { expect, launch, pageWithErrors } from "./browser.mjs";

const [base] = process.argv.slice(2);
const browser = await launch();
const titles = (page) => page.$$eval("#search-results .card__title", (h) => h.map((e) => e.textContent));
try {
  const { page, errors } = await pageWithErrors(browser);

  await page.goto(`${base}/search/`);
  await page.waitForFunction(() => document.getElementById("search-status").textContent !== "",
    null, { timeout: 15000 });
  expect("status before typing", await page.textContent("#search-status"), "Type to search 4 products.");
  await page.locator("#search-q").pressSequentially("mug");
  await page.waitForFunction(() => document.querySelectorAll("#search-results li").length === 3,
    null, { timeout: 5000 });
  expect("title matches before summary matches", await titles(page), ["Blue Mug", "Tall Mug", "Jug"]);
  expect("status", await page.textContent("#search-status"), "3 found");

  await page.selectOption("#search-sort", "price-desc");
  expect("by price, high first", await titles(page), ["Tall Mug", "Jug", "Blue Mug"]);
  expect("address keeps the search", new URL(page.url()).search, "?q=mug&sort=price-desc");

  await page.fill("#search-q", "");
  await page.selectOption("#search-sort", "");
  await page.selectOption("#search-category", "vases");
  expect("category filter", await titles(page), ["Crème Vase"]);

  await page.goto(`${base}/search/?q=CREME`);
  await page.waitForFunction(() => document.querySelectorAll("#search-results li").length === 1,
    null, { timeout: 5000 });
  expect("accents and case folded", await titles(page), ["Crème Vase"]);
  await page.fill("#search-q", "zzz");
  expect("nothing found", (await page.textContent("#search-status")).startsWith("Nothing matches"), true);

  if (errors.length) throw new Error(`console errors: ${errors.join("; ")}`);
  console.log("ok");
} finally {
  await browser.close();
}
