// Run axe-core (WCAG 2.1 A and AA rules) on one HTML file in a real headless Chromium.
// Usage: node tests/axe/run-axe.mjs PAGE.html CHROMIUM_PATH
// Prints {"violations": [...], "passes": N, "requests": [...]} as JSON on stdout. The browser is
// the system's (puppeteer-core never downloads one); requests lists every URL the page asked
// for besides itself: a self-contained page asks for none.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const [page_path, chromium] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage();
  const url = pathToFileURL(page_path).href;
  const requests = [];
  page.on("request", (r) => {
    if (r.url() !== url && !r.url().startsWith("data:")) requests.push(r.url());
  });
  await page.setViewport({ width: 1400, height: 1000 });
  await page.goto(url, { waitUntil: "load" });
  // Injected through the DevTools protocol, so the page's Content-Security-Policy allows it.
  await page.evaluate(require("fs").readFileSync(require.resolve("axe-core"), "utf8"));
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    }),
  );
  const violations = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
  }));
  console.log(JSON.stringify({ violations, passes: result.passes.length, requests }));
} finally {
  await browser.close();
}
