// Reads Lighthouse JSON reports, keeps the median run of each page (by performance
// score), copies it to docs/lighthouse/<page>.json and prints the README table.
// Usage: node summarize.mjs OUT_DIR DOCS_DIR page1 page2 ... (reports: OUT_DIR/<page>-<n>.json)
import { readFileSync, readdirSync, copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const [out, docs, ...pages] = process.argv.slice(2);
const categories = ["performance", "accessibility", "best-practices", "seo"];
mkdirSync(docs, { recursive: true });
const rows = [];
for (const page of pages) {
  const runs = readdirSync(out)
    .filter((f) => f.startsWith(`${page}-`) && f.endsWith(".json"))
    .map((f) => ({ file: join(out, f), report: JSON.parse(readFileSync(join(out, f), "utf8")) }))
    .sort((a, b) => a.report.categories.performance.score - b.report.categories.performance.score);
  if (runs.length === 0) throw new Error(`no reports for ${page}`);
  const median = runs[Math.floor(runs.length / 2)];
  copyFileSync(median.file, join(docs, `${page}.json`));
  const scores = categories.map((c) => Math.round(median.report.categories[c].score * 100));
  const path = new URL(median.report.finalDisplayedUrl).pathname;
  rows.push(`| \`${path}\` | ${scores.join(" | ")} | ${runs.length} |`);
}
console.log("| Page | Performance | Accessibility | Best practices | SEO | Runs |");
console.log("|---|---|---|---|---|---|");
console.log(rows.join("\n"));
