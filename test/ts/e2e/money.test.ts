/**
 * End to end over JSON-RPC, the money side: on a separate node (the Hardhat node, then anvil) with
 * the local suite deployed by the Ignition CLI, the attestor signs a quote, the buyer previews it
 * (--dry-run) and pays it, the hospitals check, claim, rotate their payout and rebuild their
 * statement, the treasury collects and Galeon withdraws its share, all through the tasks as a user
 * types them. Refusals exit non-zero with one line and change nothing; a payment the chain would
 * refuse sends nothing, not even its approval; a failure after the approval says how to undo it.
 * Log scans go through a JSON-RPC proxy that refuses large ranges and large results, as public
 * endpoints do, and give the same answers.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Contract, id, Interface, JsonRpcProvider, ZeroAddress, ZeroHash } from "ethers";

import { inCi } from "../../../scripts/lib/configVariables.js";
import { packUsage, type Quote, signQuote as signTyped } from "../../../domain/quotes/quote.js";
import { quoteFileContent } from "../../../domain/quotes/quoteFile.js";
import {
  DEV_ACCOUNTS,
  expectRefusal,
  freePort,
  hardhat,
  lines,
  type LocalSuiteOnNode,
  parseJson,
  type NodeKind,
  rpc,
  startLocalSuite,
} from "./harness.js";
import { forward, logRange, type RpcProxy, startRpcProxy } from "./rpcProxy.js";

const E6 = 10n ** 6n;
const ATTESTOR = DEV_ACCOUNTS[1];
const BUYER = DEV_ACCOUNTS[2];
/** Payout accounts of hospitals 1..5 (local parameters). */
const PAYOUT = { 1: DEV_ACCOUNTS[3], 2: DEV_ACCOUNTS[4], 4: DEV_ACCOUNTS[6] } as const;
const NEW_PAYOUT = DEV_ACCOUNTS[8];
const GALEON_PAYOUT = DEV_ACCOUNTS[0];
const GUARDIAN = DEV_ACCOUNTS[9];
const STATEMENT_HEADER =
  "date,block,transaction,log_index,kind,access_id,job_hash,buyer,token,symbol,amount,balance,payout,previous_payout,permit_id";
/** The data permit every quote of these tests is signed under: only its keccak256 is signed. */
const PERMIT_NUMBER = "HDAB-FR-2026-0042";
const PERMIT_ID = id(PERMIT_NUMBER);
const OTHER_BUYER = DEV_ACCOUNTS[5];
const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

const TOKEN_ABI = [
  "function balanceOf(address) view returns (uint256)",
  "function allowance(address, address) view returns (uint256)",
  "function nonces(address) view returns (uint256)",
  "function approve(address, uint256) returns (bool)",
];
const PAUSE = new Interface(["function pause()"]).encodeFunctionData("pause");
const PURCHASE_SELECTORS = new Interface([
  "function purchase((bytes32,address,address,address,uint256,uint64,uint64,uint256[],bytes32,bytes32,uint64,bytes32),bytes,uint256)",
  "function purchaseWithPermit((bytes32,address,address,address,uint256,uint64,uint64,uint256[],bytes32,bytes32,uint64,bytes32),bytes,uint256,uint256,uint8,bytes32,bytes32)",
]).fragments.map((f) => (f as unknown as { selector: string }).selector);
const ROUTER_ABI = [
  "function hospitalBalance(uint32, address) view returns (uint256)",
  "function payeeBalance(uint8, address) view returns (uint256)",
  "function payoutOf(uint32) view returns (address)",
  "function isAccessValid(bytes32) view returns (bool)",
  "function accessRecord(bytes32) view returns (address buyer, uint64 expiry, uint8 status, bytes32 permitId, uint64 permitExpiry)",
];

for (const kind of ["hardhat", "anvil"] as NodeKind[]) {
  describe(`money-side command line end to end on a separate ${kind} node`, function () {
    this.timeout(600_000);

    let suite: LocalSuiteOnNode;
    let dir: string;
    let provider: JsonRpcProvider;
    let eurc: Contract;
    let router: Contract;
    let eurcAddress: string;
    let firstQuote: string;
    let firstAccessId: string;
    const credits: Record<number, bigint> = {};

    const nonce = async (account: string) => await rpc(suite.node.url, "eth_getTransactionCount", [account, "latest"]);
    const file = (name: string) => path.join(dir, name);
    /** Runs a task through `url` (a proxy in front of the node) instead of the node itself. */
    const cliVia = (url: string, ...args: string[]) =>
      hardhat(["--network", "localnode", ...args, "--deployment-id", suite.deploymentId], url);
    const signQuote = (out: string, ...extra: string[]) =>
      suite.cli(
        "attestor",
        "sign-quote",
        "--from",
        ATTESTOR,
        "--buyer",
        BUYER,
        "--token",
        "tEURC",
        "--job",
        file("job.txt"),
        "--permit-id",
        PERMIT_NUMBER,
        "--out",
        file(out),
        "--json",
        ...extra,
      );

    before(async function () {
      dir = await mkdtemp(path.join(os.tmpdir(), "galeon-money-"));
      await writeFile(file("usage.csv"), "hospitalId,units\n4,500\n1,2000\n2,1500\n");
      await writeFile(
        file("usage.json"),
        JSON.stringify([
          { hospitalId: 2, units: "10" },
          { hospitalId: 1, units: 30 },
        ]),
      );
      await writeFile(file("unknown.csv"), "1,100\n9,100\n");
      await writeFile(file("job.txt"), "federated training job, data permit and purpose (no personal data)\n");
      await writeFile(file("malformed.json"), '{"format": "galeon-quote/1", "chainId": ');
      suite = await startLocalSuite(kind, "money");
      provider = new JsonRpcProvider(suite.node.url, undefined, { staticNetwork: true });
      eurcAddress = suite.address("TestEuro");
      eurc = new Contract(eurcAddress, TOKEN_ABI, provider);
      router = new Contract(suite.address("DataAccessRouter"), ROUTER_ABI, provider);
    });

    after(async function () {
      provider?.destroy();
      await suite?.stop();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it("attestor sign-quote writes a signed quote for 10,000,000 tEURC over hospitals 1, 2 and 4", async function () {
      const signed = parseJson(await signQuote("q1.json", "--amount", "10000000", "--usage", file("usage.csv")));
      expect(signed).to.deep.include({
        ok: true,
        attestor: ATTESTOR,
        buyer: BUYER,
        symbol: "tEURC",
        amount: "10000000000000",
      });
      expect(signed.usage).to.deep.equal([
        { hospitalId: 1, units: "2000" },
        { hospitalId: 2, units: "1500" },
        { hospitalId: 4, units: "500" },
      ]);
      const quote = JSON.parse(await readFile(file("q1.json"), "utf8"));
      expect(quote).to.deep.include({
        format: "galeon-quote/1",
        chainId: 31337,
        router: suite.address("DataAccessRouter"),
      });
      expect(quote.message.amount).to.equal("10000000000000");
      expect(quote.message.jobHash).to.equal(signed.jobHash);
      // The data permit: its id is the permit number's keccak256 (the number itself is not in the file);
      // without --permit-expiry the permit is taken to end with the access, never before it.
      expect(signed).to.deep.include({ permitId: PERMIT_ID, renews: ZeroHash });
      expect(quote.message).to.deep.include({
        permitId: PERMIT_ID,
        permitExpiry: quote.message.accessExpiry,
        renews: ZeroHash,
      });
      expect(JSON.stringify(quote)).not.to.contain(PERMIT_NUMBER);
      expect(quote.human.amount).to.equal("10,000,000 tEURC");
      // Only hashes and ids: the job's text is not in the file.
      expect(JSON.stringify(quote)).not.to.contain("federated");
      firstQuote = file("q1.json");
      firstAccessId = signed.accessId;
    });

    it("buyer faucet mints test euros to the buyer", async function () {
      const minted = parseJson(await suite.cli("buyer", "faucet", "--from", BUYER, "--amount", "20000000", "--json"));
      expect(minted).to.deep.include({ to: BUYER, amount: (20_000_000n * E6).toString() });
      expect(await eurc.balanceOf(BUYER)).to.equal(20_000_000n * E6);
    });

    it("buyer pay --dry-run prints what would be paid and to whom, simulated, and sends nothing", async function () {
      const [sent, block, balance] = [
        await nonce(BUYER),
        await rpc(suite.node.url, "eth_blockNumber"),
        await eurc.balanceOf(BUYER),
      ];
      const plan = parseJson(
        await suite.cli("buyer", "pay", "--from", BUYER, "--quote", firstQuote, "--dry-run", "--json"),
      );
      expect(plan).to.deep.include({
        dryRun: true,
        sent: false,
        simulated: true,
        accessId: firstAccessId,
        payer: BUYER,
      });
      expect(plan.approval).to.deep.equal({
        kind: "approve",
        spender: suite.address("DataAccessRouter"),
        amount: (10_000_000n * E6).toString(),
        transaction: true,
      });
      expect(plan.split).to.deep.equal({
        hospitals: { amount: (4_000_000n * E6).toString(), to: "hospitals" },
        treasury: { amount: (3_000_000n * E6).toString(), to: suite.address("GaleonTreasury") },
        buyback: { amount: (2_000_000n * E6).toString(), to: suite.address("BuybackBurner") },
        galeon: { amount: (1_000_000n * E6).toString(), to: GALEON_PAYOUT },
      });
      expect(plan.credits).to.deep.equal([
        { hospitalId: 1, units: "2000", credit: (2_000_000n * E6).toString(), payout: PAYOUT[1] },
        { hospitalId: 2, units: "1500", credit: (1_500_000n * E6).toString(), payout: PAYOUT[2] },
        { hospitalId: 4, units: "500", credit: (500_000n * E6).toString(), payout: PAYOUT[4] },
      ]);
      const text = await suite.cli("buyer", "pay", "--from", BUYER, "--quote", firstQuote, "--dry-run");
      expect(text.code, text.stderr).to.equal(0);
      expect(text.stdout).to.match(/^Dry run, nothing sent: /);
      expect(text.stdout).to.contain(`send approve(${suite.address("DataAccessRouter")}, 10,000,000 tEURC)`);
      expect(text.stdout).to.contain(
        `Pay it with: npx hardhat --network localnode buyer pay --quote ${firstQuote} --from ${BUYER}` +
          ` --deployment-id ${suite.deploymentId}`,
      );
      expect(await nonce(BUYER)).to.equal(sent);
      expect(await rpc(suite.node.url, "eth_blockNumber")).to.equal(block);
      expect(await eurc.balanceOf(BUYER)).to.equal(balance);
      expect(await eurc.allowance(BUYER, await router.getAddress())).to.equal(0n);
    });

    it("buyer pay approves, pays and prints the exact split and each hospital's credit", async function () {
      const paid = parseJson(await suite.cli("buyer", "pay", "--from", BUYER, "--quote", firstQuote, "--json"));
      expect(paid.accessId).to.equal(firstAccessId);
      expect(paid.split).to.deep.equal({
        hospitals: (4_000_000n * E6).toString(),
        treasury: (3_000_000n * E6).toString(),
        buyback: (2_000_000n * E6).toString(),
        galeon: (1_000_000n * E6).toString(),
      });
      expect(paid.credits).to.deep.equal([
        { hospitalId: 1, units: "2000", credit: (2_000_000n * E6).toString() },
        { hospitalId: 2, units: "1500", credit: (1_500_000n * E6).toString() },
        { hospitalId: 4, units: "500", credit: (500_000n * E6).toString() },
      ]);
      expect(paid.transactions.approval).to.match(/^0x[0-9a-f]{64}$/);
      for (const c of paid.credits as Array<{ hospitalId: number; credit: string }>) {
        credits[c.hospitalId] = BigInt(c.credit);
        expect(await router.hospitalBalance(c.hospitalId, eurcAddress)).to.equal(BigInt(c.credit));
      }
      expect(await router.payeeBalance(0, eurcAddress)).to.equal(3_000_000n * E6);
      expect(await router.payeeBalance(1, eurcAddress)).to.equal(2_000_000n * E6);
      expect(await router.payeeBalance(2, eurcAddress)).to.equal(1_000_000n * E6);
      expect(await eurc.balanceOf(BUYER)).to.equal(10_000_000n * E6);
    });

    it("buyer access shows the buyer's access as valid", async function () {
      const run = await suite.cli("buyer", "access", firstAccessId);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(new RegExp(`buyer +${BUYER}`));
      expect(run.stdout).to.match(/status +active/);
      expect(run.stdout).to.match(/valid now +yes/);
      expect(run.stdout).to.match(new RegExp(`data permit +${PERMIT_ID}`));
      expect(await router.isAccessValid(firstAccessId)).to.equal(true);
    });

    it("hospital balance shows what hospital 1 can claim, its payout and status", async function () {
      const balance = parseJson(await suite.cli("hospital", "balance", "--hospital", "1", "--json"));
      expect(balance).to.deep.include({ hospitalId: 1, payout: PAYOUT[1], status: "active" });
      expect(balance.balances).to.deep.include({
        token: eurcAddress,
        symbol: "tEURC",
        decimals: 6,
        claimable: (2_000_000n * E6).toString(),
      });
    });

    it("hospital claim pays exactly the credit to the payout address", async function () {
      const before = (await eurc.balanceOf(PAYOUT[1])) as bigint;
      // Anyone may trigger a claim: here the buyer's account sends it.
      const claimed = parseJson(
        await suite.cli("hospital", "claim", "--hospital", "1", "--token", "tEURC", "--from", BUYER, "--json"),
      );
      expect(claimed.payout).to.equal(PAYOUT[1]);
      expect(claimed.claims).to.deep.equal([
        { token: eurcAddress, symbol: "tEURC", decimals: 6, amount: credits[1].toString() },
      ]);
      expect((await eurc.balanceOf(PAYOUT[1])) - before).to.equal(credits[1]);
      expect(await router.hospitalBalance(1, eurcAddress)).to.equal(0n);
    });

    it("hospital set-payout by the current payout rotates hospital 2's payout address", async function () {
      const run = await suite.cli("hospital", "set-payout", "--hospital", "2", NEW_PAYOUT, "--from", PAYOUT[2]);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain(`Hospital 2 is now paid to ${NEW_PAYOUT}`);
      expect(await router.payoutOf(2)).to.equal(NEW_PAYOUT);
    });

    it("hospital statement --format json: dated rows with access id, job hash, buyer, payout; totals reconciled", async function () {
      const one = parseJson(await suite.cli("hospital", "statement", "--hospital", "1", "--format", "json"));
      expect(one.reconciled).to.equal(true);
      expect(
        one.rows.map((r: Record<string, string>) => [r.kind, r.symbol, r.amount, r.balance, r.payout]),
      ).to.deep.equal([
        ["credit", "tEURC", "2000000", "2000000", PAYOUT[1]],
        ["claim", "tEURC", "-2000000", "0", PAYOUT[1]],
      ]);
      const [credit, claim] = one.rows as Array<Record<string, string>>;
      expect(credit).to.deep.include({ accessId: firstAccessId, buyer: BUYER, token: eurcAddress });
      expect(credit.jobHash).to.match(/^0x[0-9a-f]{64}$/);
      expect(credit.permitId).to.equal(PERMIT_ID);
      expect(credit.date).to.match(ISO_DATE);
      expect(claim).to.deep.include({ accessId: "", jobHash: "", buyer: "" });
      expect(one.totals).to.deep.equal([
        {
          token: eurcAddress,
          symbol: "tEURC",
          decimals: 6,
          credited: credits[1].toString(),
          claimed: credits[1].toString(),
          balance: "0",
          onChain: "0",
          reconciled: true,
        },
      ]);

      const out = file("statement-2.csv");
      const two = await suite.cli("hospital", "statement", "--hospital", "2", "--format", "csv", "--out", out);
      expect(two.code, two.stderr).to.equal(0);
      expect(two.stdout).to.match(
        /check: the balances equal hospitalBalance on chain at block \d+ \(1,500,000 tEURC\)/,
      );
      expect(two.stdout).to.match(/tEURC +1,500,000 tEURC +0 tEURC +1,500,000 tEURC/);
      const csv = lines(await readFile(out, "utf8"));
      expect(csv[0]).to.equal(STATEMENT_HEADER);
      expect(csv).to.have.length(3);
      const cells = csv[1].split(",");
      expect(cells[0]).to.match(ISO_DATE);
      expect(cells.slice(4)).to.deep.equal([
        "credit",
        firstAccessId,
        credit.jobHash,
        BUYER,
        eurcAddress,
        "tEURC",
        "1500000",
        "1500000",
        PAYOUT[2],
        "",
        PERMIT_ID,
      ]);
      // The rotation of hospital 2's payout: its own row, no amount.
      expect(csv[2].split(",").slice(4)).to.deep.equal([
        "payout_change",
        "",
        "",
        "",
        "",
        "",
        "0",
        "",
        NEW_PAYOUT,
        PAYOUT[2],
        "",
      ]);
      expect(await router.hospitalBalance(2, eurcAddress)).to.equal(credits[2]);
    });

    it("buyer pay --permit pays a second quote (JSON usage file) with a signed permit and no approval", async function () {
      const signed = parseJson(await signQuote("q2.json", "--amount", "1000.5", "--usage", file("usage.json")));
      const permitNonce = (await eurc.nonces(BUYER)) as bigint;
      expect(await eurc.allowance(BUYER, await router.getAddress())).to.equal(0n);
      const paid = parseJson(
        await suite.cli(
          "buyer",
          "pay",
          "--from",
          BUYER,
          "--quote",
          file("q2.json"),
          "--permit",
          "--max",
          "1001",
          "--json",
        ),
      );
      expect(paid).to.deep.include({ accessId: signed.accessId, amount: "1000500000", permit: true });
      expect(paid.transactions).not.to.have.property("approval");
      expect(paid.credits).to.deep.equal([
        { hospitalId: 1, units: "30", credit: "300150000" },
        { hospitalId: 2, units: "10", credit: "100050000" },
      ]);
      expect(await eurc.nonces(BUYER)).to.equal(permitNonce + 1n);
      expect(await router.hospitalBalance(2, eurcAddress)).to.equal(credits[2] + 100_050_000n);
    });

    it("attestor rotate writes the DAO proposal's actions file and sends nothing", async function () {
      const before = await nonce(ATTESTOR);
      const rotated = parseJson(
        await suite.cli(
          "attestor",
          "rotate",
          "--to",
          NEW_PAYOUT,
          "--out",
          file("rotate.json"),
          "--json",
          "--from",
          ATTESTOR,
        ),
      );
      expect(rotated.currentAttestor).to.equal(ATTESTOR);
      const actions = JSON.parse(await readFile(file("rotate.json"), "utf8"));
      expect(actions.actions).to.deep.equal([
        {
          target: await router.getAddress(),
          contract: "DataAccessRouter",
          function: "setAttestor(address)",
          args: [NEW_PAYOUT],
          value: "0",
        },
      ]);
      expect(await nonce(ATTESTOR)).to.equal(before);
    });

    it("treasury balance shows what the treasury can collect from the router", async function () {
      const balance = parseJson(await suite.cli("treasury", "balance", "--json"));
      expect(balance.treasury).to.equal(suite.address("GaleonTreasury"));
      expect(balance.balances.find((b: { symbol: string }) => b.symbol === "tEURC")).to.deep.include({
        balance: "0",
        uncollected: (3_000_000n * E6 + 300_150_000n).toString(),
      });
      const text = await suite.cli("treasury", "balance");
      expect(text.stdout).to.contain(
        `Collect it with: npx hardhat --network localnode treasury collect --deployment-id ${suite.deploymentId}`,
      );
    });

    it("treasury collect (anyone may) moves the treasury's share into the treasury; again, nothing is sent", async function () {
      const due = 3_000_000n * E6 + 300_150_000n;
      const collected = parseJson(await suite.cli("treasury", "collect", "--from", BUYER, "--json"));
      expect(collected.collected.find((c: { symbol: string }) => c.symbol === "tEURC")).to.deep.include({
        amount: due.toString(),
        treasuryBalance: due.toString(),
      });
      expect(await eurc.balanceOf(suite.address("GaleonTreasury"))).to.equal(due);
      expect(await router.payeeBalance(0, eurcAddress)).to.equal(0n);
      const sent = await nonce(BUYER);
      const again = await suite.cli("treasury", "collect", "--from", BUYER);
      expect(again.code, again.stderr).to.equal(0);
      expect(again.stdout).to.match(/holds nothing for the treasury .*: nothing sent/);
      expect(await nonce(BUYER)).to.equal(sent);
    });

    it("galeon withdraw (anyone may) pays Galeon's share to its registered address", async function () {
      const due = 1_000_000n * E6 + 100_050_000n;
      const before = (await eurc.balanceOf(GALEON_PAYOUT)) as bigint;
      const paid = parseJson(await suite.cli("galeon", "withdraw", "--token", "tEURC", "--from", BUYER, "--json"));
      expect(paid.to).to.equal(GALEON_PAYOUT);
      expect(paid.withdrawals).to.deep.equal([
        { token: eurcAddress, symbol: "tEURC", decimals: 6, amount: due.toString() },
      ]);
      expect((await eurc.balanceOf(GALEON_PAYOUT)) - before).to.equal(due);
      expect(await router.payeeBalance(2, eurcAddress)).to.equal(0n);
    });

    it("galeon status shows what the router still holds per payee and the commands that move it", async function () {
      const status = parseJson(await suite.cli("galeon", "status", "--json"));
      const line = status.router.tokens.find((t: { symbol: string }) => t.symbol === "tEURC");
      expect(line).to.deep.include({ purchases: 2, revenue: (10_000_000n * E6 + 1_000_500_000n).toString() });
      expect(line.claimable).to.deep.include({
        treasury: "0",
        galeon: "0",
        buyback: (2_000_000n * E6 + 200_100_000n).toString(),
      });
      const text = await suite.cli("galeon", "status", "--from", BUYER);
      expect(text.stdout).to.match(/held in the router for the buy-back \(not yet bought back\) +2,000,200.1 tEURC/);
      expect(text.stdout).to.contain(
        `buy-back: npx hardhat --network localnode buyback run --from ${BUYER} --deployment-id ${suite.deploymentId}`,
      );
      expect(text.stdout).not.to.contain("treasury collect");
    });

    describe("log scans through a node that refuses large ranges and large results, as public endpoints do", function () {
      let proxies: RpcProxy[] = [];
      after(async function () {
        await Promise.all(proxies.map((p) => p.close()));
      });

      it("hospital statement and galeon status give the same answers, in smaller chunks", async function () {
        const direct = {
          statement: parseJson(await suite.cli("hospital", "statement", "--hospital", "2", "--json")),
          status: parseJson(await suite.cli("galeon", "status", "--json")),
        };
        // Infura-like: a range cap, and a result cap checked on the real answer; a gateway's bare HTTP 413.
        const capped = await startRpcProxy(suite.node.url, async (request) => {
          if (request.method !== "eth_getLogs") return undefined;
          if (logRange(request) > 4)
            return { error: { code: -32602, message: "eth_getLogs is limited to a 4 block range" } };
          const answer = await forward(suite.node.url, request);
          if (Array.isArray(answer.result) && answer.result.length > 2) {
            return { error: { code: -32005, message: "query returned more than 2 results" } };
          }
          return undefined;
        });
        const tooLarge = await startRpcProxy(suite.node.url, (request) =>
          request.method === "eth_getLogs" && logRange(request) > 6 ? { httpStatus: 413 } : undefined,
        );
        proxies = [capped, tooLarge];
        for (const proxy of proxies) {
          const statement = parseJson(await cliVia(proxy.url, "hospital", "statement", "--hospital", "2", "--json"));
          expect(statement.rows).to.deep.equal(direct.statement.rows);
          expect(statement.totals).to.deep.equal(direct.statement.totals);
          const status = parseJson(await cliVia(proxy.url, "galeon", "status", "--json"));
          expect(status.router.tokens).to.deep.equal(direct.status.router.tokens);
          expect(proxy.refused.eth_getLogs).to.be.greaterThan(0);
        }
      });
    });

    describe("refuses, with one line, changing nothing", function () {
      it("a usage file naming an unknown hospital (exit 2, no quote written)", async function () {
        const sent = await nonce(ATTESTOR);
        const run = await signQuote("unknown.json", "--amount", "100", "--usage", file("unknown.csv"));
        expectRefusal(run, 2, /hospital 9 is not registered/);
        expect(existsSync(file("unknown.json"))).to.equal(false);
        expect(await nonce(ATTESTOR)).to.equal(sent);
      });

      it("an amount too small to split, naming the least that splits (exit 2, no quote written)", async function () {
        const sent = await nonce(ATTESTOR);
        const dust = await signQuote("dust.json", "--amount", "0.000001", "--usage", file("usage.csv"));
        expectRefusal(
          dust,
          2,
          new RegExp(
            "--amount 0.000001 tEURC is too small to split: the hospitals' 40% of it would be nothing;" +
              " at the router's split \\(40/30/20/10%\\) every amount from 0.000008 tEURC up credits each party" +
              " and each hospital of .*usage.csv",
          ),
        );
        const seven = await signQuote("dust.json", "--amount", "0.000007", "--usage", file("usage.csv"));
        expectRefusal(
          seven,
          2,
          /hospital 2 \(1500 of 4000 units\) would be credited nothing of the hospitals' 2 base units/,
        );
        expect(existsSync(file("dust.json"))).to.equal(false);
        expect(await nonce(ATTESTOR)).to.equal(sent);
        parseJson(await signQuote("dust.json", "--amount", "0.000008", "--usage", file("usage.csv")));
        expect(existsSync(file("dust.json"))).to.equal(true);
      });

      it("a malformed amount, to sign-quote and to buyer pay --max (exit 2, nothing sent)", async function () {
        const run = await signQuote("bad-amount.json", "--amount", "1,000", "--usage", file("usage.csv"));
        expectRefusal(run, 2, /--amount "1,000" has a comma/);
        expect(existsSync(file("bad-amount.json"))).to.equal(false);
        const [balance, sent] = [await eurc.balanceOf(BUYER), await nonce(BUYER)];
        const pay = await suite.cli("buyer", "pay", "--from", BUYER, "--quote", file("q2.json"), "--max", "ten");
        expectRefusal(pay, 2, /--max "ten" is not a number/);
        expect(await eurc.balanceOf(BUYER)).to.equal(balance);
        expect(await nonce(BUYER)).to.equal(sent);
      });

      it("a quote paid twice (exit 1, balances and nonce unchanged)", async function () {
        const [balance, sent] = [await eurc.balanceOf(BUYER), await nonce(BUYER)];
        const run = await suite.cli("buyer", "pay", "--from", BUYER, "--quote", firstQuote);
        expectRefusal(run, 1, new RegExp(`access id ${firstAccessId} was already used`));
        expect(await eurc.balanceOf(BUYER)).to.equal(balance);
        expect(await nonce(BUYER)).to.equal(sent);
      });

      it("a malformed quote file (exit 2)", async function () {
        const sent = await nonce(BUYER);
        const run = await suite.cli("buyer", "pay", "--from", BUYER, "--quote", file("malformed.json"));
        expectRefusal(run, 2, /malformed\.json is not a valid Galeon quote file: it is not JSON/);
        expect(await nonce(BUYER)).to.equal(sent);
      });

      it("set-payout from an account that is not the payout (exit 1, payout unchanged)", async function () {
        const sent = await nonce(BUYER);
        const run = await suite.cli("hospital", "set-payout", "--hospital", "4", BUYER, "--from", BUYER);
        expectRefusal(run, 1, new RegExp(`${BUYER} is not the payout address of hospital 4 \\(${PAYOUT[4]}\\)`));
        expect(await router.payoutOf(4)).to.equal(PAYOUT[4]);
        expect(await nonce(BUYER)).to.equal(sent);
      });

      it("an expired quote, after time travel past its deadline (exit 1, balances and nonce unchanged)", async function () {
        parseJson(await signQuote("short.json", "--amount", "10", "--usage", file("usage.csv"), "--valid-for", "10m"));
        await rpc(suite.node.url, "evm_increaseTime", [601]);
        await rpc(suite.node.url, "evm_mine");
        const [balance, sent, credit] = [
          await eurc.balanceOf(BUYER),
          await nonce(BUYER),
          await router.hospitalBalance(4, eurcAddress),
        ];
        const run = await suite.cli("buyer", "pay", "--from", BUYER, "--quote", file("short.json"));
        expectRefusal(run, 1, /the quote expired at .* \(chain time .*\): ask the attestor for a new one/);
        expect(await eurc.balanceOf(BUYER)).to.equal(balance);
        expect(await nonce(BUYER)).to.equal(sent);
        expect(await router.hospitalBalance(4, eurcAddress)).to.equal(credit);
      });

      it("a payment the chain would refuse (purchases paused): nothing sent, not even the approval", async function () {
        parseJson(await signQuote("paused.json", "--amount", "5", "--usage", file("usage.csv")));
        const snapshot = await rpc(suite.node.url, "evm_snapshot");
        try {
          await rpc(suite.node.url, "eth_sendTransaction", [
            { from: GUARDIAN, to: await router.getAddress(), data: PAUSE },
          ]);
          const [balance, sent] = [await eurc.balanceOf(BUYER), await nonce(BUYER)];
          for (const extra of [[], ["--permit"]]) {
            const run = await suite.cli("buyer", "pay", "--from", BUYER, "--quote", file("paused.json"), ...extra);
            expectRefusal(
              run,
              1,
              /the payment would be refused: the contract is paused by the guardian .*nothing sent/,
            );
          }
          expect(await nonce(BUYER)).to.equal(sent);
          expect(await eurc.allowance(BUYER, await router.getAddress())).to.equal(0n);
          expect(await eurc.balanceOf(BUYER)).to.equal(balance);
        } finally {
          expect(await rpc(suite.node.url, "evm_revert", [snapshot])).to.equal(true);
        }
      });

      it("a quote that expires within the safety margin (exit 1, nothing sent); a smaller --margin accepts it", async function () {
        await rpc(suite.node.url, "evm_mine");
        parseJson(await signQuote("soon.json", "--amount", "5", "--usage", file("usage.csv"), "--valid-for", "100s"));
        const sent = await nonce(BUYER);
        const run = await suite.cli("buyer", "pay", "--from", BUYER, "--quote", file("soon.json"));
        expectRefusal(
          run,
          1,
          /the quote expires at .*, \d+ s after the next block \(.*\), within the safety margin of 120 s: ask the attestor for a fresh quote/,
        );
        expect(await nonce(BUYER)).to.equal(sent);
        const dry = await suite.cli(
          "buyer",
          "pay",
          "--from",
          BUYER,
          "--quote",
          file("soon.json"),
          "--margin",
          "10s",
          "--dry-run",
        );
        expect(dry.code, dry.stderr).to.equal(0);
        expect(await nonce(BUYER)).to.equal(sent);
      });

      it("an altered quote: says so, and names nobody from its edited fields as allowed to pay", async function () {
        const quote = JSON.parse(await readFile(firstQuote, "utf8"));
        quote.message.buyer = DEV_ACCOUNTS[5];
        quote.message.accessId = "0x" + "ab".repeat(32);
        await writeFile(file("altered.json"), JSON.stringify(quote));
        for (const from of [BUYER, DEV_ACCOUNTS[5]]) {
          const sent = await nonce(from);
          const run = await suite.cli("buyer", "pay", "--from", from, "--quote", file("altered.json"));
          expectRefusal(
            run,
            1,
            new RegExp(
              `the quote was altered, or not signed by the attestor \\(the router's attestor is ${ATTESTOR}\\)`,
            ),
          );
          expect(run.stderr).not.to.contain(DEV_ACCOUNTS[5]);
          expect(run.stderr).not.to.match(/may pay/);
          expect(await nonce(from)).to.equal(sent);
        }
      });

      it("a purchase that fails after its approval was sent: the line says what was sent and how to undo it", async function () {
        parseJson(await signQuote("dropped.json", "--amount", "5", "--usage", file("usage.csv")));
        // The node drops the purchase (as a congested or flaky endpoint may), after the approval went through.
        const proxy = await startRpcProxy(suite.node.url, (request) => {
          const tx = request.params?.[0] as { data?: string } | undefined;
          return request.method === "eth_sendTransaction" && PURCHASE_SELECTORS.some((s) => tx?.data?.startsWith(s))
            ? { error: { code: -32000, message: "the node dropped the transaction" } }
            : undefined;
        });
        try {
          const routerAddress = await router.getAddress();
          const run = await cliVia(proxy.url, "buyer", "pay", "--from", BUYER, "--quote", file("dropped.json"));
          const undo =
            `npx hardhat --network localnode buyer unapprove --token tEURC --from ${BUYER}` +
            ` --deployment-id ${suite.deploymentId}`;
          expectRefusal(
            run,
            1,
            new RegExp(
              `the payment failed after the approval was sent: the node dropped the transaction\\. Sent: approval` +
                ` 0x[0-9a-f]{64} \\(confirmed\\); the router \\(${routerAddress}\\) may still spend 5 tEURC of` +
                ` ${BUYER}'s tEURC\\. Undo it with: ${undo} \\(or send ${eurcAddress} the data 0x095ea7b3`,
            ),
          );
          expect(await eurc.allowance(BUYER, routerAddress)).to.equal(5n * E6);
          // The printed undo, run as printed (its arguments after `npx hardhat`).
          const reset = await hardhat(undo.split(" ").slice(2), suite.node.url);
          expect(reset.code, reset.stderr).to.equal(0);
          expect(await eurc.allowance(BUYER, routerAddress)).to.equal(0n);
        } finally {
          await proxy.close();
        }
      });

      it("a missing deployment (exit 3)", async function () {
        const run = await hardhat(
          ["--network", "localnode", "hospital", "balance", "--hospital", "1", "--deployment-id", "no-such-deployment"],
          suite.node.url,
        );
        expectRefusal(run, 3, /no Galeon deployment for chain 31337 /);
      });
    });

    describe("data permits and renewals", function () {
      it("a renewal extends the access: sign-quote --renews, buyer pay, buyer access shows the new expiry", async function () {
        const [, before] = (await router.accessRecord(firstAccessId)) as [string, bigint];
        const signed = parseJson(
          await signQuote(
            "renewal.json",
            "--amount",
            "1000",
            "--usage",
            file("usage.csv"),
            "--renews",
            firstAccessId,
            "--access-days",
            "10",
            "--permit-expiry",
            "3650d",
          ),
        );
        // Ten more days from the access's current end, not from now.
        expect(signed.renews).to.equal(firstAccessId);
        expect(BigInt(signed.accessExpiry)).to.equal(before + 10n * 86_400n);
        expect(signed.accessId).to.not.equal(firstAccessId);

        const dry = parseJson(
          await suite.cli("buyer", "pay", "--from", BUYER, "--quote", file("renewal.json"), "--dry-run", "--json"),
        );
        expect(dry.renews).to.deep.equal({ accessId: firstAccessId, previousExpiry: before.toString() });
        const paid = parseJson(
          await suite.cli("buyer", "pay", "--from", BUYER, "--quote", file("renewal.json"), "--json"),
        );
        expect(paid.renews).to.deep.equal({ accessId: firstAccessId, previousExpiry: before.toString() });
        expect(paid.permitId).to.equal(PERMIT_ID);
        // Paid and split like any purchase: hospital 1 is credited its share of the renewal too.
        expect(paid.split.hospitals).to.equal((400n * E6).toString());

        const [, after, , permitId] = (await router.accessRecord(firstAccessId)) as [string, bigint, bigint, string];
        expect(after).to.equal(before + 10n * 86_400n);
        expect(permitId).to.equal(PERMIT_ID);
        const shown = parseJson(await suite.cli("buyer", "access", firstAccessId, "--json"));
        expect(shown.expiry).to.equal(after.toString());
        expect(shown.renewals).to.have.length(1);
        expect(shown.renewals[0]).to.deep.include({ accessId: signed.accessId, newExpiry: after.toString() });
        const renewal = parseJson(await suite.cli("buyer", "access", signed.accessId, "--json"));
        expect(renewal).to.deep.include({ renews: firstAccessId, status: "active", permitId: PERMIT_ID });
        const text = await suite.cli("buyer", "access", firstAccessId);
        expect(text.stdout).to.match(new RegExp(`renewed by +${signed.accessId} \\(to `));
      });

      it("refuses an access that would outlive its data permit (exit 2, no quote written)", async function () {
        const run = await signQuote(
          "outlives.json",
          "--amount",
          "10",
          "--usage",
          file("usage.csv"),
          "--access-days",
          "30",
          "--permit-expiry",
          "10d",
        );
        expectRefusal(
          run,
          2,
          /the access would last until .*, after the data permit ends \(.*\): an access never outlives its permit/,
        );
        expect(existsSync(file("outlives.json"))).to.equal(false);
      });

      it("refuses to sign a renewal of another buyer's access (exit 2, no quote written)", async function () {
        const run = await suite.cli(
          "attestor",
          "sign-quote",
          "--from",
          ATTESTOR,
          "--buyer",
          OTHER_BUYER,
          "--token",
          "tEURC",
          "--amount",
          "10",
          "--usage",
          file("usage.csv"),
          "--job",
          file("job.txt"),
          "--permit-id",
          PERMIT_NUMBER,
          "--renews",
          firstAccessId,
          "--out",
          file("theirs.json"),
        );
        expectRefusal(
          run,
          2,
          new RegExp(`--renews ${firstAccessId} is the access of ${BUYER}, not of --buyer ${OTHER_BUYER}`),
        );
        expect(existsSync(file("theirs.json"))).to.equal(false);
      });

      /** A quote signed by the attestor directly (what a faulty or compromised signing service could hand out). */
      const handSigned = async (name: string, fields: Partial<Quote>) => {
        const now = BigInt((await provider.getBlock("latest"))!.timestamp);
        const quote: Quote = {
          accessId: id(`${name}-${now}`),
          buyer: BUYER,
          payer: ZeroAddress,
          token: eurcAddress,
          amount: 10n * E6,
          deadline: now + 3_600n,
          accessExpiry: now + 30n * 86_400n,
          usage: [packUsage({ hospitalId: 1, units: 1n })],
          jobHash: id("job"),
          permitId: PERMIT_ID,
          permitExpiry: now + 60n * 86_400n,
          renews: ZeroHash,
          ...fields,
        };
        const routerAddress = suite.address("DataAccessRouter");
        const signature = await signTyped(await provider.getSigner(ATTESTOR), 31337n, routerAddress, quote);
        const content = quoteFileContent({
          chainId: 31337,
          router: routerAddress,
          attestor: ATTESTOR,
          quote,
          signature,
          token: { address: eurcAddress, symbol: "tEURC", decimals: 6 },
        });
        await writeFile(file(name), JSON.stringify(content));
        return file(name);
      };

      it("buyer pay refuses, before anything is sent, a renewal of someone else's access and an access outliving its permit", async function () {
        const theirs = await handSigned("renew-theirs.json", { buyer: OTHER_BUYER, renews: firstAccessId });
        await suite.cli("buyer", "faucet", "--from", OTHER_BUYER, "--amount", "100");
        const sent = await nonce(OTHER_BUYER);
        expectRefusal(
          await suite.cli("buyer", "pay", "--from", OTHER_BUYER, "--quote", theirs),
          1,
          new RegExp(
            `the quote renews access ${firstAccessId} of ${BUYER}, not of its buyer ${OTHER_BUYER}: .* cannot extend someone else's access`,
          ),
        );
        expect(await nonce(OTHER_BUYER)).to.equal(sent);

        const now = BigInt((await provider.getBlock("latest"))!.timestamp);
        const outlives = await handSigned("outlives-permit.json", { permitExpiry: now + 86_400n });
        const mine = await nonce(BUYER);
        expectRefusal(
          await suite.cli("buyer", "pay", "--from", BUYER, "--quote", outlives),
          1,
          new RegExp(`the quote's access \\(until .*\\) would outlive its data permit ${PERMIT_ID} \\(until .*\\)`),
        );
        const never = await handSigned("renew-none.json", { renews: id("never paid") });
        expectRefusal(
          await suite.cli("buyer", "pay", "--from", BUYER, "--quote", never),
          1,
          /the quote renews access 0x[0-9a-f]{64}, which was never paid/,
        );
        expect(await nonce(BUYER)).to.equal(mine);
      });
    });
  });
}

describe("money-side command line: the environment", function () {
  this.timeout(120_000);

  it("a node that is down is named by its URL (exit 3)", async function () {
    const port = await freePort();
    const run = await hardhat(["--network", "localnode", "treasury", "balance"], `http://127.0.0.1:${port}`);
    expectRefusal(
      run,
      3,
      new RegExp(
        `cannot reach the JSON-RPC node of network localnode at http://127\\.0\\.0\\.1:${port}: connection refused`,
      ),
    );
  });

  it("a configuration variable that is not set is an environment error naming the keystore command (exit 3)", async function () {
    if (process.env.SEPOLIA_RPC_URL !== undefined) this.skip();
    const run = await hardhat(["--network", "sepolia", "galeon", "status"], "http://127.0.0.1:1");
    // Under `hardhat test` the child may read the development keystore: then the command says --dev.
    // In CI (the child inherits the environment) Hardhat reads no keystore: the environment only.
    expectRefusal(
      run,
      3,
      inCi()
        ? /configuration variable SEPOLIA_RPC_URL is not set: set the environment variable SEPOLIA_RPC_URL \(Hardhat reads no keystore in CI\)$/
        : /configuration variable SEPOLIA_RPC_URL is not set( in the development keystore)?: store it with `npx hardhat keystore set SEPOLIA_RPC_URL( --dev)?` or set the environment variable SEPOLIA_RPC_URL$/,
    );
  });
});
