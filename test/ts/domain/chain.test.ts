/**
 * The domain layer's chain helpers that the command line and the wallet app share: the EIP-2612
 * permit a buyer signs (checked against the token's own `permit`), and the `eth_call` simulation
 * that turns a refusal into its sentence.
 */
import { expect } from "chai";
import { ErrorFragment, Interface } from "ethers";
import { network } from "hardhat";

import { signPermit } from "../../../domain/chain/permit.js";
import { simulateOrExplain } from "../../../domain/chain/simulate.js";
import { CliError, EXIT } from "../../../domain/errors/refusal.js";
import { ErrorDecoder } from "../../../domain/errors/revert.js";

const { ethers } = await network.create();

describe("domain chain helpers", function () {
  describe("signPermit", function () {
    it("signs a permit the token accepts: the allowance is set and the nonce used", async function () {
      const [owner, spender] = await ethers.getSigners();
      const token = await ethers.deployContract("TestStablecoin", ["Test Euro", "tEURC", 6]);
      const address = await token.getAddress();
      const deadline = 2n ** 40n;
      const [signedDeadline, v, r, s] = await signPermit(owner, address, spender.address, 1_000_000n, deadline);
      expect(signedDeadline).to.equal(deadline);
      await token.permit(owner.address, spender.address, 1_000_000n, deadline, v, r, s);
      expect(await token.allowance(owner.address, spender.address)).to.equal(1_000_000n);
      expect(await token.nonces(owner.address)).to.equal(1n);
    });
  });

  describe("simulateOrExplain", function () {
    const decoder = new ErrorDecoder([
      [ErrorFragment.from("error RouterQuoteExpired(uint64 deadline, uint256 now)").format("json")].map((j) =>
        JSON.parse(j),
      ),
    ]);
    const call = { from: "0x" + "11".repeat(20), to: "0x" + "22".repeat(20), data: "0x" };

    it("passes the call, the pending block and the overrides to eth_call", async function () {
      const seen: unknown[] = [];
      const provider = {
        request: async (args: { method: string; params?: unknown[] }) => {
          seen.push(args);
          return "0x";
        },
      };
      await simulateOrExplain(provider, decoder, "the payment", call, { [call.to]: { balance: "0x1" } });
      expect(seen).to.deep.equal([
        { method: "eth_call", params: [call, "pending", { [call.to]: { balance: "0x1" } }] },
      ]);
    });

    it("turns a decoded refusal into the sentence of what would be refused (nothing sent)", async function () {
      const data = new Interface(["error RouterQuoteExpired(uint64 deadline, uint256 now)"]).encodeErrorResult(
        "RouterQuoteExpired",
        [5n, 6n],
      );
      const provider = { request: async () => Promise.reject(Object.assign(new Error("reverted"), { data })) };
      const sentence = decoder.describe(data);
      let caught: unknown;
      try {
        await simulateOrExplain(provider, decoder, "the lock", call);
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(CliError);
      expect((caught as CliError).exitCode).to.equal(EXIT.FAILED);
      expect((caught as CliError).message).to.equal(
        `the lock would be refused: ${sentence} (simulated against the next block; nothing sent)`,
      );
    });

    it("rethrows an error that carries no revert data", async function () {
      const failure = new Error("connection refused");
      const provider = { request: async () => Promise.reject(failure) };
      let caught: unknown;
      try {
        await simulateOrExplain(provider, decoder, "the lock", call);
      } catch (error) {
        caught = error;
      }
      expect(caught).to.equal(failure);
    });
  });
});
