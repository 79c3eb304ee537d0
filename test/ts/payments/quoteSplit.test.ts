/**
 * The off-chain split `attestor sign-quote` checks before signing (`domain/quotes/quoteSplit.ts`): the
 * same parts and credits as the router, the same refusals (checked against the router itself), and
 * the least amount from which every amount splits (checked by brute force).
 */
import { expect } from "chai";
import { network } from "hardhat";

import { packUsage, type UsageEntry } from "../../../domain/quotes/quote.js";
import {
  describeRefusal,
  describeSplit,
  hospitalCredits,
  smallestSplittableAmount,
  splitParts,
  splitRefusal,
  type SplitBps,
} from "../../../domain/quotes/quoteSplit.js";
import { deployRouter, makeQuote, sign } from "./fixtures.js";

const connection = await network.create();
const { networkHelpers } = connection;

const DEFAULT: SplitBps = { hospitals: 4000n, treasury: 3000n, buyback: 2000n, galeon: 1000n };
const usageOf = (units: bigint[], firstId = 1): UsageEntry[] =>
  units.map((u, i) => ({ hospitalId: firstId + i, units: u }));

async function fixture() {
  return deployRouter(connection);
}

/** A small deterministic generator (no dependency, reproducible failures). */
function generator(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % n;
  };
}

describe("off-chain split (quoteSplit)", function () {
  it("splits like the router: floors, Galeon's remainder, cumulative floors over units", function () {
    expect(splitParts(10_000_000n * 10n ** 6n, DEFAULT)).to.deep.equal([
      4_000_000n * 10n ** 6n,
      3_000_000n * 10n ** 6n,
      2_000_000n * 10n ** 6n,
      1_000_000n * 10n ** 6n,
    ]);
    expect(splitParts(1001n, DEFAULT)).to.deep.equal([400n, 300n, 200n, 101n]);
    expect(hospitalCredits(400n, [1n, 1n, 1n])).to.deep.equal([133n, 133n, 134n]);
    expect(hospitalCredits(4_000_000n, [500n, 300n, 200n])).to.deep.equal([2_000_000n, 1_200_000n, 800_000n]);
  });

  it("names what the router would refuse, in the router's order", function () {
    const one = usageOf([1n]);
    expect(splitRefusal(1n, DEFAULT, one)).to.deep.equal({ kind: "part", part: 0, bps: 4000n });
    expect(splitRefusal(3n, DEFAULT, one)).to.deep.equal({ kind: "part", part: 1, bps: 3000n });
    expect(splitRefusal(4n, DEFAULT, one)).to.deep.equal({ kind: "part", part: 2, bps: 2000n });
    expect(splitRefusal(5n, DEFAULT, one)).to.equal(undefined);
    // No share, no refusal: a treasury at 0 bps may get nothing.
    expect(splitRefusal(3n, { hospitals: 5000n, treasury: 0n, buyback: 4000n, galeon: 1000n }, one)).to.equal(
      undefined,
    );
    expect(splitRefusal(10n, DEFAULT, usageOf([1n, 1000n]))).to.deep.equal({
      kind: "hospital",
      hospitalId: 1,
      units: 1n,
      totalUnits: 1001n,
      hospitalsPart: 4n,
    });
    expect(describeRefusal({ kind: "part", part: 1, bps: 3000n })).to.equal(
      "the treasury's 30% of it would be nothing",
    );
    expect(describeRefusal(splitRefusal(10n, DEFAULT, usageOf([1n, 1000n]))!)).to.equal(
      "hospital 1 (1 of 1001 units) would be credited nothing of the hospitals' 4 base units",
    );
    expect(describeSplit({ hospitals: 4050n, treasury: 2950n, buyback: 2000n, galeon: 1000n })).to.equal(
      "40.5/29.5/20/10%",
    );
  });

  it("gives the least amount from which every amount splits (examples)", function () {
    // One hospital: the buy-back's 20% needs 5 base units.
    expect(smallestSplittableAmount(DEFAULT, usageOf([7n]))).to.equal(5n);
    // Units 2000 / 1500 / 500: a hospitals' part of 3 credits 1 / 1 / 1, of 2 credits 1 / 0 / 1;
    // 3 base units for the hospitals take 8 base units (floor(8 x 40%) = 3, floor(7 x 40%) = 2).
    const usage = usageOf([2000n, 1500n, 500n]);
    expect(smallestSplittableAmount(DEFAULT, usage)).to.equal(8n);
    expect(splitRefusal(8n, DEFAULT, usage)).to.equal(undefined);
    expect(splitRefusal(7n, DEFAULT, usage)).to.deep.include({ kind: "hospital", hospitalId: 2 });
    // Units 1 and 10^6, the small one last: it gets ceil(H / T), never nothing; 2 base units for the hospitals do.
    expect(smallestSplittableAmount(DEFAULT, usageOf([1_000_000n, 1n]))).to.equal(5n);
    // ... and first: it needs H >= T = 1,000,001, i.e. 2,500,003 base units (floor(2,500,002 x 40%) = 1,000,000).
    expect(smallestSplittableAmount(DEFAULT, usageOf([1n, 1_000_000n]))).to.equal(2_500_003n);
  });

  it("gives the least amount from which every amount splits (brute force over random usages and splits)", function () {
    const next = generator(20_260_610);
    for (let round = 0; round < 150; round++) {
      const hospitals = 4000n + BigInt(next(6001));
      const treasury = BigInt(next(Number(10_000n - hospitals) + 1));
      const buyback = BigInt(next(Number(10_000n - hospitals - treasury) + 1));
      const bps = { hospitals, treasury, buyback, galeon: 10_000n - hospitals - treasury - buyback };
      const usage = usageOf(Array.from({ length: 1 + next(6) }, () => BigInt(1 + next(60))));
      const least = smallestSplittableAmount(bps, usage);
      const where = `split ${describeSplit(bps)}, units ${usage.map((e) => e.units).join("/")}`;
      // Every amount from `least` up to past the easy bound (a hospitals' part of ceil(T / u_min) credits
      // everyone) splits; the one below does not.
      const total = usage.reduce((sum, e) => sum + e.units, 0n);
      const smallest = usage.reduce((min, e) => (e.units < min ? e.units : min), total);
      const easy = (((total + smallest - 1n) / smallest) * 10_000n) / hospitals + 20n;
      for (let amount = least; amount <= (easy > least ? easy : least) + 20n; amount++) {
        expect(splitRefusal(amount, bps, usage), `${amount} refused (${where})`).to.equal(undefined);
      }
      if (least > 1n)
        expect(splitRefusal(least - 1n, bps, usage), `${least - 1n} splits (${where})`).to.not.equal(undefined);
    }
  });

  it("stays exact and fast for the largest usage vectors (256 entries, units up to 2^224 - 1)", function () {
    const next = generator(7);
    const word = () => BigInt(next(2 ** 30)) * 2n ** 194n + BigInt(next(2 ** 30));
    for (const units of [
      Array.from({ length: 256 }, () => 1n + word()),
      Array.from({ length: 256 }, (_, i) => (i === 100 ? 3n : 1n + word())),
      Array.from({ length: 19 }, (_, i) => BigInt(1_000 + 37 * i)),
    ]) {
      const usage = usageOf(units, 0);
      const started = Date.now();
      const least = smallestSplittableAmount(DEFAULT, usage);
      expect(Date.now() - started, "milliseconds").to.be.below(2_000);
      expect(splitRefusal(least, DEFAULT, usage)).to.equal(undefined);
      expect(splitRefusal(least + 1n, DEFAULT, usage)).to.equal(undefined);
      expect(splitRefusal(least - 1n, DEFAULT, usage)).to.not.equal(undefined);
    }
  });

  it("refuses exactly what the router refuses, with the router's reasons", async function () {
    const { router, routerAddress, eurc, attestor, buyer, chainId } = await networkHelpers.loadFixture(fixture);
    const token = await eurc.getAddress();
    for (const units of [[1n], [1n, 1000n], [7n, 7n, 7n], [2000n, 1500n, 500n], [5n, 1n, 5n]]) {
      const usage = usageOf(units);
      for (let amount = 1n; amount <= 12n; amount++) {
        const quote = await makeQuote(networkHelpers, { buyer: buyer.address, token, amount, usage });
        const call = router
          .connect(buyer)
          .purchase.staticCall(quote, await sign(attestor, chainId, routerAddress, quote), amount);
        const refusal = splitRefusal(amount, DEFAULT, usage);
        if (refusal === undefined) {
          await call;
        } else if (refusal.kind === "part") {
          await expect(call)
            .to.be.revertedWithCustomError(router, "DataAccessRouterPartTooSmall")
            .withArgs(refusal.part, amount, refusal.bps);
        } else {
          await expect(call)
            .to.be.revertedWithCustomError(router, "DataAccessRouterHospitalCreditTooSmall")
            .withArgs(refusal.hospitalId, refusal.units, refusal.totalUnits, refusal.hospitalsPart);
        }
        expect(quote.usage).to.deep.equal(usage.map(packUsage));
      }
    }
  });
});
