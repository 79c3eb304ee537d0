/**
 * End to end over JSON-RPC, on the Hardhat node and on anvil: a DAO member and a keeper drive the
 * local suite through the tasks as users type them. A purchase (made directly with ethers and a
 * quote signed by the attestor, dev account 1) feeds the treasury and the buy-back; the DAO grants
 * tEURC from the treasury through delegate → propose → vote → queue → execute; the keeper runs the
 * buy-back; `galeon status` reports the revenue, the split and the burn. Refusals change nothing.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { id, JsonRpcProvider, randomBytes, hexlify } from "ethers";

import { packUsage, type Quote, signQuote } from "../../../scripts/lib/quote.js";
import {
  DataAccessRouter__factory,
  GaleonToken__factory,
  GaleonTreasury__factory,
  TestStablecoin__factory,
} from "../../../typechain-types/index.js";
import {
  DEV_ACCOUNTS,
  expectRefusal,
  hardhat,
  lines,
  type LocalSuiteOnNode,
  parseJson,
  type NodeKind,
  rpc,
  startLocalSuite,
} from "./harness.js";

const E6 = 10n ** 6n;
const E18 = 10n ** 18n;
const DAY = 86_400;
const PRICE = 10_000_000n * E6; // what the buyer pays, tEURC base units
const GRANT = 250_000n * E6; // the treasury grant the DAO votes
const [OPERATOR, ATTESTOR, BUYER, , , GRANTEE] = DEV_ACCOUNTS;
const HOLDER = DEV_ACCOUNTS[8];

for (const kind of ["hardhat", "anvil"] as NodeKind[]) {
  describe(`end to end: DAO member and keeper on a separate ${kind} node`, function () {
    this.timeout(240_000);

    let suite: LocalSuiteOnNode | undefined;
    let provider: JsonRpcProvider;
    let dir: string;
    let proposalId: string;
    const cli = (...args: string[]) => suite!.cli(...args);
    const url = () => suite!.node.url;
    const travel = async (seconds: number) => {
      await rpc(url(), "evm_increaseTime", [seconds]);
      await rpc(url(), "evm_mine");
    };
    /** What a refusal must leave unchanged: the chain's height and the account's nonce. */
    const snapshot = async (account: string) => ({
      block: await rpc(url(), "eth_blockNumber"),
      nonce: await rpc(url(), "eth_getTransactionCount", [account, "latest"]),
    });
    const contracts = () => {
      const galeon = GaleonToken__factory.connect(suite!.address("GaleonToken"), provider);
      const eurc = TestStablecoin__factory.connect(suite!.address("TestEuro"), provider);
      const treasury = GaleonTreasury__factory.connect(suite!.address("GaleonTreasury"), provider);
      const router = DataAccessRouter__factory.connect(suite!.address("DataAccessRouter"), provider);
      return { galeon, eurc, treasury, router };
    };

    before(async function () {
      this.timeout(600_000);
      suite = await startLocalSuite(kind, "dao");
      provider = new JsonRpcProvider(suite.node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
      dir = await mkdtemp(path.join(os.tmpdir(), "galeon-dao-e2e-"));
      // A buyer pays 10,000,000 tEURC for a job over hospitals 1..3, with a quote the attestor signs;
      // then anyone collects the treasury's 30% into the treasury.
      const { eurc, router, treasury } = contracts();
      const buyer = await provider.getSigner(BUYER);
      const routerAddress = await router.getAddress();
      const eurcAddress = await eurc.getAddress();
      await (await eurc.connect(buyer).mint(BUYER, PRICE)).wait();
      await (await eurc.connect(buyer).approve(routerAddress, PRICE)).wait();
      const now = BigInt((await provider.getBlock("latest"))!.timestamp);
      const quote: Quote = {
        accessId: hexlify(randomBytes(32)),
        buyer: BUYER,
        payer: BUYER,
        token: eurcAddress,
        amount: PRICE,
        deadline: now + 3_600n,
        accessExpiry: now + 30n * 86_400n,
        usage: [
          packUsage({ hospitalId: 1, units: 5n }),
          packUsage({ hospitalId: 2, units: 3n }),
          packUsage({ hospitalId: 3, units: 2n }),
        ],
        jobHash: id("e2e dao job"),
      };
      const signature = await signQuote(await provider.getSigner(ATTESTOR), 31337n, routerAddress, quote);
      await (await router.connect(buyer).purchase(quote, signature, PRICE)).wait();
      await (await treasury.connect(buyer).collect(routerAddress, [eurcAddress])).wait();
      expect(await treasury.balanceOf(eurcAddress)).to.equal((PRICE * 30n) / 100n);
    });

    after(async function () {
      provider?.destroy();
      await suite?.stop();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it("dao status warns a holder who has not delegated, and lists no proposal", async function () {
      const run = await cli("dao", "status", "--from", HOLDER);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain("No proposals yet.");
      expect(lines(run.stderr)).to.deep.equal([
        `warning: you (${HOLDER}) have 150,000,000 GALEON but 0 votes: run dao delegate to vote with them`,
      ]);
    });

    it("dao delegate gives the operator and the second holder their votes", async function () {
      expect(parseJson(await cli("dao", "delegate", "--json")).votes.account.after).to.equal(
        (800_000_000n * E18).toString(),
      );
      expect(parseJson(await cli("dao", "delegate", "--from", HOLDER, "--json")).votes.account.after).to.equal(
        (150_000_000n * E18).toString(),
      );
    });

    it("dao propose --grant proposes a treasury tEURC grant and prints the id, snapshot and deadline", async function () {
      const result = parseJson(
        await cli(
          "dao",
          "propose",
          "--grant",
          "250000",
          "--token",
          "tEURC",
          "--to",
          GRANTEE,
          "--description",
          "Grant 250,000 tEURC to a research team",
          "--json",
        ),
      );
      proposalId = result.proposalId as string;
      expect(proposalId).to.match(/^[0-9]+$/);
      expect(result.actions).to.have.length(1);
      expect(result.actions[0].summary).to.equal(
        `GaleonTreasury.transferToken(${suite!.address("TestEuro")}, ${GRANTEE}, ${GRANT})`,
      );
      expect(BigInt(result.voteEnd) - BigInt(result.voteStart)).to.equal(7n * BigInt(DAY));
      expect(result.warnings).to.deep.equal([]);
      const status = parseJson(await cli("dao", "status", proposalId, "--json"));
      expect(status).to.deep.include({ state: "Pending", description: "Grant 250,000 tEURC to a research team" });
      expect(status.actions[0]).to.deep.include({
        contract: "GaleonTreasury",
        function: "transferToken(address,address,uint256)",
      });
      expect(status.actions[0].args).to.deep.equal([suite!.address("TestEuro"), GRANTEE, GRANT.toString()]);
    });

    it("refuses a vote and a queue while the proposal is Pending", async function () {
      const before = await snapshot(OPERATOR);
      expectRefusal(
        await cli("dao", "vote", proposalId, "--support", "for"),
        1,
        new RegExp(`proposal ${proposalId} is Pending: the vote opens at `),
      );
      expectRefusal(await cli("dao", "queue", proposalId), 1, /is Pending until .*; queue after the vote/);
      expect(await snapshot(OPERATOR)).to.deep.equal(before);
    });

    it("dao vote for with a reason, and a second voter against, print the tallies", async function () {
      await travel(2 * DAY + 1);
      expect(parseJson(await cli("dao", "status", proposalId, "--json")).state).to.equal("Active");
      const yes = await cli("dao", "vote", proposalId, "--support", "for", "--reason", "research matters");
      expect(yes.code, yes.stderr).to.equal(0);
      expect(yes.stdout).to.contain(
        `${OPERATOR} voted for proposal ${proposalId} with 800,000,000 GALEON ("research matters")`,
      );
      expect(yes.stdout).to.match(/for +800,000,000 GALEON/);
      const no = parseJson(await cli("dao", "vote", proposalId, "--support", "against", "--from", HOLDER, "--json"));
      expect(no.votes).to.deep.equal({
        for: (800_000_000n * E18).toString(),
        against: (150_000_000n * E18).toString(),
        abstain: "0",
      });
      expect(no.quorum.needed).to.equal((40_000_000n * E18).toString());
    });

    it("refuses a vote without votes, a second vote and a queue before the vote ends", async function () {
      const before = await snapshot(BUYER);
      expectRefusal(
        await cli("dao", "vote", proposalId, "--support", "for", "--from", BUYER),
        1,
        /had no votes at the proposal's snapshot/,
      );
      expect(await snapshot(BUYER)).to.deep.equal(before);
      expectRefusal(await cli("dao", "vote", proposalId, "--support", "abstain"), 1, /has already voted on proposal/);
      expectRefusal(await cli("dao", "queue", proposalId), 1, /is Active until .*; queue after the vote/);
      const status = parseJson(await cli("dao", "status", proposalId, "--json"));
      expect(status.state).to.equal("Active");
      expect(status.quorum.met).to.equal(true);
    });

    it("dao queue after the vote prints the ETA; execute before it is refused", async function () {
      await travel(7 * DAY + 1);
      expect(parseJson(await cli("dao", "status", proposalId, "--json")).state).to.equal("Succeeded");
      const queued = parseJson(await cli("dao", "queue", proposalId, "--json"));
      const status = parseJson(await cli("dao", "status", proposalId, "--json"));
      expect(status.state).to.equal("Queued");
      expect(queued.eta).to.equal(status.eta);
      expect(BigInt(status.eta) - BigInt(status.now)).to.equal(2n * BigInt(DAY));
      const before = await snapshot(OPERATOR);
      expectRefusal(await cli("dao", "execute", proposalId), 1, /is Queued until .*; execute after the timelock delay/);
      expect(await snapshot(OPERATOR)).to.deep.equal(before);
    });

    it("dao execute after the ETA pays the recipient exactly the grant", async function () {
      await travel(2 * DAY + 1);
      const { eurc, treasury } = contracts();
      const [before, treasuryBefore] = [
        await eurc.balanceOf(GRANTEE),
        await treasury.balanceOf(await eurc.getAddress()),
      ];
      const run = await cli("dao", "execute", proposalId);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain(`Proposal ${proposalId} executed`);
      expect(run.stdout).to.contain(`GaleonTreasury.transferToken(${await eurc.getAddress()}, ${GRANTEE}, ${GRANT})`);
      expect((await eurc.balanceOf(GRANTEE)) - before).to.equal(GRANT);
      expect(treasuryBefore - (await treasury.balanceOf(await eurc.getAddress()))).to.equal(GRANT);
      expect(parseJson(await cli("dao", "status", proposalId, "--json")).state).to.equal("Executed");
      expectRefusal(await cli("dao", "vote", proposalId, "--support", "for"), 1, /is Executed: the vote closed at /);
      const list = parseJson(await cli("dao", "status", "--json"));
      expect(list.proposals.map((p: { proposalId: string; state: string }) => [p.proposalId, p.state])).to.deep.equal([
        [proposalId, "Executed"],
      ]);
    });

    it("buyback status shows the accrued leg; buyback run records a fresh observation when the old one is stale", async function () {
      const status = parseJson(await cli("buyback", "status", "--json"));
      expect(status.symbol).to.equal("tEURC");
      expect(status.accrued).to.deep.equal({
        inRouter: ((PRICE * 20n) / 100n).toString(),
        held: "0",
        total: ((PRICE * 20n) / 100n).toString(),
      });
      expect(status).to.deep.include({
        lot: (20_000n * E6).toString(),
        windowStart: null,
        budgetRemaining: (20_000n * E6).toString(),
        paused: false,
        due: true,
        observationUsable: false,
        twapX112: null,
        maxLot: null,
      });
      // The spot price comes straight from the pair: no observation needed.
      expect(BigInt(status.spotX112)).to.be.greaterThan(0n);
      const supply = await contracts().galeon.totalSupply();
      const run = await cli("buyback", "run");
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain("No usable price observation of tEURC: recorded one");
      expect(await contracts().galeon.totalSupply()).to.equal(supply);
      expectRefusal(
        await cli("buyback", "run"),
        1,
        /the price observation of tEURC is \d+ s old but the average needs 30 min: run again in /,
      );
    });

    let burned: bigint;
    it("buyback run after the 30-minute window burns exactly what it reports", async function () {
      await travel(30 * 60 + 1);
      const status = parseJson(await cli("buyback", "status", "--json"));
      expect(status.observationUsable).to.equal(true);
      expect(BigInt(status.maxLot)).to.be.greaterThan(0n);
      const { galeon } = contracts();
      const before = await galeon.totalSupply();
      const run = parseJson(await cli("buyback", "run", "--token", "tEURC", "--json"));
      expect(run.executed).to.equal(true);
      burned = BigInt(run.galeonBurned);
      expect(burned).to.be.greaterThan(0n);
      expect(BigInt(run.supplyBefore)).to.equal(before);
      expect(before - (await galeon.totalSupply())).to.equal(burned);
      expect(BigInt(run.supplyAfter)).to.equal(before - burned);
      expect(BigInt(run.amountIn)).to.equal(
        BigInt(status.maxLot) < 20_000n * E6 ? BigInt(status.maxLot) : 20_000n * E6,
      );
      expect(BigInt(run.galeonBurned)).to.be.at.least(BigInt(run.minOut));
    });

    it("refuses a second buyback run within the hop with the time to wait, changing nothing", async function () {
      const supply = await contracts().galeon.totalSupply();
      const before = await snapshot(OPERATOR);
      expectRefusal(
        await cli("buyback", "run"),
        1,
        /the buy-back of tEURC spent its whole lot \(20,000 tEURC\) in the window opened at \S+Z: the next is allowed at \S+Z, in (1 h|\d+ min( \d+ s)?)$/,
      );
      expect(await snapshot(OPERATOR)).to.deep.equal(before);
      expect(await contracts().galeon.totalSupply()).to.equal(supply);
    });

    it("galeon status --json shows the revenue, the split totals, what is claimable and the burn", async function () {
      const status = parseJson(await cli("galeon", "status", "--json"));
      expect(status.token.burned).to.equal(burned.toString());
      const eurc = status.router.tokens.find((t: { symbol: string }) => t.symbol === "tEURC");
      expect(eurc).to.deep.include({ purchases: 1, revenue: PRICE.toString() });
      expect(eurc.split).to.deep.equal({
        hospitals: ((PRICE * 40n) / 100n).toString(),
        treasury: ((PRICE * 30n) / 100n).toString(),
        buyback: ((PRICE * 20n) / 100n).toString(),
        galeon: ((PRICE * 10n) / 100n).toString(),
      });
      expect(eurc.claimable).to.deep.equal({
        hospitals: ((PRICE * 40n) / 100n).toString(),
        treasury: "0",
        buyback: "0",
        galeon: ((PRICE * 10n) / 100n).toString(),
      });
      const balances = status.treasury.balances.find((b: { symbol: string }) => b.symbol === "tEURC");
      expect(balances.balance).to.equal(((PRICE * 30n) / 100n - GRANT).toString());
    });

    it("dao propose --actions FILE resolves the target from the contract name, as attestor rotate writes it", async function () {
      const file = path.join(dir, "rotate.json");
      const actions = {
        description: "Rotate the attestor",
        actions: [{ contract: "DataAccessRouter", function: "setAttestor(address)", args: [GRANTEE], value: "0" }],
      };
      await writeFile(file, JSON.stringify(actions));
      const result = parseJson(await cli("dao", "propose", "--actions", file, "--json"));
      expect(result.actions).to.deep.equal([
        {
          target: suite!.address("DataAccessRouter"),
          value: "0",
          calldata: contracts().router.interface.encodeFunctionData("setAttestor", [GRANTEE]),
          summary: `DataAccessRouter.setAttestor(${GRANTEE})`,
        },
      ]);
      const list = parseJson(await cli("dao", "status", "--json"));
      expect(list.proposals.map((p: { state: string }) => p.state)).to.deep.equal(["Executed", "Pending"]);
    });

    it("dao propose below the threshold warns, then the chain refuses in one sentence", async function () {
      const before = await snapshot(BUYER);
      const run = await cli("dao", "propose", "--attestor", GRANTEE, "--description", "x", "--from", BUYER);
      expect(run.code).to.equal(1);
      expect(lines(run.stderr)).to.deep.equal([
        `warning: ${BUYER} has 0 GALEON of votes but proposing needs 1,000,000 GALEON: the Governor will refuse` +
          " (run dao delegate, or ask holders to delegate to you)",
        `error: the chain refused: ${BUYER} has 0 votes (base units) but proposing needs ${1_000_000n * E18}:` +
          " delegate votes to it first",
      ]);
      expect(await snapshot(BUYER)).to.deep.equal(before);
    });

    describe("refuses with one line, changing nothing", function () {
      it("a malformed actions file (exit 2)", async function () {
        const file = path.join(dir, "bad-actions.json");
        await writeFile(
          file,
          JSON.stringify({
            description: "x",
            actions: [{ contract: "DataAccessRouter", function: "setAttestor(address)", args: [] }],
          }),
        );
        const before = await snapshot(OPERATOR);
        expectRefusal(
          await cli("dao", "propose", "--actions", file),
          2,
          /action 1: setAttestor\(address\) takes 1 arguments/,
        );
        expect(await snapshot(OPERATOR)).to.deep.equal(before);
      });

      it("an actions file that is not JSON (exit 2)", async function () {
        const file = path.join(dir, "not-json.json");
        await writeFile(file, "description: x");
        expectRefusal(await cli("dao", "propose", "--actions", file), 2, /not-json.json is not valid JSON/);
      });

      it("action flags without a description (exit 2)", async function () {
        expectRefusal(await cli("dao", "propose", "--split", "40,30,20,10"), 2, /--description is required/);
      });

      it("an unknown proposal id (exit 1)", async function () {
        const before = await snapshot(OPERATOR);
        expectRefusal(await cli("dao", "vote", "42", "--support", "for"), 1, /there is no proposal 42 /);
        expectRefusal(await cli("dao", "status", "42"), 1, /there is no proposal 42 /);
        expect(await snapshot(OPERATOR)).to.deep.equal(before);
      });

      it("a missing deployment (exit 3)", async function () {
        const missing = `${suite!.deploymentId}-missing`;
        for (const args of [
          ["dao", "status"],
          ["buyback", "status"],
          ["dao", "execute", "1"],
        ]) {
          const run = await hardhat(["--network", "localnode", ...args, "--deployment-id", missing], url());
          expectRefusal(run, 3, /no Galeon deployment for chain 31337 /);
        }
      });
    });
  });
}
