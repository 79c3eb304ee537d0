/**
 * The DAO member's screen in Chromium against `npm run stack` (harness.ts), on the proposal the seeded
 * history leaves Pending ("Suspend hospital N"): refused when queued too early; a holder delegates (to
 * itself, then to someone); the vote opens (the node's clock moved with evm_increaseTime) and the
 * operator votes For with a reason; a holder whose wallet rejects the signature is told nothing was
 * sent; the holder signs an Against vote (EIP-712 Ballot) that another account relays with
 * castVoteBySig; the vote closes, anyone queues it, execution before the ETA is refused, and after it
 * the proposal is executed through to Executed. Every step is checked on the chain; screenshots of
 * each state at desktop and phone widths; axe on each.
 */
import { readFile } from "node:fs/promises";

import { expect } from "chai";
import { Contract, parseUnits, Wallet } from "ethers";
import type { Page } from "playwright-core";

import {
  advanceTime,
  type AppHarness,
  axe,
  connect,
  devKey,
  openApp,
  type PageGlobals,
  screenshot,
  startApp,
  stopApp,
  waitReady,
} from "./harness.js";

const GOVERNOR_ABI = [
  "function state(uint256) view returns (uint8)",
  "function proposalSnapshot(uint256) view returns (uint256)",
  "function proposalDeadline(uint256) view returns (uint256)",
  "function proposalEta(uint256) view returns (uint256)",
  "function proposalVotes(uint256) view returns (uint256 against, uint256 forVotes, uint256 abstain)",
  "function hasVoted(uint256, address) view returns (bool)",
  "function getVotes(address, uint256) view returns (uint256)",
  "event VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason)",
];
const TOKEN_ABI = [
  "function transfer(address, uint256) returns (bool)",
  "function getVotes(address) view returns (uint256)",
  "function delegates(address) view returns (address)",
];
const STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"];

/** Clears the page's notice, runs `action`, and returns the next sentence the page says. */
async function said(page: Page, action: () => Promise<void>): Promise<string> {
  await page.evaluate(() => {
    const notice = (globalThis as unknown as PageGlobals).document.getElementById("notice");
    if (notice !== null) notice.textContent = "";
  });
  await action();
  await page.waitForFunction(
    () => ((globalThis as unknown as PageGlobals).document.getElementById("notice")?.textContent ?? "") !== "",
    undefined,
    { timeout: 120_000 },
  );
  return (await page.textContent("#notice"))!;
}

describe("app: the DAO member's screen in Chromium", function () {
  this.timeout(900_000);
  let h: AppHarness;
  let governor: Contract;
  let token: Contract;
  let proposalId: bigint;
  let card: string;

  const now = async () => BigInt((await h.provider.getBlock("latest"))!.timestamp);
  const state = async () => STATES[Number(await governor.state(proposalId))];
  const address = (i: number) => new Wallet(devKey(i)).address;

  before(async function () {
    h = await startApp();
    governor = new Contract(h.addresses.GaleonGovernor, GOVERNOR_ABI, h.provider);
    token = new Contract(h.addresses.GaleonToken, TOKEN_ABI, h.provider);
    const { proposals } = (await (await fetch(`${h.stack.url}/api/proposals`)).json()) as {
      proposals: Array<{ id: string; description: string }>;
    };
    const pending = proposals.find((p) => p.description.startsWith("Suspend hospital"));
    expect(pending, "the seeded history leaves a pending proposal").not.to.equal(undefined);
    proposalId = BigInt(pending!.id);
    card = `#proposal-${proposalId}`;
    expect(await state()).to.equal("Pending");
  });

  after(async function () {
    await stopApp(h);
  });

  it("lists the proposals with state, timeline, votes and quorum, decoded actions and their simulation", async function () {
    const app = await openApp(h, "/dao");
    await app.page.waitForSelector(card);
    expect(await app.page.getAttribute(card, "data-state")).to.equal("Pending");
    const actions = await app.page.$$eval(`${card} .action`, (nodes) => nodes.map((n) => n.textContent));
    expect(actions).to.have.length(1);
    expect(actions[0]).to.match(/^DataAccessRouter\.suspend\(\d+\)$/);
    expect(await app.page.textContent(`#simulation-${proposalId}`)).to.match(
      /^Simulated as the timelock will run it: passes: the timelock runs its action without a revert at /,
    );
    const timeline = (await app.page.textContent(`${card} .timeline`))!;
    expect(timeline).to.match(/Voting starts: .*Voting ends: .*Earliest execution: /);
    // The executed grant of the seeded history, decoded in token units.
    const executed = await app.page.$$eval(".proposal[data-state=Executed] .action", (n) =>
      n.map((x) => x.textContent),
    );
    expect(executed.join("\n")).to.match(
      /GaleonTreasury\.transferToken\(0x[0-9a-fA-F]{40} \(tEURC\), 0x[0-9a-fA-F]{40}, 1,000 tEURC\)/,
    );
    await screenshot(app.page, "dao");
    await axe(app.page, "DAO, not connected");
    expect(app.foreign).to.deep.equal([]);
  });

  it("refuses to queue a proposal that is not yet queueable, sending nothing", async function () {
    const app = await openApp(h, "/dao", { account: 0 });
    await connect(app.page);
    await waitReady(app.page, "/dao");
    const sentence = await said(app.page, () => app.page.click(`${card} .queue`));
    expect(sentence).to.match(
      new RegExp(
        `^proposal ${proposalId} is Pending until \\S+ \\(in .+\\), when the vote opens, then Active until \\S+; queue after the vote$`,
      ),
    );
    expect(app.wallet.requests).not.to.include("eth_sendTransaction");
    expect(await state()).to.equal("Pending");
  });

  it("delegates a holder's votes to itself, then to someone else, and says when nothing needs sending", async function () {
    const operator = new Wallet(devKey(0), h.provider);
    const holder = address(5);
    await (await (token.connect(operator) as Contract).transfer(holder, parseUnits("1000", 18))).wait();
    const app = await openApp(h, "/dao", { account: 5 });
    await connect(app.page);
    await waitReady(app.page, "/dao");
    expect(await app.page.textContent("#galeon-votes")).to.equal("0 GALEON");
    expect(await app.page.textContent("#delegatee")).to.match(/^nobody yet/);
    const done = await said(app.page, () => app.page.click("#delegate"));
    expect(done).to.match(new RegExp(`^${holder} delegated its votes to itself \\(transaction 0x[0-9a-f]{64}\\)$`));
    expect(await token.getVotes(holder)).to.equal(parseUnits("1000", 18));
    await waitReady(app.page, "/dao");
    expect(await app.page.textContent("#delegatee")).to.equal("yourself");
    expect(await app.page.textContent("#galeon-votes")).to.equal("1,000 GALEON");
    // The whole screen is back, the proposals with it, before the picture is taken.
    const heading = (await app.page.textContent("#screen h3:has(+ .proposals)"))!;
    const cards = (await app.page.$$(".proposals > .proposal")).length;
    expect(cards, "the seeded history's proposals").to.be.greaterThan(0);
    expect(heading).to.equal(`Proposals (${cards})`);
    // One screen: the render the click cut short does not write its remaining parts into the new one.
    expect(await app.page.$$eval("#screen .proposals", (n) => n.length)).to.equal(1);
    expect(await app.page.$$eval("#screen #relay-section", (n) => n.length)).to.equal(1);
    await screenshot(app.page, "dao-connected");
    await axe(app.page, "DAO, connected");

    const again = await said(app.page, () => app.page.click("#delegate"));
    expect(again).to.equal(`${holder} already delegates to itself: nothing sent`);

    const friend = address(6);
    await app.page.check("#delegate-other");
    await app.page.fill("#delegate-address", friend.toLowerCase());
    const toFriend = await said(app.page, () => app.page.click("#delegate"));
    expect(toFriend).to.match(new RegExp(`^${holder} delegated its votes to ${friend} \\(transaction 0x`));
    expect(await token.delegates(holder)).to.equal(friend);
    expect(await token.getVotes(friend)).to.equal(parseUnits("1000", 18));

    await app.page.check("#delegate-other");
    await app.page.fill("#delegate-address", "0x1234");
    expect(await said(app.page, () => app.page.click("#delegate"))).to.equal(
      '--to "0x1234" is not an address: expected 0x followed by 40 hexadecimal digits',
    );
  });

  it("votes For with a reason once the vote is open", async function () {
    const snapshot = (await governor.proposalSnapshot(proposalId)) as bigint;
    await advanceTime(h, Number(snapshot - (await now())) + 1);
    expect(await state()).to.equal("Active");
    const voter = address(0);
    const app = await openApp(h, "/dao", { account: 0 });
    await connect(app.page);
    await waitReady(app.page, "/dao");
    expect(await app.page.getAttribute(card, "data-state")).to.equal("Active");
    await app.page.check(`#support-${proposalId}-for`);
    await app.page.fill(`#reason-${proposalId}`, "a suspended hospital must not be paid");
    const sentence = await said(app.page, () => app.page.click(`${card} .vote`));
    expect(sentence).to.equal(`${voter} voted for proposal ${proposalId} ("a suspended hospital must not be paid")`);
    expect(await governor.hasVoted(proposalId, voter)).to.equal(true);
    const weight = (await governor.getVotes(voter, snapshot)) as bigint;
    const [, forVotes] = (await governor.proposalVotes(proposalId)) as bigint[];
    expect(forVotes).to.equal(weight);
    const last = (await governor.queryFilter(governor.filters.VoteCast(voter))).at(-1)!;
    expect((last as unknown as { args: { reason: string; support: bigint } }).args.reason).to.equal(
      "a suspended hospital must not be paid",
    );
    // Voting twice is refused before the wallet is asked.
    const sent = app.wallet.requests.filter((m) => m === "eth_sendTransaction").length;
    await app.page.waitForSelector(`${card} .vote`);
    expect(await said(app.page, () => app.page.click(`${card} .vote`))).to.equal(
      `${voter} has already voted on proposal ${proposalId}`,
    );
    expect(app.wallet.requests.filter((m) => m === "eth_sendTransaction").length).to.equal(sent);
    await screenshot(app.page, "dao-voted");
    await axe(app.page, "DAO, voted");
  });

  it("tells a holder whose wallet rejects the signature that nothing was sent", async function () {
    const app = await openApp(h, "/dao", { account: 8, reject: ["eth_signTypedData_v4", "personal_sign"] });
    await connect(app.page);
    await waitReady(app.page, "/dao");
    const sentence = await said(app.page, () => app.page.click(`${card} .sign-vote`));
    expect(sentence).to.equal("You rejected signing your vote in your wallet: nothing was sent.");
    expect(app.wallet.requests).to.include("eth_signTypedData_v4");
    expect(await governor.hasVoted(proposalId, address(8))).to.equal(false);
  });

  it("signs a vote (EIP-712 Ballot) that another account relays with castVoteBySig", async function () {
    const voter = address(8);
    const signerApp = await openApp(h, "/dao", { account: 8 });
    await connect(signerApp.page);
    await waitReady(signerApp.page, "/dao");
    await signerApp.page.check(`#support-${proposalId}-against`);
    const signed = await said(signerApp.page, () => signerApp.page.click(`${card} .sign-vote`));
    expect(signed).to.match(/^Your vote on proposal \S+ is signed: nothing was sent\.$/);
    expect(signerApp.wallet.requests).not.to.include("eth_sendTransaction");
    const json = (await signerApp.page.textContent(`${card} pre.ballot`))!;
    const ballot = JSON.parse(json) as Record<string, unknown>;
    expect(ballot).to.include({
      kind: "galeon-ballot",
      voter,
      support: 0,
      proposalId: proposalId.toString(),
      reason: "",
    });
    // The file offered for download is the same JSON.
    const [download] = await Promise.all([
      signerApp.page.waitForEvent("download"),
      signerApp.page.click(`${card} a.download`),
    ]);
    expect(await readFile((await download.path())!, "utf8")).to.equal(json);
    await screenshot(signerApp.page, "dao-signed");
    await axe(signerApp.page, "DAO, vote signed");

    const relayer = address(5);
    const relayApp = await openApp(h, "/dao", { account: 5 });
    await connect(relayApp.page);
    await waitReady(relayApp.page, "/dao");
    await relayApp.page.fill("#ballot-json", json);
    const relayed = await said(relayApp.page, () => relayApp.page.click("#relay"));
    expect(relayed).to.equal(`${voter} voted against proposal ${proposalId} (relayed)`);
    expect(await governor.hasVoted(proposalId, voter)).to.equal(true);
    const log = (await governor.queryFilter(governor.filters.VoteCast(voter))).at(-1)!;
    const tx = (await h.provider.getTransaction(log.transactionHash))!;
    expect(tx.from).to.equal(relayer);
    // The same vote again is refused before anything is sent, in the command line's words.
    await relayApp.page.waitForSelector("#ballot-json");
    await relayApp.page.fill("#ballot-json", json);
    const sent = relayApp.wallet.requests.filter((m) => m === "eth_sendTransaction").length;
    expect(await said(relayApp.page, () => relayApp.page.click("#relay"))).to.equal(
      `${voter} has already voted on proposal ${proposalId}`,
    );
    expect(relayApp.wallet.requests.filter((m) => m === "eth_sendTransaction").length).to.equal(sent);
    // An altered vote (For instead of Against, with the Against signature) is refused by the Governor,
    // its refusal decoded into the command line's sentence; nothing is mined.
    const altered = JSON.stringify({ ...ballot, voter: address(3), support: 1 });
    await relayApp.page.fill("#ballot-json", altered);
    const refused = await said(relayApp.page, () => relayApp.page.click("#relay"));
    expect(refused).to.match(
      new RegExp(`^Relay ${address(3)}'s vote for on proposal \\S+ was refused by the contract: `),
    );
    expect(refused).not.to.match(/GovernorInvalidSignature\(/);
    expect(await governor.hasVoted(proposalId, address(3))).to.equal(false);
  });

  it("queues the passed proposal, refuses execution before the ETA, then executes it through to Executed", async function () {
    const deadline = (await governor.proposalDeadline(proposalId)) as bigint;
    await advanceTime(h, Number(deadline - (await now())) + 1);
    expect(await state()).to.equal("Succeeded");
    const app = await openApp(h, "/dao", { account: 5 });
    await connect(app.page);
    await waitReady(app.page, "/dao");
    const queued = await said(app.page, () => app.page.click(`${card} .queue`));
    expect(queued).to.match(
      new RegExp(`^Proposal ${proposalId} queued in the timelock: executable from \\S+ \\(in 2 d`),
    );
    expect(await state()).to.equal("Queued");
    await app.page.waitForSelector(`${card}[data-state=Queued] .execute`);
    const early = await said(app.page, () => app.page.click(`${card} .execute`));
    expect(early).to.match(
      new RegExp(`^proposal ${proposalId} is Queued until \\S+ \\(in .+\\); execute after the timelock delay$`),
    );
    await screenshot(app.page, "dao-queued");
    await axe(app.page, "DAO, queued");

    const eta = (await governor.proposalEta(proposalId)) as bigint;
    await advanceTime(h, Number(eta - (await now())) + 1);
    await app.page.reload();
    await waitReady(app.page, "/dao");
    await connect(app.page);
    await waitReady(app.page, "/dao");
    const executed = await said(app.page, () => app.page.click(`${card} .execute`));
    expect(executed).to.equal(`Proposal ${proposalId} executed.`);
    expect(await state()).to.equal("Executed");
    await app.page.waitForSelector(`${card}[data-state=Executed]`);
    await screenshot(app.page, "dao-executed");
    await axe(app.page, "DAO, executed");
    expect(app.foreign).to.deep.equal([]);
  });
});
