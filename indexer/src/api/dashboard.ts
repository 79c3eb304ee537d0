/**
 * The public transparency dashboard (docs/dashboard.md), served by the indexer's own HTTP server: the
 * page and its script and style from `dashboard/`, and the charting library (Chart.js) from
 * `node_modules`, never from a CDN. The page reads only this server's JSON API (`/api/...`).
 *
 * Every answer carries a strict Content-Security-Policy: scripts, styles, images and requests from this
 * origin only, no inline script or style, no frames, no forms. `/` redirects to the page.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { Hono } from "hono";

import { REPO_ROOT } from "../../lib/suite.js";

const DASHBOARD_DIR = path.join(REPO_ROOT, "dashboard");
// chart.js's package entry is dist/chart.cjs; its browser build (UMD, global `Chart`) sits beside it.
const CHART_JS = path.join(
  path.dirname(createRequire(path.join(REPO_ROOT, "package.json")).resolve("chart.js")),
  "chart.umd.min.js",
);

/** The headers of every dashboard answer. */
export const DASHBOARD_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "cache-control": "no-cache",
};

/** The files the page is made of: URL path → file and content type. */
const FILES: Record<string, { file: string; type: string }> = {
  "/dashboard/": { file: path.join(DASHBOARD_DIR, "index.html"), type: "text/html; charset=utf-8" },
  "/dashboard/app.js": { file: path.join(DASHBOARD_DIR, "app.js"), type: "text/javascript; charset=utf-8" },
  "/dashboard/format.js": { file: path.join(DASHBOARD_DIR, "format.js"), type: "text/javascript; charset=utf-8" },
  "/dashboard/style.css": { file: path.join(DASHBOARD_DIR, "style.css"), type: "text/css; charset=utf-8" },
  "/dashboard/favicon.svg": { file: path.join(DASHBOARD_DIR, "favicon.svg"), type: "image/svg+xml" },
  "/dashboard/chart.js": { file: CHART_JS, type: "text/javascript; charset=utf-8" },
};

const cache = new Map<string, string>();

function read(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(file, "utf8");
    // The library's source map is not served: no request for it from a browser's developer tools.
    if (file === CHART_JS) text = text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
    cache.set(file, text);
  }
  return text;
}

export const dashboard = new Hono();

dashboard.get("/", (c) => c.redirect("/dashboard/", 302));
dashboard.get("/dashboard", (c) => c.redirect("/dashboard/", 301));
dashboard.get("/favicon.ico", (c) => c.redirect("/dashboard/favicon.svg", 301));
for (const [route, { file, type }] of Object.entries(FILES)) {
  dashboard.get(route, (c) => c.body(read(file), 200, { ...DASHBOARD_HEADERS, "content-type": type }));
}
