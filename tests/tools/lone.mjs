// Drives Debian's Chromium through Playwright for tests/zh.rs: on each page given, at
// 390x844 and 1440x900, finds every visible Chinese or Japanese heading and product title
// (h1-h3, card and row titles) whose last line holds one character alone, measuring where
// each character of it lands (Range.getClientRects). Needs a CJK font (fonts-noto-cjk),
// without which Chromium draws boxes of another width.
// Arguments: the served site's base URL, the theme's name, then the site paths to load.
// Prints `ok` and the number of headings measured when none ends alone; otherwise lists
// each on stderr and exits non-zero.
import { launch } from "./browser.mjs";

const [base, theme, ...paths] = process.argv.slice(2);
const SCREENS = [{ width: 390, height: 844 }, { width: 1440, height: 900 }];

/// Each visible CJK heading of the page as the lines its letters and digits fall on.
function headingLines() {
  const headings = document.querySelectorAll("h1, h2, h3, .card__title, .row__title");
  const result = [];
  for (const heading of headings) {
    const box = heading.getBoundingClientRect();
    if (!heading.checkVisibility() || box.width < 2 || !heading.matches(":lang(zh), :lang(ja)")) continue;
    const lines = [];
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let i = 0;
      for (const ch of node.data) {
        const at = i;
        i += ch.length;
        if (!/[\p{L}\p{N}]/u.test(ch)) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + ch.length);
        const rect = range.getClientRects()[0];
        if (!rect || rect.width === 0) continue;
        const last = lines[lines.length - 1];
        if (last && rect.top < last.top + (last.bottom - last.top) / 2) {
          last.text += ch;
        } else {
          lines.push({ top: rect.top, bottom: rect.bottom, text: ch });
        }
      }
    }
    result.push(lines.map((l) => l.text));
  }
  return result;
}

const browser = await launch();
const failures = [];
let measured = 0;
try {
  for (const viewport of SCREENS) {
    const context = await browser.newContext({ viewport, javaScriptEnabled: true });
    const page = await context.newPage();
    for (const path of paths) {
      await page.goto(base + path, { waitUntil: "load" });
      for (const lines of await page.evaluate(headingLines)) {
        measured += 1;
        if (lines.length > 1 && [...lines[lines.length - 1]].length === 1) {
          failures.push(`${theme} ${viewport.width}px ${path}: ${JSON.stringify(lines)}`);
        }
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`one character alone on the last line of ${failures.length} of ${measured} headings:\n${failures.join("\n")}`);
  process.exit(1);
}
console.log(`ok ${measured}`);
