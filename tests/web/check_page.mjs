// The web edition in a real browser: Debian's chromium, driven by puppeteer-core (never a
// downloaded browser). Prints one JSON object: axe-core's WCAG 2.1 A/AA violations, every
// request the page made besides itself, each section's heading and text, and the overflow at
// a 390 px phone and at 400 % zoom of a 1280 px window (320 CSS px), scrolling with and without
// prefers-reduced-motion, and the number of pages it prints on.
// Usage: node check_page.mjs PAGE.html
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const page_url = pathToFileURL(process.argv[2]).href;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage();
  const requests = [];
  await page.setRequestInterception(true);
  page.on("request", (req) => {
    const url = req.url();
    if (url.split("#")[0] !== page_url && !url.startsWith("data:")) {
      requests.push(url);
      req.abort();
    } else {
      req.continue();
    }
  });
  const cspErrors = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
  });
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(page_url, { waitUntil: "load" });
  const sections = await page.evaluate(() =>
    [...document.querySelectorAll("section[id^=slide-]")].map((s) => ({
      id: s.id,
      heading: (s.querySelector("h1, h2")?.textContent ?? "").replace(/\s+/g, ""),
      labelledBy: s.getAttribute("aria-labelledby"),
      text: s.textContent.replace(/\s+/g, ""),
    })),
  );
  const h1 = await page.evaluate(() => document.querySelectorAll("h1").length);
  const overflow = {};
  for (const width of [390, 320]) {
    await page.setViewport({ width, height: 800 });
    overflow[width] = await page.evaluate(() => {
      const doc = document.documentElement;
      const wide = [...document.querySelectorAll("main *")]
        .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1)
        .slice(0, 5)
        .map((el) => el.tagName + "." + (el.className.baseVal ?? el.className));
      return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide };
    });
  }
  // Motion only for those who have not asked for less.
  const scroll = {};
  for (const value of ["reduce", "no-preference"]) {
    await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value }]);
    scroll[value] = await page.evaluate(
      () => getComputedStyle(document.documentElement).scrollBehavior,
    );
  }
  // Printed: count the pages (one slide a page).
  const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  const printPages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  // axe runs as a test's script: the page's CSP (rightly) forbids it, so it is lifted for this.
  const axePage = await browser.newPage();
  await axePage.setBypassCSP(true);
  await axePage.goto(page_url, { waitUntil: "load" });
  await axePage.addScriptTag({ path: axePath });
  const axe = {};
  for (const width of [1280, 390]) {
    await axePage.setViewport({ width, height: 800 });
    axe[width] = await axePage.evaluate(async () => {
      const res = await window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        resultTypes: ["violations"],
      });
      return res.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " " + n.failureSummary),
      }));
    });
  }
  console.log(
    JSON.stringify({ h1, sections, requests, cspErrors, overflow, scroll, printPages, axe }),
  );
} finally {
  await browser.close();
}
