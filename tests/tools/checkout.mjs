// Drives Debian's Chromium through Playwright for tests/checkout.rs: a buyer adds things
// from product pages, pays by card from /basket/ and comes back to the thanks page (the
// seller's own pages/thanks.md), which empties the basket. The built site and its Netlify
// checkout function are served by checkout-server.mjs, pointed at the fake Stripe, whose
// sessions' pages pay at once and send the buyer to the success URL. A failure of Stripe
// shows the basket's message in the page's language.
//
//   node checkout.mjs SITE_DIR NETLIFY_FUNCTION_FILE
import { pathToFileURL } from "node:url";
import { addToBasket, expect, launch, pageWithErrors } from "./browser.mjs";
import { serveSite } from "./checkout-server.mjs";
import { startFake } from "./fake-stripe.mjs";

const [siteDir, functionFile] = process.argv.slice(2);
const { child: fake, base: stripe } = await startFake();
process.env.STRIPE_SECRET_KEY = "rk_test_shopBrowser42";
process.env.SHOP_STRIPE_API = stripe;
const handler = (await import(pathToFileURL(functionFile).href)).default;
const site = await serveSite(siteDir, handler);
const base = site.base;
const browser = await launch();

const basketLines = (page) => page.evaluate(() => {
  const key = Object.keys(localStorage).find((k) => k.startsWith("shop-basket:"));
  return JSON.parse(localStorage.getItem(key)).lines.map((l) => [l.sku, l.qty]);
});

try {
  const { page, errors } = await pageWithErrors(browser);
  await addToBasket(page, base + "/products/card/", "CARD-B", 2);
  await addToBasket(page, base + "/products/poster/", "POSTER", 1);
  await addToBasket(page, base + "/products/frame/", "FRAME", 1);
  expect("the basket", await basketLines(page), [["CARD-B", 2], ["POSTER", 1], ["FRAME", 1]]);

  // Stripe fails once: the Chinese basket says so in Chinese, and the buyer can try again.
  await page.goto(`${base}/zh-cn/basket/`);
  await page.selectOption("#basket-country", "PT");
  await page.locator("[data-pay-button]").waitFor({ state: "visible" });
  await fetch(`${stripe}/_fake/fail`, { method: "POST", body: JSON.stringify({ nth: 1, status: 500 }) });
  await page.click("[data-pay-button]");
  await page.waitForFunction(() => document.querySelector(".basket__pay-status").textContent.includes("无法"));
  expect("the failure message", await page.textContent(".basket__pay-status"), "无法打开支付页面。请稍后再试，或用消息发送订单。");
  expect("the button works again", await page.isEnabled("[data-pay-button]"), true);

  // On a phone the names keep most of the width (the line's tools go under them), and the
  // country is a field as tall as a finger.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/basket/`);
  await page.locator("[data-pay-button]").waitFor({ state: "visible" });
  const names = await page.$$eval(".basket__name", (n) => n.map((e) => e.getBoundingClientRect().width));
  expect("names at least 240 px wide on a phone", names.every((w) => w >= 240), true);
  const country = await page.$eval("#basket-country", (e) => e.getBoundingClientRect());
  expect("a full-width country field of 44 px", [country.height >= 44, country.width >= 300], [true, true]);
  await Promise.all([page.waitForURL(/\/thanks\/\?session_id=cs_test_/), page.click("[data-pay-button]")]);
  await page.waitForFunction(() => document.querySelector("[data-basket-count]").textContent === "0");
  expect("the seller's own thanks page", await page.textContent("h1"), "Thank you for your order");
  expect("the basket is empty", await basketLines(page), []);

  const sessions = await (await fetch(`${stripe}/_fake/objects/checkout_sessions`)).json();
  const paid = sessions.find((s) => page.url().endsWith(s.id));
  expect("the paid session", [paid.payment_status, paid.amount_subtotal, paid.amount_total], ["paid", 6300, 7750]);
  const unexpected = errors.filter((e) => !/status of 502/.test(e));
  if (unexpected.length) throw new Error(`console errors: ${unexpected.join("; ")}`);
  console.log(JSON.stringify({ session: paid.id, url: page.url() }));
} finally {
  await browser.close();
  site.server.close();
  fake.stdin.end();
}
