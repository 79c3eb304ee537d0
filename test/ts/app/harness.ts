/**
 * The wallet app's browser tests (issue 15), as its users meet it: `npm run stack` (a Hardhat node,
 * LocalSuite, a seeded history, the indexer serving the app) once per test file, Debian's Chromium
 * through playwright-core (dashboard/test/browser.ts), and an injected EIP-1193 wallet announced through
 * EIP-6963 by `@johanneskares/wallet-mock` (`installMockWallet`) and backed by a real development key
 * (viem `privateKeyToAccount`, an http transport to the stack's node, the chain defined with viem's
 * `defineChain` from the node's chain id).
 *
 * The wallet is wrapped (`TestWallet`) for what the mock leaves out and a real wallet does: the chain it
 * is on and the chains it knows (`wallet_switchEthereumChain` refuses an unknown chain with 4902 until
 * `wallet_addEthereumChain` adds it), EIP-712 signatures (`eth_signTypedData_v4`), transactions from a
 * lowercase `from`, and a user who says no (`reject`: the listed methods throw code 4001). Errors keep
 * their EIP-1193 code across the page/Node bridge (`installErrorCodes`).
 *
 * `screenshot(page, name)` saves the page at desktop (1280x800) and phone (390x844) widths into
 * docs/img/app/; `axe(page)` runs axe-core and fails on serious or critical violations.
 */
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import { createWallet, installMockWallet } from "@johanneskares/wallet-mock";
import { expect } from "chai";
import { HDNodeWallet, JsonRpcProvider, Wallet as EthersWallet } from "ethers";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type Chain, createWalletClient, defineChain, type Hex, http, type Transport } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { launchChromium } from "../../../dashboard/test/browser.js";
import { findRevertData } from "../../../domain/errors/revert.js";
import { ROOT } from "../e2e/harness.js";
import { type Stack, startStack, stopStack } from "../helpers/stack.js";

const require = createRequire(import.meta.url);
export const SCREENSHOTS = path.join(ROOT, "docs", "img", "app");
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** The development accounts' keys (Hardhat's and anvil's standard mnemonic): index 0 operator, 2 buyer, 3..7 hospital payouts, 8 a second holder, 9 the guardian. */
const MNEMONIC = "test test test test test test test test test test test junk";
export function devKey(index: number): Hex {
  return HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`).privateKey as Hex;
}

/** What a test file shares: the stack, its node, the browser. */
export interface AppHarness {
  stack: Stack;
  /** `<stack.url>/app/`. */
  appUrl: string;
  chainId: number;
  chain: Chain;
  provider: JsonRpcProvider;
  browser: Browser;
  addresses: Record<string, string>;
  /** Pages opened by `openApp`, closed by `stopApp`. */
  contexts: BrowserContext[];
}

/** A payment token as the app's `/app/config.json` lists it. */
export interface AppToken {
  address: string;
  symbol: string;
  decimals: number;
}

/** The payment tokens the app offers, as the stack serves them in `/app/config.json`. */
export async function appTokens(h: AppHarness): Promise<AppToken[]> {
  const response = await fetch(`${h.stack.url}/app/config.json`);
  expect(response.status, "GET /app/config.json").to.equal(200);
  return ((await response.json()) as { tokens: AppToken[] }).tokens;
}

/** The app's payment token of `symbol` (fails the test when the config has none). */
export async function appToken(h: AppHarness, symbol: string): Promise<AppToken> {
  const token = (await appTokens(h)).find((t) => t.symbol === symbol);
  expect(token, `/app/config.json lists ${symbol}`).not.to.equal(undefined);
  return token!;
}

/** Starts the stack (or reuses one: GALEON_APP_TEST_URL, _RPC, _DEPLOYMENT) and Chromium. */
export async function startApp(options: { purchases?: number; args?: string[] } = {}): Promise<AppHarness> {
  const stack = await startStack({
    purchases: options.purchases ?? Number(process.env.GALEON_APP_TEST_PURCHASES ?? 12),
    reuseEnvPrefix: "GALEON_APP_TEST",
    args: options.args,
  });
  const provider = new JsonRpcProvider(stack.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const chainId = Number((await provider.getNetwork()).chainId);
  const chain = defineChain({
    id: chainId,
    name: `Galeon test node ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [stack.rpcUrl] } },
  });
  const file = path.join(ROOT, "deploy", "deployments", stack.deploymentId, "deployed_addresses.json");
  const full = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  const addresses = Object.fromEntries(Object.entries(full).map(([k, v]) => [k.split("#").pop()!, v]));
  const browser = await launchChromium();
  return { stack, appUrl: `${stack.url}/app/`, chainId, chain, provider, browser, addresses, contexts: [] };
}

export async function stopApp(h: AppHarness | undefined): Promise<void> {
  if (h === undefined) return;
  for (const context of h.contexts) await context.close().catch(() => undefined);
  await h.browser.close().catch(() => undefined);
  h.provider.destroy();
  await stopStack(h.stack);
}

/** An EIP-1193 error as wallets throw it. */
export class ProviderRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface WalletOptions {
  /** The development account's index (default 0). */
  account?: number;
  /** The chain the wallet is on at first (default the node's). */
  chainId?: number;
  /** The chains the wallet knows at first (default only the one it is on). */
  knownChains?: number[];
  /** Methods the user rejects (code 4001): e.g. ["eth_signTypedData_v4", "personal_sign"]. */
  reject?: string[];
}

/**
 * A wallet as the page sees it: `@johanneskares/wallet-mock`'s `createWallet` (viem, the real key, an
 * http transport to the node) for reads and transactions, with the chain state and the methods it
 * lacks added here (see the file's comment).
 */
export class TestWallet {
  readonly account;
  readonly requests: string[] = [];
  chainId: number;
  readonly known: Map<number, string>;
  readonly reject: Set<string>;
  readonly #h: AppHarness;
  readonly #key: Hex;
  readonly #mock: ReturnType<typeof createWallet>;

  constructor(h: AppHarness, options: WalletOptions = {}) {
    this.#h = h;
    this.#key = devKey(options.account ?? 0);
    this.account = privateKeyToAccount(this.#key);
    this.chainId = options.chainId ?? h.chainId;
    this.known = new Map<number, string>();
    for (const id of options.knownChains ?? [this.chainId]) this.known.set(id, id === h.chainId ? h.stack.rpcUrl : "");
    this.reject = new Set(options.reject ?? []);
    const transports: Record<number, Transport> = { [h.chainId]: http(h.stack.rpcUrl) };
    this.#mock = createWallet(this.account, transports, h.chain);
  }

  get address(): string {
    return this.account.address;
  }

  async request({ method, params }: { method: string; params?: unknown[] }): Promise<unknown> {
    this.requests.push(method);
    if (this.reject.has(method)) throw new ProviderRpcError(4001, "User rejected the request.");
    switch (method) {
      case "eth_chainId":
        return `0x${this.chainId.toString(16)}`;
      case "net_version":
        return String(this.chainId);
      case "eth_accounts":
      case "eth_requestAccounts":
        return [this.account.address];
      case "wallet_switchEthereumChain": {
        const id = Number((params?.[0] as { chainId: string }).chainId);
        if (!this.known.has(id)) throw new ProviderRpcError(4902, `Unrecognized chain ID "0x${id.toString(16)}".`);
        this.chainId = id;
        return null;
      }
      case "wallet_addEthereumChain": {
        const spec = params?.[0] as { chainId: string; rpcUrls: string[] };
        this.known.set(Number(spec.chainId), spec.rpcUrls[0]);
        return null;
      }
      case "eth_signTypedData_v4": {
        this.#onChain(method);
        const [from, json] = params as [string, string];
        this.#from(from);
        const data = JSON.parse(json) as {
          domain: Record<string, unknown>;
          types: Record<string, Array<{ name: string; type: string }>>;
          message: Record<string, unknown>;
        };
        const { EIP712Domain: _domain, ...types } = data.types;
        return await new EthersWallet(this.#key).signTypedData(data.domain, types, data.message);
      }
      case "personal_sign":
        return await this.#mock.request({ method, params });
      case "eth_sendTransaction": {
        this.#onChain(method);
        const tx = params?.[0] as { from: string; to?: Hex; data?: Hex; value?: string; gas?: string };
        this.#from(tx.from);
        const client = createWalletClient({
          account: this.account,
          chain: this.#h.chain,
          transport: http(this.#h.stack.rpcUrl),
        });
        return await client.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value === undefined ? undefined : BigInt(tx.value),
          gas: tx.gas === undefined ? undefined : BigInt(tx.gas),
        });
      }
      default:
        this.#onChain(method);
        return await this.#mock.request({ method, params });
    }
  }

  #onChain(method: string): void {
    if (this.chainId !== this.#h.chainId) {
      throw new ProviderRpcError(4901, `the wallet is on chain ${this.chainId}, with no connection for ${method}`);
    }
  }

  #from(from: string): void {
    if (from.toLowerCase() !== this.account.address.toLowerCase()) {
      throw new ProviderRpcError(4100, `the wallet has no key for ${from}`);
    }
  }
}

/**
 * EIP-1193 error codes across the bridge: the mock's `eip1193Request` binding runs in Node, and an
 * error thrown there reaches the page as a plain Error (message only). The Node side returns the error
 * as a value instead, and this init script (added after the mock's binding) throws it with its code.
 */
async function installErrorCodes(page: Page): Promise<void> {
  // Runs in the page (the root tsconfig has no DOM types: globalThis stands for window).
  await page.addInitScript(() => {
    const w = globalThis as unknown as { eip1193Request: (r: unknown) => Promise<unknown> };
    const original = w.eip1193Request;
    w.eip1193Request = async (request: unknown) => {
      const result = (await original(request)) as {
        __eip1193Error?: { code: number; message: string; data?: string };
      } | null;
      if (result !== null && typeof result === "object" && "__eip1193Error" in result && result.__eip1193Error) {
        const error = new Error(result.__eip1193Error.message) as Error & { code: number; data?: string };
        error.code = result.__eip1193Error.code;
        if (result.__eip1193Error.data !== undefined) error.data = result.__eip1193Error.data;
        throw error;
      }
      return result;
    };
  });
}

export interface OpenedApp {
  page: Page;
  context: BrowserContext;
  wallet: TestWallet;
  /** Every URL the page requested outside its own origin (must stay empty). */
  foreign: string[];
  /** Errors the page printed to its console or threw. */
  pageErrors: string[];
}

/** A new browser context with the wallet installed, at `#<hashPath>` of the app, ready. */
export async function openApp(
  h: AppHarness,
  hashPath = "/",
  options: WalletOptions & { viewport?: { width: number; height: number } } = {},
): Promise<OpenedApp> {
  const context = await h.browser.newContext({ viewport: options.viewport ?? DESKTOP });
  h.contexts.push(context);
  const page = await context.newPage();
  const wallet = new TestWallet(h, options);
  await installMockWallet({
    page: page as never,
    wallet: {
      request: async (args: { method: string; params?: unknown[] }) => {
        try {
          return (await wallet.request(args)) as never;
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          // A revert's data travels with the error, as wallets return it (an estimate or call that reverts).
          const data = findRevertData(error);
          return {
            __eip1193Error: {
              code: typeof code === "number" ? code : data === undefined ? -32603 : 3,
              message: (error as Error).message.split("\n")[0],
              ...(data === undefined ? {} : { data }),
            },
          } as never;
        }
      },
    },
  });
  await installErrorCodes(page);
  const origin = new URL(h.stack.url).origin;
  const foreign: string[] = [];
  const pageErrors: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("data:")) foreign.push(url);
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(m.text());
  });
  await page.goto(`${h.appUrl}#${hashPath}`);
  await waitReady(page, hashPath);
  return { page, context, wallet, foreign, pageErrors };
}

/** What tests read in the page (the root tsconfig has no DOM types). */
export interface PageGlobals {
  document: {
    body: { dataset: Record<string, string | undefined> };
    getElementById(id: string): { textContent: string | null } | null;
  };
}

/** Waits until the screen at `hashPath` has rendered (main.ts sets `body[data-ready]`). */
export async function waitReady(page: Page, hashPath: string): Promise<void> {
  await page.waitForFunction(
    (p) => (globalThis as unknown as PageGlobals).document.body.dataset.ready === p,
    hashPath,
    { timeout: 60_000 },
  );
}

/** Clicks "Connect wallet" and waits for the account in the connect bar. */
export async function connect(page: Page): Promise<void> {
  await page.click("#connect");
  await page.waitForSelector("#account", { timeout: 30_000 });
  await page.waitForFunction(
    () =>
      !/reading its roles/.test(
        (globalThis as unknown as PageGlobals).document.getElementById("roles")?.textContent ?? "",
      ),
    undefined,
    { timeout: 30_000 },
  );
}

/** Saves the page at desktop and phone widths: docs/img/app/<name>-desktop.png and <name>-phone.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize() ?? DESKTOP;
  for (const [label, size] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_URL_PATH = "/__test-only__/axe.min.js";

/**
 * Runs axe-core on the page; fails on any serious or critical violation (the others are printed).
 *
 * The page's CSP allows scripts from its own origin only, so an inline `addScriptTag({ content })`
 * would be blocked. Rather than turning the CSP off for the whole context (`bypassCSP`), which would
 * hide the app's own violations, axe's source is served by a Playwright route at a same-origin URL
 * that exists only in this test, for this injection only; the page keeps its CSP.
 */
export async function axe(page: Page, label: string): Promise<void> {
  const url = new URL(AXE_URL_PATH, page.url()).href;
  await page.route(url, (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: AXE_SOURCE }),
  );
  await page.addScriptTag({ url });
  await page.unroute(url);
  const results = (await page.evaluate(async () => {
    const axeGlobal = (globalThis as unknown as { axe: { run(o?: unknown): Promise<unknown> } }).axe;
    return await axeGlobal.run({ resultTypes: ["violations"] });
  })) as { violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> };
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of results.violations.filter((x) => !serious.includes(x))) {
    console.log(`      axe (${label}): ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} elements)`);
  }
  expect(
    serious.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `axe on ${label}`,
  ).to.deep.equal([]);
}

/** Moves the node's clock forward and mines a block (Hardhat and anvil). */
export async function advanceTime(h: AppHarness, seconds: number): Promise<void> {
  await h.provider.send("evm_increaseTime", [seconds]);
  await h.provider.send("evm_mine", []);
}

/** Mines `blocks` empty blocks. */
export async function mine(h: AppHarness, blocks = 1): Promise<void> {
  for (let i = 0; i < blocks; i++) await h.provider.send("evm_mine", []);
}
