// Drives Debian's Chromium through Playwright for tests/browser.rs: on the example shop,
// the "Pay with your phone" box opens to QR codes that load, and every QR code and photo
// of the printable catalogue loads.
// Prints `ok` when every step saw what it should; any failure exits non-zero.
import { expect, launch, pageWithErrors } from "./browser.mjs";

const [base] = process.argv.slice(2);
const loaded = (selector) => (page) => page.$$eval(selector, (all) => all.map((i) => i.complete && i.naturalWidth > 0));
const browser = await launch();
try {
  const { page, errors } = await pageWithErrors(browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${base}/products/launch-pad-riso/`);
  expect("closed at first", await page.$eval(".scan", (d) => d.open), false);
  await page.click(".scan summary");
  await page.waitForFunction(() => [...document.querySelectorAll(".scan__codes img")]
    .every((i) => i.complete && i.naturalWidth > 0));
  expect("a code per link, shown", await page.$$eval(".scan__codes img", (all) => all.map((i) => i.getBoundingClientRect().width)), [148, 148]);
  expect("labelled", await page.$$eval(".scan__codes span", (all) => all.map((s) => s.textContent)), ["Buy with card", "Pay with PayPal"]);

  await page.goto(`${base}/catalog/`);
  await page.waitForLoadState("load");
  const codes = await loaded(".catalog__qr")(page);
  expect("every catalogue code loads", codes.length > 10 && codes.every(Boolean), true);
  expect("every catalogue photo loads", (await loaded(".catalog__photo")(page)).every(Boolean), true);

  if (errors.length) throw new Error(`console errors: ${errors.join("; ")}`);
  console.log("ok");
} finally {
  await browser.close();
}
