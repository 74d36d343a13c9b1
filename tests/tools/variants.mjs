// Drives Debian's Chromium through Playwright for tests/browser.rs: the variant picker of
// a product with options swaps the variant shown (price, buy link) in place, marks sold-out
// and missing combinations, and keeps the choice in the address.
// Prints `ok` when every step saw what it should; any failure exits non-zero.
import { expect, launch, pageWithErrors } from "./browser.mjs";

const [page_url] = process.argv.slice(2);
const browser = await launch();
try {
  const { page, errors } = await pageWithErrors(browser);
  const shown = () => page.$$eval(".variant", (all) => all
    .filter((v) => getComputedStyle(v).display !== "none")
    .map((v) => [v.dataset.sku, v.previousElementSibling.querySelector(".price__now").textContent,
      v.querySelector("a.button")?.getAttribute("href") ?? null]));
  const unavailable = () => page.$$eval(".picker__value.is-unavailable input", (all) => all.map((i) => i.value));

  await page.goto(page_url);
  await page.waitForFunction(() => document.documentElement.classList.contains("js"));
  expect("the first variant in stock", await shown(), [["APR-M-N", "€38.00", "https://buy.stripe.com/mn?client_reference_id=APR-M-N"]]);
  expect("sold out with Natural", await unavailable(), ["S"]);

  await page.check("input[name=\"option-1\"][value=\"Charcoal\"]");
  expect("charcoal", await shown(), [["APR-M-C", "€38.00", "https://buy.stripe.com/mc?client_reference_id=APR-M-C"]]);
  expect("address", new URL(page.url()).searchParams.get("variant"), "APR-M-C");
  expect("no large charcoal", await unavailable(), ["L"]);

  await page.check("input[name=\"option-0\"][value=\"L\"]");
  expect("a combination that does not exist", await shown(), []);
  expect("says so", await page.isVisible(".picker__none"), true);

  await page.goto(`${page_url}?variant=APR-L-N`);
  await page.waitForFunction(() => document.querySelector('input[value="L"]').checked);
  expect("chosen by the address", await shown(), [["APR-L-N", "€42.00", "https://buy.stripe.com/ln?client_reference_id=APR-L-N"]]);

  if (errors.length) throw new Error(`console errors: ${errors.join("; ")}`);
  console.log("ok");
} finally {
  await browser.close();
}
