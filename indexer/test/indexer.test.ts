/**
 * The indexer end to end, on anvil: the local suite deployed with the Ignition CLI, a seeded history
 * (purchases over several hospitals in two tokens, claims, a payout rotation, payee withdrawals, two
 * buy-backs, a proposal voted through to execution that pays a grant, creates a vesting grant and
 * suspends a hospital, a second proposal pending), then two indexers started as users start them,
 * one on PGlite and one on a real PostgreSQL server. Every figure they serve must equal the chain's
 * (and what `galeon status` and `hospital statement` print); a reorganisation (`anvil_reorg`) that
 * drops a purchase and a claim and puts another purchase in their place must leave both equal to the
 * chain again.
 */
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Contract, formatUnits, id, Interface, JsonRpcProvider, ZeroHash } from "ethers";

import { packUsage, type Quote, signQuote, unpackUsage } from "../../domain/quotes/quote.js";
import {
  isoDate,
  STATEMENT_COLUMNS,
  type StatementRow,
  statementCsv,
} from "../../domain/statements/statementFormat.js";
import {
  BuybackBurner__factory,
  DataAccessRouter__factory,
  GaleonGovernor__factory,
  GaleonToken__factory,
  GaleonTreasury__factory,
  JobEscrow__factory,
  PayoutBatcher__factory,
  TestStablecoin__factory,
} from "../../typechain-types/index.js";
import {
  DEV_ACCOUNTS,
  expectRefusal,
  freePort,
  lines,
  type LocalSuiteOnNode,
  parseJson,
  rpc,
} from "../../test/ts/e2e/harness.js";
import {
  type IndexerProcess,
  indexingRates,
  localSuite,
  type PostgresServer,
  type Rate,
  startIndexer,
  startPostgres,
} from "./harness.js";

const E6 = 10n ** 6n;
const E18 = 10n ** 18n;
const DAY = 86_400;
const [OPERATOR, ATTESTOR, BUYER, , PAYOUT2, , , , HOLDER] = DEV_ACCOUNTS;
const GRANTEE = "0x00000000000000000000000000000000000a11ce";
const NEW_PAYOUT2 = "0x0000000000000000000000000000000000b0b0b0";
const STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"];
/** Extra purchases to seed (`GALEON_INDEXER_BULK=1000` to measure the sync rate on a longer history). */
const BULK = Number(process.env.GALEON_INDEXER_BULK ?? 30);

describe("indexer: the Ponder indexer of the suite on anvil, on PGlite and on PostgreSQL", function () {
  this.timeout(600_000);

  let suite: LocalSuiteOnNode;
  let provider: JsonRpcProvider;
  let postgres: PostgresServer | undefined;
  let pgliteDir: string;
  const indexers: IndexerProcess[] = [];
  let accessCounter = 0;
  let failedLock = "";

  const url = () => suite.node.url;
  /** What the command line prints, asked once for both databases (the history does not change). */
  const printed = new Map<string, Promise<Awaited<ReturnType<LocalSuiteOnNode["cli"]>>>>();
  const cliOnce = (...args: string[]) => {
    const key = args.join(" ");
    if (!printed.has(key)) printed.set(key, suite.cli(...args));
    return printed.get(key)!;
  };
  const travel = async (seconds: number) => {
    await rpc(url(), "evm_increaseTime", [seconds]);
    await rpc(url(), "evm_mine");
  };
  const chainHead = async () => Number(await rpc(url(), "eth_blockNumber"));
  const c = () => {
    const signer = (address: string) => provider.getSigner(address);
    return {
      galeon: GaleonToken__factory.connect(suite.address("GaleonToken"), provider),
      eurc: TestStablecoin__factory.connect(suite.address("TestEuro"), provider),
      router: DataAccessRouter__factory.connect(suite.address("DataAccessRouter"), provider),
      burner: BuybackBurner__factory.connect(suite.address("BuybackBurner"), provider),
      governor: GaleonGovernor__factory.connect(suite.address("GaleonGovernor"), provider),
      treasury: GaleonTreasury__factory.connect(suite.address("GaleonTreasury"), provider),
      escrow: JobEscrow__factory.connect(suite.address("JobEscrow"), provider),
      batcher: PayoutBatcher__factory.connect(suite.address("PayoutBatcher"), provider),
      signer,
    };
  };
  /** A hospital id no deployment registers. */
  const UNKNOWN_HOSPITAL = 99;
  const send = async (tx: Promise<{ wait: () => Promise<unknown> }>) => (await tx).wait();

  /** A quote signed by the attestor for `amount` of `token` over `usage` ([hospital id, units]). */
  async function quote(
    token: string,
    amount: bigint,
    usage: Array<[number, bigint]>,
    renews: { accessId: string; expiry: bigint } | undefined = undefined,
  ): Promise<[Quote, string]> {
    const now = BigInt((await provider.getBlock("latest"))!.timestamp);
    const q: Quote = {
      accessId: id(`indexer test access ${++accessCounter}`),
      buyer: BUYER,
      payer: BUYER,
      token,
      amount,
      deadline: now + 30n * BigInt(DAY),
      accessExpiry: renews === undefined ? now + 60n * BigInt(DAY) : renews.expiry,
      usage: usage.map(([hospitalId, units]) => packUsage({ hospitalId, units })),
      jobHash: id(`indexer test job ${accessCounter}`),
      permitId: id(`indexer test permit ${accessCounter % 3}`),
      permitExpiry: now + 365n * BigInt(DAY),
      renews: renews?.accessId ?? ZeroHash,
    };
    const signature = await signQuote(await provider.getSigner(ATTESTOR), 31337n, suite.address("DataAccessRouter"), q);
    return [q, signature];
  }

  async function buy(
    token: string,
    amount: bigint,
    usage: Array<[number, bigint]>,
    renews?: { accessId: string; expiry: bigint },
  ): Promise<string> {
    const { router, signer } = c();
    const [q, signature] = await quote(token, amount, usage, renews);
    await send(router.connect(await signer(BUYER)).purchase(q, signature, amount));
    return q.accessId;
  }

  /** Seeds the history every test reads. */
  async function seed(): Promise<void> {
    const { galeon, eurc, router, burner, governor, treasury, signer } = c();
    const eurcAddress = await eurc.getAddress();
    const galeonAddress = await galeon.getAddress();
    const routerAddress = await router.getAddress();
    const buyer = await signer(BUYER);
    const operator = await signer(OPERATOR);
    await send(eurc.connect(buyer).mint(BUYER, 100_000_000n * E6));
    await send(eurc.connect(buyer).approve(routerAddress, 2n ** 255n));
    await send(galeon.connect(operator).transfer(BUYER, 1_000_000n * E18));
    await send(galeon.connect(buyer).approve(routerAddress, 2n ** 255n));

    const first = await buy(eurcAddress, 1_000_000n * E6, [
      [1, 5n],
      [2, 3n],
      [3, 2n],
    ]);
    // A renewal: the first access extended by 90 days (issue 14).
    const firstExpiry = (await router.accessRecord(first)).expiry;
    await buy(eurcAddress, 1_000n * E6, [[1, 1n]], { accessId: first, expiry: firstExpiry + 90n * BigInt(DAY) });
    await buy(eurcAddress, 333_333_333_333n, [
      [2, 1n],
      [4, 2n],
    ]);
    await buy(galeonAddress, 100_000n * E18, [
      [1, 1n],
      [5, 1n],
    ]);
    await send(router.connect(buyer).claimHospital(1, [eurcAddress, galeonAddress]));
    await send(router.connect(await signer(PAYOUT2)).setPayout(2, NEW_PAYOUT2));
    await buy(eurcAddress, 10_000n * E6 + 7n, [
      [2, 7n],
      [3, 1n],
    ]);
    await send(router.connect(buyer).claimHospital(2, [eurcAddress]));
    // A keeper's batch that names a hospital the router does not know: its claim fails, alone.
    await send(c().batcher.connect(buyer).claimHospitals([UNKNOWN_HOSPITAL], [eurcAddress]));
    await send(treasury.connect(buyer).collect(routerAddress, [eurcAddress, galeonAddress]));
    await send(router.connect(buyer).withdrawPayee(2, [eurcAddress]));
    await send(buyer.sendTransaction({ to: await treasury.getAddress(), value: 10n ** 18n }));
    for (let i = 0; i < BULK; i++) {
      await buy(eurcAddress, BigInt(1_000 + i) * E6, [
        [1 + (i % 5), BigInt(1 + i)],
        ...(i % 5 === 4 ? [] : ([[5, 3n]] as Array<[number, bigint]>)),
      ]);
    }

    // Metered jobs (issue 14): one settled on its measured usage (the rest back to the buyer), one left to
    // fail, refunded after the DAO's days below.
    const { escrow } = c();
    const escrowAddress = await escrow.getAddress();
    await send(eurc.connect(buyer).approve(escrowAddress, 2n ** 255n));
    const lockedAt = BigInt((await provider.getBlock("latest"))!.timestamp);
    const terms = (job: string, settleBy: bigint) => ({
      buyer: BUYER,
      token: eurcAddress,
      maxAmount: 1_000n * E6,
      autoSettleLimit: 1_000n * E6,
      settleBy,
      jobHash: id(job),
      salt: id("salt"),
    });
    await send(escrow.connect(buyer).fund(terms("metered job", lockedAt + 30n * BigInt(DAY))));
    await send(escrow.connect(buyer).fund(terms("failed job", lockedAt + BigInt(DAY))));
    const settledLock = await escrow.lockIdOf(BUYER, BUYER, id("metered job"), id("salt"));
    failedLock = await escrow.lockIdOf(BUYER, BUYER, id("failed job"), id("salt"));
    const settlement: Quote = {
      accessId: settledLock,
      buyer: BUYER,
      payer: escrowAddress,
      token: eurcAddress,
      amount: 800n * E6,
      deadline: lockedAt + 3_600n,
      accessExpiry: lockedAt + 30n * BigInt(DAY),
      usage: [packUsage({ hospitalId: 1, units: 3n }), packUsage({ hospitalId: 2, units: 1n })],
      jobHash: id("metered job"),
      permitId: id("indexer test permit"),
      permitExpiry: lockedAt + 365n * BigInt(DAY),
      renews: ZeroHash,
    };
    const settlementSignature = await signQuote(await provider.getSigner(ATTESTOR), 31337n, routerAddress, settlement);
    await send(escrow.connect(operator).settle(settlement, settlementSignature, "0x"));

    // The buy-back: the GALEON leg burned directly, then tEURC through the pair once the observation
    // the deployment recorded is 30 minutes old.
    await send(burner.connect(buyer).execute(galeonAddress));
    await travel(30 * 60 + 1);
    await send(burner.connect(buyer).execute(eurcAddress));

    // The DAO: a grant, a vesting grant and a suspension, voted through to execution.
    await send(galeon.connect(operator).delegate(OPERATOR));
    await send(galeon.connect(await signer(HOLDER)).delegate(HOLDER));
    await travel(1); // votes count from the second after the delegation
    const treasuryAddress = await treasury.getAddress();
    const now = BigInt((await provider.getBlock("latest"))!.timestamp);
    const targets = [treasuryAddress, treasuryAddress, routerAddress];
    const values = [0n, 0n, 0n];
    const calldatas = [
      treasury.interface.encodeFunctionData("transferToken", [eurcAddress, GRANTEE, 1_000n * E6]),
      treasury.interface.encodeFunctionData("createVestingGrant", [GRANTEE, eurcAddress, 500n * E6, now, 365 * DAY]),
      router.interface.encodeFunctionData("suspend", [5]),
    ];
    const description = "Grant, vesting grant and suspension of hospital 5";
    await send(governor.connect(operator).propose(targets, values, calldatas, description));
    await travel(2 * DAY + 1);
    const proposalId = await governor.hashProposal(targets, values, calldatas, id(description));
    await send(governor.connect(operator).castVoteWithReason(proposalId, 1, "data pays hospitals"));
    await send(governor.connect(await signer(HOLDER)).castVote(proposalId, 0));
    await travel(7 * DAY + 1);
    await send(governor.connect(operator).queue(targets, values, calldatas, id(description)));
    await travel(2 * DAY + 1);
    await send(governor.connect(operator).execute(targets, values, calldatas, id(description)));
    // A second proposal, left pending.
    await send(
      governor
        .connect(operator)
        .propose([routerAddress], [0n], [router.interface.encodeFunctionData("reactivate", [5])], "Reactivate 5"),
    );
    // The failed job's deadline has passed (the DAO's days): anyone refunds it to the buyer.
    await send(escrow.connect(operator).refund(failedLock));
  }

  before(async function () {
    this.timeout(1_200_000);
    const deploying = Date.now();
    suite = await localSuite("indexer");
    console.log(`      deployed the local suite on anvil in ${((Date.now() - deploying) / 1000).toFixed(1)} s`);
    provider = new JsonRpcProvider(suite.node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const seeding = Date.now();
    await seed();
    const head = await chainHead();
    console.log(`      seeded ${head} blocks in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

    postgres = await startPostgres();
    pgliteDir = await mkdtemp(path.join(os.tmpdir(), "galeon-pglite-"));
    const started = Date.now();
    indexers.push(await startIndexer(url(), suite.deploymentId, { kind: "pglite", dir: pgliteDir }));
    indexers.push(
      await startIndexer(url(), suite.deploymentId, {
        kind: "postgres",
        url: postgres.url,
        schema: `galeon_test_${process.pid}`,
      }),
    );
    await Promise.all(indexers.map((i) => i.waitFor(head)));
    const seconds = (Date.now() - started) / 1000;
    console.log(`      both indexers at block ${head} in ${seconds.toFixed(1)} s, start included`);
    for (const indexer of indexers) {
      const { backfill, live } = indexingRates(indexer.output());
      const rate = (r: Rate) =>
        `${r.events} events of ${r.blocks} blocks in ${(r.ms / 1000).toFixed(1)} s` +
        (r.ms > 0 ? ` (${Math.round((r.events * 1000) / r.ms)} events/s)` : "");
      console.log(`      ${indexer.database.kind}: backfill ${rate(backfill)}; live ${rate(live)}`);
    }
  });

  after(async function () {
    for (const indexer of indexers) await indexer.stop();
    provider?.destroy();
    await suite?.stop();
    await postgres?.stop();
    if (pgliteDir !== undefined) await rm(pgliteDir, { recursive: true, force: true });
  });

  /* What the chain says, read directly */

  async function chainTotals() {
    const { galeon, eurc, router, treasury } = c();
    const tokens = [await eurc.getAddress(), await galeon.getAddress()];
    const hospitals: Record<string, string> = {};
    for (let h = 1; h <= 5; h++) {
      for (const t of tokens) hospitals[`${h}:${t.toLowerCase()}`] = (await router.hospitalBalance(h, t)).toString();
    }
    const payees: Record<string, string> = {};
    for (let p = 0; p < 3; p++) {
      for (const t of tokens) payees[`${p}:${t.toLowerCase()}`] = (await router.payeeBalance(p, t)).toString();
    }
    const treasuryBalances: Record<string, string> = {};
    for (const t of tokens) treasuryBalances[t.toLowerCase()] = (await treasury.balanceOf(t)).toString();
    return {
      supply: (await galeon.totalSupply()).toString(),
      hospitals,
      payees,
      treasuryBalances,
      eth: (await treasury.ethBalance()).toString(),
    };
  }

  async function indexedTotals(indexer: IndexerProcess) {
    const totals = (await indexer.get("/api/totals")).body;
    const hospitals: Record<string, string> = {};
    for (const key of Object.keys((await chainTotals()).hospitals)) hospitals[key] = "0";
    for (const h of (await indexer.get("/api/hospitals")).body.hospitals) {
      for (const b of h.balances) hospitals[`${h.id}:${b.token}`] = b.balance;
    }
    const payees: Record<string, string> = {};
    for (const key of Object.keys((await chainTotals()).payees)) payees[key] = "0";
    for (const t of totals.router.tokens) {
      payees[`0:${t.token}`] = t.claimable.treasury;
      payees[`1:${t.token}`] = t.claimable.buyback;
      payees[`2:${t.token}`] = t.claimable.galeon;
    }
    const treasuryBalances: Record<string, string> = {};
    for (const b of totals.treasury.balances) treasuryBalances[b.token] = b.balance;
    return { supply: totals.token.totalSupply, hospitals, payees, treasuryBalances, eth: totals.treasury.eth };
  }

  /**
   * A hospital's statement rebuilt here from the router's logs with ethers (independently of the
   * indexer), in the shared format.
   */
  async function chainStatement(hospitalId: number): Promise<string> {
    const router = new Contract(suite.address("DataAccessRouter"), DataAccessRouter__factory.abi, provider);
    const logs = await provider.getLogs({ address: await router.getAddress(), fromBlock: 0, toBlock: "latest" });
    const iface = new Interface(DataAccessRouter__factory.abi);
    const meta = new Map<string, { symbol: string; decimals: number }>();
    const info = async (token: string) => {
      if (!meta.has(token)) {
        const t = new Contract(
          token,
          ["function symbol() view returns (string)", "function decimals() view returns (uint8)"],
          provider,
        );
        meta.set(token, { symbol: await t.symbol(), decimals: Number(await t.decimals()) });
      }
      return meta.get(token)!;
    };
    const units = (v: bigint, decimals: number) => formatUnits(v, decimals).replace(/\.0$/, "");
    let payout = "";
    const running = new Map<string, bigint>();
    const rows: StatementRow[] = [];
    const permits = new Map<string, string>();
    for (const log of logs) {
      const event = iface.parseLog(log);
      if (event?.name === "AccessPermit") permits.set(event.args.accessId, event.args.permitId);
    }
    for (const log of logs) {
      const event = iface.parseLog(log);
      if (event === null) continue;
      const base = async () => ({
        date: isoDate((await provider.getBlock(log.blockNumber))!.timestamp),
        block: log.blockNumber,
        transaction: log.transactionHash,
        logIndex: log.index,
      });
      if (event.name === "HospitalRegistered" && Number(event.args.hospitalId) === hospitalId)
        payout = event.args.payout;
      if (event.name === "PayoutSet" && Number(event.args.hospitalId) === hospitalId) {
        payout = event.args.newPayout;
        rows.push({
          ...(await base()),
          kind: "payout_change",
          accessId: "",
          jobHash: "",
          buyer: "",
          token: "",
          symbol: "",
          amount: "0",
          balance: "",
          payout,
          previousPayout: event.args.previousPayout,
          permitId: "",
        });
      }
      if (event.name === "Purchased") {
        const index = (event.args.usage as bigint[]).findIndex((w) => Number(unpackUsage(w).hospitalId) === hospitalId);
        const credit = index < 0 ? 0n : (event.args.credits as bigint[])[index];
        if (credit === 0n) continue;
        const token = event.args.token as string;
        const m = await info(token);
        const balance = (running.get(token) ?? 0n) + credit;
        running.set(token, balance);
        rows.push({
          ...(await base()),
          kind: "credit",
          accessId: event.args.accessId,
          jobHash: event.args.jobHash,
          buyer: event.args.buyer,
          token,
          symbol: m.symbol,
          amount: units(credit, m.decimals),
          balance: units(balance, m.decimals),
          payout,
          previousPayout: "",
          permitId: permits.get(event.args.accessId) ?? "",
        });
      }
      if (event.name === "HospitalClaimed" && Number(event.args.hospitalId) === hospitalId) {
        const token = event.args.token as string;
        const m = await info(token);
        const amount = event.args.amount as bigint;
        const balance = (running.get(token) ?? 0n) - amount;
        running.set(token, balance);
        rows.push({
          ...(await base()),
          kind: "claim",
          accessId: "",
          jobHash: "",
          buyer: "",
          token,
          symbol: m.symbol,
          amount: units(-amount, m.decimals),
          balance: units(balance, m.decimals),
          payout: event.args.payout,
          previousPayout: "",
          permitId: "",
        });
      }
    }
    return statementCsv(rows);
  }

  for (const [index, label] of [
    [0, "PGlite"],
    [1, "PostgreSQL"],
  ] as const) {
    describe(`on ${label}`, function () {
      const indexer = () => indexers[index];

      it("serves balances, supply, payee and treasury figures equal to the chain's", async function () {
        expect(await indexedTotals(indexer())).to.deep.equal(await chainTotals());
      });

      it("serves /api/totals equal to what galeon status --json prints", async function () {
        const status = parseJson(await cliOnce("galeon", "status", "--json"));
        const totals = (await indexer().get("/api/totals")).body;
        expect(totals.block.number).to.equal(await chainHead());
        const { token } = status;
        expect(totals.token).to.deep.include({
          address: token.address.toLowerCase(),
          name: token.name,
          symbol: token.symbol,
          decimals: token.decimals,
          initialSupply: token.initialSupply,
          totalSupply: token.totalSupply,
          burned: token.burned,
        });
        expect(BigInt(token.burned) > 0n, "some GALEON burned").to.equal(true);
        const byToken = (list: any[]): Record<string, any> =>
          Object.fromEntries(list.map((t) => [t.token.toLowerCase(), t]));
        const indexed = byToken(totals.router.tokens);
        expect(Object.keys(indexed).sort()).to.deep.equal(Object.keys(byToken(status.router.tokens)).sort());
        for (const [key, t] of Object.entries(byToken(status.router.tokens))) {
          expect(indexed[key]).to.deep.include({
            symbol: t.symbol,
            decimals: t.decimals,
            purchases: t.purchases,
            revenue: t.revenue,
            hospitalsClaimed: t.hospitalsClaimed,
          });
          expect(indexed[key].split).to.deep.equal(t.split);
          expect(indexed[key].claimable).to.deep.equal(t.claimable);
        }
        const balances = byToken(totals.treasury.balances);
        for (const [key, b] of Object.entries(byToken(status.treasury.balances))) {
          expect(balances[key], key).to.deep.include({ symbol: b.symbol, decimals: b.decimals, balance: b.balance });
        }
        expect(totals.treasury.eth).to.equal(status.treasury.eth);
        expect(totals.treasury.vestingGrants).to.equal(1);
      });

      it("serves each hospital's statement as CSV equal to the chain's and to hospital statement's", async function () {
        for (const hospitalId of [1, 2, 5]) {
          const response = await indexer().get(`/api/hospitals/${hospitalId}/statement`);
          expect(response.status).to.equal(200);
          expect(response.headers.get("content-type")).to.match(/^text\/csv/);
          expect(response.text.split("\n")[0]).to.equal(STATEMENT_COLUMNS.join(","));
          expect(response.text, `hospital ${hospitalId}`).to.equal(await chainStatement(hospitalId));
        }
        const csv = (await indexer().get("/api/hospitals/2/statement")).text;
        const kinds = csv
          .trim()
          .split("\n")
          .slice(1)
          .map((line) => line.split(",")[4]);
        expect(kinds).to.include.members(["credit", "claim", "payout_change"]);
        const run = await cliOnce("hospital", "statement", "--hospital", "2", "--format", "csv");
        expect(run.code, run.stderr).to.equal(0);
        if (run.stdout.split("\n")[0] === STATEMENT_COLUMNS.join(",")) {
          expect(csv).to.equal(run.stdout.trimEnd() + "\n");
        } else {
          // The command line before it moved to the shared format: the same entries and balances.
          const ours = csv
            .trim()
            .split("\n")
            .slice(1)
            .map((l) => l.split(","))
            .filter((r) => r[4] !== "payout_change");
          const theirs = run.stdout
            .trim()
            .split("\n")
            .slice(1)
            .map((l) => l.split(","));
          expect(theirs.map((r) => [r[0], r[1], r[2]])).to.deep.equal(ours.map((r) => [r[1], r[2], r[4]]));
          expect(theirs.map((r) => formatUnits(BigInt(r[9]), Number(r[7])).replace(/\.0$/, ""))).to.deep.equal(
            ours.map((r) => r[11]),
          );
        }
      });

      it("serves the statement as JSON, and refuses a malformed or unknown hospital", async function () {
        const json = (await indexer().get("/api/hospitals/1/statement?format=json")).body;
        expect(json.hospitalId).to.equal(1);
        expect(json.rows[0]).to.include({ kind: "credit", symbol: "tEURC", amount: "200000" });
        const { router } = c();
        for (const t of json.totals) {
          expect(t.balance).to.equal((await router.hospitalBalance(1, t.token)).toString());
          expect(BigInt(t.credited) - BigInt(t.claimed)).to.equal(BigInt(t.balance));
        }
        expect(json.totals.map((t: any) => t.symbol)).to.deep.equal(["tEURC", "GALEON"]);
        expect((await indexer().get("/api/hospitals/x/statement")).status).to.equal(400);
        expect((await indexer().get("/api/hospitals/1/statement?format=pdf")).status).to.equal(400);
        const unknown = await indexer().get("/api/hospitals/99/statement");
        expect(unknown.status).to.equal(404);
        expect(unknown.body).to.deep.equal({ error: "hospital 99 is not registered" });
      });

      it("pages the JSON statement and streams the CSV: the same rows, totals and bytes as the whole statement", async function () {
        for (const hospitalId of [1, 2]) {
          const base = `/api/hospitals/${hospitalId}/statement`;
          const whole = (await indexer().get(`${base}?format=json`)).body;
          expect(whole.rows.length, "several pages").to.be.greaterThan(4);
          // The streamed CSV (3 rows per database read in these tests) is today's CSV of the whole statement.
          expect((await indexer().get(base)).text).to.equal(statementCsv(whole.rows));
          const first = (await indexer().get(`${base}?format=json&limit=2`)).body;
          expect(first).to.deep.include({ hospitalId, block: whole.block, totals: whole.totals });
          expect(first.rows).to.deep.equal(whole.rows.slice(0, 2));
          const rows = [...first.rows];
          let next = first.next;
          for (let pages = 1; next !== null; pages++) {
            expect(pages, "pages end").to.be.below(whole.rows.length);
            const page = (await indexer().get(`${base}?format=json&limit=2&after=${next}`)).body;
            expect(page.block).to.deep.equal(whole.block);
            expect(page).not.to.have.property("totals");
            rows.push(...page.rows);
            next = page.next;
          }
          expect(rows).to.deep.equal(whole.rows);
        }
        // The command line, page by page (2 rows a request), against this indexer: the same rows, reconciled.
        process.env.GALEON_INDEXER_PAGE_ROWS = "2";
        let run: Awaited<ReturnType<LocalSuiteOnNode["cli"]>>;
        try {
          run = await suite.cli("hospital", "statement", "--hospital", "2", "--json", "--indexer", indexer().url);
        } finally {
          delete process.env.GALEON_INDEXER_PAGE_ROWS;
        }
        expect(run.code, run.stderr).to.equal(0);
        const printed = parseJson(run);
        expect(printed.rows).to.deep.equal((await indexer().get("/api/hospitals/2/statement?format=json")).body.rows);
        expect(printed.reconciled).to.equal(true);
        for (const query of ["format=json&limit=0", "format=json&limit=10001", "format=json&after=12", "limit=2"]) {
          const response = await indexer().get(`/api/hospitals/1/statement?${query}`);
          expect(response.status, query).to.equal(400);
          expect(response.body.error, query).to.be.a("string");
        }
      });

      it("serves proposals with the governor's state, votes and quorum", async function () {
        const { governor } = c();
        const { proposals } = (await indexer().get("/api/proposals")).body;
        expect(proposals).to.have.length(2);
        for (const p of proposals) {
          const id = BigInt(p.id);
          expect(p.state, p.description).to.equal(STATES[Number(await governor.state(id))]);
          const [against, forVotes, abstain] = await governor.proposalVotes(id);
          expect([p.againstVotes, p.forVotes, p.abstainVotes]).to.deep.equal([against, forVotes, abstain].map(String));
          if (p.state !== "Pending") expect(p.quorum).to.equal((await governor.quorum(p.voteStart)).toString());
        }
        expect(proposals.map((p: any) => p.state)).to.deep.equal(["Pending", "Executed"]);
        const detail = (await indexer().get(`/api/proposals/${proposals[1].id}`)).body;
        expect(detail.votes.map((v: any) => [v.voter, v.support, v.reason])).to.deep.equal([
          [OPERATOR.toLowerCase(), 1, "data pays hospitals"],
          [HOLDER.toLowerCase(), 0, ""],
        ]);
      });

      it("answers GraphQL: purchases, hospitals with their balances, the generic event log, delegates", async function () {
        const { router, galeon } = c();
        const data = await indexer().graphql(`{
          purchases(limit: 1000) { totalCount items { accessId amount hospitals } }
          hospitals(orderBy: "id") { items { id status payout balances { items { token balance } } } }
          suiteEvents(where: { name: "HospitalSuspended" }) { items { contract args } }
          accounts(where: { address: "${OPERATOR.toLowerCase()}" }) { items { balance delegate votes } }
        }`);
        const purchased = await router.queryFilter(router.filters.Purchased());
        expect(data.purchases.totalCount).to.equal(purchased.length);
        // GET serves the schema, not GraphiQL (whose page loads scripts from a CDN).
        const schema = (await indexer().get("/graphql")).text;
        expect(schema).to.contain("type Query");
        expect(schema).not.to.contain("<script");
        expect(data.hospitals.items.map((h: any) => [h.id, h.status])).to.deep.equal([
          [1, "active"],
          [2, "active"],
          [3, "active"],
          [4, "active"],
          [5, "suspended"],
        ]);
        expect(data.hospitals.items[1].payout).to.equal(NEW_PAYOUT2.toLowerCase());
        expect(data.suiteEvents.items).to.deep.equal([{ contract: "DataAccessRouter", args: { hospitalId: 5 } }]);
        expect(data.accounts.items).to.deep.equal([
          {
            balance: (await galeon.balanceOf(OPERATOR)).toString(),
            delegate: OPERATOR.toLowerCase(),
            votes: (await galeon.getVotes(OPERATOR)).toString(),
          },
        ]);
      });

      it("indexes every access's data permit and the renewals, the renewed purchase's expiry moved", async function () {
        const { router } = c();
        const data = await indexer().graphql(`{
          accessPermits(limit: 1000) { totalCount items { accessId permitId permitExpiry } }
          accessRenewals { items { renews accessId newExpiry } }
        }`);
        const permits = await router.queryFilter(router.filters.AccessPermit());
        expect(data.accessPermits.totalCount).to.equal(permits.length);
        const byId = new Map(data.accessPermits.items.map((p: any) => [p.accessId, p]));
        for (const e of permits as any[]) {
          expect(byId.get(e.args.accessId)).to.deep.equal({
            accessId: e.args.accessId,
            permitId: e.args.permitId,
            permitExpiry: e.args.permitExpiry.toString(),
          });
        }
        const renewed = (await router.queryFilter(router.filters.AccessRenewed())) as any[];
        expect(renewed).to.have.length(1);
        expect(data.accessRenewals.items).to.deep.equal([
          {
            renews: renewed[0].args.renews,
            accessId: renewed[0].args.accessId,
            newExpiry: renewed[0].args.newExpiry.toString(),
          },
        ]);
        const purchase = await indexer().graphql(
          `{ purchase(accessId: "${renewed[0].args.renews}") { accessExpiry } }`,
        );
        expect(purchase.purchase.accessExpiry).to.equal(renewed[0].args.newExpiry.toString());
      });

      it("logs the payout batcher's failed claims (HospitalClaimFailed) in the generic event log", async function () {
        const { batcher, eurc } = c();
        const failed = await batcher.queryFilter(batcher.filters.HospitalClaimFailed());
        expect(failed.map((e) => Number(e.args.hospitalId))).to.deep.equal([UNKNOWN_HOSPITAL]);
        const data = await indexer().graphql(
          `{ suiteEvents(where: { name: "HospitalClaimFailed" }) { items { contract args } } }`,
        );
        expect(data.suiteEvents.items).to.have.length(1);
        const [logged] = data.suiteEvents.items;
        expect(logged.contract).to.equal("PayoutBatcher");
        expect(Number(logged.args.hospitalId)).to.equal(UNKNOWN_HOSPITAL);
        expect(String(logged.args.token).toLowerCase()).to.equal((await eurc.getAddress()).toLowerCase());
        expect(logged.args.reason).to.equal(failed[0].args.reason);
      });

      it("indexes the job escrow: one row per lock, settled (paid, returned) or refunded, equal to the chain's", async function () {
        const { escrow } = c();
        const data = await indexer().graphql(`{
          jobs(orderBy: "fundedBlock") { items { lockId status payer buyer locked paid returned settleBy jobHash } }
        }`);
        const funded = (await escrow.queryFilter(escrow.filters.LockFunded())) as any[];
        expect(data.jobs.items).to.have.length(funded.length);
        for (const [i, e] of funded.entries()) {
          const lock = await escrow.lockOf(e.args.lockId);
          const row = data.jobs.items[i];
          expect(row).to.deep.include({
            lockId: e.args.lockId,
            status: ["none", "open", "settled", "refunded"][Number(lock.status)],
            payer: e.args.payer.toLowerCase(),
            buyer: e.args.buyer.toLowerCase(),
            locked: e.args.maxAmount.toString(),
            settleBy: e.args.settleBy.toString(),
            jobHash: e.args.jobHash,
          });
          expect(BigInt(row.paid) + BigInt(row.returned)).to.equal(row.status === "open" ? 0n : e.args.maxAmount);
        }
        expect(data.jobs.items.map((j: any) => [j.status, j.paid, j.returned])).to.deep.equal([
          ["settled", (800n * E6).toString(), (200n * E6).toString()],
          ["refunded", "0", (1_000n * E6).toString()],
        ]);
      });

      it("answers SQL over HTTP and serves the chart series", async function () {
        const sqlQuery = encodeURIComponent(
          JSON.stringify({ json: { sql: "select count(*) as n from purchase", params: [] } }),
        );
        const sql = await indexer().get(`/sql/db?sql=${sqlQuery}`);
        expect(sql.status, sql.text).to.equal(200);
        const totals = (await indexer().get("/api/totals")).body;
        const purchases = totals.router.tokens.reduce((n: number, t: any) => n + t.purchases, 0);
        expect(JSON.stringify(sql.body)).to.contain(String(purchases));
        const revenue = (await indexer().get("/api/series/revenue?interval=week")).body;
        for (const t of totals.router.tokens) {
          const points = revenue.series.filter((p: any) => p.token === t.token);
          expect(points.reduce((s: bigint, p: any) => s + BigInt(p.revenue), 0n).toString()).to.equal(t.revenue);
        }
        const supply = (await indexer().get("/api/series/supply?interval=day")).body.series;
        expect(supply.at(-1).totalSupply).to.equal(totals.token.totalSupply);
        expect(supply.at(-1).burnedTotal).to.equal(totals.token.burned);
        expect((await indexer().get("/api/series/supply?interval=year")).status).to.equal(400);
        const recent = (await indexer().get("/api/purchases?limit=2")).body.purchases;
        expect(recent).to.have.length(2);
        expect(BigInt(recent[0].blockNumber) > BigInt(recent[1].blockNumber), "newest first").to.equal(true);
        expect((await indexer().get("/api/purchases?limit=0")).status).to.equal(400);
      });
    });
  }

  describe("the command line reading from the indexer (--indexer, GALEON_INDEXER_URL)", function () {
    const pglite = () => indexers[0];
    /** The JSON a command prints, without what names its source. */
    const figures = (run: Awaited<ReturnType<LocalSuiteOnNode["cli"]>>) => {
      const { source: _source, indexer: _indexer, reconciled: _reconciled, check: _check, ...rest } = parseJson(run);
      return rest;
    };

    it("hospital statement prints the same table and JSON from the indexer as from the log scan, checked at its block", async function () {
      const head = await chainHead();
      await pglite().waitFor(head);
      const [table, json] = await Promise.all([
        suite.cli("hospital", "statement", "--hospital", "2", "--indexer", pglite().url),
        suite.cli("hospital", "statement", "--hospital", "2", "--format", "json", "--indexer", pglite().url),
      ]);
      const scanned = await cliOnce("hospital", "statement", "--hospital", "2");
      expect(table.code, table.stderr).to.equal(0);
      expect(table.stdout).to.equal(scanned.stdout);
      expect(table.stdout).to.contain(`check: the balances equal hospitalBalance on chain at block ${head}`);
      expect(table.stderr.trim()).to.equal(
        `read from the indexer at ${pglite().url}, at the chain's head (block ${head})`,
      );
      const indexed = parseJson(json);
      expect(indexed.source).to.equal(`the indexer at ${pglite().url}`);
      expect(indexed.indexer).to.deep.equal({ url: pglite().url, block: head, chainHead: head, behind: 0 });
      expect(figures(json)).to.deep.equal(
        figures(await cliOnce("hospital", "statement", "--hospital", "2", "--format", "json")),
      );
      expect(indexed.rows.map((r: StatementRow) => r.kind)).to.include.members(["credit", "claim", "payout_change"]);
    });

    it("galeon status prints the same figures from the indexer (GALEON_INDEXER_URL) and checks them against the chain", async function () {
      const head = await chainHead();
      await pglite().waitFor(head);
      process.env.GALEON_INDEXER_URL = pglite().url;
      let table: Awaited<ReturnType<LocalSuiteOnNode["cli"]>>;
      let json: Awaited<ReturnType<LocalSuiteOnNode["cli"]>>;
      try {
        [table, json] = await Promise.all([suite.cli("galeon", "status"), suite.cli("galeon", "status", "--json")]);
      } finally {
        delete process.env.GALEON_INDEXER_URL;
      }
      expect(figures(json)).to.deep.equal(figures(await cliOnce("galeon", "status", "--json")));
      const indexed = parseJson(json);
      expect(indexed.reconciled).to.equal(true);
      expect(indexed.check).to.match(
        new RegExp(`^check: the indexer's figures equal the chain's at block ${head} \\(`),
      );
      expect(table.code, table.stderr).to.equal(0);
      const scanned = await cliOnce("galeon", "status");
      expect(table.stdout.trimEnd()).to.equal(`${scanned.stdout.trimEnd()}\n\n${indexed.check}`);
    });

    /** An HTTP proxy to `target` that passes every JSON answer through `alter`. */
    async function proxy(target: string, alter: (pathname: string, body: any) => any) {
      const server = http.createServer((request, response) => {
        void (async () => {
          const upstream = await fetch(target + request.url);
          const type = upstream.headers.get("content-type") ?? "text/plain";
          const text = await upstream.text();
          const body = type.includes("json")
            ? JSON.stringify(alter(request.url!.split("?")[0], JSON.parse(text)))
            : text;
          response.writeHead(upstream.status, { "content-type": type });
          response.end(body);
        })();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
    }

    it("a hostile indexer that alters one figure is caught: check FAILED, exit code 1", async function () {
      await pglite().waitFor(await chainHead());
      const hostile = await proxy(pglite().url, (pathname, body) => {
        // One credit of hospital 2's statement 1 tEURC larger; one treasury share 1 unit larger.
        if (pathname === "/api/hospitals/2/statement") {
          const row = body.rows.find((r: StatementRow) => r.kind === "credit");
          row.amount = String(Number(row.amount) + 1);
        }
        if (pathname === "/api/totals") {
          const t = body.router.tokens[0];
          t.split.treasury = (BigInt(t.split.treasury) + 1n).toString();
        }
        return body;
      });
      try {
        const [statement, status] = await Promise.all([
          suite.cli("hospital", "statement", "--hospital", "2", "--indexer", hostile.url),
          suite.cli("galeon", "status", "--indexer", hostile.url),
        ]);
        expect(statement.code, statement.stdout + statement.stderr).to.equal(1);
        expect(lines(statement.stderr).at(-1)).to.match(
          /^error: the statement of hospital 2 does not reconcile: check FAILED at block \d+: the credit in block \d+ says balance .* tEURC, its rows add up to another/,
        );
        expect(status.code, status.stdout + status.stderr).to.equal(1);
        expect(lines(status.stderr).at(-1)).to.match(
          /^error: the indexer's figures do not match the chain's: check FAILED at block \d+: .*held for the treasury: indexer .* vs chain /,
        );
      } finally {
        await hostile.close();
      }
    });

    it("an indexer of another deployment, or none listening, is an environment error (exit code 3) naming it", async function () {
      // Another deployment: what names it, in /api/totals and in the statement itself.
      const dead = "0x000000000000000000000000000000000000dead";
      const other = await proxy(pglite().url, (pathname, body) => {
        if (pathname === "/api/totals")
          return { ...body, deploymentId: "chain-1", router: { ...body.router, address: dead } };
        if (pathname.endsWith("/statement")) return { ...body, deploymentId: "chain-1", router: dead };
        return body;
      });
      const closed = `http://127.0.0.1:${await freePort()}`;
      try {
        const [wrong, none] = await Promise.all([
          suite.cli("hospital", "statement", "--hospital", "1", "--indexer", other.url),
          suite.cli("galeon", "status", "--indexer", closed),
        ]);
        expectRefusal(
          wrong,
          3,
          new RegExp(
            `the indexer at ${other.url} indexes deployment chain-1 \\(router 0x0+dead\\), not deployment ${suite.deploymentId}`,
          ),
        );
        expectRefusal(none, 3, new RegExp(`cannot reach the indexer at ${closed} \\(ECONNREFUSED\\)`));
      } finally {
        await other.close();
      }
    });

    it("an indexer behind the chain: the command says so and checks at the indexer's block", async function () {
      const head = await chainHead();
      await pglite().waitFor(head);
      // What the indexer served at `head`, served again once the chain has moved on two blocks.
      const recorded = new Map<string, unknown>();
      const stale = await proxy(pglite().url, (pathname, body) => {
        if (!recorded.has(pathname)) recorded.set(pathname, body);
        return recorded.get(pathname);
      });
      try {
        for (const pathname of ["/api/totals", "/api/hospitals", "/api/hospitals/1/statement?format=json"]) {
          await fetch(stale.url + pathname);
        }
        await rpc(url(), "evm_mine");
        await rpc(url(), "evm_mine");
        const [statement, status] = await Promise.all([
          suite.cli("hospital", "statement", "--hospital", "1", "--json", "--indexer", stale.url),
          suite.cli("galeon", "status", "--json", "--indexer", stale.url),
        ]);
        const note = `note: the indexer at ${stale.url} is at block ${head}, 2 blocks behind the chain (block ${head + 2})`;
        expect(lines(statement.stderr)[0]).to.equal(`${note}: figures and checks as of block ${head}`);
        expect(parseJson(statement)).to.deep.include({ toBlock: head, reconciled: true });
        expect(parseJson(statement).indexer).to.deep.equal({
          url: stale.url,
          block: head,
          chainHead: head + 2,
          behind: 2,
        });
        expect(lines(status.stderr)[0]).to.equal(`${note}: figures and checks as of block ${head}`);
        expect(parseJson(status)).to.deep.include({ reconciled: true });
        expect(parseJson(status).router.toBlock).to.equal(head);
      } finally {
        await stale.close();
      }
    });
  });

  describe("a chain reorganisation (anvil_reorg)", function () {
    it("leaves both indexers equal to the chain: the dropped purchase and claim gone, the new purchase in", async function () {
      const { eurc, router } = c();
      const eurcAddress = await eurc.getAddress();
      // Block h+1: a purchase; block h+2: hospital 3 claims. Both indexed, then reorganised away.
      const dropped = await buy(eurcAddress, 5_000n * E6, [
        [3, 1n],
        [4, 1n],
      ]);
      const buyer = await provider.getSigner(BUYER);
      await send(router.connect(buyer).claimHospital(3, [eurcAddress]));
      const head = await chainHead();
      await Promise.all(indexers.map((i) => i.waitFor(head)));
      for (const indexer of indexers) {
        const statement = (await indexer.get("/api/hospitals/3/statement")).text;
        expect(statement).to.contain(dropped);
        expect(statement.trim().split("\n").at(-1)).to.match(/,claim,/);
      }

      // The replacement fork: the same height plus one, with another purchase in its first block.
      const [q, signature] = await quote(eurcAddress, 7_000n * E6, [[4, 1n]]);
      const data = router.interface.encodeFunctionData("purchase", [q, signature, q.amount]);
      await rpc(url(), "anvil_reorg", [
        2,
        [[{ from: BUYER, to: await router.getAddress(), data, gas: "0x1000000" }, 0]],
      ]);
      await rpc(url(), "evm_mine");
      const after = await chainHead();
      expect(after).to.equal(head + 1);
      const purchased = await router.queryFilter(router.filters.Purchased(), head - 1);
      expect(purchased.map((e) => e.args.accessId)).to.deep.equal([q.accessId]);

      for (const indexer of indexers) {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const recent = (await indexer.get("/api/purchases?limit=1")).body;
          if (recent.block.number >= after && recent.purchases[0]?.accessId === q.accessId) break;
          if (Date.now() > deadline)
            throw new Error(`not reorganised: ${JSON.stringify(recent)}\n${indexer.output().slice(-3000)}`);
          await new Promise((r) => setTimeout(r, 200));
        }
        const statement = (await indexer.get("/api/hospitals/3/statement")).text;
        expect(statement).not.to.contain(dropped);
        expect(statement).to.equal(await chainStatement(3));
        expect(await indexer.get("/api/hospitals/4/statement").then((r) => r.text)).to.equal(await chainStatement(4));
        expect(await indexedTotals(indexer)).to.deep.equal(await chainTotals());
        const purchases = (await indexer.graphql(`{ purchases(limit: 1000) { totalCount } }`)).purchases.totalCount;
        expect(purchases).to.equal((await router.queryFilter(router.filters.Purchased())).length);
      }
    });
  });
});
