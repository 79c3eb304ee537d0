/**
 * Metered jobs on the wallet app's buyer screen in Chromium against `npm run stack` (harness.ts), next
 * to the command line: a job funded with a permit signature after `buyer fund`'s checks and a
 * simulation (nothing asked of the wallet before), listed as open like `buyer jobs` lists it; settled
 * by the attestor (`attestor settle`, submitted by a stranger with `buyer settle`) and shown settled
 * with what came back. Another job, approved and funded: its refund is refused before its deadline
 * with `buyer refund`'s sentence (nothing sent), then sent after it (the node's clock moved). The
 * wallet refusing the permit signature, and a refused input, say the command line's sentence and send
 * nothing: the node's nonce of the account is unchanged.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Contract, id } from "ethers";

import { cli, cliRefusal, DEV_ACCOUNTS, nonceOf, openConnected, textOf } from "./flows.js";
import {
  advanceTime,
  type AppHarness,
  appToken,
  axe,
  type OpenedApp,
  screenshot,
  startApp,
  stopApp,
} from "./harness.js";

const ATTESTOR = DEV_ACCOUNTS[1];
/** Local roles (deploy/parameters/local.json): account 2 is the buyer, holding test euros. */
const BUYER_INDEX = 2;
const BUYER = DEV_ACCOUNTS[BUYER_INDEX];
const STRANGER = DEV_ACCOUNTS[5];
const TOKEN_ABI = ["function balanceOf(address) view returns (uint256)"];
const LOCKED = /^Locked 5 tEURC for job 0x[0-9a-f]{8}… \(lock (0x[0-9a-f]{64})\), transaction 0x[0-9a-f]{64}$/;

describe("app: metered jobs on the buyer screen in Chromium", function () {
  this.timeout(900_000);
  let h: AppHarness;
  let dir: string;
  let eurc: Contract;
  let decimals: number;
  let jobs = 0;

  before(async function () {
    h = await startApp();
    dir = await mkdtemp(path.join(os.tmpdir(), "galeon-app-jobs-"));
    await writeFile(path.join(dir, "measured.csv"), "hospitalId,units\n1,2000\n2,1500\n");
    const token = await appToken(h, "tEURC");
    eurc = new Contract(token.address, TOKEN_ABI, h.provider);
    decimals = token.decimals;
  });

  after(async function () {
    await stopApp(h);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const units = (n: bigint) => n * 10n ** BigInt(decimals);

  /** Fills the fund form for a new job of at most 5 tEURC (its hash) and clicks `button`. */
  async function fundJob(app: OpenedApp, button: "#fund-permit" | "#fund-approve", settleBy: string): Promise<string> {
    const jobHash = id(`app job ${++jobs}`);
    await app.page.fill("#job-hash", jobHash);
    await app.page.selectOption("#job-token", { label: "tEURC" });
    await app.page.fill("#job-max", "5");
    await app.page.fill("#job-settle-by", settleBy);
    await app.page.click(button);
    return jobHash;
  }

  /** The lock id in the funded sentence. */
  async function funded(app: OpenedApp): Promise<string> {
    const sentence = await textOf(app.page, '#fund-status [data-testid="funded"]', 120_000);
    const match = LOCKED.exec(sentence);
    expect(match, sentence).not.to.equal(null);
    return match![1];
  }

  const row = (lockId: string, status: string) => `#job-${lockId}[data-status="${status}"]`;

  it("funds a job with a permit signature after checking and simulating it, lists it open, then shows it settled with what came back", async function () {
    const balance = (await eurc.balanceOf(BUYER)) as bigint;
    const app = await openConnected(h, "/buyer", { account: BUYER_INDEX });
    await app.page.waitForSelector('[data-testid="jobs-summary"]', { timeout: 60_000 });
    // The stablecoin is offered first; $GALEON, allowlisted on the local suite too, comes last.
    const offered = await app.page.$$eval("#job-token option", (o) => o.map((x) => x.textContent));
    expect(offered[0]).to.equal("tEURC");
    expect(offered.at(-1)).to.equal("GALEON");
    await fundJob(app, "#fund-permit", "14d");
    const lockId = await funded(app);
    expect(await textOf(app.page, '[data-testid="fund-simulated"]')).to.equal(
      "Checked, and simulated against the next block with the approval in place: locking 5 tEURC would go through. Nothing was sent yet.",
    );
    // One signature (the permit) and one transaction (fundWithPermit): no approval.
    expect(app.wallet.requests.filter((m) => m === "eth_signTypedData_v4")).to.have.length(1);
    expect(app.wallet.requests.filter((m) => m === "eth_sendTransaction")).to.have.length(1);
    expect(await eurc.balanceOf(BUYER)).to.equal(balance - units(5n));

    // Listed open, as `buyer jobs` lists it.
    await app.page.waitForSelector(row(lockId, "open"), { timeout: 60_000 });
    const listed = JSON.parse((await cli(h, "buyer", "jobs", "--from", BUYER, "--json")).stdout) as {
      jobs: Array<{ lockId: string; status: string; locked: string }>;
    };
    expect(listed.jobs.find((j) => j.lockId === lockId)).to.deep.include({
      status: "open",
      locked: units(5n).toString(),
    });
    const cliSummary = (await cli(h, "buyer", "jobs", "--from", BUYER)).stdout.split("\n")[0].trim();
    expect(await textOf(app.page, '[data-testid="jobs-summary"]')).to.equal(cliSummary);
    expect(await textOf(app.page, row(lockId, "open"))).to.match(/open\s*5 tEURC.*settle by \S+Z/);
    await screenshot(app.page, "jobs-funded");
    await axe(app.page, "buyer, job funded");

    // The attestor settles it on the measured usage (3 of the 5 locked); a stranger submits it.
    const settlement = path.join(dir, "settlement.json");
    const signed = await cli(
      h,
      "attestor",
      "settle",
      "--from",
      ATTESTOR,
      "--lock",
      lockId,
      "--usage",
      path.join(dir, "measured.csv"),
      "--amount",
      "3",
      "--permit-id",
      "HDAB-FR-2026-0042",
      "--out",
      settlement,
    );
    expect(signed.code, signed.stderr).to.equal(0);
    const submitted = await cli(h, "buyer", "settle", "--from", STRANGER, "--settlement", settlement);
    expect(submitted.code, submitted.stderr).to.equal(0);

    await app.page.click("#jobs-refresh");
    await app.page.waitForSelector(row(lockId, "settled"), { timeout: 60_000 });
    const settled = await textOf(app.page, row(lockId, "settled"));
    expect(settled).to.match(/settled\s*5 tEURC\s*3 tEURC\s*2 tEURC\s*settled in block \d+/);
    expect(await eurc.balanceOf(BUYER)).to.equal(balance - units(3n));
    await screenshot(app.page, "jobs-settled");
    await axe(app.page, "buyer, job settled");
    expect(app.foreign).to.deep.equal([]);
    expect(app.pageErrors).to.deep.equal([]);
  });

  it("approves and funds a job; refuses its refund before the deadline with buyer refund's sentence, sending nothing; refunds it after", async function () {
    const balance = (await eurc.balanceOf(BUYER)) as bigint;
    const app = await openConnected(h, "/buyer", { account: BUYER_INDEX });
    await app.page.waitForSelector('[data-testid="jobs-summary"]', { timeout: 60_000 });
    await fundJob(app, "#fund-approve", "1d");
    const lockId = await funded(app);
    expect(app.wallet.requests.filter((m) => m === "eth_sendTransaction")).to.have.length(2);
    expect(app.wallet.requests).not.to.include("eth_signTypedData_v4");
    await app.page.waitForSelector(row(lockId, "open"), { timeout: 60_000 });

    const nonce = await nonceOf(h, BUYER);
    const sends = app.wallet.requests.filter((m) => m === "eth_sendTransaction").length;
    await app.page.click(`button.refund[data-lock="${lockId}"]`);
    const sentence = await textOf(app.page, '#refund-status [data-testid="refusal"]', 60_000);
    expect(sentence).to.match(
      new RegExp(
        `^lock ${lockId} can still be settled until \\S+Z \\(next block \\S+Z\\): it can be refunded only after that$`,
      ),
    );
    // The same sentence; the next block's time is read a few seconds apart.
    const line = cliRefusal(await cli(h, "buyer", "refund", lockId, "--from", BUYER));
    const withoutNext = (s: string) => s.replace(/\(next block \S+Z\)/, "(next block …)");
    expect(withoutNext(line)).to.equal(withoutNext(sentence));
    expect(app.wallet.requests.filter((m) => m === "eth_sendTransaction")).to.have.length(sends);
    expect(await nonceOf(h, BUYER)).to.equal(nonce);
    await screenshot(app.page, "jobs-refund-refused");
    await axe(app.page, "buyer, refund refused before the deadline");

    // After the deadline (the node's clock moved two days): refunded whole to the payer.
    await advanceTime(h, 2 * 86_400);
    await app.page.click("#jobs-refresh");
    // The list read again: the job is open past its deadline.
    await app.page.waitForSelector(`${row(lockId, "open")}:has-text("(passed: refundable)") button.refund`, {
      timeout: 60_000,
    });
    await app.page.click(`button.refund[data-lock="${lockId}"]`);
    await app.page.waitForSelector(row(lockId, "refunded"), { timeout: 120_000 });
    expect(await textOf(app.page, row(lockId, "refunded"))).to.match(
      /refunded\s*5 tEURC\s*5 tEURC\s*refunded in block \d+/,
    );
    expect(await eurc.balanceOf(BUYER)).to.equal(balance);
    expect(await textOf(app.page, "#notice")).to.match(
      new RegExp(`^Refunded 5 tEURC to ${BUYER} \\(lock ${lockId}\\), transaction 0x[0-9a-f]{64}$`),
    );
    await screenshot(app.page, "jobs-refunded");
    await axe(app.page, "buyer, job refunded");
    expect(app.pageErrors).to.deep.equal([]);
  });

  describe("refusals: the command line's sentence, and nothing sent", function () {
    it("the wallet refuses the permit signature", async function () {
      const nonce = await nonceOf(h, BUYER);
      const app = await openConnected(h, "/buyer", { account: BUYER_INDEX, reject: ["eth_signTypedData_v4"] });
      await fundJob(app, "#fund-permit", "14d");
      expect(await textOf(app.page, '#fund-status [data-testid="refusal"]', 120_000)).to.equal(
        "You rejected the permit signature in your wallet: nothing was sent.",
      );
      expect(app.wallet.requests).to.include("eth_signTypedData_v4");
      expect(app.wallet.requests).not.to.include("eth_sendTransaction");
      expect(await nonceOf(h, BUYER)).to.equal(nonce);
      // Nothing half-done: both ways to fund are offered again.
      expect(await app.page.isEnabled("#fund-permit")).to.equal(true);
      expect(await app.page.isEnabled("#fund-approve")).to.equal(true);
    });

    it("an auto-settle limit above the lock: buyer fund's sentence before anything is asked of the wallet", async function () {
      const nonce = await nonceOf(h, BUYER);
      const app = await openConnected(h, "/buyer", { account: BUYER_INDEX });
      await app.page.fill("#job-auto-settle-limit", "6");
      const jobHash = await fundJob(app, "#fund-permit", "14d");
      const sentence = await textOf(app.page, '#fund-out [data-testid="refusal"]');
      expect(sentence).to.equal(
        "--auto-settle-limit 6 tEURC is above --max 5 tEURC: settlements up to the limit need only the attestor," +
          " above it the buyer too, and never above the lock",
      );
      const run = await cli(
        h,
        "buyer",
        "fund",
        "--from",
        BUYER,
        "--job-hash",
        jobHash,
        "--token",
        "tEURC",
        "--max",
        "5",
        "--auto-settle-limit",
        "6",
        "--settle-by",
        "14d",
      );
      expect(cliRefusal(run)).to.equal(sentence);
      expect(app.wallet.requests.filter((m) => m === "eth_sendTransaction" || m.startsWith("eth_sign"))).to.deep.equal(
        [],
      );
      expect(await nonceOf(h, BUYER)).to.equal(nonce);
    });
  });
});
