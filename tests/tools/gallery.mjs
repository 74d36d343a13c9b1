// Screenshots for the theme gallery in docs/themes.md, taken by scripts/theme-gallery.sh:
// the home page and a product page of the example shop at phone and desktop width, as
// JPEG (a tenth of a PNG's size for photos). Arguments: the served site's base URL, the
// theme's name and the folder to write <theme>-<page>-<width>.jpg into. Each shot is the
// top of the page, two screens tall, so it shows more than the first screen; the desktop
// one at half scale, 640 pixels wide, to stay small. At phone width also the first screen
// alone of a product with variants (<theme>-first-screen-390.jpg).
import { launch } from "./browser.mjs";

const [base, theme, out] = process.argv.slice(2);
const pages = [["home", "/"], ["product", "/products/deep-field-giclee/"]];
const browser = await launch();
try {
  for (const [width, height, scale] of [[390, 844, 1], [1280, 800, 0.5]]) {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: scale });
    for (const [label, path] of pages) {
      await page.goto(`${base}${path}`, { waitUntil: "load" });
      // Chromium starts lazy photos this close to the screen: wait for those in the shot
      // (hidden ones, such as the variants' photos behind the picker, never load).
      await page.waitForFunction((bottom) => [...document.images]
        .filter((i) => i.checkVisibility() && i.getBoundingClientRect().top < bottom)
        .every((i) => i.complete), 2 * height, { timeout: 10000 });
      const clip = { x: 0, y: 0, width, height: Math.min(2 * height, await page.evaluate(() => document.documentElement.scrollHeight)) };
      await page.screenshot({ path: `${out}/${theme}-${label}-${width}.jpg`, type: "jpeg", quality: 70, fullPage: true, clip });
    }
    if (width === 390) {
      // What a buyer sees first on a phone, one screen: photo, title, price, picker, Buy.
      await page.goto(`${base}/products/commander-portrait/`, { waitUntil: "load" });
      await page.waitForFunction(() => [...document.images]
        .filter((i) => i.checkVisibility() && i.getBoundingClientRect().top < innerHeight)
        .every((i) => i.complete), null, { timeout: 10000 });
      await page.screenshot({ path: `${out}/${theme}-first-screen-390.jpg`, type: "jpeg", quality: 70 });
    }
    await page.close();
  }
} finally {
  await browser.close();
}
