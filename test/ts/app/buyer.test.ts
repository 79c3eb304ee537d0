/**
 * The wallet app's buyer screen in Chromium against `npm run stack` (harness.ts), next to the command
 * line: a quote signed by `attestor sign-quote` is opened from a file, checked (signature, then every
 * field) and simulated before the wallet is asked for anything, its split previewed as
 * `buyer pay --dry-run` computes it; then paid with a permit signature, or approved and paid; then the
 * access record. A purchase that fails after the approval says what was sent and revokes it with
 * `approve(router, 0)`. Refusals (the wallet refuses the signature, an expired quote, an altered quote,
 * an insufficient balance) say the command line's sentence and send nothing: the node's nonce of the
 * account is unchanged.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Contract, id } from "ethers";

import { tokenAmount } from "../../../dashboard/format.js";
import { amountsByRow, cli, cliRefusal, DEV_ACCOUNTS, firstOf, nonceOf, openConnected, textOf } from "./flows.js";
import {
  advanceTime,
  type AppHarness,
  appToken,
  axe,
  type OpenedApp,
  openApp,
  ProviderRpcError,
  screenshot,
  startApp,
  stopApp,
} from "./harness.js";

const ATTESTOR = DEV_ACCOUNTS[1];
/** Local roles (deploy/parameters/local.json): account 2 is the buyer, holding test euros. */
const BUYER_INDEX = 2;
const BUYER = DEV_ACCOUNTS[BUYER_INDEX];
const PERMIT_NUMBER = "HDAB-FR-2026-0042";
const ROUTER_ABI = [
  "function accessRecord(bytes32) view returns (address buyer, uint64 expiry, uint8 status, bytes32 permitId, uint64 permitExpiry)",
];
const TOKEN_ABI = [
  "function balanceOf(address) view returns (uint256)",
  "function allowance(address, address) view returns (uint256)",
];

describe("app: the buyer screen in Chromium", function () {
  this.timeout(900_000);
  let h: AppHarness;
  let dir: string;
  let router: Contract;
  let eurc: Contract;
  let decimals: number;
  let quotes = 0;

  before(async function () {
    h = await startApp();
    dir = await mkdtemp(path.join(os.tmpdir(), "galeon-app-buyer-"));
    await writeFile(path.join(dir, "usage.csv"), "hospitalId,units\n4,500\n1,2000\n2,1500\n");
    router = new Contract(h.addresses.DataAccessRouter, ROUTER_ABI, h.provider);
    const token = await appToken(h, "tEURC");
    eurc = new Contract(token.address, TOKEN_ABI, h.provider);
    decimals = token.decimals;
  });

  after(async function () {
    await stopApp(h);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  /** `attestor sign-quote` for `buyer` (default the buyer), 10 tEURC over hospitals 1, 2 and 4; the file's path. */
  async function signQuote(options: { buyer?: string; amount?: string; extra?: string[] } = {}): Promise<string> {
    const file = path.join(dir, `quote-${++quotes}.json`);
    const run = await cli(
      h,
      "attestor",
      "sign-quote",
      "--from",
      ATTESTOR,
      "--buyer",
      options.buyer ?? BUYER,
      "--token",
      "tEURC",
      "--amount",
      options.amount ?? "10",
      "--usage",
      path.join(dir, "usage.csv"),
      "--job-hash",
      id(`app buyer test job ${quotes}`),
      "--permit-id",
      PERMIT_NUMBER,
      "--out",
      file,
      ...(options.extra ?? []),
    );
    expect(run.code, run.stderr).to.equal(0);
    return file;
  }

  /** The buyer screen with the wallet of `account` connected and `file` opened; waits for the check's outcome. */
  async function openQuote(
    file: string,
    options: Parameters<typeof openConnected>[2] = {},
  ): Promise<OpenedApp & { outcome: string }> {
    const app = await openConnected(h, "/buyer", { account: BUYER_INDEX, ...options });
    await app.page.setInputFiles("#quote-file", file);
    try {
      const outcome = await firstOf(app.page, ['[data-testid="quote"]', '#quote-out [data-testid="refusal"]'], 120_000);
      return { ...app, outcome };
    } catch (error) {
      const last = app.wallet.requests.slice(-12).join(", ");
      throw new Error(
        `${(error as Error).message}\nwallet requests: ${last}\npage errors: ${app.pageErrors.join("; ")}`,
      );
    }
  }

  const accessIdOf = async (file: string) =>
    (JSON.parse(await readFile(file, "utf8")) as { message: { accessId: string } }).message.accessId;

  it("checks a quote and previews its split before asking the wallet anything, then pays it with a permit signature", async function () {
    const file = await signQuote();
    const app = await openQuote(file);
    expect(app.outcome).to.equal('[data-testid="quote"]');
    // Nothing asked of the wallet yet: no signature, no transaction.
    expect(app.wallet.requests).not.to.include("eth_signTypedData_v4");
    expect(app.wallet.requests).not.to.include("eth_sendTransaction");
    expect(await textOf(app.page, '[data-testid="simulated"]')).to.equal(
      "Simulated against the next block with the approval in place: it would go through. Nothing was sent.",
    );
    // The split as `buyer pay --dry-run` computes it.
    const dry = JSON.parse(
      (await cli(h, "buyer", "pay", "--quote", file, "--from", BUYER, "--dry-run", "--json")).stdout,
    ) as {
      split: Record<string, { amount: string }>;
      credits: Array<{ hospitalId: number; credit: string }>;
    };
    const split = await amountsByRow(app.page, "split");
    const units = (v: string) => `${tokenAmount(BigInt(v), decimals)} tEURC`;
    expect(split["hospitals (40%)"]).to.equal(units(dry.split.hospitals.amount));
    expect(split["treasury (30%)"]).to.equal(units(dry.split.treasury.amount));
    expect(split["buy-back (20%)"]).to.equal(units(dry.split.buyback.amount));
    expect(split["Galeon (10%)"]).to.equal(units(dry.split.galeon.amount));
    const credits = await amountsByRow(app.page, "credits");
    for (const c of dry.credits)
      expect(credits[String(c.hospitalId)], `hospital ${c.hospitalId}`).to.equal(units(c.credit));
    await screenshot(app.page, "buyer-quote");
    await axe(app.page, "buyer, quote checked");

    const balance = (await eurc.balanceOf(BUYER)) as bigint;
    await app.page.click("#pay-permit");
    const paid = await textOf(app.page, '[data-testid="paid"]', 120_000);
    const accessId = await accessIdOf(file);
    expect(paid).to.match(
      new RegExp(`^Paid 10 tEURC for access ${accessId} \\(buyer ${BUYER}, until .+\\), transaction 0x[0-9a-f]{64}$`),
    );
    expect(app.wallet.requests.filter((m) => m === "eth_signTypedData_v4")).to.have.length(1);
    expect(app.wallet.requests.filter((m) => m === "eth_sendTransaction")).to.have.length(1);
    expect(await eurc.balanceOf(BUYER)).to.equal(balance - 10n * 10n ** BigInt(decimals));
    const [recordBuyer, , status] = (await router.accessRecord(accessId)) as [string, bigint, bigint];
    expect([recordBuyer, Number(status)]).to.deep.equal([BUYER, 1]);
    const record = await textOf(app.page, '[data-testid="access-record"]');
    expect(record).to.match(/status\s*active/);
    expect(record).to.match(/valid now\s*yes/);
    await screenshot(app.page, "buyer-paid");
    await axe(app.page, "buyer, paid");
    expect(app.foreign).to.deep.equal([]);
    expect(app.pageErrors).to.deep.equal([]);
  });

  it("approves, then pays, and looks the access up by its id", async function () {
    const file = await signQuote();
    const app = await openQuote(file);
    expect(app.outcome).to.equal('[data-testid="quote"]');
    await app.page.click("#pay-approve");
    await textOf(app.page, '[data-testid="paid"]', 120_000);
    expect(app.wallet.requests.filter((m) => m === "eth_sendTransaction")).to.have.length(2);
    const accessId = await accessIdOf(file);
    expect(Number(((await router.accessRecord(accessId)) as [string, bigint, bigint])[2])).to.equal(1);
    expect(await eurc.allowance(BUYER, h.addresses.DataAccessRouter)).to.equal(0n);

    const fresh = await openApp(h, "/buyer", { account: 0 });
    await fresh.page.fill("#access-id", accessId);
    await fresh.page.click("form[aria-label='Look up an access'] button");
    expect(await textOf(fresh.page, '#access-out [data-testid="access-record"]')).to.match(/status\s*active/);
  });

  it("when the purchase fails after the approval was sent, says what was sent and revokes it with approve(router, 0)", async function () {
    const file = await signQuote();
    const app = await openQuote(file);
    // The user approves, then refuses the purchase in the wallet.
    const original = app.wallet.request.bind(app.wallet);
    let sends = 0;
    app.wallet.request = async (args) => {
      if (args.method === "eth_sendTransaction" && ++sends === 2) {
        app.wallet.requests.push(args.method);
        throw new ProviderRpcError(4001, "User rejected the request.");
      }
      return await original(args);
    };
    await app.page.click("#pay-approve");
    const sentence = await textOf(app.page, '#pay-status [data-testid="refusal"]', 120_000);
    const routerAddress = h.addresses.DataAccessRouter;
    const undoData = `0x095ea7b3${routerAddress.slice(2).toLowerCase().padStart(64, "0")}${"0".repeat(64)}`;
    expect(sentence).to.match(
      new RegExp(
        `^the payment failed after the approval was sent: you rejected the purchase in your wallet\\. ` +
          `Sent: approval 0x[0-9a-f]{64} \\(confirmed\\); the router \\(${routerAddress}\\) may still spend 10 tEURC ` +
          `of ${BUYER}'s tEURC\\. Undo it with: the Revoke button below \\(or send ${eurc.target as string} the data ` +
          `${undoData}, approve\\(router, 0\\)\\)$`,
      ),
    );
    expect(await eurc.allowance(BUYER, routerAddress)).to.equal(10n * 10n ** BigInt(decimals));
    await screenshot(app.page, "buyer-half-done");
    await axe(app.page, "buyer, approval sent and purchase refused");
    await app.page.click("#revoke");
    expect(await textOf(app.page, '[data-testid="revoked"]', 120_000)).to.match(
      new RegExp(`^Revoked: the router may spend nothing of ${BUYER}'s tEURC \\(transaction 0x[0-9a-f]{64}\\)$`),
    );
    expect(await eurc.allowance(BUYER, routerAddress)).to.equal(0n);
    expect(Number(((await router.accessRecord(await accessIdOf(file))) as [string, bigint, bigint])[2])).to.equal(0);
  });

  describe("refusals: the command line's sentence, and nothing sent", function () {
    it("the wallet refuses the permit signature", async function () {
      const file = await signQuote();
      const nonce = await nonceOf(h, BUYER);
      const app = await openQuote(file, { reject: ["eth_signTypedData_v4"] });
      await app.page.click("#pay-permit");
      expect(await textOf(app.page, '#pay-status [data-testid="refusal"]', 120_000)).to.equal(
        "You rejected the permit signature in your wallet: nothing was sent.",
      );
      expect(app.wallet.requests).not.to.include("eth_sendTransaction");
      expect(await nonceOf(h, BUYER)).to.equal(nonce);
      // Nothing half-done: both ways to pay are offered again.
      expect(await app.page.isEnabled("#pay-permit")).to.equal(true);
    });

    it("an altered quote (one field changed): the signature check fails first", async function () {
      const file = await signQuote();
      const altered = path.join(dir, "altered.json");
      const text = await readFile(file, "utf8");
      await writeFile(altered, text.replace('"amount": "10000000"', '"amount": "1"'));
      expect(await readFile(altered, "utf8")).not.to.equal(text);
      const nonce = await nonceOf(h, BUYER);
      const app = await openQuote(altered);
      const sentence = await textOf(app.page, '#quote-out [data-testid="refusal"]');
      expect(sentence).to.equal(
        `the quote was altered, or not signed by the attestor (the router's attestor is ${ATTESTOR}): ask the attestor for a new quote`,
      );
      expect(cliRefusal(await cli(h, "buyer", "pay", "--quote", altered, "--from", BUYER))).to.equal(sentence);
      expect(app.wallet.requests.filter((m) => m === "eth_sendTransaction" || m.startsWith("eth_sign"))).to.deep.equal(
        [],
      );
      expect(await nonceOf(h, BUYER)).to.equal(nonce);
      await screenshot(app.page, "buyer-refused");
      await axe(app.page, "buyer, altered quote refused");
    });

    it("an insufficient balance", async function () {
      // Account 9 (the guardian) holds no test euros.
      const poor = DEV_ACCOUNTS[9];
      expect(await eurc.balanceOf(poor)).to.equal(0n);
      const file = await signQuote({ buyer: poor });
      const nonce = await nonceOf(h, poor);
      const app = await openQuote(file, { account: 9, hasRoles: false });
      const sentence = await textOf(app.page, '#quote-out [data-testid="refusal"]');
      expect(sentence).to.equal(`${poor} holds 0 tEURC but the quote costs 10 tEURC`);
      expect(cliRefusal(await cli(h, "buyer", "pay", "--quote", file, "--from", poor))).to.equal(sentence);
      expect(app.wallet.requests).not.to.include("eth_sendTransaction");
      expect(await nonceOf(h, poor)).to.equal(nonce);
    });

    it("an expired quote (after time travel past its deadline)", async function () {
      const file = await signQuote({ extra: ["--valid-for", "10m"] });
      await advanceTime(h, 3_600);
      const nonce = await nonceOf(h, BUYER);
      const app = await openQuote(file);
      const sentence = await textOf(app.page, '#quote-out [data-testid="refusal"]');
      expect(sentence).to.match(/^the quote expired at \S+Z \(chain time \S+Z\): ask the attestor for a new one$/);
      // The same sentence; the chain time is the next block's, read a few seconds apart.
      const line = cliRefusal(await cli(h, "buyer", "pay", "--quote", file, "--from", BUYER));
      const withoutTime = (s: string) => s.replace(/\(chain time \S+Z\)/, "(chain time …)");
      expect(withoutTime(line)).to.equal(withoutTime(sentence));
      expect(app.wallet.requests).not.to.include("eth_sendTransaction");
      expect(await nonceOf(h, BUYER)).to.equal(nonce);
    });
  });
});
