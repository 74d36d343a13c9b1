// Drives Debian's Chromium through Playwright for tests/polish.rs: every page of the built
// example shop, in every theme, at 390x844, and checks that none scrolls sideways
// (`document.documentElement.scrollWidth` at most 390). Each built site is served from
// its folder by a small static server (browser.mjs), so the pages are exactly what `shop build`
// wrote; redirect pages (old addresses, `http-equiv="refresh"`) are left out, as no buyer
// reads them. One browser, one context a theme, pages in sequence.
// Arguments: `THEME=FOLDER` pairs, one a built site. Prints `ok` when every page fits;
// otherwise lists every page that is too wide (theme, page, width) on stderr and exits
// non-zero.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { finish, launch, serve } from "./browser.mjs";

const WIDTH = 390;

/// Every `.html` file under `folder`, as paths from it with `/` between parts.
function htmlFiles(folder) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".html") && !/http-equiv="?refresh/i.test(readFileSync(path, "utf8"))) {
        found.push(relative(folder, path).split(sep).join("/"));
      }
    }
  };
  walk(folder);
  return found.sort();
}

/// The address a page is linked at: its folder for an `index.html`.
const urlPath = (file) => "/" + file.replace(/(^|\/)index\.html$/, "$1");

const sites = process.argv.slice(2).map((pair) => pair.split(/=(.*)/s).slice(0, 2));
const browser = await launch();
const failures = [];
let pages = 0;
try {
  for (const [theme, folder] of sites) {
    const server = await serve(folder);
    const base = `http://127.0.0.1:${server.address().port}`;
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 844 } });
    const page = await context.newPage();
    for (const file of htmlFiles(folder)) {
      await page.goto(base + urlPath(file), { waitUntil: "load" });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      pages += 1;
      if (width > WIDTH) failures.push(`${theme} ${urlPath(file)}: ${width} px wide`);
    }
    await context.close();
    server.close();
  }
} finally {
  await browser.close();
}
finish(failures, `${failures.length} of ${pages} pages scroll sideways at ${WIDTH} px:`);
