/**
 * The wallet app's hospital screen in Chromium against `npm run stack` (harness.ts), next to the
 * command line: a hospital found by its connected payout address shows what it may claim per token
 * (the same figures as `hospital balance`); anyone may claim, and the money goes to the registered
 * payout address; only the payout address may rotate it (the command line's sentence otherwise,
 * nothing sent); the statement CSV the page downloads is byte for byte the indexer's and
 * `hospital statement --format csv`'s.
 */
import { readFile } from "node:fs/promises";

import { expect } from "chai";
import { Contract } from "ethers";

import { tokenAmount } from "../../../dashboard/format.js";
import { sleep } from "../e2e/harness.js";
import { amountsByRow, cli, cliRefusal, DEV_ACCOUNTS, nonceOf, openConnected, textOf } from "./flows.js";
import { type AppHarness, type AppToken, appTokens, axe, screenshot, startApp, stopApp } from "./harness.js";

const ROUTER_ABI = [
  "function hospitalBalance(uint32, address) view returns (uint256)",
  "function payoutOf(uint32) view returns (address)",
];
const TOKEN_ABI = ["function balanceOf(address) view returns (uint256)"];
/** Local roles (deploy/parameters/local.json): account 3 is hospital 1's payout, 0 the operator, 8 a holder. */
const PAYOUT = DEV_ACCOUNTS[3];
const STRANGER = DEV_ACCOUNTS[0];
const NEW_PAYOUT = DEV_ACCOUNTS[8];

describe("app: the hospital screen in Chromium", function () {
  this.timeout(900_000);
  let h: AppHarness;
  let router: Contract;
  let tokens: AppToken[];

  before(async function () {
    h = await startApp();
    router = new Contract(h.addresses.DataAccessRouter, ROUTER_ABI, h.provider);
    tokens = await appTokens(h);
  });

  after(async function () {
    await stopApp(h);
  });

  const claimable = async (hospitalId: number) =>
    Object.fromEntries(
      await Promise.all(
        tokens.map(
          async (t) => [t.symbol, (await router.hospitalBalance(hospitalId, t.address)) as bigint] as [string, bigint],
        ),
      ),
    );

  it("finds hospital 1 by its connected payout address and shows its claimable balances, as hospital balance does", async function () {
    const app = await openConnected(h, "/hospital", { account: 3 });
    expect(await textOf(app.page, "#my-hospitals")).to.equal(
      "The connected account is the payout address of hospital 1.",
    );
    await app.page.waitForSelector('[data-testid="claimable"]', { timeout: 60_000 });
    expect(await app.page.getAttribute('[data-testid="registration"] code', "data-address")).to.equal(PAYOUT);

    const onChain = await claimable(1);
    expect(onChain.tEURC, "the seeded stack credits hospital 1").to.be.greaterThan(0n);
    const shown = await amountsByRow(app.page, "claimable");
    const balance = JSON.parse((await cli(h, "hospital", "balance", "--hospital", "1", "--json")).stdout) as {
      balances: Array<{ symbol: string; claimable: string; decimals: number }>;
    };
    for (const t of tokens) {
      expect(shown[t.symbol], t.symbol).to.equal(`${tokenAmount(onChain[t.symbol], t.decimals)} ${t.symbol}`);
      const line = balance.balances.find((b) => b.symbol === t.symbol);
      expect(BigInt(line?.claimable ?? "0"), `hospital balance's ${t.symbol}`).to.equal(onChain[t.symbol]);
    }
    // The exact value one click away: the rounded amount's button shows every digit.
    const amountButton = await app.page.$('[data-testid="claimable"] button.amount');
    if (amountButton !== null) {
      const exact = await amountButton.getAttribute("data-exact");
      await amountButton.click();
      expect(await amountButton.textContent()).to.equal(exact);
    }
    await screenshot(app.page, "hospital");
    await axe(app.page, "hospital");
    expect(app.foreign).to.deep.equal([]);
    expect(app.pageErrors).to.deep.equal([]);
  });

  it("claims as a stranger: the balances go to the registered payout address, not to whoever clicks", async function () {
    const before = await claimable(1);
    const eurc = new Contract(tokens.find((t) => t.symbol === "tEURC")!.address, TOKEN_ABI, h.provider);
    const [payoutBefore, strangerBefore] = (await Promise.all([
      eurc.balanceOf(PAYOUT),
      eurc.balanceOf(STRANGER),
    ])) as bigint[];
    const app = await openConnected(h, "/hospital", { account: 0 });
    await app.page.fill("#hospital-id", "1");
    await app.page.click("form[aria-label='Choose a hospital'] button");
    await app.page.waitForSelector("#claim:not([disabled])", { timeout: 60_000 });
    await app.page.click("#claim");
    const sentence = await textOf(app.page, '[data-testid="claimed"]', 120_000);
    expect(sentence).to.match(
      new RegExp(`^Paid hospital 1's balances to its payout address ${PAYOUT} \\(transaction 0x[0-9a-f]{64}\\)$`),
    );
    const after = await claimable(1);
    for (const t of tokens) expect(after[t.symbol], t.symbol).to.equal(0n);
    expect(await eurc.balanceOf(PAYOUT)).to.equal(payoutBefore + before.tEURC);
    // The stranger paid gas only, in ether: none of the hospital's tEURC.
    expect(await eurc.balanceOf(STRANGER)).to.equal(strangerBefore);
    const paid = await amountsByRow(app.page, "paid");
    const decimals = tokens.find((t) => t.symbol === "tEURC")!.decimals;
    expect(paid.tEURC).to.equal(`${tokenAmount(before.tEURC, decimals)} tEURC`);
    expect(app.pageErrors).to.deep.equal([]);
  });

  it("refuses a payout rotation from another account with the command line's sentence, and sends nothing", async function () {
    const app = await openConnected(h, "/hospital", { account: 0 });
    await app.page.fill("#hospital-id", "1");
    await app.page.click("form[aria-label='Choose a hospital'] button");
    await app.page.waitForSelector("#new-payout", { timeout: 60_000 });
    const nonce = await nonceOf(h, STRANGER);
    await app.page.fill("#new-payout", NEW_PAYOUT);
    await app.page.click("#rotate");
    const sentence = await textOf(app.page, '[data-testid="hospital-status"] [data-testid="refusal"]');
    const run = await cli(h, "hospital", "set-payout", "--hospital", "1", NEW_PAYOUT, "--from", STRANGER);
    expect(run.code).to.equal(1);
    // The same sentence; the command line adds how to send it from the payout address (--from).
    expect(cliRefusal(run)).to.equal(`${sentence} (use --from ${PAYOUT})`);
    expect(sentence).to.equal(`${STRANGER} is not the payout address of hospital 1 (${PAYOUT}): only it may rotate it`);
    expect(await nonceOf(h, STRANGER)).to.equal(nonce);
    expect(app.wallet.requests).not.to.include("eth_sendTransaction");
    expect(await router.payoutOf(1)).to.equal(PAYOUT);
  });

  it("rotates the payout address from the current one", async function () {
    const app = await openConnected(h, "/hospital", { account: 3 });
    await app.page.waitForSelector("#new-payout", { timeout: 60_000 });
    await app.page.fill("#new-payout", NEW_PAYOUT.toLowerCase());
    await app.page.click("#rotate");
    const sentence = await textOf(app.page, '[data-testid="rotated"]', 120_000);
    expect(sentence).to.match(new RegExp(`^Hospital 1 is now paid to ${NEW_PAYOUT} \\(transaction 0x[0-9a-f]{64}\\)$`));
    expect(await router.payoutOf(1)).to.equal(NEW_PAYOUT);
    expect(await app.page.getAttribute('[data-testid="registration"] code', "data-address")).to.equal(NEW_PAYOUT);
    expect(app.wallet.requests.filter((m) => m === "eth_sendTransaction")).to.have.length(1);
  });

  it("downloads the statement CSV: byte for byte the indexer's and hospital statement --format csv's", async function () {
    // The command line rebuilds it from the router's logs; the indexer serves it once it has indexed the head.
    const run = await cli(h, "hospital", "statement", "--hospital", "1", "--format", "csv");
    expect(run.code, run.stderr).to.equal(0);
    const fromCli = run.stdout;
    expect(fromCli).to.match(/^date,block,transaction,/);
    expect(fromCli).to.match(/,payout_change,/);
    expect(fromCli).to.match(/,claim,/);
    let served = "";
    for (let i = 0; i < 120 && served !== fromCli; i++) {
      served = await (await fetch(`${h.stack.url}/api/hospitals/1/statement?format=csv`)).text();
      if (served !== fromCli) await sleep(500);
    }
    expect(served, "the indexer's CSV").to.equal(fromCli);

    const app = await openConnected(h, "/hospital", { account: 8 });
    await app.page.fill("#hospital-id", "1");
    await app.page.click("form[aria-label='Choose a hospital'] button");
    await app.page.waitForSelector("#statement-csv", { timeout: 60_000 });
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.page.click("#statement-csv")]);
    expect(download.suggestedFilename()).to.equal("hospital-1-statement.csv");
    const bytes = await readFile((await download.path())!);
    expect(bytes.equals(Buffer.from(fromCli, "utf8")), "the downloaded file, byte for byte").to.equal(true);
    await axe(app.page, "hospital, payout rotated");
  });
});
