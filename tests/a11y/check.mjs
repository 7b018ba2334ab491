// coguide's browser test: visits pages of built sites in headless Chromium the way a
// reader with a keyboard, a phone, zoom or a screen reader meets them.
//
//   node check.mjs JOB.json
//
// JOB.json: { "chromium": "/usr/bin/chromium",
//             "sites": [ { "name": "demo", "dir": "/tmp/x/site", "pages": "all" },
//                        { "name": "large", "dir": "...", "pages": ["/", "/voices/"] } ] }
//
// Every site is served on 127.0.0.1 from its own folder; requests to anywhere else are
// refused, so the test is offline and the same on every run. For each page:
//   - axe-core with the WCAG 2.0/2.1/2.2 A and AA tags and best-practice, light scheme;
//     and axe's colour-contrast rule again in the dark scheme;
//   - the first Tab lands on a visible skip link whose target exists;
//   - exactly one h1, one main landmark, a lang and a title;
//   - no horizontal scrolling at 320 CSS pixels (WCAG 1.4.10, the same as 400% zoom of a
//     1280 px window), also with WCAG 1.4.12 text spacing applied;
// then the Nu HTML Checker over every visited file.
// Prints one JSON report on stdout; exits 1 if anything failed, 2 if it could not run.
import { readFileSync, existsSync, statSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import { join, extname, resolve, relative, sep } from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const VNU_JAR = join(
  require.resolve("vnu-jar/package.json"),
  "..",
  "build",
  "dist",
  "vnu.jar",
);
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};
// WCAG 1.4.12: readers may override these; nothing may be lost or overflow.
const TEXT_SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`;

function serve(dir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) file = null;
    if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (file && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(readFileSync(file));
    } else {
      const notFound = join(root, "404.html");
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(existsSync(notFound) ? readFileSync(notFound) : "not found");
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// Every .html file under dir, as the URL path a reader would use.
function allPages(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html")) {
        const rel = "/" + relative(dir, p).split(sep).join("/");
        out.push(rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel);
      }
    }
  };
  walk(dir);
  return out.sort();
}

function fileOf(dir, page) {
  return join(dir, page.endsWith("/") ? page + "index.html" : page);
}

async function checkPage(context, base, page) {
  const failures = [];
  const tab = await context.newPage();
  const jsErrors = [];
  tab.on("pageerror", (e) => jsErrors.push(String(e)));
  try {
    await tab.setViewportSize({ width: 1280, height: 800 });
    const response = await tab.goto(base + page, { waitUntil: "load" });
    if (!response || response.status() !== 200) {
      failures.push(`answered ${response ? response.status() : "nothing"}, expected 200`);
    }

    // The first Tab from a fresh load must land on a visible skip link to an existing id.
    await tab.keyboard.press("Tab");
    const skip = await tab.evaluate(() => {
      const a = document.activeElement;
      if (!a || a.tagName !== "A") return { problem: `first Tab lands on <${a ? a.tagName.toLowerCase() : "nothing"}>, not a skip link` };
      const href = a.getAttribute("href") || "";
      if (!href.startsWith("#") || href.length < 2) return { problem: `first Tab lands on a link to "${href}", not a skip link` };
      const target = document.getElementById(decodeURIComponent(href.slice(1)));
      if (!target) return { problem: `the skip link points to ${href}, which does not exist` };
      const r = a.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || r.bottom < 0 || r.top > innerHeight) return { problem: "the skip link is not visible when it has focus" };
      return { problem: null };
    });
    if (skip.problem) failures.push(skip.problem);

    const structure = await tab.evaluate(() => {
      const visible = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
      return {
        h1: document.querySelectorAll("h1").length,
        main: [...document.querySelectorAll("main, [role=main]")].filter(visible).length,
        lang: document.documentElement.getAttribute("lang") || "",
        title: document.title.trim(),
      };
    });
    if (structure.h1 !== 1) failures.push(`has ${structure.h1} h1 headings, expected exactly 1`);
    if (structure.main !== 1) failures.push(`has ${structure.main} main landmarks, expected exactly 1`);
    if (!structure.lang) failures.push("the html element has no lang");
    if (!structure.title) failures.push("the page has no title");

    await tab.addScriptTag({ content: AXE_SOURCE });
    const light = await tab.evaluate(
      (tags) => axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      AXE_TAGS,
    );
    for (const v of light.violations) {
      for (const n of v.nodes) failures.push(`axe ${v.id} (light): ${v.help} at ${n.target.join(" ")}`);
    }
    await tab.emulateMedia({ colorScheme: "dark" });
    const dark = await tab.evaluate(() =>
      axe.run(document, { runOnly: { type: "rule", values: ["color-contrast", "link-in-text-block"] }, resultTypes: ["violations"] }),
    );
    for (const v of dark.violations) {
      for (const n of v.nodes) failures.push(`axe ${v.id} (dark): ${v.help} at ${n.target.join(" ")}`);
    }
    await tab.emulateMedia({ colorScheme: "light" });

    // Reflow at 320 CSS px, then again with text spacing overridden.
    await tab.setViewportSize({ width: 320, height: 640 });
    for (const spacing of [false, true]) {
      if (spacing) await tab.addStyleTag({ content: TEXT_SPACING });
      const wide = await tab.evaluate(() => {
        const width = document.documentElement.scrollWidth;
        if (width <= innerWidth) return null;
        // Name the widest elements that are not inside their own scrolling box.
        const scrolls = (e) => {
          for (let p = e.parentElement; p; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX;
            if (o === "auto" || o === "scroll") return true;
          }
          return false;
        };
        const culprits = [...document.body.querySelectorAll("*")]
          .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && !scrolls(e))
          .slice(0, 3)
          .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).split(" ")[0] : ""));
        return `${width}px wide (${culprits.join(", ")})`;
      });
      if (wide) failures.push(`scrolls sideways at 320px${spacing ? " with text spacing" : ""}: ${wide}`);
    }
  } catch (e) {
    failures.push(`could not be checked: ${e.message.split("\n")[0]}`);
  } finally {
    await tab.close();
  }
  for (const e of jsErrors) failures.push(`script error: ${e}`);
  return failures;
}

async function main() {
  const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
  const browser = await chromium.launch({
    executablePath: job.chromium,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const report = { pages: [], html: [], failures: 0 };
  const files = [];
  try {
    for (const site of job.sites) {
      const server = await serve(site.dir);
      const base = `http://127.0.0.1:${server.address().port}`;
      const context = await browser.newContext({ reducedMotion: "no-preference" });
      await context.route("**/*", (route) =>
        route.request().url().startsWith(base) ? route.continue() : route.abort(),
      );
      const pages = site.pages === "all" ? allPages(site.dir) : site.pages;
      // Two pages at a time: one per core.
      let next = 0;
      const worker = async () => {
        while (next < pages.length) {
          const page = pages[next++];
          const failures = await checkPage(context, base, page);
          report.pages.push({ site: site.name, page, failures });
          report.failures += failures.length;
          files.push(fileOf(site.dir, page));
        }
      };
      await Promise.all([worker(), worker()]);
      await context.close();
      server.close();
    }
  } finally {
    await browser.close();
  }

  // The Nu HTML Checker over every page visited: zero errors.
  // It writes its JSON report to stderr, and exits 1 when it finds errors.
  const vnu = spawnSync("java", ["-jar", VNU_JAR, "--format", "json", "--errors-only", ...files], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (vnu.error || !vnu.stderr.trim().startsWith("{")) {
    console.error(`The Nu HTML Checker could not run: ${vnu.error ?? vnu.stderr}`);
    process.exit(2);
  }
  {
    for (const m of JSON.parse(vnu.stderr).messages ?? []) {
      if (m.type === "error" || m.subType === "fatal") {
        report.html.push(`${m.url.replace("file:", "")}:${m.lastLine ?? "?"}: ${m.message}`);
        report.failures += 1;
      }
    }
  }
  report.pages.sort((a, b) => (a.site + a.page).localeCompare(b.site + b.page));
  console.log(JSON.stringify(report, null, 2));
  process.exit(report.failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`The browser test could not run: ${e.stack || e}`);
  process.exit(2);
});
