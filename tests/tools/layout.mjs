// Drives Debian's Chromium through Playwright for tests/polish.rs: how the built example
// shop lays out in every theme. On a 390x844 phone, product cards sit two a row on the home
// page and the listings; on a 1440x900 desktop no card grid leaves one card alone on its
// last row; e-mail and postal addresses, SKUs and prices never break inside a word; buttons
// use the page's font; a video placeholder shows a still from the shop
// and its caption never covers the play button; search results carry the badges of the
// listing cards (the compact theme lists products as rows, one a row by design, so the
// two-a-row check skips grids that are not CSS grids); the menu lines up with the page, open
// on a phone and, in the compact theme, on its own line on a desktop.
// Arguments: `THEME=FOLDER` pairs, one a built site; with `--cards N` first, the sites are
// small shops of N products, all featured, and only the desktop's last rows are checked, on
// the home page and the product listing, which must each hold a CSS grid of N cards.
// Prints `ok` when every check held; otherwise lists every failed check on stderr and exits
// non-zero.
import { finish, launch, serve } from "./browser.mjs";

const args = process.argv.slice(2);
const cards = args[0] === "--cards" ? Number(args.splice(0, 2)[1]) : 0;
const sites = args.map((pair) => pair.split(/=(.*)/s).slice(0, 2));
const listings = ["/", "/products/", "/categories/prints/", "/categories/cards/", "/categories/digital/", "/zh-cn/"];
const unbroken = ["/catalog/", "/contact/", "/products/", "/products/deep-field-calendar/"];
const failures = [];
const check = (what, ok, got) => { if (!ok) failures.push(`${what}: ${JSON.stringify(got)}`); };

/// For each card grid of the page that is a CSS grid: how many cards, how many on the
/// first row and how many on the last.
function grids() {
  return [...document.querySelectorAll("main ul.grid")]
    .filter((g) => getComputedStyle(g).display === "grid" && g.children.length > 0)
    .map((g) => {
      const tops = [...g.children].map((c) => Math.round(c.getBoundingClientRect().top));
      return { cards: tops.length, first: tops.filter((t) => t === tops[0]).length, last: tops.filter((t) => t === tops.at(-1)).length };
    });
}

/// Words of e-mail addresses, postal addresses, SKUs, prices and badges that break across lines
/// (a word split in two has two boxes).
function brokenWords() {
  const broken = [];
  const places = "a[href^='mailto:'], .contact dd, .meta, .price, .row__sku, .facts__sku, .badge";
  for (const place of document.querySelectorAll(places)) {
    if (!place.checkVisibility()) continue;
    const walker = document.createTreeWalker(place, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        if (range.getClientRects().length > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}

/// The badge of each card on the page, by the card's link.
function badges() {
  return Object.fromEntries([...document.querySelectorAll("main .card")].map((c) =>
    [c.querySelector("a").getAttribute("href"), c.querySelector(".badge")?.textContent ?? ""]));
}

/// On a 1440x900 desktop, no CSS card grid of the pages at `paths` leaves one card alone on
/// its last row; with `wanted` cards, each page has a CSS card grid of that many.
async function noLoneCards(wide, base, theme, paths, wanted) {
  for (const path of paths) {
    await wide.goto(base + path, { waitUntil: "load" });
    const found = await wide.evaluate(grids);
    for (const grid of found) {
      if (grid.cards > 1) check(`${theme} ${path}: no lone card on the last row of a desktop`, grid.last > 1, grid);
    }
    if (wanted) {
      const counts = found.map((g) => g.cards);
      check(`${theme} ${path}: a grid of ${wanted} cards`, counts.includes(wanted), counts);
    }
  }
}

const browser = await launch();
try {
  for (const [theme, folder] of sites) {
    const server = await serve(folder);
    const base = `http://127.0.0.1:${server.address().port}`;
    if (cards) {
      const desktop = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await noLoneCards(await desktop.newPage(), base, theme, ["/", "/products/"], cards);
      await desktop.close();
      server.close();
      continue;
    }
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await phone.newPage();
    for (const path of listings) {
      await page.goto(base + path, { waitUntil: "load" });
      for (const grid of await page.evaluate(grids)) {
        if (grid.cards > 1) check(`${theme} ${path}: two cards a row on a phone`, grid.first === 2, grid);
      }
    }
    for (const path of unbroken) {
      await page.goto(base + path, { waitUntil: "load" });
      const broken = await page.evaluate(brokenWords);
      check(`${theme} ${path}: e-mail, address, SKUs and prices unbroken on a phone`, broken.length === 0, broken);
    }

    // The open menu on a phone lines up with the page: each part of it starts where the
    // brand does and ends where the header row does.
    await page.goto(`${base}/products/`, { waitUntil: "load" });
    await page.click(".site-menu > summary");
    const menu = await page.evaluate(() => {
      const brand = document.querySelector(".site-header .brand").getBoundingClientRect();
      const parts = [...document.querySelectorAll(".site-menu[open] > :not(summary)")].filter((e) => e.checkVisibility())
        .map((e) => { const r = e.getBoundingClientRect(); return [e.className, Math.round(r.left), Math.round(r.right)]; });
      return { left: Math.round(brand.left), right: 390 - Math.round(brand.left), parts };
    });
    check(`${theme}: the open menu on a phone lines up with the page`, menu.parts.length > 0
      && menu.parts.every(([, left, right]) => Math.abs(left - menu.left) <= 1 && right <= menu.right + 1), menu);
    await phone.close();

    const desktop = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const wide = await desktop.newPage();
    const nav = await (async () => {
      await wide.goto(`${base}/products/`, { waitUntil: "load" });
      return wide.evaluate(() => {
        const left = (q) => Math.round(document.querySelector(q).getBoundingClientRect().left);
        return { brand: left(".site-header .brand"), main: left("main h1"), menu: left(".site-nav li a") };
      });
    })();
    // Compact's menu is a line of its own under the header: it starts where the page does.
    check(`${theme}: on a desktop the menu starts inside the page's width`, nav.menu >= nav.main - 1, nav);
    if (theme === "compact") check(`${theme}: on a desktop the menu line starts where the page does`, Math.abs(nav.menu - nav.main) <= 2, nav);
    await noLoneCards(wide, base, theme, listings, 0);

    for (const path of unbroken) {
      await wide.goto(base + path, { waitUntil: "load" });
      const broken = await wide.evaluate(brokenWords);
      check(`${theme} ${path}: e-mail, address, SKUs and prices unbroken on a desktop`, broken.length === 0, broken);
    }

    // Buttons in the page's font: the sold-out product's "Notify me" and the footer's
    // "Subscribe" among them.
    await wide.goto(`${base}/products/fundus-riso/`, { waitUntil: "load" });
    const fonts = await wide.evaluate(() => {
      const body = getComputedStyle(document.body).fontFamily;
      return [...document.querySelectorAll("button")].filter((b) => b.checkVisibility())
        .map((b) => [b.textContent.trim(), getComputedStyle(b).fontFamily === body]);
    });
    check(`${theme}: buttons to check`, fonts.length >= 2, fonts);
    check(`${theme}: every button in the page's font`, fonts.every(([, same]) => same), fonts);

    // The video on a host: a still from the shop, the caption clear of the play button.
    for (const [size, context] of [["desktop", desktop], ["phone", await browser.newContext({ viewport: { width: 390, height: 844 } })]]) {
      const video = await context.newPage();
      await video.goto(`${base}/products/launch-pad-riso/`, { waitUntil: "load" });
      const frame = await video.evaluate(() => {
        const f = document.querySelector(".video__frame");
        f.scrollIntoView();
        const box = (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
        const still = f.querySelector("img");
        return { icon: box(f.querySelector(".video__icon")), caption: box(f.querySelector(".video__text")),
          still: still && new URL(still.currentSrc || still.src).host === location.host };
      });
      const apart = frame.icon.bottom <= frame.caption.top || frame.icon.top >= frame.caption.bottom
        || frame.icon.right <= frame.caption.left || frame.icon.left >= frame.caption.right;
      check(`${theme} ${size}: the video's caption does not cover the play button`, apart, frame);
      check(`${theme} ${size}: the video placeholder shows a still from the shop`, frame.still, frame);
      await video.close();
    }

    // Search results: the badges of the listing cards, "Pre-order" included.
    await wide.goto(`${base}/products/`, { waitUntil: "load" });
    const listed = await wide.evaluate(badges);
    await wide.goto(`${base}/search/?q=deep`, { waitUntil: "load" });
    await wide.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0, null, { timeout: 10000 });
    const found = await wide.evaluate(badges);
    check(`${theme}: search shows the pre-order badge`, Object.values(found).includes("Pre-order"), found);
    if (theme !== "compact") {
      for (const [url, badge] of Object.entries(found)) {
        check(`${theme}: search badge of ${url} as on its listing card`, badge === listed[url], { search: badge, listing: listed[url] });
      }
    }
    await desktop.close();
    server.close();
  }
} finally {
  await browser.close();
}
finish(failures);
