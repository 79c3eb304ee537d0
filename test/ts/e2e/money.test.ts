/**
 * End to end over JSON-RPC, the money side: on a separate node (the Hardhat node, then anvil) with
 * the local suite deployed by the Ignition CLI, the attestor signs a quote, the buyer pays it, the
 * hospitals check, claim, rotate their payout and rebuild their statement, all through the tasks as
 * a user types them. Refusals exit non-zero with one line and change nothing.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Contract, JsonRpcProvider } from "ethers";

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
const ATTESTOR = DEV_ACCOUNTS[1];
const BUYER = DEV_ACCOUNTS[2];
/** Payout accounts of hospitals 1..5 (local parameters). */
const PAYOUT = { 1: DEV_ACCOUNTS[3], 2: DEV_ACCOUNTS[4], 4: DEV_ACCOUNTS[6] } as const;
const NEW_PAYOUT = DEV_ACCOUNTS[8];

const TOKEN_ABI = [
  "function balanceOf(address) view returns (uint256)",
  "function allowance(address, address) view returns (uint256)",
  "function nonces(address) view returns (uint256)",
];
const ROUTER_ABI = [
  "function hospitalBalance(uint32, address) view returns (uint256)",
  "function payeeBalance(uint8, address) view returns (uint256)",
  "function payoutOf(uint32) view returns (address)",
  "function isAccessValid(bytes32) view returns (bool)",
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

    it("hospital statement --format json rebuilds credits and claims and reconciles with the chain", async function () {
      const one = parseJson(await suite.cli("hospital", "statement", "--hospital", "1", "--format", "json"));
      expect(one.reconciled).to.equal(true);
      expect(
        one.entries.map((e: { kind: string; amount: string; balance: string }) => [e.kind, e.amount, e.balance]),
      ).to.deep.equal([
        ["credit", credits[1].toString(), credits[1].toString()],
        ["claim", credits[1].toString(), "0"],
      ]);
      expect(one.entries[0].accessId).to.equal(firstAccessId);
      expect(one.entries[1].payout).to.equal(PAYOUT[1]);
      const eurcLine = one.balances.find((b: { token: string }) => b.token === eurcAddress);
      expect(eurcLine).to.deep.include({ computed: "0", onChain: "0", reconciled: true });

      const out = file("statement-2.csv");
      const two = await suite.cli("hospital", "statement", "--hospital", "2", "--format", "csv", "--out", out);
      expect(two.code, two.stderr).to.equal(0);
      expect(two.stdout).to.match(/check: the statement's final balances equal hospitalBalance on chain/);
      const csv = lines(await readFile(out, "utf8"));
      expect(csv[0]).to.equal("block,transaction,kind,access_id,payout,token,symbol,decimals,amount,balance");
      expect(csv).to.have.length(2);
      expect(csv[1]).to.match(
        new RegExp(`,credit,${firstAccessId},,${eurcAddress},tEURC,6,${credits[2]},${credits[2]}$`),
      );
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

      it("a missing deployment (exit 3)", async function () {
        const run = await hardhat(
          ["--network", "localnode", "hospital", "balance", "--hospital", "1", "--deployment-id", "no-such-deployment"],
          suite.node.url,
        );
        expectRefusal(run, 3, /no Galeon deployment for chain 31337 /);
      });
    });
  });
}
