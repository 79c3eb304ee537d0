/**
 * The command line's shared plumbing (scripts/lib): amounts, addresses, tables, JSON, deployments
 * and revert sentences. Revert data comes from real failed calls on the in-process chain.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { AbiCoder, Interface } from "ethers";
import hre, { network } from "hardhat";

import { parseAddress } from "../../../scripts/lib/addresses.js";
import { formatAmount, parseAmount } from "../../../scripts/lib/amounts.js";
import { explain } from "../../../scripts/lib/cli.js";
import { TaskContext } from "../../../scripts/lib/context.js";
import { Deployment } from "../../../scripts/lib/deployment.js";
import { CliError, EXIT } from "../../../scripts/lib/errors.js";
import { renderTable, toJson } from "../../../scripts/lib/output.js";
import { compiledAbis, ErrorDecoder, findRevertData } from "../../../scripts/lib/revert.js";

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
      expect((await decoder()).describe(data!)).to.equal(`${bob.address} holds 0 base units but 5 are needed`);
    });

    it("explains a refused transaction in one line, as every task prints it", async function () {
      const [alice, bob] = await ethers.getSigners();
      const token = await ethers.deployContract("GaleonToken", [[alice.address], [100n]]);
      const error = await token
        .connect(bob)
        .transferFrom(alice.address, bob.address, 7n)
        .catch((e: unknown) => e);
      const { line, exitCode } = await explain(error, new TaskContext(hre, { json: false }));
      expect(line).to.equal(
        `the chain refused: ${bob.address} may spend only 0 base units but 7 are needed: approve more first`,
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
});
