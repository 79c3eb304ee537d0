/**
 * End to end over JSON-RPC, metered data jobs (issue 14), on a separate node (the Hardhat node, then
 * anvil) with the local suite deployed by the Ignition CLI, through the command line as a user types
 * it: the buyer funds a job (simulated first; --dry-run sends nothing), the coordinator signs the
 * settlement of a job that used fewer records than quoted, a stranger submits it and the buyer gets
 * the difference back in the same transaction; a job that failed is refunded whole after its deadline
 * (refused before it, and refused twice); `buyer jobs` lists them (and writes the accountant's CSV),
 * `galeon status` counts open locks, and the hospital statement shows the settled job like a purchase,
 * with its job (lock) and permit ids. A job funded with an EIP-2612 permit (no approval sent) and
 * settled above its auto-settle limit: a stranger's submission is refused, the buyer's, co-signed, goes
 * through.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Contract, id, JsonRpcProvider } from "ethers";

import {
  DEV_ACCOUNTS,
  expectRefusal,
  type LocalSuiteOnNode,
  lines,
  type NodeKind,
  parseJson,
  rpc,
  startLocalSuite,
} from "./harness.js";

const E6 = 10n ** 6n;
const ATTESTOR = DEV_ACCOUNTS[1];
const BUYER = DEV_ACCOUNTS[2];
const STRANGER = DEV_ACCOUNTS[9];
const PERMIT_NUMBER = "HDAB-FR-2026-0042";
const TOKEN_ABI = [
  "function balanceOf(address) view returns (uint256)",
  "function allowance(address, address) view returns (uint256)",
];
const ROUTER_ABI = [
  "function hospitalBalance(uint32, address) view returns (uint256)",
  "function isAccessValid(bytes32) view returns (bool)",
];

for (const kind of ["hardhat", "anvil"] as NodeKind[]) {
  describe(`metered jobs through the command line on a separate ${kind} node`, function () {
    this.timeout(600_000);

    let suite: LocalSuiteOnNode;
    let dir: string;
    let provider: JsonRpcProvider;
    let eurc: Contract;
    let router: Contract;
    let eurcAddress: string;
    let escrowAddress: string;
    let settledLock: string;
    let failedLock: string;
    let permitLock: string;

    const file = (name: string) => path.join(dir, name);
    const nonce = async (account: string) => await rpc(suite.node.url, "eth_getTransactionCount", [account, "latest"]);
    const fund = (...extra: string[]) =>
      suite.cli("buyer", "fund", "--from", BUYER, "--job", file("job.txt"), "--token", "tEURC", ...extra);

    before(async function () {
      dir = await mkdtemp(path.join(os.tmpdir(), "galeon-jobs-"));
      await writeFile(file("job.txt"), "federated training job 7, data permit and purpose (no personal data)\n");
      await writeFile(file("failed.txt"), "federated training job 8, which will fail\n");
      // Quoted on 3,000,000 records of hospitals 1 to 5; hospital 3's node was offline: 2,400,000 used.
      await writeFile(file("measured.csv"), "hospitalId,units\n1,900000\n2,750000\n4,450000\n5,300000\n");
      suite = await startLocalSuite(kind, "jobs");
      provider = new JsonRpcProvider(suite.node.url, undefined, { staticNetwork: true });
      eurcAddress = suite.address("TestEuro");
      escrowAddress = suite.address("JobEscrow");
      eurc = new Contract(eurcAddress, TOKEN_ABI, provider);
      router = new Contract(suite.address("DataAccessRouter"), ROUTER_ABI, provider);
      parseJson(await suite.cli("buyer", "faucet", "--from", BUYER, "--amount", "20000000", "--json"));
    });

    after(async function () {
      provider?.destroy();
      await suite?.stop();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it("buyer fund --dry-run simulates the lock and sends nothing", async function () {
      const sent = await nonce(BUYER);
      const dry = parseJson(await fund("--max", "10000000", "--settle-by", "14d", "--dry-run", "--json"));
      expect(dry).to.deep.include({ dryRun: true, sent: false, simulated: true, buyer: BUYER, payer: BUYER });
      expect(dry.maxAmount).to.equal((10_000_000n * E6).toString());
      expect(await nonce(BUYER)).to.equal(sent);
      expect(await eurc.balanceOf(escrowAddress)).to.equal(0n);
    });

    it("buyer fund locks 10,000,000 tEURC for the job in the escrow; galeon status counts the open lock", async function () {
      const funded = parseJson(await fund("--max", "10000000", "--settle-by", "14d", "--json"));
      expect(funded.lockId).to.match(/^0x[0-9a-f]{64}$/);
      expect(funded.transactions.approval).to.match(/^0x[0-9a-f]{64}$/);
      settledLock = funded.lockId;
      expect(await eurc.balanceOf(escrowAddress)).to.equal(10_000_000n * E6);
      expect(await eurc.balanceOf(BUYER)).to.equal(10_000_000n * E6);
      const status = parseJson(await suite.cli("galeon", "status", "--json"));
      expect(status.escrow).to.deep.include({ address: escrowAddress, openLocks: 1 });
      expect(status.escrow.tokens).to.deep.equal([
        {
          token: eurcAddress,
          symbol: "tEURC",
          decimals: 6,
          locked: (10_000_000n * E6).toString(),
          committed: (10_000_000n * E6).toString(),
        },
      ]);
    });

    it("attestor settle refuses an amount above the lock, with a sentence, writing nothing", async function () {
      const run = await suite.cli(
        "attestor",
        "settle",
        "--from",
        ATTESTOR,
        "--lock",
        settledLock,
        "--usage",
        file("measured.csv"),
        "--amount",
        "10000000.000001",
        "--permit-id",
        PERMIT_NUMBER,
        "--out",
        file("too-much.json"),
      );
      expectRefusal(run, 2, /--amount 10,000,000\.000001 tEURC is above the 10,000,000 tEURC locked for this job/);
    });

    it("the coordinator settles a job that used fewer records; a stranger submits it; the buyer gets the rest back", async function () {
      const signed = parseJson(
        await suite.cli(
          "attestor",
          "settle",
          "--from",
          ATTESTOR,
          "--lock",
          settledLock,
          "--usage",
          file("measured.csv"),
          "--amount",
          "8000000",
          "--permit-id",
          PERMIT_NUMBER,
          "--out",
          file("settlement.json"),
          "--json",
        ),
      );
      expect(signed).to.deep.include({ lockId: settledLock, buyer: BUYER, needsBuyer: false, totalUnits: "2400000" });
      expect(signed.refund).to.equal((2_000_000n * E6).toString());
      expect(signed.permitId).to.equal(id(PERMIT_NUMBER));

      const sent = await nonce(STRANGER);
      const dry = parseJson(
        await suite.cli(
          "buyer",
          "settle",
          "--from",
          STRANGER,
          "--settlement",
          file("settlement.json"),
          "--dry-run",
          "--json",
        ),
      );
      expect(dry).to.deep.include({ dryRun: true, sent: false, simulated: true });
      expect(await nonce(STRANGER)).to.equal(sent);

      const settled = parseJson(
        await suite.cli("buyer", "settle", "--from", STRANGER, "--settlement", file("settlement.json"), "--json"),
      );
      expect(settled).to.deep.include({
        lockId: settledLock,
        paid: (8_000_000n * E6).toString(),
        returned: (2_000_000n * E6).toString(),
        payer: BUYER,
      });
      expect(settled.split).to.deep.equal({
        hospitals: (3_200_000n * E6).toString(),
        treasury: (2_400_000n * E6).toString(),
        buyback: (1_600_000n * E6).toString(),
        galeon: (800_000n * E6).toString(),
      });
      // The hospitals' part follows the measured usage: hospital 3, offline, gets nothing.
      expect(settled.credits).to.deep.equal([
        { hospitalId: 1, units: "900000", credit: (1_200_000n * E6).toString() },
        { hospitalId: 2, units: "750000", credit: (1_000_000n * E6).toString() },
        { hospitalId: 4, units: "450000", credit: (600_000n * E6).toString() },
        { hospitalId: 5, units: "300000", credit: (400_000n * E6).toString() },
      ]);
      expect(await eurc.balanceOf(BUYER)).to.equal(12_000_000n * E6);
      expect(await eurc.balanceOf(escrowAddress)).to.equal(0n);
      expect(await router.hospitalBalance(3, eurcAddress)).to.equal(0n);
      expect(await router.isAccessValid(settledLock)).to.equal(true);

      // Settled once: the same settlement again is refused before anything is sent.
      expectRefusal(
        await suite.cli("buyer", "settle", "--from", STRANGER, "--settlement", file("settlement.json")),
        1,
        new RegExp(`lock ${settledLock} was already settled: a job is settled or refunded once`),
      );
    });

    it("a failed job: refund refused before its deadline, then anyone refunds it whole to the payer, once", async function () {
      const funded = parseJson(
        await suite.cli(
          "buyer",
          "fund",
          "--from",
          BUYER,
          "--job",
          file("failed.txt"),
          "--token",
          "tEURC",
          "--max",
          "500000",
          "--settle-by",
          "1d",
          "--json",
        ),
      );
      failedLock = funded.lockId;
      expect(await eurc.balanceOf(BUYER)).to.equal(11_500_000n * E6);
      const early = await suite.cli("buyer", "refund", failedLock, "--from", STRANGER);
      expectRefusal(
        early,
        1,
        new RegExp(`lock ${failedLock} can still be settled until .*: it can be refunded only after that`),
      );

      await rpc(suite.node.url, "evm_increaseTime", [86_401]);
      await rpc(suite.node.url, "evm_mine");
      const refunded = parseJson(await suite.cli("buyer", "refund", failedLock, "--from", STRANGER, "--json"));
      expect(refunded).to.deep.include({ lockId: failedLock, payer: BUYER, amount: (500_000n * E6).toString() });
      expect(await eurc.balanceOf(BUYER)).to.equal(12_000_000n * E6);
      expectRefusal(
        await suite.cli("buyer", "refund", failedLock, "--from", STRANGER),
        1,
        new RegExp(`lock ${failedLock} was already refunded: a job is settled or refunded once`),
      );
    });

    it("buyer jobs lists the settled and the refunded job; --format csv is the accountant's statement", async function () {
      const jobs = parseJson(await suite.cli("buyer", "jobs", "--from", BUYER, "--json"));
      expect(jobs.counts).to.deep.equal({ open: 0, settled: 1, refunded: 1 });
      const byId = new Map((jobs.jobs as Array<Record<string, any>>).map((j) => [j.lockId, j]));
      expect(byId.get(settledLock)).to.deep.include({
        status: "settled",
        locked: (10_000_000n * E6).toString(),
        paid: (8_000_000n * E6).toString(),
        returned: (2_000_000n * E6).toString(),
      });
      expect(byId.get(failedLock)).to.deep.include({
        status: "refunded",
        paid: "0",
        returned: (500_000n * E6).toString(),
      });
      const out = file("jobs.csv");
      parseJson(await suite.cli("buyer", "jobs", "--from", BUYER, "--format", "csv", "--out", out, "--json"));
      const csv = lines(await readFile(out, "utf8"));
      expect(csv[0]).to.equal(
        "lock_id,status,funded_date,funded_block,funded_transaction,payer,buyer,token,symbol,locked,paid,returned," +
          "settle_by,closed_date,closed_block,closed_transaction,job_hash,permit_id",
      );
      const settledRow = csv.find((l) => l.startsWith(settledLock))!.split(",");
      expect(settledRow.slice(1, 2).concat(settledRow.slice(9, 12), settledRow.slice(17))).to.deep.equal([
        "settled",
        "10000000",
        "8000000",
        "2000000",
        id(PERMIT_NUMBER),
      ]);
      const status = parseJson(await suite.cli("galeon", "status", "--json"));
      expect(status.escrow.openLocks).to.equal(0);
    });

    it("the hospital statement shows the settled job like a purchase, with its job (lock) and permit ids", async function () {
      const statement = parseJson(await suite.cli("hospital", "statement", "--hospital", "1", "--format", "json"));
      expect(statement.reconciled).to.equal(true);
      const credit = (statement.rows as Array<Record<string, string>>).find((r) => r.accessId === settledLock);
      expect(credit).to.deep.include({ kind: "credit", amount: "1200000", buyer: BUYER, permitId: id(PERMIT_NUMBER) });
    });

    it("attestor settle --submit settles a job that produced nothing at zero: everything back, no access bought", async function () {
      const funded = parseJson(
        await suite.cli(
          "buyer",
          "fund",
          "--from",
          BUYER,
          "--job-hash",
          id("a job that produced nothing"),
          "--token",
          "tEURC",
          "--max",
          "1000",
          "--settle-by",
          "14d",
          "--json",
        ),
      );
      const before = (await eurc.balanceOf(BUYER)) as bigint;
      const settled = parseJson(
        await suite.cli(
          "attestor",
          "settle",
          "--from",
          ATTESTOR,
          "--lock",
          funded.lockId,
          "--usage",
          file("measured.csv"),
          "--amount",
          "0",
          "--permit-id",
          PERMIT_NUMBER,
          "--out",
          file("zero.json"),
          "--submit",
          "--json",
        ),
      );
      expect(settled.settled).to.deep.include({ lockId: funded.lockId, paid: "0", returned: (1_000n * E6).toString() });
      expect(settled.settled.credits).to.deep.equal([]);
      expect((await eurc.balanceOf(BUYER)) - before).to.equal(1_000n * E6);
      expect(await router.isAccessValid(funded.lockId)).to.equal(false);
    });
    it("buyer fund --permit locks the job with an EIP-2612 permit: one transaction, no approval", async function () {
      const sent = await nonce(BUYER);
      const before = (await eurc.balanceOf(BUYER)) as bigint;
      const funded = parseJson(
        await suite.cli(
          "buyer",
          "fund",
          "--from",
          BUYER,
          "--job-hash",
          id("a job funded with a permit"),
          "--token",
          "tEURC",
          "--max",
          "5000000",
          "--auto-settle-limit",
          "1000000",
          "--settle-by",
          "14d",
          "--permit",
          "--json",
        ),
      );
      permitLock = funded.lockId;
      expect(Object.keys(funded.transactions)).to.deep.equal(["fund"]);
      expect(funded.autoSettleLimit).to.equal((1_000_000n * E6).toString());
      expect(BigInt((await nonce(BUYER)) as string)).to.equal(BigInt(sent as string) + 1n);
      expect(before - ((await eurc.balanceOf(BUYER)) as bigint)).to.equal(5_000_000n * E6);
      expect(await eurc.balanceOf(escrowAddress)).to.equal(5_000_000n * E6);
      // The permit allowed exactly the lock, and the lock used it all.
      expect(await eurc.allowance(BUYER, escrowAddress)).to.equal(0n);
    });

    it("above the auto-settle limit: a stranger's submission is refused, the buyer's, co-signed, goes through", async function () {
      const signed = parseJson(
        await suite.cli(
          "attestor",
          "settle",
          "--from",
          ATTESTOR,
          "--lock",
          permitLock,
          "--usage",
          file("measured.csv"),
          "--amount",
          "3000000",
          "--permit-id",
          PERMIT_NUMBER,
          "--out",
          file("above-limit.json"),
          "--json",
        ),
      );
      expect(signed).to.deep.include({ lockId: permitLock, buyer: BUYER, needsBuyer: true });

      const sent = await nonce(STRANGER);
      expectRefusal(
        await suite.cli("buyer", "settle", "--from", STRANGER, "--settlement", file("above-limit.json")),
        1,
        new RegExp(
          "the settlement asks 3,000,000 tEURC, above the 1,000,000 tEURC the lock settles on the attestor's word alone: " +
            `its buyer ${BUYER} co-signs and submits it \\(buyer settle --settlement FILE --from ${BUYER}\\)`,
        ),
      );
      expect(await nonce(STRANGER)).to.equal(sent);
      expect(await eurc.balanceOf(escrowAddress)).to.equal(5_000_000n * E6);

      const before = (await eurc.balanceOf(BUYER)) as bigint;
      const settled = parseJson(
        await suite.cli("buyer", "settle", "--from", BUYER, "--settlement", file("above-limit.json"), "--json"),
      );
      expect(settled).to.deep.include({
        lockId: permitLock,
        paid: (3_000_000n * E6).toString(),
        returned: (2_000_000n * E6).toString(),
        payer: BUYER,
      });
      expect((await eurc.balanceOf(BUYER)) - before).to.equal(2_000_000n * E6);
      expect(await eurc.balanceOf(escrowAddress)).to.equal(0n);
      expect(await router.isAccessValid(permitLock)).to.equal(true);
    });
  });
}
