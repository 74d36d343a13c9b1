// Drives Debian's Chromium through Playwright for tests/browser.rs: a product page with a
// YouTube video and a video file contacts no host but the shop's own until the visitor
// clicks Play (the file itself waits for its own Play), the click puts the
// youtube-nocookie player in the placeholder's place and moves focus to it, and without
// JavaScript the placeholder is a plain link to the video on YouTube. Every request to
// another host is recorded and answered here, so the test needs no network.
// Prints `ok` when every step saw what it should; any failure exits non-zero.
import { expect, launch } from "./browser.mjs";

const [page_url] = process.argv.slice(2);
const local = new URL(page_url).host;
const browser = await launch();
try {
  const context = await browser.newContext();
  const requests = [];
  context.on("request", (r) => requests.push(r.url()));
  await context.route((url) => url.host !== local, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Player</title>" }));
  const foreign = () => requests.filter((u) => new URL(u).host !== local);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));

  await page.goto(page_url, { waitUntil: "networkidle" });
  const button = page.locator("button.video__frame");
  expect("the link became a button", await button.count(), 1);
  expect("which says what it loads", await button.locator(".video__label").textContent(), "Play here (loads YouTube)");
  expect("no request to another host before the click", foreign(), []);
  expect("the file waits for its own Play", requests.filter((u) => u.endsWith(".mp4")), []);
  expect("no player yet", await page.locator("iframe").count(), 0);

  await button.click();
  const player = page.locator("iframe.video__player");
  await player.waitFor();
  expect("the privacy-friendlier player", await player.getAttribute("src"), "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
  expect("named for screen readers", await player.getAttribute("title"), "Making the apron");
  expect("focus moves to it", await page.evaluate(() => document.activeElement.tagName), "IFRAME");
  await player.scrollIntoViewIfNeeded();
  for (let i = 0; i < 50 && foreign().length === 0; i++) await page.waitForTimeout(100);
  expect("only the player's host after the click", [...new Set(foreign().map((u) => new URL(u).host))], ["www.youtube-nocookie.com"]);
  expect("no page errors", errors, []);

  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await plain.goto(page_url);
  expect("without JavaScript, a link to the video on YouTube", await plain.locator("a.video__frame").getAttribute("href"), "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  expect("and no button", await plain.locator("button.video__frame").count(), 0);

  console.log("ok");
} finally {
  await browser.close();
}
