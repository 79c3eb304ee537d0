/**
 * End to end over JSON-RPC, on the Hardhat node and on anvil: a DAO member and a keeper drive the
 * local suite through the tasks as users type them. A purchase (made directly with ethers and a
 * quote signed by the attestor, dev account 1) credits the treasury's leg in the router. Then the DAO
 * flow of docs/dao.md runs as written: a grant without `--collect` is refused (the treasury holds
 * nothing yet), the grant with `--collect` goes delegate → propose → `galeon time advance 2d` → vote →
 * `galeon time advance 7d` → queue → `galeon time advance 2d` → execute. The keeper runs the
 * buy-back; `galeon status` reports the revenue, the split and the burn. A proposal that can only
 * fail (`--split 30,30,30,10`) is refused with nothing sent, proposed with `--force`, and `dao
 * status` warns that it would fail. Refusals change nothing.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { createServer, type Server } from "node:http";

import { expect } from "chai";
import { id, JsonRpcProvider, randomBytes, hexlify, ZeroHash } from "ethers";

import { packUsage, type Quote, signQuote } from "../../../domain/quotes/quote.js";
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
      // nobody collects the treasury's 30% yet.
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
        permitId: id("e2e dao permit"),
        permitExpiry: now + 30n * 86_400n,
        renews: ZeroHash,
      };
      const signature = await signQuote(await provider.getSigner(ATTESTOR), 31337n, routerAddress, quote);
      await (await router.connect(buyer).purchase(quote, signature, PRICE)).wait();
      // Nobody has collected the treasury's leg: it waits in the router.
      expect(await treasury.balanceOf(eurcAddress)).to.equal(0n);
      expect(await router.payeeBalance(0, eurcAddress)).to.equal((PRICE * 30n) / 100n);
    });

    after(async function () {
      provider?.destroy();
      await suite?.stop();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it("dao status warns a holder who has not delegated, lists no proposal, and shows the uncollected treasury leg", async function () {
      const run = await cli("dao", "status", "--from", HOLDER);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain("No proposals yet.");
      expect(run.stdout).to.match(/tEURC +0 tEURC +3,000,000 tEURC/);
      expect(lines(run.stderr)).to.deep.equal([
        `warning: you (${HOLDER}) have 150,000,000 GALEON but 0 votes: run dao delegate to vote with them`,
      ]);
      const json = parseJson(await cli("dao", "status", "--json"));
      expect(json.treasury).to.deep.include({
        token: suite!.address("TestEuro"),
        symbol: "tEURC",
        held: "0",
        uncollected: ((PRICE * 30n) / 100n).toString(),
      });
    });

    it("galeon time now prints the chain's time and says the clock of this local node can move", async function () {
      const now = parseJson(await cli("galeon", "time", "now", "--json"));
      const latest = (await provider.getBlock("latest"))!;
      expect(now).to.deep.include({ local: true, chainId: 31337, timestamp: latest.timestamp.toString() });
      expect(now.client).to.match(kind === "anvil" ? /^anvil\// : /^HardhatNetwork\//);
    });

    it("dao delegate gives the operator and the second holder their votes", async function () {
      expect(parseJson(await cli("dao", "delegate", "--json")).votes.account.after).to.equal(
        (800_000_000n * E18).toString(),
      );
      expect(parseJson(await cli("dao", "delegate", "--from", HOLDER, "--json")).votes.account.after).to.equal(
        (150_000_000n * E18).toString(),
      );
    });

    const GRANT_ARGS = [
      "--grant",
      "250000",
      "--token",
      "tEURC",
      "--to",
      GRANTEE,
      "--description",
      "Grant 250,000 tEURC to a research team",
    ];

    it("dao propose --grant without --collect is refused: the treasury holds 0 of the 250,000 tEURC; nothing sent", async function () {
      const before = await snapshot(OPERATOR);
      expectRefusal(
        await cli("dao", "propose", ...GRANT_ARGS),
        1,
        new RegExp(
          `^error: action 1 of 1 \\(GaleonTreasury\\.transferToken\\(${suite!.address("TestEuro")} \\(tEURC\\), ${GRANTEE},` +
            ` 250,000 tEURC\\)\\) would fail when the timelock runs it at \\S+Z \\(.*\\): the treasury would hold 0 tEURC` +
            " but 250,000 tEURC are asked; 3,000,000 tEURC of the treasury's leg wait uncollected in the router:" +
            " collect them first \\(.*\\), or add --collect to collect them in this proposal, before paying\\." +
            " Nothing sent; --force proposes it anyway",
        ),
      );
      expect(await snapshot(OPERATOR)).to.deep.equal(before);
    });

    it("dao propose --grant --collect proposes collect then grant, simulated as the timelock runs them", async function () {
      const eurc = suite!.address("TestEuro");
      const router = suite!.address("DataAccessRouter");
      const now = BigInt((await provider.getBlock("latest"))!.timestamp);
      const result = parseJson(await cli("dao", "propose", ...GRANT_ARGS, "--collect", "--json"));
      proposalId = result.proposalId as string;
      expect(proposalId).to.match(/^[0-9]{60,78}$/);
      expect(result.actions.map((a: { summary: string }) => a.summary)).to.deep.equal([
        `GaleonTreasury.collect(${router} (DataAccessRouter), [${eurc} (tEURC)])`,
        `GaleonTreasury.transferToken(${eurc} (tEURC), ${GRANTEE}, 250,000 tEURC)`,
      ]);
      expect(BigInt(result.voteEnd) - BigInt(result.voteStart)).to.equal(7n * BigInt(DAY));
      expect(result.warnings).to.deep.equal([]);
      expect(result.simulation).to.deep.include({ outcome: "passes", failedAction: null });
      // anvil runs the simulation at the earliest execution (block override); the Hardhat node cannot.
      expect(result.simulation.atRequestedTime).to.equal(kind === "anvil");
      if (kind === "anvil") {
        expect(BigInt(result.simulation.at) - now).to.be.within(11n * BigInt(DAY), 11n * BigInt(DAY) + 60n);
        expect(result.simulation.summary).to.match(/\(the earliest execution\)$/);
      } else {
        expect(result.simulation.summary).to.match(/\(now: this node cannot simulate the earliest execution\)$/);
      }
      expect(result.next).to.deep.equal([
        "npx hardhat --network localnode galeon time advance 2d",
        `npx hardhat --network localnode dao vote ${proposalId} --support for --deployment-id ${suite!.deploymentId}`,
      ]);
      const status = parseJson(await cli("dao", "status", proposalId, "--json"));
      expect(status).to.deep.include({ state: "Pending", description: "Grant 250,000 tEURC to a research team" });
      expect(status.actions[1]).to.deep.include({
        contract: "GaleonTreasury",
        function: "transferToken(address,address,uint256)",
      });
      expect(status.actions[1].args).to.deep.equal([eurc, GRANTEE, GRANT.toString()]);
      expect(status.simulation.outcome).to.equal("passes");
    });

    it("refuses the same proposal twice: it already exists; nothing sent", async function () {
      const before = await snapshot(OPERATOR);
      expectRefusal(
        await cli("dao", "propose", ...GRANT_ARGS, "--collect"),
        1,
        new RegExp(
          `proposal ${proposalId} already exists \\(Pending\\): the same actions and description give the same id`,
        ),
      );
      expect(await snapshot(OPERATOR)).to.deep.equal(before);
    });

    it("refuses a vote and a queue while the proposal is Pending", async function () {
      const before = await snapshot(OPERATOR);
      expectRefusal(
        await cli("dao", "vote", proposalId, "--support", "for"),
        1,
        new RegExp(`proposal ${proposalId} is Pending: the vote opens at `),
      );
      expectRefusal(
        await cli("dao", "queue", proposalId),
        1,
        /is Pending until \S+Z \(in 2 d\), when the vote opens, then Active until \S+Z; queue after the vote/,
      );
      expect(await snapshot(OPERATOR)).to.deep.equal(before);
    });

    /** `galeon time advance DURATION`, as docs/dao.md runs it; asserts the chain moved by exactly that. */
    const advance = async (duration: string, seconds: number) => {
      const moved = parseJson(await cli("galeon", "time", "advance", duration, "--json"));
      expect(moved.advanced).to.equal(String(seconds));
      expect(BigInt(moved.after.timestamp)).to.equal(BigInt((await provider.getBlock("latest"))!.timestamp));
    };

    it("dao vote for with a reason, and a second voter against, print the tallies", async function () {
      await advance("2d", 2 * DAY);
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
      await advance("7d", 7 * DAY);
      expect(parseJson(await cli("dao", "status", proposalId, "--json")).state).to.equal("Succeeded");
      const queued = parseJson(await cli("dao", "queue", proposalId, "--json"));
      const status = parseJson(await cli("dao", "status", proposalId, "--json"));
      expect(status.state).to.equal("Queued");
      expect(queued.eta).to.equal(status.eta);
      expect(queued.simulation.outcome).to.equal("passes");
      expect(queued.next).to.deep.equal([
        "npx hardhat --network localnode galeon time advance 2d",
        `npx hardhat --network localnode dao execute ${proposalId} --deployment-id ${suite!.deploymentId}`,
      ]);
      expect(BigInt(status.eta) - BigInt(status.now)).to.equal(2n * BigInt(DAY));
      const before = await snapshot(OPERATOR);
      expectRefusal(await cli("dao", "execute", proposalId), 1, /is Queued until .*; execute after the timelock delay/);
      expect(await snapshot(OPERATOR)).to.deep.equal(before);
    });

    it("dao execute after the ETA collects the leg and pays the recipient exactly the grant", async function () {
      await advance("2d", 2 * DAY);
      const { eurc, treasury, router } = contracts();
      const eurcAddress = await eurc.getAddress();
      const before = await eurc.balanceOf(GRANTEE);
      const run = await cli("dao", "execute", proposalId);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain(`Proposal ${proposalId} executed`);
      expect(run.stdout).to.contain(`GaleonTreasury.transferToken(${eurcAddress} (tEURC), ${GRANTEE}, 250,000 tEURC)`);
      expect((await eurc.balanceOf(GRANTEE)) - before).to.equal(GRANT);
      expect(await treasury.balanceOf(eurcAddress)).to.equal((PRICE * 30n) / 100n - GRANT);
      expect(await router.payeeBalance(0, eurcAddress)).to.equal(0n);
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
        `error: the chain refused: ${BUYER} has 0 GALEON of votes but proposing needs 1,000,000 GALEON:` +
          " delegate votes to it first (dao delegate)",
      ]);
      expect(await snapshot(BUYER)).to.deep.equal(before);
    });

    let forced: string;
    it("dao propose --split 30,30,30,10 is refused: the router would refuse it at execution; nothing sent", async function () {
      const before = await snapshot(OPERATOR);
      expectRefusal(
        await cli("dao", "propose", "--split", "30,30,30,10", "--description", "Hospitals at 30%"),
        1,
        /^error: action 1 of 1 \(DataAccessRouter\.setSplit\(30%, 30%, 30%, 10%\)\) would fail when the timelock runs it at \S+Z \(.*\): .*3000.*\. Nothing sent; --force proposes it anyway/,
      );
      expect(await snapshot(OPERATOR)).to.deep.equal(before);
    });

    it("dao propose --force proposes it anyway, with the failure as a warning", async function () {
      const run = await cli("dao", "propose", "--split", "30,30,30,10", "--description", "Hospitals at 30%", "--force");
      expect(run.code, run.stderr).to.equal(0);
      expect(lines(run.stderr)).to.have.length(1);
      expect(lines(run.stderr)[0]).to.match(
        /^warning: action 1 of 1 \(DataAccessRouter\.setSplit\(30%, 30%, 30%, 10%\)\) would fail .*; proposed anyway \(--force\)$/,
      );
      forced = /^proposal id +([0-9]+)$/m.exec(run.stdout)![1];
      expect(run.stdout).to.match(/^simulation +action 1 of 1 .* would fail when the timelock runs it/m);
    });

    it("dao status re-simulates the forced proposal and warns that it would fail", async function () {
      const run = await cli("dao", "status", forced);
      expect(run.code, run.stderr).to.equal(0);
      expect(lines(run.stderr)).to.have.length(1);
      expect(lines(run.stderr)[0]).to.match(
        new RegExp(
          `^warning: proposal ${forced}: action 1 of 1 \\(DataAccessRouter\\.setSplit\\(30%, 30%, 30%, 10%\\)\\) would fail`,
        ),
      );
      const json = parseJson(await cli("dao", "status", forced, "--json"));
      expect(json.simulation).to.deep.include({ outcome: "fails", failedAction: 1 });
      expect(json.warnings).to.have.length(1);
    });

    it("galeon time advance is refused on a node that is not a local development node; nothing mined", async function () {
      // A JSON-RPC proxy in front of the node that says it is geth.
      const server: Server = createServer((request, response) => {
        let body = "";
        request.on("data", (chunk: Buffer) => (body += chunk.toString()));
        request.on("end", () => {
          const message = JSON.parse(body) as { id: number; method: string };
          const answer =
            message.method === "web3_clientVersion"
              ? Promise.resolve(JSON.stringify({ jsonrpc: "2.0", id: message.id, result: "Geth/v1.14.11-stable" }))
              : fetch(url(), { method: "POST", headers: { "content-type": "application/json" }, body }).then((r) =>
                  r.text(),
                );
          void answer.then((text) => response.writeHead(200, { "content-type": "application/json" }).end(text));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as { port: number };
        const before = await snapshot(OPERATOR);
        expectRefusal(
          await hardhat(["--network", "localnode", "galeon", "time", "advance", "2d"], `http://127.0.0.1:${port}`),
          3,
          /galeon time advance moves the clock of a local development node only .*: network localnode \(chain 31337, Geth\/v1\.14\.11-stable\) keeps real time; nothing sent$/,
        );
        expect(await snapshot(OPERATOR)).to.deep.equal(before);
      } finally {
        server.close();
      }
    });

    it("galeon time advance refuses a malformed duration (exit 2)", async function () {
      expectRefusal(await cli("galeon", "time", "advance", "2x"), 2, /DURATION "2x" is not a duration/);
      expectRefusal(await cli("galeon", "time", "advance"), 2, /give the DURATION to advance/);
    });

    it("simulates at the earliest execution on anvil: a guardian mandate that ends before it is refused there", async function () {
      const now = BigInt((await provider.getBlock("latest"))!.timestamp);
      const file = path.join(dir, "mandate.json");
      await writeFile(
        file,
        JSON.stringify({
          description: "Guardian mandate for three more days",
          actions: [
            {
              contract: "GaleonGovernor",
              function: "setProposalGuardianMandate(address,uint64)",
              args: [DEV_ACCOUNTS[9], (now + 3n * BigInt(DAY)).toString()],
            },
          ],
        }),
      );
      const run = await cli("dao", "propose", "--actions", file);
      if (kind === "anvil") {
        // The mandate would end 8 days before the earliest execution.
        expectRefusal(
          run,
          1,
          /^error: action 1 of 1 \(GaleonGovernor\.setProposalGuardianMandate\(.*\)\) would fail when the timelock runs it at \S+Z \(the earliest execution\): /,
        );
      } else {
        // The Hardhat node simulates now, when it passes (and so does the call on the Governor itself).
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.match(
          /^simulation +passes: the timelock runs its action without a revert at \S+Z \(now: this node cannot simulate the earliest execution\)$/m,
        );
      }
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
