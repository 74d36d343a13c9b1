// Drives Debian's Chromium through Playwright for tests/basket.rs, on the basket shop of
// that file served by `shop serve`: adds items from several product pages, reloads,
// changes a quantity, removes a line, picks a country, checks what cannot be added, edits
// a price (the server rebuilds) and checks the basket says so, and looks at a product page
// with JavaScript off. Then it makes the order code of each order of the table it is given
// in the browser. Prints one JSON object for the Rust side to compare with `shop`.
import { readFileSync, writeFileSync } from "node:fs";
import { addToBasket, expect, launch, pageWithErrors } from "./browser.mjs";

const [base, shopDir, tableFile] = process.argv.slice(2);
const browser = await launch();
const out = {};
const visible = (page, css) => page.locator(css).first().isVisible();

async function add(page, path, sku, quantity) {
  await addToBasket(page, `${base}${path}`, sku, quantity);
  expect("the added notice", await page.locator("form[data-basket-add] [role=status]").textContent(), "Added to the basket · View basket");
}

// Edits a file of the served shop and opens /basket/ once the server has rebuilt it (its
// price list changed). A page of the build being replaced may name a price list already
// gone, so errors seen meanwhile are dropped; and that page's live reload may cut short a
// visit under way, which is then made again.
async function edit(page, errors, file, from, to) {
  const before = await page.getAttribute("[data-basket-page]", "data-prices");
  const path = `${shopDir}/${file}`;
  writeFileSync(path, readFileSync(path, "utf8").replace(from, to));
  for (let changed = false; !changed;) {
    try {
      await page.goto(`${base}/basket/`);
      changed = (await page.getAttribute("[data-basket-page]", "data-prices")) !== before;
    } catch (e) {
      if (!/ERR_ABORTED|context was destroyed|interrupted by another navigation/.test(e.message)) throw e;
    }
  }
  errors.length = 0;
}

async function basketText(page) {
  await page.waitForFunction(() => !document.querySelector(".basket__checkout").hidden);
  return {
    lines: await page.$$eval(".basket__line .basket__name", (n) => n.map((e) => e.textContent)),
    subtotal: await page.textContent("[data-basket-subtotal]"),
    postage: await page.textContent("[data-basket-postage]"),
    total: await page.textContent("[data-basket-total]"),
    message: await page.inputValue("#basket-message"),
  };
}

try {
  const { page, errors } = await pageWithErrors(browser);

  // A sold-out variant and a subscription cannot go in.
  await page.goto(`${base}/products/card/`);
  await page.locator("form[data-basket-add]").waitFor({ state: "visible" });
  expect("a sold-out variant is disabled",
    await page.$eval("option[value=CARD-G]", (o) => o.disabled), true);
  expect("one variant choice: the form's own select is hidden", await visible(page, "form[data-basket-add] select"), false);
  await page.click(`#buy label[for="${await page.getAttribute("#buy .choice__input[data-sku=CARD-G]", "id")}"]`);
  expect("a sold-out pick cannot be added", await page.isDisabled("form[data-basket-add] button"), true);
  await page.goto(`${base}/products/club/`);
  expect("a subscription has no basket form", await page.locator("form[data-basket-add]").count(), 0);
  await page.goto(`${base}/products/mug/`);
  expect("a sold-out product has no basket form", await page.locator("form[data-basket-add]").count(), 0);

  await add(page, "/products/card/", "CARD-B", 2);
  await add(page, "/products/card/", "CARD-R", 1);
  await add(page, "/products/poster/", "POSTER", 1);
  await page.reload();
  await page.waitForFunction(() => document.querySelector("[data-basket-count]").textContent === "4");

  await page.goto(`${base}/basket/`);
  await page.waitForSelector(".basket__line");
  expect("three lines", await page.locator(".basket__line").count(), 3);
  await page.click("[data-more=CARD-B]");
  expect("focus stays on the stepper", await page.evaluate(() => document.activeElement.dataset.more), "CARD-B");
  await page.locator("button[aria-label='Remove Card, Red']").click();
  await page.selectOption("#basket-country", "PT");
  out.en = await basketText(page);
  expect("no notice while prices stay", await page.textContent(".basket__notices"), "");

  await page.goto(`${base}/zh-cn/basket/`);
  out.zh = await basketText(page);

  // The seller raises the poster's price; the server rebuilds; the basket says so.
  await edit(page, errors, "products/poster.md", "price: 30", "price: 35");
  await page.waitForFunction(() => document.querySelector(".basket__notices").textContent !== "");
  expect("the price-changed notice", await page.textContent(".basket__notices"),
    "The price of Poster changed from €30.00 to €35.00.");
  out.repriced = await basketText(page);

  // Sold out since it was added: marked and left out of the total.
  await edit(page, errors, "products/card.md", "sku: CARD-B, price: 4, stock: 5", "sku: CARD-B, price: 4, stock: 0");
  await page.waitForSelector(".basket__line--out");
  out.soldOut = await basketText(page);
  out.soldOutNote = await page.textContent(".basket__line--out");

  // The browser's codes of the table's orders, made from the served price list.
  const table = JSON.parse(readFileSync(tableFile, "utf8"));
  out.table = await page.evaluate(async (table) => {
    const url = document.querySelector("[data-basket-page]").dataset.prices;
    const list = await (await fetch(url)).json();
    const b = window.shopBasket;
    return table.map(([lines, country]) => {
      const kept = lines.map(([sku, qty]) => ({ sku, qty, item: list.items[sku] }));
      const subtotal = kept.reduce((n, l) => n + l.item.price * l.qty, 0);
      const postage = b.postage(b.zoneFor(list, country), kept, subtotal);
      return { code: b.orderCode(list, kept, country, postage), postage, total: subtotal + postage };
    });
  }, table);
  if (errors.length) throw new Error(`console errors: ${errors.join("; ")}`);

  // Without JavaScript the product page keeps its own buttons, and no basket shows.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto(`${base}/products/poster/`);
  expect("its own buy button", await visible(plain, ".buy-buttons a"), true);
  expect("no basket form", await visible(plain, "form[data-basket-add]"), false);
  expect("no basket link", await visible(plain, "[data-basket-link]"), false);

  console.log(JSON.stringify(out));
} finally {
  await browser.close();
}
