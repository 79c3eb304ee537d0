/**
 * What a newcomer tripped on, run as a newcomer runs it (the Hardhat CLI against a separate node
 * with the local suite deployed): a quote born expired on an idle node, follow-up commands that
 * drop --network and --deployment-id, a task run without --network, and the sentences of the
 * refusals and reports that confused (issue 16, "What a newcomer still trips on").
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Contract, Interface, JsonRpcProvider } from "ethers";

import {
  DEV_ACCOUNTS,
  expectRefusal,
  hardhat,
  type LocalSuiteOnNode,
  type NodeKind,
  parseJson,
  rpc,
  startLocalSuite,
} from "./harness.js";

const ATTESTOR = DEV_ACCOUNTS[1];
const BUYER = DEV_ACCOUNTS[2];

for (const kind of ["hardhat", "anvil"] as NodeKind[]) {
  describe(`newcomer paths on a separate ${kind} node`, function () {
    this.timeout(600_000);

    let suite: LocalSuiteOnNode;
    let dir: string;
    const file = (name: string) => path.join(dir, name);
    const pendingTime = async () =>
      BigInt(
        ((await rpc(suite.node.url, "eth_getBlockByNumber", ["pending", false])) as { timestamp: string }).timestamp,
      );

    before(async function () {
      dir = await mkdtemp(path.join(os.tmpdir(), "galeon-newcomer-"));
      await writeFile(file("usage.csv"), "hospitalId,units\n1,2000\n2,1500\n");
      await writeFile(file("job.txt"), "a job\n");
      suite = await startLocalSuite(kind, "newcomer");
      parseJson(await suite.cli("buyer", "faucet", "--from", BUYER, "--amount", "20000000", "--json"));
      // One purchase: the treasury's leg waits in the router, the buy-back's is there to run.
      const signed = await suite.cli(
        "attestor",
        "sign-quote",
        "--from",
        ATTESTOR,
        "--buyer",
        BUYER,
        "--token",
        "tEURC",
        "--amount",
        "10000000",
        "--usage",
        file("usage.csv"),
        "--job",
        file("job.txt"),
        "--permit-id",
        "HDAB-FR-2026-0042",
        "--out",
        file("paid.json"),
      );
      expect(signed.code, signed.stderr).to.equal(0);
      const paid = await suite.cli("buyer", "pay", "--from", BUYER, "--quote", file("paid.json"));
      expect(paid.code, paid.stdout + paid.stderr).to.equal(0);
    });

    after(async function () {
      await suite?.stop();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    describe("attestor", function () {
      it("sign-quote --valid-for counts from the moment it signs, not from an idle node's latest block", async function () {
        // The node sat idle for an hour: its next block comes an hour after its latest one.
        await rpc(suite.node.url, "evm_increaseTime", [3_600]);
        const latest = BigInt(
          ((await rpc(suite.node.url, "eth_getBlockByNumber", ["latest", false])) as { timestamp: string }).timestamp,
        );
        const run = await suite.cli(
          "attestor",
          "sign-quote",
          "--from",
          ATTESTOR,
          "--buyer",
          BUYER,
          "--token",
          "tEURC",
          "--amount",
          "10",
          "--usage",
          file("usage.csv"),
          "--job",
          file("job.txt"),
          "--permit-id",
          "HDAB-FR-2026-0042",
          "--valid-for",
          "10m",
          "--out",
          file("quote.json"),
        );
        expect(run.code, run.stderr).to.equal(0);
        const quote = JSON.parse(await readFile(file("quote.json"), "utf8"));
        const deadline = BigInt(quote.message.deadline);
        const next = await pendingTime();
        expect(deadline, "deadline after the idle node's latest block + 1 h").to.be.greaterThan(latest + 3_600n);
        expect(deadline - next, "10 minutes from the next block's time").to.be.within(590n, 600n);
        expect(deadline - BigInt(Math.floor(Date.now() / 1000)), "at least 10 minutes of wall clock").to.be.at.least(
          590n,
        );
        // ... and the buyer can pay it: the default safety margin of 2 minutes is met.
        const dry = await suite.cli("buyer", "pay", "--from", BUYER, "--quote", file("quote.json"), "--dry-run");
        expect(dry.code, dry.stdout + dry.stderr).to.equal(0);
      });

      it("sign-quote's next command carries --network, the buyer as --from, and --deployment-id", async function () {
        const run = await suite.cli(
          "attestor",
          "sign-quote",
          "--from",
          ATTESTOR,
          "--buyer",
          BUYER,
          "--token",
          "tEURC",
          "--amount",
          "10",
          "--usage",
          file("usage.csv"),
          "--job",
          file("job.txt"),
          "--permit-id",
          "HDAB-FR-2026-0042",
          "--out",
          file("hint.json"),
        );
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.contain(
          `The buyer pays it with: npx hardhat --network localnode buyer pay --quote ${file("hint.json")}` +
            ` --from ${BUYER} --deployment-id ${suite.deploymentId}`,
        );
      });

      it("rotate's next command carries --network and --deployment-id", async function () {
        const run = await suite.cli("attestor", "rotate", "--to", DEV_ACCOUNTS[8], "--out", file("rotate.json"));
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.contain(
          `npx hardhat --network localnode dao propose --actions ${file("rotate.json")}` +
            ` --deployment-id ${suite.deploymentId}`,
        );
      });
    });

    it("galeon status shows, per token, what the buy-back burner holds and what it spent and burned", async function () {
      // A keeper's run (after the 30-minute average formed): the burner pulls the buy-back's leg and spends a lot.
      for (let attempt = 0; attempt < 2; attempt++) {
        await rpc(suite.node.url, "evm_increaseTime", [1_800]);
        await rpc(suite.node.url, "evm_mine");
        if (parseJson(await suite.cli("buyback", "run", "--json")).executed === true) break;
      }
      const status = parseJson(await suite.cli("galeon", "status", "--json"));
      const burner = suite.address("BuybackBurner");
      expect(status.buyback.address).to.equal(burner);
      const provider = new JsonRpcProvider(suite.node.url, undefined, { staticNetwork: true });
      try {
        const eurc = new Contract(
          suite.address("TestEuro"),
          ["function balanceOf(address) view returns (uint256)"],
          provider,
        );
        const executed = new Interface([
          "event BuybackExecuted(address indexed token, uint256 amountIn, uint256 galeonBurned, uint256 twapX112, uint256 minOut)",
        ]);
        const logs = await provider.getLogs({
          address: burner,
          fromBlock: 0,
          topics: [executed.getEvent("BuybackExecuted")!.topicHash],
        });
        const spent = logs
          .map((l) => executed.parseLog(l)!)
          .filter((e) => e.args.token === suite.address("TestEuro"))
          .reduce((sum, e) => sum + (e.args.amountIn as bigint), 0n);
        const held = (await eurc.balanceOf(burner)) as bigint;
        expect(spent, "the keeper's run spent tEURC").to.be.greaterThan(0n);
        expect(held, "the burner holds the rest of what it pulled").to.be.greaterThan(0n);
        const line = status.buyback.tokens.find((t: { symbol: string }) => t.symbol === "tEURC");
        expect(line).to.deep.include({ held: held.toString(), spent: spent.toString() });
        const text = await suite.cli("galeon", "status");
        expect(text.stdout).to.contain(`Buy-back (burner at ${burner})`);
        expect(text.stdout).to.match(/tEURC held by the burner \(not yet spent\) +[0-9,.]+ tEURC/);
        expect(text.stdout).to.match(/tEURC spent \(\d+ runs?\) +[0-9,.]+ tEURC/);
      } finally {
        provider.destroy();
      }
    });

    it("dao propose --grant above what collecting could bring does not advise --collect", async function () {
      const run = await suite.cli(
        "dao",
        "propose",
        "--grant",
        "900000000",
        "--token",
        "tEURC",
        "--to",
        DEV_ACCOUNTS[5],
        "--description",
        "Too large a grant",
      );
      expectRefusal(
        run,
        1,
        /the treasury would hold 0 tEURC but 900,000,000 tEURC are asked; collecting the [0-9,.]+ tEURC of its leg still in the router would not cover it either \([0-9,.]+ tEURC in all\): ask for less\. Nothing sent/,
      );
      expect(run.stderr).not.to.contain("--collect");
    });

    it("dao propose --split 30,30,30,10 is refused naming the hospitals' 40% floor", async function () {
      const run = await suite.cli("dao", "propose", "--split", "30,30,30,10", "--description", "Hospitals at 30%");
      expectRefusal(
        run,
        1,
        /the split 3000\/3000\/3000\/1000 bps gives the hospitals 30%, below their floor of 40% \(MIN_HOSPITALS_BPS, 4,000 bps\)\. Nothing sent/,
      );
      expect(run.stderr).not.to.contain("must sum");
    });

    it("galeon check --split takes percentages, as dao propose does, and basis points", async function () {
      for (const split of ["40,30,20,10", "4000,3000,2000,1000"]) {
        const run = await suite.cli("galeon", "check", "--split", split, "--json");
        expect(parseJson(run).ok, split).to.equal(true);
      }
    });

    it("buyback run --token GALEON with nothing accrued says so in $GALEON, not base units", async function () {
      const run = await suite.cli("buyback", "run", "--token", "GALEON");
      expectRefusal(
        run,
        1,
        /^error: nothing to burn: the router holds 0 GALEON for the buy-back and the burner holds 0 GALEON; \$GALEON accrues when a quote is paid in \$GALEON$/,
      );
    });

    it("a task that needs a deployment, run without --network, says to give --network and lists the networks", async function () {
      const run = await hardhat(["galeon", "status", "--deployment-id", suite.deploymentId], suite.node.url);
      expectRefusal(
        run,
        3,
        /^error: this command needs a deployment, so a network: without --network it runs on Hardhat's in-process chain, which starts empty with every command; give --network NAME before the task name \(networks: localnode, sepolia, localhost\)$/,
      );
    });
  });
}

describe("newcomer paths without a node", function () {
  this.timeout(120_000);

  it("galeon time advance -5m says a clock only moves forward (exit 2), also written after --", async function () {
    const sentence =
      /^error: DURATION -5m is negative: a chain's clock only moves forward \(galeon time advance 5m moves it on; to go back, restart the local node or revert to an evm_snapshot\)$/;
    for (const args of [["-5m"], ["--", "-5m"]]) {
      const run = await hardhat(["--network", "localnode", "galeon", "time", "advance", ...args], "http://127.0.0.1:9");
      expectRefusal(run, 2, sentence);
      expect(run.stdout + run.stderr).not.to.contain("grouped");
    }
  });
});
