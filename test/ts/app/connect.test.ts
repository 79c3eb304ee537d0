/**
 * The wallet app's shell in Chromium against `npm run stack` (harness.ts): served beside the dashboard
 * with the same strict CSP and nothing but its own origin; a wallet found through EIP-6963 connects and
 * the account's roles are shown as the chain and the indexer have them; a wallet on another chain is
 * refused with a sentence and switched (added first when it does not know the chain). Prints the
 * bundle's size and the first load's time (measured, never asserted).
 */
import { gzipSync } from "node:zlib";

import { expect } from "chai";
import { Contract } from "ethers";

import {
  type AppHarness,
  type PageGlobals,
  axe,
  connect,
  openApp,
  screenshot,
  startApp,
  stopApp,
  waitReady,
} from "./harness.js";

const TOKEN_ABI = [
  "function balanceOf(address) view returns (uint256)",
  "function getVotes(address) view returns (uint256)",
];

describe("app: the shell (connect, roles, chain) in Chromium", function () {
  this.timeout(900_000);
  let h: AppHarness;

  before(async function () {
    h = await startApp();
  });

  after(async function () {
    await stopApp(h);
  });

  it("is served at /app/ with the dashboard's strict CSP, its bundle and config from this origin", async function () {
    const get = async (p: string) => await fetch(h.stack.url + p, { signal: AbortSignal.timeout(120_000) });
    const dashboard = await get("/dashboard/");
    const csp = dashboard.headers.get("content-security-policy");
    for (const p of ["/app/", "/app/main.js", "/app/style.css", "/app/config.json"]) {
      const response = await get(p);
      expect(response.status, p).to.equal(200);
      expect(response.headers.get("content-security-policy"), p).to.equal(csp);
    }
    const html = await (await get("/app/")).text();
    expect(html).not.to.match(/<script>|<script(?![^>]*\bsrc=)[^>]*>|<style|style=/);
    expect(html).not.to.match(/(src|href)="(https?:)?\/\//);
    const config = (await (await get("/app/config.json")).json()) as {
      chainId: number;
      addresses: Record<string, string>;
      tokens: Array<{ symbol: string; decimals: number; isGaleon: boolean }>;
    };
    expect(config.chainId).to.equal(h.chainId);
    expect(config.addresses.GaleonGovernor).to.equal(h.addresses.GaleonGovernor);
    expect(config.addresses.DataAccessRouter).to.equal(h.addresses.DataAccessRouter);
    expect(config.tokens.find((t) => t.isGaleon)).to.include({ symbol: "GALEON", decimals: 18 });
    expect(config.tokens.map((t) => t.symbol)).to.include("tEURC");

    const bundle = Buffer.from(await (await get("/app/main.js")).arrayBuffer());
    console.log(
      `      app bundle: ${bundle.length.toLocaleString("en-US")} bytes, ` +
        `${gzipSync(bundle).length.toLocaleString("en-US")} bytes gzipped`,
    );

    // The read-only proxy forwards reads and refuses anything that sends.
    const rpc = async (method: string, params: unknown[] = []) =>
      (await (
        await fetch(`${h.stack.url}/app/rpc`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }),
        })
      ).json()) as { result?: string; error?: { message: string } };
    expect(Number((await rpc("eth_chainId")).result)).to.equal(h.chainId);
    expect((await rpc("eth_sendRawTransaction", ["0x00"])).error?.message).to.equal(
      "this server forwards chain reads only, not eth_sendRawTransaction: send it with your wallet",
    );
    expect((await rpc("evm_increaseTime", [1])).error?.message).to.match(/forwards chain reads only/);
  });

  it("connects the wallet found through EIP-6963 and shows the account and its roles", async function () {
    const started = Date.now();
    const app = await openApp(h, "/", { account: 0 });
    // Runs in the page: the navigation's timing (PerformanceNavigationTiming) and the time now.
    const load = (await app.page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation" as never)[0] as unknown as {
        domContentLoadedEventEnd: number;
        loadEventEnd: number;
      };
      return { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, ready: performance.now() };
    })) as { domContentLoaded: number; load: number; ready: number };
    console.log(
      `      first load: DOMContentLoaded ${load.domContentLoaded.toFixed(0)} ms, load ${load.load.toFixed(0)} ms, ` +
        `start screen ready by ${load.ready.toFixed(0)} ms (${Date.now() - started} ms from a new browser context)`,
    );
    expect(await app.page.textContent("#connect")).to.equal("Connect wallet");
    await axe(app.page, "start, not connected");
    await connect(app.page);
    await waitReady(app.page, "/");

    const account = app.wallet.address;
    expect(await app.page.getAttribute("#account code", "data-address")).to.equal(account);
    const token = new Contract(h.addresses.GaleonToken, TOKEN_ABI, h.provider);
    const [balance, votes] = (await Promise.all([token.balanceOf(account), token.getVotes(account)])) as bigint[];
    const expected = [...(balance > 0n ? ["holder"] : []), ...(votes > 0n ? ["delegate"] : [])];
    expect(expected, "account 0 holds $GALEON in the seeded stack").to.include("holder");
    const roles = (await app.page.textContent("#roles"))!;
    expect(roles).to.equal(expected.length === 1 ? expected[0] : expected.join(" and "));
    expect(await app.page.textContent("#chain")).to.match(new RegExp(`chain ${h.chainId}\\)$`));
    expect(await app.page.textContent("#balance")).to.match(/^Your \$GALEON: [0-9,.]+ GALEON$/);
    await screenshot(app.page, "start");
    await axe(app.page, "start, connected");
    expect(app.foreign).to.deep.equal([]);
    expect(app.pageErrors).to.deep.equal([]);
  });

  it("shows a hospital's payout address and a buyer for what they are", async function () {
    // Local roles (deploy/parameters/local.json): account 3 is hospital 1's payout, account 2 the buyer.
    const hospital = await openApp(h, "/", { account: 3 });
    await connect(hospital.page);
    expect(await hospital.page.textContent("#roles")).to.match(/hospital payout \(hospital 1\)/);
    const buyer = await openApp(h, "/", { account: 2 });
    await connect(buyer.page);
    expect(await buyer.page.textContent("#roles")).to.match(/\bbuyer$/);
  });

  it("refuses a wallet on another chain with a sentence, then switches it, adding the chain first", async function () {
    const app = await openApp(h, "/", { account: 0, chainId: 1, knownChains: [1] });
    await connect(app.page);
    const sentence =
      `Your wallet is on chain 1, but this Galeon deployment is on chain ${h.chainId} ` +
      `(Galeon local (Hardhat or anvil)): nothing will be signed or sent from chain 1. ` +
      "Switch the wallet to Galeon local (Hardhat or anvil) to continue.";
    expect(await app.page.textContent("#wrong-chain")).to.equal(sentence);
    expect(await app.page.isVisible("#chain")).to.equal(false);
    // The roles are read from this server (its read-only proxy), whatever chain the wallet is on.
    expect(await app.page.textContent("#roles")).to.match(/^holder/);
    await screenshot(app.page, "wrong-chain");
    await axe(app.page, "wrong chain");

    expect(app.wallet.requests).not.to.include("eth_sendTransaction");

    await app.page.click("#switch-chain");
    await app.page.waitForSelector("#chain", { timeout: 30_000 });
    expect(app.wallet.requests.filter((m) => m.startsWith("wallet_"))).to.deep.equal([
      "wallet_switchEthereumChain",
      "wallet_addEthereumChain",
      "wallet_switchEthereumChain",
    ]);
    expect(app.wallet.chainId).to.equal(h.chainId);
    expect(app.wallet.known.get(h.chainId)).to.equal(h.stack.rpcUrl);
    expect(await app.page.textContent("#notice")).to.equal("Your wallet is now on Galeon local (Hardhat or anvil).");
    expect(await app.page.$("#wrong-chain")).to.equal(null);
  });

  it("says so when the user declines the switch, and the wallet stays refused", async function () {
    const app = await openApp(h, "/", {
      account: 0,
      chainId: 1,
      knownChains: [1, h.chainId],
      reject: ["wallet_switchEthereumChain"],
    });
    await connect(app.page);
    await app.page.click("#switch-chain");
    await app.page.waitForFunction(
      () => (globalThis as unknown as PageGlobals).document.getElementById("notice")?.textContent !== "",
    );
    expect(await app.page.textContent("#notice")).to.equal(
      "You declined to switch the wallet to Galeon local (Hardhat or anvil): it stays on its chain.",
    );
    expect(await app.page.isVisible("#wrong-chain")).to.equal(true);
  });
});
