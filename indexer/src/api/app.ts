/**
 * The wallet app (docs/app.md, issue 15), served beside the dashboard by the indexer's own HTTP server:
 * - `GET /app/`: the page (`app/index.html`) and its style; `GET /app/main.js`: the app, bundled from
 *   this repository's TypeScript (`app/src/main.ts`) with esbuild's JS API (platform browser, minified),
 *   in memory once (the build starts with the server; the first request waits for it), never from a CDN;
 * - `GET /app/config.json`: what the page needs to know about the deployment: chain id and name, the
 *   node's URL (only for a wallet that adds the chain), every contract's address, the tokens with their
 *   symbol and decimals; `GET /app/abi/<future id>`: the ABI Ignition recorded for a contract;
 * - `POST /app/rpc`: a read-only JSON-RPC proxy to the node (reads only: calls, logs, blocks, receipts),
 *   so that the page reads the chain from its own origin before a wallet is connected.
 * Every answer carries the dashboard's strict Content-Security-Policy: the page talks to this origin
 * and to the user's wallet only.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";

import { deployment } from "../../ponder.config.js";
import { REPO_ROOT } from "../../lib/suite.js";
import { DASHBOARD_HEADERS } from "./dashboard.js";

const APP_DIR = path.join(REPO_ROOT, "app");
const HTML = "text/html; charset=utf-8";
const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";

/** Chain names a wallet shows for the usual local chain ids; others are named after their id. */
const CHAIN_NAMES: Record<number, string> = { 31337: "Galeon local (Hardhat or anvil)" };

/** The JSON-RPC methods `/app/rpc` forwards: reads, nothing that signs, sends or changes the node. */
export const READ_METHODS = new Set([
  "eth_chainId",
  "net_version",
  "eth_blockNumber",
  "eth_call",
  "eth_estimateGas",
  "eth_getBalance",
  "eth_getCode",
  "eth_getStorageAt",
  "eth_getTransactionCount",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_getLogs",
  "eth_getTransactionByHash",
  "eth_getTransactionReceipt",
  "eth_gasPrice",
  "eth_maxPriorityFeePerGas",
  "eth_feeHistory",
]);
const MAX_RPC_BODY = 64 * 1024;
const MAX_RPC_BATCH = 20;

let bundle: Promise<{ code: string; bytes: number }> | undefined;

/** The app's bundle: built once per process with esbuild's JS API, kept in memory. */
export function appBundle(): Promise<{ code: string; bytes: number }> {
  bundle ??= (async () => {
    // esbuild is loaded only here: the API's other routes never need it.
    const { build } = await import("esbuild");
    const result = await build({
      entryPoints: [path.join(APP_DIR, "src", "main.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      minify: true,
      write: false,
      legalComments: "none",
      logLevel: "silent",
      absWorkingDir: REPO_ROOT,
    });
    const code = result.outputFiles[0].text;
    return { code, bytes: Buffer.byteLength(code) };
  })();
  // A failed build is retried on the next request (after the file is fixed).
  bundle.catch(() => (bundle = undefined));
  return bundle;
}

const files = new Map<string, string>();
/** A file of `app/` (or, `absolute`, anywhere), read once. */
function read(name: string, absolute = false): string {
  let text = files.get(name);
  if (text === undefined) {
    text = readFileSync(absolute ? name : path.join(APP_DIR, name), "utf8");
    files.set(name, text);
  }
  return text;
}

function rpcError(id: unknown, code: number, message: string) {
  return { jsonrpc: "2.0", id: id ?? null, error: { code, message } };
}

export const walletApp = new Hono();

walletApp.get("/app", (c) => c.redirect("/app/", 301));
walletApp.get("/app/", (c) => c.body(read("index.html"), 200, { ...DASHBOARD_HEADERS, "content-type": HTML }));
walletApp.get("/app/style.css", (c) => c.body(read("style.css"), 200, { ...DASHBOARD_HEADERS, "content-type": CSS }));
walletApp.get("/app/main.js", async (c) => {
  try {
    const { code } = await appBundle();
    return c.body(code, 200, { ...DASHBOARD_HEADERS, "content-type": JS });
  } catch (error) {
    const message = (error as Error).message.split("\n")[0];
    return c.body(`the app could not be built: ${message}`, 500, {
      ...DASHBOARD_HEADERS,
      "content-type": "text/plain; charset=utf-8",
    });
  }
});

walletApp.get("/app/config.json", async (c) => {
  const tokens = await db.select().from(schema.token);
  const config = {
    chainId: deployment.chainId,
    chainName: CHAIN_NAMES[deployment.chainId] ?? `Galeon chain ${deployment.chainId}`,
    rpcUrl: deployment.rpcUrl,
    deploymentId: deployment.deploymentId,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    addresses: deployment.addresses,
    futures: deployment.futures,
    tokens: tokens
      .map((t) => ({
        address: t.address,
        symbol: t.symbol,
        decimals: t.decimals,
        isGaleon: t.isGaleon,
        allowed: t.allowed,
      }))
      .sort((a, b) => Number(b.isGaleon) - Number(a.isGaleon) || a.symbol.localeCompare(b.symbol)),
  };
  return c.body(JSON.stringify(config), 200, { ...DASHBOARD_HEADERS, "content-type": JSON_TYPE });
});

// The ABI Ignition recorded for one of the deployment's futures (what the command line decodes with).
walletApp.get("/app/abi/:future", (c) => {
  const future = decodeURIComponent(c.req.param("future")).replace(/\.json$/, "");
  if (deployment.futures[future] === undefined) {
    return c.body(JSON.stringify({ error: `the deployment has no ${future}` }), 404, {
      ...DASHBOARD_HEADERS,
      "content-type": JSON_TYPE,
    });
  }
  const artifact = JSON.parse(read(path.join(deployment.deploymentDir, "artifacts", `${future}.json`), true)) as {
    abi: unknown[];
  };
  return c.body(JSON.stringify(artifact.abi), 200, { ...DASHBOARD_HEADERS, "content-type": JSON_TYPE });
});

walletApp.post("/app/rpc", async (c) => {
  const headers = { ...DASHBOARD_HEADERS, "content-type": JSON_TYPE };
  const text = await c.req.text();
  if (text.length > MAX_RPC_BODY) {
    return c.body(JSON.stringify(rpcError(null, -32600, "request too large")), 413, headers);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return c.body(JSON.stringify(rpcError(null, -32700, "parse error")), 400, headers);
  }
  const calls = Array.isArray(body) ? body : [body];
  if (calls.length === 0 || calls.length > MAX_RPC_BATCH) {
    return c.body(JSON.stringify(rpcError(null, -32600, `1 to ${MAX_RPC_BATCH} calls per request`)), 400, headers);
  }
  const refused = calls.find(
    (call) =>
      typeof call !== "object" || call === null || !READ_METHODS.has((call as { method?: string }).method ?? ""),
  ) as { id?: unknown; method?: unknown } | undefined;
  if (refused !== undefined) {
    const answer = rpcError(
      refused?.id,
      -32601,
      `this server forwards chain reads only, not ${String(refused?.method)}: send it with your wallet`,
    );
    return c.body(JSON.stringify(Array.isArray(body) ? [answer] : answer), 200, headers);
  }
  const response = await fetch(deployment.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: text,
    signal: AbortSignal.timeout(30_000),
  });
  return c.body(await response.text(), 200, headers);
});
