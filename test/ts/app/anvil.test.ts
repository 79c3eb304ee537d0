/**
 * The buyer flow and a vote through the wallet app on anvil (issue 15: "the buyer flow and a vote also
 * on anvil"): `npm run stack -- --node anvil` (Foundry's anvil fetched by npx, as the e2e tests run it).
 * A quote signed by `attestor sign-quote` against the anvil stack, opened, checked and paid with a
 * permit signature from the buyer screen, and its access record shown; then the seeded pending proposal
 * opened by moving anvil's clock, and the operator's vote For with a reason from the DAO page, checked
 * on the chain.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Contract, id, Wallet } from "ethers";

import { cli, DEV_ACCOUNTS, firstOf, openConnected, textOf } from "./flows.js";
import {
  advanceTime,
  type AppHarness,
  connect,
  devKey,
  openApp,
  type PageGlobals,
  startApp,
  stopApp,
  waitReady,
} from "./harness.js";

const GOVERNOR_ABI = [
  "function state(uint256) view returns (uint8)",
  "function proposalSnapshot(uint256) view returns (uint256)",
  "function hasVoted(uint256, address) view returns (bool)",
];

const ROUTER_ABI = [
  "function accessRecord(bytes32) view returns (address buyer, uint64 expiry, uint8 status, bytes32 permitId, uint64 permitExpiry)",
];

describe("app: the buyer flow and a vote on anvil", function () {
  this.timeout(900_000);
  let h: AppHarness;
  let dir: string;

  before(async function () {
    h = await startApp({ args: ["--node", "anvil"] });
    dir = await mkdtemp(path.join(os.tmpdir(), "galeon-app-anvil-"));
  });

  after(async function () {
    await stopApp(h);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("pays a quote signed by the attestor with a permit signature from the buyer screen, and shows the access record", async function () {
    expect(h.stack.output()).to.match(/stack: anvil on http:\/\/127\.0\.0\.1:\d+/);
    // Local roles (deploy/parameters/local.json): account 1 is the attestor, account 2 the buyer.
    const [attestor, buyer] = [DEV_ACCOUNTS[1], DEV_ACCOUNTS[2]];
    const usage = path.join(dir, "usage.csv");
    await writeFile(usage, "hospitalId,units\n1,2000\n2,1500\n");
    const file = path.join(dir, "quote.json");
    const signed = await cli(
      h,
      "attestor",
      "sign-quote",
      "--from",
      attestor,
      "--buyer",
      buyer,
      "--token",
      "tEURC",
      "--amount",
      "10",
      "--usage",
      usage,
      "--job-hash",
      id("app buyer on anvil"),
      "--permit-id",
      "HDAB-FR-2026-0042",
      "--out",
      file,
    );
    expect(signed.code, signed.stderr).to.equal(0);
    const accessId = (JSON.parse(await readFile(file, "utf8")) as { message: { accessId: string } }).message.accessId;

    const app = await openConnected(h, "/buyer", { account: 2 });
    await app.page.setInputFiles("#quote-file", file);
    expect(await firstOf(app.page, ['[data-testid="quote"]', '#quote-out [data-testid="refusal"]'], 120_000)).to.equal(
      '[data-testid="quote"]',
    );
    expect(app.wallet.requests).not.to.include("eth_signTypedData_v4");
    expect(app.wallet.requests).not.to.include("eth_sendTransaction");
    await app.page.click("#pay-permit");
    expect(await textOf(app.page, '[data-testid="paid"]', 120_000)).to.match(
      new RegExp(`^Paid 10 tEURC for access ${accessId} \\(buyer ${buyer}, until .+\\), transaction 0x[0-9a-f]{64}$`),
    );
    expect(app.wallet.requests.filter((m) => m === "eth_signTypedData_v4")).to.have.length(1);
    expect(app.wallet.requests.filter((m) => m === "eth_sendTransaction")).to.have.length(1);
    const router = new Contract(h.addresses.DataAccessRouter, ROUTER_ABI, h.provider);
    const [recordBuyer, , status] = (await router.accessRecord(accessId)) as [string, bigint, bigint];
    expect([recordBuyer, Number(status)]).to.deep.equal([buyer, 1]);
    const record = await textOf(app.page, '[data-testid="access-record"]');
    expect(record).to.match(/status\s*active/);
    expect(record).to.match(/valid now\s*yes/);
    expect(app.pageErrors).to.deep.equal([]);
  });

  it("votes For with a reason from the DAO page on a stack running anvil", async function () {
    const governor = new Contract(h.addresses.GaleonGovernor, GOVERNOR_ABI, h.provider);
    const { proposals } = (await (await fetch(`${h.stack.url}/api/proposals`)).json()) as {
      proposals: Array<{ id: string; description: string }>;
    };
    const proposalId = BigInt(proposals.find((p) => p.description.startsWith("Suspend hospital"))!.id);
    const snapshot = (await governor.proposalSnapshot(proposalId)) as bigint;
    const now = BigInt((await h.provider.getBlock("latest"))!.timestamp);
    await advanceTime(h, Number(snapshot - now) + 1);
    expect(Number(await governor.state(proposalId))).to.equal(1); // Active
    const app = await openApp(h, "/dao", { account: 0 });
    await connect(app.page);
    await waitReady(app.page, "/dao");
    const card = `#proposal-${proposalId}`;
    await app.page.fill(`#reason-${proposalId}`, "voted on anvil");
    await app.page.evaluate(() => {
      const notice = (globalThis as unknown as PageGlobals).document.getElementById("notice");
      if (notice !== null) notice.textContent = "";
    });
    await app.page.click(`${card} .vote`);
    await app.page.waitForFunction(
      () => ((globalThis as unknown as PageGlobals).document.getElementById("notice")?.textContent ?? "") !== "",
      undefined,
      { timeout: 120_000 },
    );
    const voter = new Wallet(devKey(0)).address;
    expect(await app.page.textContent("#notice")).to.equal(
      `${voter} voted for proposal ${proposalId} ("voted on anvil")`,
    );
    expect(await governor.hasVoted(proposalId, voter)).to.equal(true);
  });
});
