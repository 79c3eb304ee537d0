/**
 * The command line's shared plumbing (scripts/lib): amounts, addresses, tables, JSON, deployments,
 * revert sentences, log scans that shrink when a node refuses a range or a result count, follow-up
 * commands, and the environment's errors. Revert data comes from real failed calls on the
 * in-process chain.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { isCi } from "@nomicfoundation/hardhat-utils/ci";
import { expect } from "chai";
import { AbiCoder, Interface } from "ethers";
import hre, { network } from "hardhat";

import { parseAddress } from "../../../domain/chain/addresses.js";
import { formatAmount, parseAmount } from "../../../domain/amounts/amounts.js";
import { explain } from "../../../scripts/lib/cli.js";
import { shownUrl, TaskContext } from "../../../scripts/lib/context.js";
import { Deployment } from "../../../scripts/lib/deployment.js";
import { gasWithMargin } from "../../../scripts/lib/gasMarginHook.js";
import { CliError, EXIT } from "../../../domain/errors/refusal.js";
import { configVariableError, inCi, missingConfigVariable } from "../../../scripts/lib/configVariables.js";
import {
  classifyLogRefusal,
  indexerHint,
  LOG_CHUNK,
  type RawLog,
  type RpcRequester,
  scanLogs,
  TARGET_LOGS,
} from "../../../domain/chain/logs.js";
import { renderTable, toJson } from "../../../scripts/lib/output.js";
import { compiledAbis } from "../../../scripts/lib/context.js";
import { ErrorDecoder, findRevertData } from "../../../domain/errors/revert.js";

const { ethers } = await network.create();

function refusal(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(CliError);
    return error as CliError;
  }
  expect.fail("expected a refusal");
}

describe("command-line plumbing", function () {
  describe("amounts", function () {
    it("parses human amounts with the token's decimals", function () {
      expect(parseAmount("10000000", 6)).to.equal(10_000_000_000_000n);
      expect(parseAmount("2.5", 6)).to.equal(2_500_000n);
      expect(parseAmount("1_000.000001", 6)).to.equal(1_000_000_001n);
      expect(parseAmount(" 1 ", 18)).to.equal(10n ** 18n);
      expect(parseAmount("0", 18, { allowZero: true })).to.equal(0n);
    });

    it("formats base units exactly, with thousands separators and the symbol", function () {
      expect(formatAmount(1_500_000n, 6, "EURC")).to.equal("1.5 EURC");
      expect(formatAmount(10n ** 27n, 18)).to.equal("1,000,000,000");
      expect(formatAmount(1n, 18)).to.equal("0.000000000000000001");
      expect(formatAmount(-4_000_000_000_000n, 6, "EURC")).to.equal("-4,000,000 EURC");
    });

    it("round-trips any amount", function () {
      for (const v of [0n, 1n, 999_999n, 10n ** 30n + 7n]) {
        expect(parseAmount(formatAmount(v, 6).replaceAll(",", ""), 6, { allowZero: true })).to.equal(v);
      }
    });

    describe("refuses", function () {
      const cases: Array<[string, RegExp]> = [
        ["-5", /must not be negative/],
        ["abc", /is not a number/],
        ["1e6", /is not a number/],
        ["1.2.3", /is not a number/],
        ["", /is not a number/],
        ["1,5", /has a comma/],
        ["0.0000001", /has 7 decimals but the token EURC has only 6/],
        ["0", /must be more than zero/],
      ];
      for (const [input, message] of cases) {
        it(`"${input}" with a sentence and the bad-input exit code`, function () {
          const error = refusal(() => parseAmount(input, 6, { label: "--amount", symbol: "EURC" }));
          expect(error.message).to.match(message);
          expect(error.message).to.not.contain("\n");
          expect(error.exitCode).to.equal(EXIT.BAD_INPUT);
        });
      }
    });
  });

  describe("addresses", function () {
    it("accepts lower case and checksummed addresses and returns the checksum form", function () {
      const checksummed = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
      expect(parseAddress(checksummed.toLowerCase())).to.equal(checksummed);
      expect(parseAddress(checksummed)).to.equal(checksummed);
    });

    describe("refuses", function () {
      it("garbage", function () {
        expect(refusal(() => parseAddress("0x123", { label: "--to" })).message).to.equal(
          '--to "0x123" is not an address: expected 0x followed by 40 hexadecimal digits',
        );
      });
      it("a bad checksum", function () {
        expect(refusal(() => parseAddress("0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266")).message).to.match(
          /bad checksum/,
        );
      });
      it("the zero address unless allowed", function () {
        const zero = "0x0000000000000000000000000000000000000000";
        expect(refusal(() => parseAddress(zero)).message).to.match(/zero address/);
        expect(parseAddress(zero, { allowZero: true })).to.equal(zero);
      });
    });
  });

  describe("gas margin", function () {
    it("multiplies the estimate in bigint, also under a block gas limit of 2^64 - 1", function () {
      expect(gasWithMargin(100_000n, 1.2, 30_000_000n)).to.equal(120_000n);
      expect(gasWithMargin(100_000n, 1.2, 2n ** 64n - 1n)).to.equal(120_000n);
    });

    it("stays within 95% of the block gas limit, never below the estimate", function () {
      expect(gasWithMargin(1_000_000n, 1.2, 1_100_000n)).to.equal(1_045_000n);
      expect(gasWithMargin(1_050_000n, 1.2, 1_100_000n)).to.equal(1_050_000n);
    });
  });

  describe("output", function () {
    it("aligns a table, numbers to the right", function () {
      const table = renderTable(
        [
          ["hospital 1", "4,000,000 EURC"],
          ["treasury", "30 EURC"],
        ],
        ["who", "credit"],
      );
      expect(table.split("\n")).to.deep.equal([
        "who                 credit",
        "----------  --------------",
        "hospital 1  4,000,000 EURC",
        "treasury           30 EURC",
      ]);
    });

    it("writes bigints in JSON as exact decimal strings", function () {
      expect(JSON.parse(toJson({ supply: 10n ** 27n }))).to.deep.equal({ supply: "1000000000000000000000000000" });
    });
  });

  describe("deployments", function () {
    let dir: string;
    before(async function () {
      dir = await mkdtemp(path.join(os.tmpdir(), "galeon-deployments-"));
      await mkdir(path.join(dir, "deployments", "chain-5"), { recursive: true });
      await writeFile(
        path.join(dir, "deployments", "chain-5", "deployed_addresses.json"),
        JSON.stringify({ "GaleonToken#GaleonToken": "0x5FbDB2315678afecb367f032d93F642f64180aa3" }),
      );
      await writeFile(
        path.join(dir, "deployments", "chain-5", "journal.jsonl"),
        '{"chainId":5,"type":"DEPLOYMENT_INITIALIZE"}\n',
      );
    });
    after(async function () {
      await rm(dir, { recursive: true, force: true });
    });

    it("loads chain-<chainId> by default", async function () {
      const deployment = await Deployment.load(dir, 5);
      expect(deployment.id).to.equal("chain-5");
      expect(deployment.address("GaleonToken#GaleonToken")).to.equal("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    });

    describe("refuses", function () {
      it("a chain with no deployment, in one line", async function () {
        const error = await Deployment.load(dir, 1234).catch((e: unknown) => e as CliError);
        expect(error).to.be.instanceOf(CliError);
        expect((error as CliError).message).to.match(/^no Galeon deployment for chain 1234 /);
        expect((error as CliError).exitCode).to.equal(EXIT.ENVIRONMENT);
      });
      it("a deployment made on another chain", async function () {
        await mkdir(path.join(dir, "deployments", "other"), { recursive: true });
        await writeFile(path.join(dir, "deployments", "other", "deployed_addresses.json"), "{}");
        await writeFile(
          path.join(dir, "deployments", "other", "journal.jsonl"),
          '{"chainId":5,"type":"DEPLOYMENT_INITIALIZE"}\n',
        );
        const error = await Deployment.load(dir, 7, "other").catch((e: unknown) => e as CliError);
        expect((error as CliError).message).to.equal("deployment other was made on chain 5 but the network is chain 7");
      });
      it("a contract the deployment lacks", async function () {
        const deployment = await Deployment.load(dir, 5);
        expect(() => deployment.address("Router#Router")).to.throw(CliError, /has no Router#Router/);
      });
    });
  });

  describe("revert sentences", function () {
    /** As the tasks build it: every compiled artifact's errors. */
    async function decoder() {
      return new ErrorDecoder(await compiledAbis(hre.artifacts));
    }

    it("phrases a custom error caught from a real failed call, with its arguments", async function () {
      const [alice, bob] = await ethers.getSigners();
      const token = await ethers.deployContract("GaleonToken", [[alice.address], [100n]]);
      const error = await token
        .connect(bob)
        .transfer(alice.address, 5n)
        .catch((e: unknown) => e);
      const data = findRevertData(error);
      expect(data).to.be.a("string");
      // No token known to the decoder: base units, said so for both amounts.
      expect((await decoder()).describe(data!)).to.equal(
        `${bob.address} holds 0 base units but 5 base units are needed`,
      );
    });

    it("explains a refused transaction in one line, as every task prints it", async function () {
      const [alice, bob] = await ethers.getSigners();
      const token = await ethers.deployContract("GaleonToken", [[alice.address], [100n]]);
      const error = await token
        .connect(bob)
        .transferFrom(alice.address, bob.address, 7n)
        .catch((e: unknown) => e);
      // The task says which token it was moving: amounts in token units.
      const ctx = new TaskContext(hre, { json: false });
      ctx.useTokens([], { address: await token.getAddress(), symbol: "GALEON", decimals: 18 });
      const { line, exitCode } = await explain(error, ctx);
      expect(line).to.equal(
        `the chain refused: ${bob.address} may spend only 0 GALEON but 0.000000000000000007 GALEON are needed:` +
          ` approve more first`,
      );
      expect(exitCode).to.equal(EXIT.FAILED);
    });

    it("falls back to ErrorName(arg=value) for an error with no sentence", async function () {
      const iface = new Interface(["error SomethingOdd(uint256 count, address who)"]);
      const data = iface.encodeErrorResult("SomethingOdd", [3n, "0x5FbDB2315678afecb367f032d93F642f64180aa3"]);
      const known = new ErrorDecoder([iface.fragments.map((f) => JSON.parse(f.format("json")))]);
      expect(known.describe(data)).to.equal("SomethingOdd(count=3, who=0x5FbDB2315678afecb367f032d93F642f64180aa3)");
      expect(new ErrorDecoder([]).describe(data)).to.match(/^an unknown custom error \(selector 0x[0-9a-f]{8}\)$/);
    });

    it("decodes Error(string) and panics", async function () {
      const reason = "0x08c379a0" + AbiCoder.defaultAbiCoder().encode(["string"], ["not allowed"]).slice(2);
      const panic = "0x4e487b71" + AbiCoder.defaultAbiCoder().encode(["uint256"], [0x11]).slice(2);
      const decode = await decoder();
      expect(decode.describe(reason)).to.equal("reverted: not allowed");
      expect(decode.describe(panic)).to.equal("panic 0x11: an arithmetic operation overflowed");
      expect(decode.describe("0x")).to.equal(undefined);
    });
  });

  describe("log scans", function () {
    /** A node with `perBlock` logs in every block that refuses what `refuse` says, recording each asked range. */
    function node(perBlock: number, refuse: (from: number, to: number, count: number) => unknown) {
      const asked: Array<[number, number]> = [];
      const rpc: RpcRequester = {
        async request({ params }) {
          const range = params![0] as { fromBlock: string; toBlock: string };
          const [from, to] = [Number(range.fromBlock), Number(range.toBlock)];
          asked.push([from, to]);
          const count = (to - from + 1) * perBlock;
          const refusal = refuse(from, to, count);
          if (refusal !== undefined) throw refusal;
          const logs: RawLog[] = [];
          for (let b = from; b <= to; b++) {
            for (let i = 0; i < perBlock; i++) {
              logs.push({
                address: "0x",
                topics: [],
                data: "0x",
                blockNumber: `0x${b.toString(16)}`,
                transactionHash: "0x",
                logIndex: `0x${i.toString(16)}`,
              });
            }
          }
          return logs;
        },
      };
      return { rpc, asked };
    }

    async function scan(rpc: RpcRequester, fromBlock: number, toBlock: number) {
      const blocks: number[] = [];
      const stats = await scanLogs(rpc, {}, { fromBlock, toBlock }, (logs) => {
        for (const log of logs) blocks.push(Number(log.blockNumber));
      });
      return { stats, blocks };
    }

    it("asks for the whole range in chunks, in order, and hands every log over once", async function () {
      const { rpc, asked } = node(1, () => undefined);
      const { stats, blocks } = await scan(rpc, 5, 25_004);
      expect(blocks).to.deep.equal(Array.from({ length: 25_000 }, (_, i) => i + 5));
      expect(asked[0]).to.deep.equal([5, 5 + LOG_CHUNK - 1]);
      expect(stats).to.deep.include({ logs: 25_000, refusals: 0 });
    });

    it("keeps each chunk's logs near TARGET_LOGS on a node that answers any range (bounded memory)", async function () {
      let largest = 0;
      const { rpc } = node(3, () => undefined);
      await scanLogs(rpc, {}, { fromBlock: 0, toBlock: 60_000 }, (logs) => {
        largest = Math.max(largest, logs.length);
      });
      expect(largest).to.be.at.most(2 * TARGET_LOGS + 3 * LOG_CHUNK);
      const sparse = node(0, () => undefined);
      await scan(sparse.rpc, 0, 2_000_000);
      expect(sparse.asked.length, "grows where logs are few").to.be.lessThan(50);
    });

    it("sizes each chunk from the last one's density: a dense history's chunks hold at most TARGET_LOGS", async function () {
      for (const perBlock of [20, 7, 500]) {
        let largest = 0;
        let logs = 0;
        const { rpc } = node(perBlock, () => undefined);
        await scanLogs(rpc, {}, { fromBlock: 0, toBlock: 9_999 }, (chunk) => {
          largest = Math.max(largest, chunk.length);
          logs += chunk.length;
        });
        expect(logs).to.equal(10_000 * perBlock);
        expect(largest, `${perBlock} a block`).to.be.at.most(Math.max(TARGET_LOGS, perBlock * LOG_CHUNK));
        if (perBlock * LOG_CHUNK <= TARGET_LOGS) expect(largest).to.be.at.most(TARGET_LOGS);
      }
    });

    it("shrinks to a block-range cap the node names, and stays under it", async function () {
      const { rpc, asked } = node(1, (from, to) =>
        to - from + 1 > 1_000
          ? Object.assign(new Error("exceed maximum block range: 1000"), { code: -32602 })
          : undefined,
      );
      const { stats, blocks } = await scan(rpc, 0, 4_999);
      expect(blocks).to.have.length(5_000);
      expect(stats.refusals).to.equal(1);
      // The first chunks are small (LOG_CHUNK) and grow until the node names its cap; none after it exceeds it.
      const refused = asked.findIndex(([f, t]) => t - f + 1 > 1_000);
      expect(refused, "one request over the cap").to.be.at.least(0);
      expect(asked.slice(refused + 1).every(([f, t]) => t - f + 1 <= 1_000)).to.equal(true);
      expect(asked.slice(refused + 1).length, "at the cap, not below it").to.be.at.most(5);
    });

    it("halves on a result-count refusal, and grows back where results are sparse", async function () {
      const dense = (from: number) => (from < 100 ? 50 : 0);
      const asked: Array<[number, number]> = [];
      const rpc: RpcRequester = {
        async request({ params }) {
          const range = params![0] as { fromBlock: string; toBlock: string };
          const [from, to] = [Number(range.fromBlock), Number(range.toBlock)];
          asked.push([from, to]);
          let count = 0;
          for (let b = from; b <= to; b++) count += dense(b);
          // Infura's shape: -32005 with a suggested range ... or without.
          if (count > 1_000) throw Object.assign(new Error("query returned more than 10000 results"), { code: -32005 });
          return [];
        },
      };
      const { stats } = await scan(rpc, 0, 1_000_000);
      expect(stats.refusals).to.be.greaterThan(0);
      const last = asked[asked.length - 1];
      expect(last[1]).to.equal(1_000_000);
      expect(Math.max(...asked.slice(-3).map(([f, t]) => t - f + 1)), "grown back").to.be.greaterThan(10_000);
      expect(stats.requests).to.be.lessThan(200);
    });

    it("takes the range a node suggests, and shrinks on a bare HTTP 413", async function () {
      const suggests = node(1, (from, to) =>
        to - from + 1 > 10
          ? new Error(
              "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on" +
                ` the response size, or you can request any block range with a cap of 10K logs in the response. Based on` +
                ` your parameters and the response size limit, this block range should work: [0x${from.toString(16)}, 0x${(from + 9).toString(16)}]`,
            )
          : undefined,
      );
      await scan(suggests.rpc, 0, 99);
      expect(suggests.asked[1]).to.deep.equal([0, 9]);
      const gateway = node(1, (from, to) =>
        to - from + 1 > 30
          ? Object.assign(new Error("Received an unexpected status code from http://gateway"), {
              cause: { statusCode: 413, message: "Payload Too Large" },
            })
          : undefined,
      );
      const { blocks } = await scan(gateway.rpc, 0, 99);
      expect(blocks).to.have.length(100);
      expect(gateway.asked.slice(0, 3)).to.deep.equal([
        [0, 99],
        [0, 49],
        [0, 24],
      ]);
    });

    it("passes on any other error untouched, and refuses a block the node refuses even alone", async function () {
      const down = new Error("HHE703: Cannot connect to the network localnode");
      const broken = node(1, () => down);
      expect(await scan(broken.rpc, 0, 10).catch((e: unknown) => e)).to.equal(down);
      expect(broken.asked).to.have.length(1);
      const packed = node(20_000, () => new Error("query returned more than 10000 results"));
      const error = (await scan(packed.rpc, 7, 8).catch((e: unknown) => e)) as CliError;
      expect(error).to.be.instanceOf(CliError);
      expect(error.message).to.match(
        /^the node refuses the logs of block 7 even alone \("query returned more than 10000 results"\)/,
      );
    });

    it("recognises the refusals of common providers, and nothing else", function () {
      const refusals: Array<[unknown, string, number | undefined]> = [
        [
          Object.assign(new Error("query returned more than 10000 results. Try with this block range [0x10, 0x2f]."), {
            code: -32005,
          }),
          "results",
          32,
        ],
        [{ code: -32602, message: "block range is too wide" }, "range", undefined],
        [{ error: { code: -32000, message: "eth_getLogs is limited to a 10,000 range" } }, "range", 10_000],
        [{ info: { error: { message: "ranges over 10000 blocks are not supported" } } }, "range", 10_000],
        [new Error("block range too large: max 2000"), "range", 2_000],
        [new Error("Log response size exceeded."), "results", undefined],
        [{ code: -32005, message: "limit exceeded" }, "results", undefined],
        [{ message: "Received an unexpected status code", cause: { statusCode: 413 } }, "results", undefined],
      ];
      for (const [error, kind, hint] of refusals) {
        expect(classifyLogRefusal(error, 16), JSON.stringify(error)).to.deep.include({ kind, hint });
      }
      for (const other of [
        new Error("execution reverted"),
        new Error("HHE703: Cannot connect"),
        { code: -32601, message: "method not found" },
      ]) {
        expect(classifyLogRefusal(other)).to.equal(undefined);
      }
    });

    it("suggests an indexer only after a large or slow scan", function () {
      expect(indexerHint({ logs: 9_999, ms: 1_000 }, "router events")).to.equal(undefined);
      expect(indexerHint({ logs: 50_000, ms: 35_000 }, "router events")).to.match(
        /^hint: 50,000 router events scanned from the node's logs in 35.0 s; .*indexer/,
      );
    });
  });

  describe("messages", function () {
    it("follow-up commands carry the --network, --from and --deployment-id the user gave", function () {
      const from = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
      const withAll = new TaskContext({ globalOptions: { network: "sepolia" } } as never, {
        json: false,
        from,
        deploymentId: "galeon-sepolia",
      });
      expect(withAll.command(["treasury", "collect"], from)).to.equal(
        `npx hardhat --network sepolia treasury collect --from ${from} --deployment-id galeon-sepolia`,
      );
      const bare = new TaskContext({ globalOptions: {} } as never, { json: false });
      expect(bare.command(["galeon", "withdraw"])).to.equal("npx hardhat galeon withdraw");
    });

    it("a node's URL is shown without the path or credentials where API keys live", function () {
      expect(shownUrl("http://127.0.0.1:8545")).to.equal("http://127.0.0.1:8545");
      expect(shownUrl("https://user:secret@sepolia.infura.io/v3/0123456789abcdef")).to.equal(
        "https://sepolia.infura.io/…",
      );
      expect(shownUrl("https://rpc.example?key=abc")).to.equal("https://rpc.example/…");
    });

    it("a configuration variable that is not set is an environment error naming the keystore command", async function () {
      if (process.env.SEPOLIA_RPC_URL !== undefined) this.skip();
      const error = await hre.network.create("sepolia").then(
        () => undefined,
        (e: unknown) => e,
      );
      // Tests read the development keystore (Hardhat's HHE50002); the command line, the real one (HHE7);
      // in CI, Hardhat reads no keystore at all (HHE7, and the message offers the environment only).
      const ci = isCi();
      expect(inCi(), "Hardhat's CI rule").to.equal(ci);
      expect(missingConfigVariable(error)).to.deep.equal({ name: "SEPOLIA_RPC_URL", dev: !ci });
      expect(await explain(error, new TaskContext(hre, { json: false }))).to.deep.equal({
        line: ci
          ? "configuration variable SEPOLIA_RPC_URL is not set: set the environment variable SEPOLIA_RPC_URL" +
            " (Hardhat reads no keystore in CI)"
          : "configuration variable SEPOLIA_RPC_URL is not set in the development keystore: store it with" +
            " `npx hardhat keystore set SEPOLIA_RPC_URL --dev` or set the environment variable SEPOLIA_RPC_URL",
        exitCode: EXIT.ENVIRONMENT,
      });
      const cli = Object.assign(new Error('HHE7: Configuration Variable "SEPOLIA_PRIVATE_KEY" not found.'), {
        descriptor: { number: 7 },
        messageArguments: { name: "SEPOLIA_PRIVATE_KEY" },
      });
      expect(configVariableError({ name: "SEPOLIA_PRIVATE_KEY", dev: false }, false).message).to.equal(
        "configuration variable SEPOLIA_PRIVATE_KEY is not set: store it with" +
          " `npx hardhat keystore set SEPOLIA_PRIVATE_KEY` or set the environment variable SEPOLIA_PRIVATE_KEY",
      );
      expect((await explain(cli, new TaskContext(hre, { json: false }))).line).to.equal(
        configVariableError({ name: "SEPOLIA_PRIVATE_KEY", dev: false }, ci).message,
      );
    });

    it("in CI, a configuration variable that is not set is offered as an environment variable only (Hardhat reads no keystore there)", function () {
      expect(configVariableError({ name: "SEPOLIA_PRIVATE_KEY", dev: false }, true).message).to.equal(
        "configuration variable SEPOLIA_PRIVATE_KEY is not set: set the environment variable SEPOLIA_PRIVATE_KEY" +
          " (Hardhat reads no keystore in CI)",
      );
      // Which environments are CI: the same answer as Hardhat's own rule, variable by variable.
      const saved = { ...process.env };
      try {
        for (const name of ["CI", "GITHUB_ACTIONS", "BUILD_NUMBER", "RUN_ID", "CONTINUOUS_INTEGRATION"]) {
          for (const key of Object.keys(process.env)) delete process.env[key];
          expect(isCi(), `nothing set: Hardhat (${name})`).to.equal(false);
          expect(inCi(), `nothing set (${name})`).to.equal(false);
          process.env[name] = "";
          expect(isCi(), `${name} set, even empty: Hardhat`).to.equal(true);
          expect(inCi(), `${name} set, even empty`).to.equal(true);
        }
      } finally {
        for (const key of Object.keys(process.env)) delete process.env[key];
        Object.assign(process.env, saved);
      }
    });

    it("a failure after a transaction was sent says which", async function () {
      const ctx = new TaskContext(hre, { json: false });
      ctx.sent.push({ label: "approval", hash: "0x" + "12".repeat(32), confirmed: true });
      ctx.sent.push({ label: "purchase", hash: "0x" + "34".repeat(32), confirmed: false });
      expect((await explain(new Error("boom"), ctx)).line).to.equal(
        `boom (already sent: approval 0x${"12".repeat(32)}, purchase 0x${"34".repeat(32)} (not confirmed))`,
      );
      const reported = new CliError("the payment failed after the approval was sent: ... Undo it with: ...");
      reported.reportsSent = true;
      expect((await explain(reported, ctx)).line).to.equal(reported.message);
    });
  });
});
