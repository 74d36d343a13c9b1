// Drives Debian's Chromium through Playwright for tests/phone.rs: the buying path of the
// example shop's product pages on a 390x844 phone, in the theme the served shop is on.
// For each page it measures the header, the photo, the title, the price, the picker and
// the first Buy button (the sold-out notice on a sold-out product) and checks that they
// sit on the first screen, that nothing scrolls sideways, that the header is one row of at
// most 64 px, that a bar with the price and Buy appears once the buy box has scrolled
// away, and that with JavaScript off every variant can be chosen and bought. On a 1440x900
// desktop, the first Buy is on the first screen too and the shorter of photos and buying
// column stays in view while the page scrolls.
// Arguments: the served shop's base URL, the theme's name, and optionally a file to append
// the measurements to (one JSON line a page) and a folder for screenshots at phone and
// desktop width. Prints `ok` when every check held; otherwise lists every failed check on
// stderr and exits non-zero.
import { appendFileSync } from "node:fs";
import { finish, launch } from "./browser.mjs";

const [base, theme, report, shots] = process.argv.slice(2);
const SCREEN = { width: 390, height: 844 };
const pages = [
  ["options", "/products/deep-field-giclee/"],
  ["named-variants", "/products/commander-portrait/"],
  ["sold-out", "/products/fundus-riso/"],
  ["video", "/products/launch-pad-riso/"],
];

/// Where the parts of the buying path are, in page pixels from the top, at scroll 0.
function measure() {
  const visible = (e) => e && e.checkVisibility() && e.getBoundingClientRect().height > 0;
  const first = (selector) => [...document.querySelectorAll(selector)].find(visible);
  const box = (e) => {
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return { top: Math.round(r.top + scrollY), bottom: Math.round(r.bottom + scrollY), height: Math.round(r.height) };
  };
  const span = (boxes) => boxes.length ? { top: Math.min(...boxes.map((b) => b.top)), bottom: Math.max(...boxes.map((b) => b.bottom)),
    height: Math.max(...boxes.map((b) => b.bottom)) - Math.min(...boxes.map((b) => b.top)) } : null;
  const header = document.querySelector(".site-header").getBoundingClientRect();
  const announcement = document.querySelector(".announcement")?.getBoundingClientRect();
  const inside = announcement && announcement.top >= header.top && announcement.bottom <= header.bottom;
  const buy = first("main .buy-buttons a");
  return {
    header: Math.round(header.bottom - (inside ? announcement.bottom : header.top)),
    announcement: announcement ? Math.round(announcement.height) : 0,
    photo: box(first("main picture img, main img")),
    title: box(first("main h1")),
    price: box(first("main .price")),
    picker: box(first("main .picker")) ?? span([...document.querySelectorAll("main .choice")].filter(visible).map(box)),
    buy: box(buy ?? first("main .stock--out")),
    buyKind: buy ? "button" : "sold-out notice",
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
}

const browser = await launch();
const failures = [];
const check = (what, ok, got) => { if (!ok) failures.push(`${theme} ${what}: ${JSON.stringify(got)}`); };
try {
  const phone = await browser.newContext({ viewport: SCREEN });
  const page = await phone.newPage();
  for (const [label, path] of pages) {
    await page.goto(`${base}${path}`, { waitUntil: "load" });
    const m = await page.evaluate(measure);
    if (report) appendFileSync(report, JSON.stringify({ theme, page: label, path, ...m }) + "\n");
    const where = `${label}:`;
    check(`${where} no sideways scrolling`, m.overflow === 0, m.overflow);
    check(`${where} header at most 64 px`, m.header <= 64, m.header);
    check(`${where} announcement on one line`, m.announcement <= 40, m.announcement);
    check(`${where} the first photo on the first screen`, m.photo && m.photo.bottom <= SCREEN.height && m.photo.height > 100, m.photo);
    for (const part of ["title", "price"]) check(`${where} ${part} on the first screen`, m[part] && m[part].bottom <= SCREEN.height, m[part]);
    if (label !== "sold-out") check(`${where} picker on the first screen`, !m.picker || m.picker.bottom <= SCREEN.height, m.picker);
    check(`${where} top of the first Buy (${m.buyKind}) on the first screen`, m.buy && m.buy.top < SCREEN.height, m.buy);
    if (label !== "sold-out") {
      await page.evaluate((y) => window.scrollTo(0, y), m.buy.bottom + SCREEN.height);
      const bar = page.locator(".buy-bar");
      await bar.waitFor({ state: "visible", timeout: 2000 }).catch(() => {});
      const shown = await bar.isVisible();
      check(`${where} buy bar after scrolling past the buy box`, shown, shown);
      if (shown) {
        await bar.locator("a").click();
        await page.waitForFunction(() => {
          const b = document.querySelector("main .buy-buttons a");
          return b && b.checkVisibility() && b.getBoundingClientRect().top >= 0 && b.getBoundingClientRect().bottom <= innerHeight;
        }, null, { timeout: 3000 }).catch(() => check(`${where} the bar's Buy jumps to the buy box`, false, "buy box not in view"));
      }
    }
  }

  // After "Add to basket" the basket and its count show in the header row, the menu shut,
  // and the notice links to the basket.
  await page.goto(`${base}${pages[0][1]}`, { waitUntil: "load" });
  await page.locator("form[data-basket-add] button").click();
  await page.waitForFunction(() => document.querySelector(".basket-add__status").textContent !== "");
  const basket = await page.evaluate(() => {
    const header = document.querySelector(".site-header").getBoundingClientRect();
    const inHeader = (e) => {
      const r = e.getBoundingClientRect();
      return e.checkVisibility() && r.height > 0 && r.top >= header.top && r.bottom <= header.bottom && r.right <= innerWidth;
    };
    const link = document.querySelector("[data-basket-link]");
    const count = link.querySelector("[data-basket-count]");
    const view = document.querySelector(".basket-add__status a");
    return {
      menuOpen: document.querySelector(".site-menu").open,
      link: inHeader(link), count: inHeader(count) && count.textContent, links: document.querySelectorAll("[data-basket-link]").length,
      view: view && view.getAttribute("href") === link.getAttribute("href"),
    };
  });
  check("after adding, the basket link and its count in the header with the menu shut",
    !basket.menuOpen && basket.link && basket.count === "1" && basket.links === 1, basket);
  check("after adding, the notice links to the basket", basket.view, basket);
  const afterAdding = await page.evaluate(measure);
  check("after adding, header at most 64 px", afterAdding.header <= 64, afterAdding.header);

  const desktop = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  for (const [label, path] of pages) {
    await desktop.goto(`${base}${path}`, { waitUntil: "load" });
    const buy = await desktop.evaluate(measure);
    check(`${label}: on a desktop the first Buy on the first screen`, buy.buy && buy.buy.top < 900, buy.buy);
    // Scrolled until the taller column's end reaches the bottom of the screen: the shorter
    // one is still wholly in view, or pinned by its bottom when taller than the screen.
    const columns = () => desktop.$$eval("[data-sticky]", (all) => all.map((c) => {
      const r = c.getBoundingClientRect();
      return { height: c.offsetHeight, top: Math.round(r.top), bottom: Math.round(r.bottom), end: Math.round(r.bottom + scrollY) };
    }).sort((a, b) => a.height - b.height));
    const before = await columns();
    check(`${label}: on a desktop photos and buying column side by side`, before.length === 2, before);
    if (before.length === 2 && before[1].end > 900 && before[1].height - before[0].height > 50) {
      await desktop.evaluate((y) => window.scrollTo(0, y), before[1].end - 900);
      await desktop.waitForTimeout(100);
      const [shorter] = await columns();
      check(`${label}: on a desktop the shorter column stays in view while scrolling`,
        shorter.top >= 0 || shorter.bottom >= 900 - 48, shorter);
    }
  }

  const noScript = await browser.newContext({ viewport: SCREEN, javaScriptEnabled: false });
  const plain = await noScript.newPage();
  for (const [label, path] of pages.filter(([l]) => l === "options" || l === "named-variants")) {
    await plain.goto(`${base}${path}`);
    const radios = await plain.locator("main input[type=radio]").evaluateAll((all) =>
      all.map((r) => [r.id, r.value, r.labels[0]?.checkVisibility() ?? false]));
    const count = radios.filter(([, , shown]) => shown).length;
    check(`${label}: without JavaScript the variants are radio buttons with visible labels`, count > 1, radios);
    for (const [id, sku, shown] of radios) {
      if (!shown) continue;
      await plain.locator(`label[for="${id}"]`).click();
      const links = await plain.locator("main .buy-buttons a:visible").evaluateAll((all) =>
        all.map((a) => a.closest("[data-variant]")?.dataset.variant ?? null));
      check(`${label}: without JavaScript, choosing ${sku} shows its buy links only`,
        links.length > 0 && links.every((v) => v === sku), links);
      const prices = await plain.locator("main .price:visible").count();
      check(`${label}: without JavaScript, one price line for ${sku}`, prices === 1, prices);
    }
  }

  if (shots) {
    for (const [name, width, height] of [["phone", 390, 844], ["desktop", 1440, 900]]) {
      const shot = await browser.newPage({ viewport: { width, height } });
      for (const [label, path] of pages) {
        await shot.goto(`${base}${path}`, { waitUntil: "load" });
        await shot.screenshot({ path: `${shots}/${theme}-${label}-${name}.png` });
      }
      await shot.close();
    }
  }
} finally {
  await browser.close();
}
finish(failures);
