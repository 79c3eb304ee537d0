/**
 * A vote through the wallet app on anvil (issue 15: "a vote also on anvil"): `npm run stack -- --node
 * anvil` (Foundry's anvil fetched by npx, as the e2e tests run it), the seeded pending proposal opened
 * by moving anvil's clock, and the operator's vote For with a reason from the DAO page, checked on
 * the chain.
 */
import { expect } from "chai";
import { Contract, Wallet } from "ethers";

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

describe("app: a vote on anvil", function () {
  this.timeout(900_000);
  let h: AppHarness;

  before(async function () {
    h = await startApp({ args: ["--node", "anvil"] });
  });

  after(async function () {
    await stopApp(h);
  });

  it("votes For with a reason from the DAO page on a stack running anvil", async function () {
    expect(h.stack.output()).to.match(/stack: anvil on http:\/\/127\.0\.0\.1:\d+/);
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
