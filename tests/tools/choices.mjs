// Drives Debian's Chromium through Playwright for tests/browser.rs: a product with more
// than six variants that only have a name gets one select in place of its radio buttons,
// which shows the chosen variant's price and buy link and keeps it in the address; without
// JavaScript the radio buttons do the same. An option with more than six values is a
// select too, which marks sold-out and missing values.
// Prints `ok` when every step saw what it should; any failure exits non-zero.
import { expect, launch, pageWithErrors } from "./browser.mjs";

const [products] = process.argv.slice(2);
const page_url = `${products}tiles/`;
const browser = await launch();
try {
  const shown = (page) => page.$$eval(".variant", (all) => all
    .filter((v) => v.checkVisibility())
    .map((v) => [v.dataset.sku, v.previousElementSibling.querySelector(".price__now").textContent]));
  const { page, errors } = await pageWithErrors(browser);
  await page.goto(page_url);
  await page.waitForSelector("select#variant-select");
  expect("no pills beside the select", await page.locator(".choice:visible").count(), 0);
  expect("the select is labelled", await page.locator("label[for=variant-select]").textContent(), "Options");
  expect("the first variant", await shown(page), [["T-1", "€11.00"]]);
  await page.selectOption("#variant-select", "T-5");
  expect("the fifth", await shown(page), [["T-5", "€15.00"]]);
  expect("address", new URL(page.url()).searchParams.get("variant"), "T-5");

  await page.goto(`${products}paints/`);
  await page.waitForFunction(() => document.querySelector("#option-0 option:nth-child(2)").textContent !== "C2");
  expect("sold-out and missing values marked", await page.$$eval("#option-0 option", (all) => all.map((o) => o.textContent)),
    ["C1", "C2 (Sold out)", "C3", "C4", "C5", "C6", "C7 (Sold out)"]);
  await page.selectOption("#option-0", "C5");
  expect("C5", await shown(page), [["P-5", "€9.00"]]);
  await page.selectOption("#option-0", "C7");
  expect("no such variant", await shown(page), []);
  expect("says so", await page.isVisible(".picker__none"), true);
  if (errors.length) throw new Error(`console errors: ${errors.join("; ")}`);

  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await plain.goto(page_url);
  expect("radio buttons without JavaScript", await plain.locator(".choice:visible").count(), 8);
  await plain.locator("label[for=variant-7]").click();
  expect("the seventh", await shown(plain), [["T-7", "€17.00"]]);
  console.log("ok");
} finally {
  await browser.close();
}
