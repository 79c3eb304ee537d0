import type { Contract } from "ethers";
import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import { network } from "hardhat";

import { PAIR_INIT_CODE_HASH } from "../../../deploy/modules/uniswapArtifacts.js";
import { deployLocalBuyback, E6, E18, EURC_LIQUIDITY, EURC_LOT, GALEON_LIQUIDITY, Q112 } from "./localDexFixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

const WINDOW = 30n * 60n;
const HOP = 3600n;
const MAX_AGE = 4n * 3600n;
const DEVIATION = 200n;
const BPS = 10_000n;
/** The seeded price: 10 GALEON per tEURC, in base units, UQ112x112. */
const P0 = (GALEON_LIQUIDITY * Q112) / EURC_LIQUIDITY;

function minOutOf(amountIn: bigint, twap: bigint, deviation = DEVIATION): bigint {
  return (amountIn * twap * (BPS - deviation)) / (Q112 * BPS);
}

function amountOutOf(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  return (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);
}

async function fixture() {
  return deployLocalBuyback(connection);
}

/** The fixture, with the 30-minute window elapsed since the deployment's observation. */
async function readyFixture() {
  const f = await loadFixture(fixture);
  await time.increase(WINDOW);
  return f;
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

async function reserves(f: Fixture): Promise<{ eurcReserve: bigint; galeonReserve: bigint }> {
  const [r0, r1] = await f.pair.getReserves();
  const eurcIs0 = (await f.pair.token0()) === (await f.eurc.getAddress());
  return eurcIs0 ? { eurcReserve: r0, galeonReserve: r1 } : { eurcReserve: r1, galeonReserve: r0 };
}

/** A market buy of GALEON with freshly minted tEURC, through the Uniswap router. */
async function buyGaleon(f: Fixture, signer: Fixture["trader"], eurcIn: bigint) {
  await f.eurc.mint(signer.address, eurcIn);
  await f.eurc.connect(signer).approve(await f.router.getAddress(), eurcIn);
  const path = [await f.eurc.getAddress(), await f.galeon.getAddress()];
  const before = await f.galeon.balanceOf(signer.address);
  await (f.router.connect(signer) as Contract).swapExactTokensForTokens(
    eurcIn,
    0n,
    path,
    signer.address,
    ethers.MaxUint256,
  );
  return (await f.galeon.balanceOf(signer.address)) - before;
}

async function sellGaleon(f: Fixture, signer: Fixture["trader"], galeonIn: bigint) {
  await f.galeon.connect(signer).approve(await f.router.getAddress(), galeonIn);
  const path = [await f.galeon.getAddress(), await f.eurc.getAddress()];
  const before = await f.eurc.balanceOf(signer.address);
  await (f.router.connect(signer) as Contract).swapExactTokensForTokens(
    galeonIn,
    0n,
    path,
    signer.address,
    ethers.MaxUint256,
  );
  return (await f.eurc.balanceOf(signer.address)) - before;
}

async function executedEvent(f: Fixture, tx: ContractTransactionResponse) {
  const receipt = await tx.wait();
  for (const log of receipt!.logs) {
    const parsed = f.burner.interface.parseLog(log);
    if (parsed?.name === "BuybackExecuted") {
      const [token, amountIn, galeonBurned, twapX112, minOut] = parsed.args as unknown as [
        string,
        bigint,
        bigint,
        bigint,
        bigint,
      ];
      return { token, amountIn, galeonBurned, twapX112, minOut };
    }
  }
  throw new Error("no BuybackExecuted event");
}

/** The pair's spot price, GALEON per tEURC in base units, UQ112x112 (as TwapLib.spotPrice). */
async function spotOf(f: Fixture): Promise<bigint> {
  const { eurcReserve, galeonReserve } = await reserves(f);
  return (galeonReserve * Q112) / eurcReserve;
}

/** Whether a spot lies at or above the band's floor, as TwapLib.withinBand's lower side computes it. */
function atOrAboveFloor(spotX112: bigint, twapX112: bigint, deviation = DEVIATION): boolean {
  return spotX112 * BPS >= twapX112 * (BPS - deviation);
}

function sqrt(value: bigint): bigint {
  if (value < 2n) return value;
  let x = value;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + value / x) / 2n;
  }
  return x;
}

/**
 * An arbitrageur brings the pair back to the seeded price P0 (the outside market's price) by
 * trading against it with freshly minted tEURC or its own GALEON.
 */
async function restorePrice(f: Fixture) {
  const { eurcReserve, galeonReserve } = await reserves(f);
  const target = sqrt((eurcReserve * galeonReserve * EURC_LIQUIDITY) / GALEON_LIQUIDITY);
  const router = f.router.connect(f.trader) as Contract;
  const eurcAddress = await f.eurc.getAddress();
  const galeonAddress = await f.galeon.getAddress();
  if (eurcReserve > target + 1n) {
    await f.galeon.connect(f.trader).approve(await f.router.getAddress(), ethers.MaxUint256);
    await router.swapTokensForExactTokens(
      eurcReserve - target,
      ethers.MaxUint256,
      [galeonAddress, eurcAddress],
      f.trader.address,
      ethers.MaxUint256,
    );
  } else if (target > eurcReserve + 1n) {
    await buyGaleon(f, f.trader, target - eurcReserve);
  }
}

/**
 * The attacker's transaction, as one block mined at `timestamp`: buys GALEON with `eurcIn` tEURC,
 * calls execute, and (unless probing) sells the GALEON back. Returns what the execute spent (zero
 * when it was refused) and the block.
 */
async function attackBlock(
  f: Fixture,
  attacker: Fixture["stranger"],
  eurcIn: bigint,
  timestamp: bigint,
  sellBack: boolean,
): Promise<{ spent: bigint; blockNumber: number }> {
  const { eurcReserve, galeonReserve } = await reserves(f);
  const bought = amountOutOf(eurcIn, eurcReserve, galeonReserve);
  const router = f.router.connect(attacker) as Contract;
  const [eurcAddress, galeonAddress] = [await f.eurc.getAddress(), await f.galeon.getAddress()];
  const options = { gasLimit: 400_000n };
  const hashes: string[] = [];
  await ethers.provider.send("evm_setAutomine", [false]);
  try {
    const path = [eurcAddress, galeonAddress];
    hashes.push(
      (await router.swapExactTokensForTokens(eurcIn, 0n, path, attacker.address, ethers.MaxUint256, options)).hash,
    );
    hashes.push((await f.burner.connect(attacker).execute(eurcAddress, options)).hash);
    if (sellBack) {
      const back = [galeonAddress, eurcAddress];
      hashes.push(
        (await router.swapExactTokensForTokens(bought, 0n, back, attacker.address, ethers.MaxUint256, options)).hash,
      );
    }
    await ethers.provider.send("evm_mine", [Number(timestamp)]);
  } finally {
    await ethers.provider.send("evm_setAutomine", [true]);
  }
  const receipts = await Promise.all(hashes.map((hash) => ethers.provider.getTransactionReceipt(hash)));
  expect(new Set(receipts.map((r) => r!.blockNumber)).size, "one block").to.equal(1);
  expect(receipts[0]!.status, "the buy went through").to.equal(1);
  let spent = 0n;
  if (receipts[1]!.status === 1) {
    for (const log of receipts[1]!.logs) {
      const parsed = f.burner.interface.parseLog(log);
      if (parsed?.name === "BuybackExecuted") spent = parsed.args.amountIn as bigint;
    }
  }
  return { spent, blockNumber: receipts[0]!.blockNumber };
}

/**
 * The attacker's buy after which its execute, in a block mined at `timestamp`, spends between 1
 * and 1,000 base units: a search on snapshots, around the previous answer when there is one.
 */
async function suppressingBuy(
  f: Fixture,
  attacker: Fixture["stranger"],
  timestamp: bigint,
  previous: bigint,
): Promise<bigint> {
  // -1: buy more (the execute spent more), 0: this one, 1: buy less (the execute spent nothing).
  const classify = async (amount: bigint) => {
    const snapshot = await networkHelpers.takeSnapshot();
    try {
      const { spent } = await attackBlock(f, attacker, amount, timestamp, false);
      return spent === 0n ? 1 : spent > 1_000n ? -1 : 0;
    } finally {
      await snapshot.restore();
    }
  };
  let [low, high] = [0n, EURC_LIQUIDITY / 10n];
  if (previous !== 0n) {
    const verdict = await classify(previous);
    if (verdict === 0) return previous;
    // Walk away from the previous answer by doubling steps until the target is bracketed.
    for (let step = 10n * E6; ; step *= 2n) {
      const next = verdict < 0 ? previous + step : previous > step ? previous - step : 0n;
      const nextVerdict = await classify(next);
      if (nextVerdict === 0) return next;
      if (nextVerdict !== verdict || next === 0n) {
        [low, high] = verdict < 0 ? [previous, next] : [next, previous];
        break;
      }
      previous = next;
    }
  }
  while (high - low > 1n) {
    const middle = (low + high) / 2n;
    const verdict = await classify(middle);
    if (verdict === 0) return middle;
    if (verdict > 0) high = middle;
    else low = middle;
  }
  throw new Error("no buy leaves the burner between 1 and 1,000 base units");
}

describe("BuybackBurner", function () {
  describe("deployment", function () {
    it("starts with the default parameters, the tEURC pair, its lot and a first observation", async function () {
      const f = await loadFixture(fixture);
      const { burner, eurc, galeon, pair, deployer } = f;
      expect(await burner.parameters()).to.deep.equal([HOP, DEVIATION, WINDOW, MAX_AGE, ethers.ZeroAddress]);
      expect(await burner.market(await eurc.getAddress())).to.deep.equal([await pair.getAddress(), EURC_LOT, 0n, 0n]);
      expect(await burner.budget(await eurc.getAddress())).to.deep.equal([EURC_LOT, 0n]);
      expect(await burner.galeon()).to.equal(await galeon.getAddress());
      expect(await burner.factory()).to.equal(await f.factory.getAddress());
      expect(await burner.MIN_HOP()).to.equal(300n);
      expect(await burner.MAX_HOP()).to.equal(30n * 86_400n);
      expect(await burner.MAX_DEVIATION_BPS()).to.equal(1_000n);
      expect(await burner.MIN_TWAP_WINDOW()).to.equal(WINDOW);
      expect(await burner.MAX_TWAP_WINDOW()).to.equal(86_400n);
      expect(await burner.MAX_OBSERVATION_AGE()).to.equal(7n * 86_400n);
      expect(await burner.MAX_LOT()).to.equal(2n ** 80n - 1n);
      expect(await burner.PAIR_INIT_CODE_HASH()).to.equal(PAIR_INIT_CODE_HASH);
      expect(await burner.owner()).to.equal(deployer.address);
      const [, t0] = await burner.observation(await eurc.getAddress(), 0);
      const [, t1] = await burner.observation(await eurc.getAddress(), 1);
      expect(t0 + t1).to.be.greaterThan(0n);
    });
  });

  describe("execute", function () {
    it("buys GALEON at the TWAP-bounded price and burns exactly what it bought (nominal)", async function () {
      const f = await readyFixture();
      const { burner, eurc, galeon, keeper } = f;
      const eurcAddress = await eurc.getAddress();
      const accrued = 5_000n * E6;
      await eurc.mint(await burner.getAddress(), accrued);
      const { eurcReserve, galeonReserve } = await reserves(f);
      const expectedOut = amountOutOf(accrued, eurcReserve, galeonReserve);
      const supplyBefore = await galeon.totalSupply();

      const tx = burner.connect(keeper).execute(eurcAddress);
      await expect(tx)
        .to.emit(burner, "BuybackExecuted")
        .withArgs(eurcAddress, accrued, expectedOut, P0, minOutOf(accrued, P0));
      await expect(tx)
        .to.emit(galeon, "Transfer")
        .withArgs(await burner.getAddress(), ethers.ZeroAddress, expectedOut);

      expect(supplyBefore - (await galeon.totalSupply())).to.equal(expectedOut);
      expect(await galeon.balanceOf(await burner.getAddress())).to.equal(0n);
      expect(await eurc.balanceOf(await burner.getAddress())).to.equal(0n);
      expect((await reserves(f)).eurcReserve).to.equal(eurcReserve + accrued);
      const openedAt = BigInt(await time.latest());
      expect(await burner.market(eurcAddress)).to.deep.equal([await f.pair.getAddress(), EURC_LOT, openedAt, accrued]);
      expect(await burner.budget(eurcAddress)).to.deep.equal([EURC_LOT - accrued, openedAt + HOP]);
    });

    it("caps the spend at lot and keeps the rest for later hops", async function () {
      const f = await readyFixture();
      const { burner, eurc, galeon } = f;
      const accrued = 50_000n * E6;
      await eurc.mint(await burner.getAddress(), accrued);
      expect(await burner.maxLotForDeviation(await eurc.getAddress())).to.be.greaterThan(EURC_LOT);
      const supplyBefore = await galeon.totalSupply();
      const event = await executedEvent(f, await burner.execute(await eurc.getAddress()));
      expect(event.amountIn).to.equal(EURC_LOT);
      expect(await eurc.balanceOf(await burner.getAddress())).to.equal(accrued - EURC_LOT);
      expect(supplyBefore - (await galeon.totalSupply())).to.equal(event.galeonBurned);
    });

    it("caps the spend at maxLotForDeviation, so that the spot after the swap stays in the band", async function () {
      const f = await readyFixture();
      const { burner, eurc, deployer } = f;
      const eurcAddress = await eurc.getAddress();
      await burner.connect(deployer).setLot(eurcAddress, EURC_LIQUIDITY);
      await eurc.mint(await burner.getAddress(), EURC_LIQUIDITY);
      const maxLot = await burner.maxLotForDeviation(eurcAddress);
      expect(maxLot).to.be.greaterThan(0n).and.lessThan(EURC_LIQUIDITY);
      const before = await reserves(f);
      const event = await executedEvent(f, await burner.execute(eurcAddress));
      expect(event.amountIn).to.equal(maxLot);
      expect(event.galeonBurned).to.be.greaterThanOrEqual(event.minOut);
      // The spot after the swap is at or above TWAP × (1 − 2%): the buy-back ends inside the band.
      expect(atOrAboveFloor(await spotOf(f), event.twapX112), "spot after the swap in the band").to.equal(true);
      // Tight: 0.01% of the reserve more would have ended below the band.
      const more = maxLot + before.eurcReserve / 10_000n;
      const out = amountOutOf(more, before.eurcReserve, before.galeonReserve);
      const spotAfterMore = ((before.galeonReserve - out) * Q112) / (before.eurcReserve + more);
      expect(atOrAboveFloor(spotAfterMore, event.twapX112), "a little more leaves the band").to.equal(false);
    });

    it("spends the rest of the hop's budget on later calls in the same window, whoever makes them", async function () {
      const f = await readyFixture();
      const { burner, eurc, keeper, stranger } = f;
      const eurcAddress = await eurc.getAddress();
      await eurc.mint(await burner.getAddress(), 3_000n * E6);
      const first = await executedEvent(f, await burner.connect(stranger).execute(eurcAddress));
      expect(first.amountIn).to.equal(3_000n * E6);
      const openedAt = BigInt(await time.latest());
      await restorePrice(f);
      await eurc.mint(await burner.getAddress(), 20_000n * E6);
      const second = await executedEvent(f, await burner.connect(keeper).execute(eurcAddress));
      expect(second.amountIn).to.equal(EURC_LOT - 3_000n * E6);
      expect(await burner.market(eurcAddress)).to.deep.equal([await f.pair.getAddress(), EURC_LOT, openedAt, EURC_LOT]);
      // The next window opens at the first execute an hour after the first one.
      await restorePrice(f);
      await time.setNextBlockTimestamp(openedAt + HOP);
      const third = await executedEvent(f, await burner.connect(keeper).execute(eurcAddress));
      expect(third.amountIn).to.equal(EURC_LOT);
      expect(await burner.market(eurcAddress)).to.deep.equal([
        await f.pair.getAddress(),
        EURC_LOT,
        openedAt + HOP,
        EURC_LOT,
      ]);
    });

    it("burns a leg paid in GALEON directly, without a swap and without waiting for hop", async function () {
      const f = await loadFixture(fixture);
      const { burner, galeon, deployer, pair } = f;
      const galeonAddress = await galeon.getAddress();
      const reservesBefore = await pair.getReserves();
      for (const amount of [1_000n * E18, 7n]) {
        await galeon.connect(deployer).transfer(await burner.getAddress(), amount);
        const supplyBefore = await galeon.totalSupply();
        await expect(burner.execute(galeonAddress))
          .to.emit(burner, "BuybackExecuted")
          .withArgs(galeonAddress, amount, amount, Q112, amount);
        expect(supplyBefore - (await galeon.totalSupply())).to.equal(amount);
      }
      expect(await pair.getReserves()).to.deep.equal(reservesBefore);
    });

    it("uses the previous observation while the newest is younger than the window", async function () {
      const f = await readyFixture();
      const { burner, eurc, stranger } = f;
      const eurcAddress = await eurc.getAddress();
      await burner.connect(stranger).recordObservation(eurcAddress);
      await eurc.mint(await burner.getAddress(), 1_000n * E6);
      const [twap, spot] = await burner.prices(eurcAddress);
      expect(twap).to.equal(P0);
      expect(spot).to.equal(P0);
      const event = await executedEvent(f, await burner.execute(eurcAddress));
      expect(event.amountIn).to.equal(1_000n * E6);
    });

    it("executes again once hop has elapsed", async function () {
      const f = await readyFixture();
      const { burner, eurc } = f;
      const eurcAddress = await eurc.getAddress();
      await eurc.mint(await burner.getAddress(), 3n * EURC_LOT);
      await burner.execute(eurcAddress);
      await time.increase(HOP);
      // The market moved with the first buy: a fresh observation lets the TWAP follow it.
      await burner.recordObservation(eurcAddress);
      await time.increase(WINDOW);
      const event = await executedEvent(f, await burner.execute(eurcAddress));
      expect(event.amountIn).to.equal(EURC_LOT);
      expect(await eurc.balanceOf(await burner.getAddress())).to.equal(EURC_LOT);
    });

    it("buys with an 18-decimal payment token on its own pair", async function () {
      const f = await loadFixture(fixture);
      const { burner, galeon, router, deployer } = f;
      const usd = await ethers.deployContract("TestStablecoin", ["Test Dollar", "tUSD", 18]);
      const usdAddress = await usd.getAddress();
      const usdLiquidity = 1_000_000n * E18;
      await usd.mint(deployer.address, usdLiquidity);
      await usd.approve(await router.getAddress(), usdLiquidity);
      await galeon.connect(deployer).approve(await router.getAddress(), GALEON_LIQUIDITY);
      await (router.connect(deployer) as Contract).addLiquidity(
        usdAddress,
        await galeon.getAddress(),
        usdLiquidity,
        GALEON_LIQUIDITY,
        0n,
        0n,
        deployer.address,
        ethers.MaxUint256,
      );
      const usdPair = await f.factory.getPair(usdAddress, await galeon.getAddress());
      await expect(burner.connect(deployer).setPair(usdAddress, usdPair))
        .to.emit(burner, "PairSet")
        .withArgs(usdAddress, usdPair);
      await burner.connect(deployer).setLot(usdAddress, 10_000n * E18);
      await burner.recordObservation(usdAddress);
      await time.increase(WINDOW);
      const accrued = 2_500n * E18;
      await usd.mint(await burner.getAddress(), accrued);
      const supplyBefore = await galeon.totalSupply();
      const event = await executedEvent(f, await burner.execute(usdAddress));
      const price = (GALEON_LIQUIDITY * Q112) / usdLiquidity;
      expect(event.twapX112).to.equal(price);
      expect(event.amountIn).to.equal(accrued);
      expect(event.galeonBurned).to.equal(amountOutOf(accrued, usdLiquidity, GALEON_LIQUIDITY));
      expect(supplyBefore - (await galeon.totalSupply())).to.equal(event.galeonBurned);
    });

    describe("reverts", function () {
      it("when the hop's budget is spent, until the window closes", async function () {
        const f = await readyFixture();
        const { burner, eurc } = f;
        const eurcAddress = await eurc.getAddress();
        await eurc.mint(await burner.getAddress(), 2n * EURC_LOT);
        await burner.execute(eurcAddress);
        const openedAt = BigInt(await time.latest());
        expect(await burner.budget(eurcAddress)).to.deep.equal([0n, openedAt + HOP]);
        await time.setNextBlockTimestamp(openedAt + HOP - 1n);
        await expect(burner.execute(eurcAddress))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerBudgetSpent")
          .withArgs(eurcAddress, openedAt + HOP, openedAt + HOP - 1n);
      });

      it("when the admin lowers the lot below what the open window spent", async function () {
        const f = await readyFixture();
        const { burner, eurc, deployer } = f;
        const eurcAddress = await eurc.getAddress();
        await eurc.mint(await burner.getAddress(), 2n * EURC_LOT);
        await burner.execute(eurcAddress);
        const openedAt = BigInt(await time.latest());
        await burner.connect(deployer).setLot(eurcAddress, EURC_LOT / 2n);
        expect(await burner.budget(eurcAddress)).to.deep.equal([0n, openedAt + HOP]);
        await expect(burner.execute(eurcAddress))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerBudgetSpent")
          .withArgs(eurcAddress, openedAt + HOP, (n: bigint) => n > openedAt);
      });

      it("when the average window is too short", async function () {
        const { burner, eurc } = await loadFixture(fixture);
        const eurcAddress = await eurc.getAddress();
        await eurc.mint(await burner.getAddress(), EURC_LOT);
        const [, t0] = await burner.observation(eurcAddress, 0);
        const [, t1] = await burner.observation(eurcAddress, 1);
        const observedAt = t0 > t1 ? t0 : t1;
        await time.setNextBlockTimestamp(observedAt + WINDOW - 1n);
        await expect(burner.execute(eurcAddress))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerTwapWindowTooShort")
          .withArgs(eurcAddress, WINDOW - 1n, WINDOW);
      });

      it("when the observation is stale", async function () {
        const { burner, eurc } = await loadFixture(fixture);
        const eurcAddress = await eurc.getAddress();
        await eurc.mint(await burner.getAddress(), EURC_LOT);
        const [, t0] = await burner.observation(eurcAddress, 0);
        const [, t1] = await burner.observation(eurcAddress, 1);
        const observedAt = t0 > t1 ? t0 : t1;
        await time.setNextBlockTimestamp(observedAt + MAX_AGE + 1n);
        await expect(burner.execute(eurcAddress))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerObservationStale")
          .withArgs(eurcAddress, MAX_AGE + 1n, MAX_AGE);
      });

      it("when the newest observation is younger than the window, naming it even if the previous one is stale", async function () {
        const { burner, eurc } = await loadFixture(fixture);
        const eurcAddress = await eurc.getAddress();
        await eurc.mint(await burner.getAddress(), EURC_LOT);
        await time.increase(MAX_AGE + 1n); // the deployment's observation is now stale
        await burner.recordObservation(eurcAddress);
        const recordedAt = BigInt(await time.latest());
        await time.increaseTo(recordedAt + 60n);
        await expect(burner.prices(eurcAddress))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerTwapWindowTooShort")
          .withArgs(eurcAddress, 60n, WINDOW);
        await time.setNextBlockTimestamp(recordedAt + 61n);
        await expect(burner.execute(eurcAddress))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerTwapWindowTooShort")
          .withArgs(eurcAddress, 61n, WINDOW);
      });

      it("when no observation was recorded for the pair", async function () {
        const { burner, eurc, pair, deployer } = await loadFixture(fixture);
        const eurcAddress = await eurc.getAddress();
        await burner.connect(deployer).setPair(eurcAddress, await pair.getAddress());
        expect(await burner.observation(eurcAddress, 0)).to.deep.equal([0n, 0n]);
        const now = BigInt(await time.latest()) + 1n;
        await time.setNextBlockTimestamp(now);
        await expect(burner.execute(eurcAddress))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerObservationStale")
          .withArgs(eurcAddress, now, MAX_AGE);
      });

      it("when there is nothing to spend", async function () {
        const { burner, eurc } = await readyFixture();
        const eurcAddress = await eurc.getAddress();
        const maxLot = await burner.maxLotForDeviation(eurcAddress);
        await expect(burner.execute(eurcAddress))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerNothingToSpend")
          .withArgs(eurcAddress, 0n, EURC_LOT, maxLot);
      });

      it("when a GALEON leg is empty", async function () {
        const { burner, galeon } = await loadFixture(fixture);
        await expect(burner.execute(await galeon.getAddress()))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerNothingToSpend")
          .withArgs(await galeon.getAddress(), 0n, 0n, 0n);
      });

      it("when the token has no pair", async function () {
        const { burner, stranger } = await loadFixture(fixture);
        await expect(burner.execute(stranger.address))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerTokenNotConfigured")
          .withArgs(stranger.address);
        await expect(burner.maxLotForDeviation(stranger.address))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerTokenNotConfigured")
          .withArgs(stranger.address);
        await expect(burner.prices(stranger.address))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerTokenNotConfigured")
          .withArgs(stranger.address);
      });

      it("when paused by the admin or the guardian", async function () {
        const { burner, eurc, deployer, guardian } = await readyFixture();
        await eurc.mint(await burner.getAddress(), EURC_LOT);
        const expiry = BigInt(await time.latest()) + 86_400n;
        await burner.connect(deployer).setGuardian(guardian.address, expiry);
        // A pause lasts 7 days (GuardianPausable's default), then ends by itself.
        const pausedAt = BigInt(await time.latest()) + 10n;
        await time.setNextBlockTimestamp(pausedAt);
        await expect(burner.connect(guardian).pause())
          .to.emit(burner, "Paused")
          .withArgs(guardian.address, pausedAt + 7n * 86_400n);
        await expect(burner.execute(await eurc.getAddress())).to.be.revertedWithCustomError(
          burner,
          "GuardianPausablePaused",
        );
        await expect(burner.connect(guardian).setLot(await eurc.getAddress(), 1n))
          .to.be.revertedWithCustomError(burner, "OwnableUnauthorizedAccount")
          .withArgs(guardian.address);
      });
    });
  });

  describe("attacks", function () {
    it("a front-run swap beyond the band makes execute revert, leaving the sandwicher a loss", async function () {
      const f = await readyFixture();
      const { burner, eurc, trader } = f;
      const eurcAddress = await eurc.getAddress();
      await eurc.mint(await burner.getAddress(), EURC_LOT);
      const eurcSpent = 20_000n * E6; // 2% of the reserve: the spot moves ~4%, beyond the 2% band
      const galeonBought = await buyGaleon(f, trader, eurcSpent);
      const { eurcReserve, galeonReserve } = await reserves(f);
      const spot = (galeonReserve * Q112) / eurcReserve;
      await expect(burner.execute(eurcAddress))
        .to.be.revertedWithCustomError(burner, "BuybackBurnerSpotOutOfBand")
        .withArgs(
          eurcAddress,
          spot,
          (twap: bigint) => twap * BPS >= P0 * (BPS - 1n) && twap <= P0, // one manipulated second in 30 minutes
          DEVIATION,
        );
      expect(await burner.maxLotForDeviation(eurcAddress)).to.equal(0n);
      const eurcBack = await sellGaleon(f, trader, galeonBought);
      expect(eurcBack).to.be.lessThan(eurcSpent); // the round trip only pays fees
      expect(await eurc.balanceOf(await burner.getAddress())).to.equal(EURC_LOT);
    });

    it("any front-run either reverts execute or leaves the burner at least TWAP × 98%", async function () {
      const f = await readyFixture();
      const { burner, eurc, trader } = f;
      const eurcAddress = await eurc.getAddress();
      await eurc.mint(await burner.getAddress(), EURC_LOT);
      for (const permille of [1n, 5n, 10n, 15n, 20n, 50n, 200n]) {
        const snapshot = await networkHelpers.takeSnapshot();
        await buyGaleon(f, trader, (EURC_LIQUIDITY * permille) / 1000n);
        let event;
        try {
          event = await executedEvent(f, await burner.execute(eurcAddress));
        } catch (error) {
          const data = (error as { data?: string }).data ?? "";
          const decoded = burner.interface.parseError(data);
          expect(["BuybackBurnerSpotOutOfBand", "BuybackBurnerNothingToSpend"], `front-run ${permille}‰`).to.include(
            decoded?.name,
          );
        }
        if (event !== undefined) {
          expect(permille, "only front-runs within the band leave execute possible").to.be.lessThan(20n);
          expect(event.twapX112 * BPS).to.be.greaterThanOrEqual(P0 * (BPS - 1n));
          expect(event.minOut).to.equal(minOutOf(event.amountIn, event.twapX112));
          expect(event.galeonBurned).to.be.greaterThanOrEqual(event.minOut);
        } else {
          expect(permille, "every front-run of 2% of the reserve or more reverts").to.be.greaterThanOrEqual(10n);
        }
        await snapshot.restore();
      }
    });

    it("a stranger's tiny execute in every hop cannot starve the keeper: 24 hops, 10 lots waiting", async function () {
      const f = await readyFixture();
      const { burner, eurc, galeon, keeper, stranger: attacker } = f;
      const eurcAddress = await eurc.getAddress();
      const burnerAddress = await burner.getAddress();
      await eurc.mint(attacker.address, EURC_LIQUIDITY);
      await eurc.connect(attacker).approve(await f.router.getAddress(), ethers.MaxUint256);
      await galeon.connect(attacker).approve(await f.router.getAddress(), ethers.MaxUint256);
      await eurc.mint(burnerAddress, 10n * EURC_LOT);
      let suppressing = 0n;
      let emptiedAt: number | undefined;
      let attackerSpent = 0n;
      let attackerBack = 0n;
      for (let hop = 1; hop <= 24; hop++) {
        // After the backlog, purchases keep feeding one lot per hop.
        if (hop > 10) await eurc.mint(burnerAddress, EURC_LOT);
        const heldBefore = await eurc.balanceOf(burnerAddress);

        // 1. The attacker, in one block: buys GALEON until the band leaves the burner a few base units,
        //    executes (spending them), and sells back.
        const at = BigInt(await time.latest()) + 1n;
        suppressing = await suppressingBuy(f, attacker, at, suppressing);
        const eurcBefore = await eurc.balanceOf(attacker.address);
        const { spent: tiny } = await attackBlock(f, attacker, suppressing, at, true);
        expect(tiny, `hop ${hop}: the attacker's execute spends a few base units`).to.be.within(1n, 1_000n);
        attackerSpent += suppressing;
        attackerBack += (await eurc.balanceOf(attacker.address)) - (eurcBefore - suppressing);

        // 2. The keeper, once arbitrage has settled the price: the rest of the hop's budget.
        await restorePrice(f);
        await burner.connect(keeper).execute(eurcAddress);
        await restorePrice(f);
        const held = await eurc.balanceOf(burnerAddress);
        const lotOrAll = heldBefore < EURC_LOT ? heldBefore : EURC_LOT;
        expect(heldBefore - held, `hop ${hop}: spent the whole budget`).to.equal(lotOrAll);
        if (held === 0n && emptiedAt === undefined) emptiedAt = hop;

        // 3. The next hop, with a fresh observation for the one after.
        await time.increase(HOP);
        await burner.recordObservation(eurcAddress);
      }
      expect(emptiedAt, "the 10 waiting lots are spent in 10 hops").to.equal(10);
      expect(await eurc.balanceOf(burnerAddress)).to.equal(0n);
      expect(attackerBack, "the attacker only pays fees").to.be.lessThan(attackerSpent);
    });

    it("a tEURC donation plus sync makes execute revert", async function () {
      const f = await readyFixture();
      const { burner, eurc, pair, stranger } = f;
      const eurcAddress = await eurc.getAddress();
      await eurc.mint(await burner.getAddress(), EURC_LOT);
      await eurc.mint(await pair.getAddress(), 30_000n * E6);
      await (pair.connect(stranger) as Contract).sync();
      const spot = (GALEON_LIQUIDITY * Q112) / (EURC_LIQUIDITY + 30_000n * E6);
      await expect(burner.execute(eurcAddress))
        .to.be.revertedWithCustomError(burner, "BuybackBurnerSpotOutOfBand")
        .withArgs(eurcAddress, spot, (twap: bigint) => twap * BPS >= P0 * (BPS - 1n), DEVIATION);
      expect(await burner.maxLotForDeviation(eurcAddress)).to.equal(0n);
    });

    it("a GALEON donation plus sync (spot above the band) makes execute revert too", async function () {
      const f = await readyFixture();
      const { burner, eurc, galeon, pair, trader } = f;
      const eurcAddress = await eurc.getAddress();
      await eurc.mint(await burner.getAddress(), EURC_LOT);
      const donation = (GALEON_LIQUIDITY * 3n) / 100n;
      await galeon.connect(trader).transfer(await pair.getAddress(), donation);
      await (pair.connect(trader) as Contract).sync();
      const spot = ((GALEON_LIQUIDITY + donation) * Q112) / EURC_LIQUIDITY;
      await expect(burner.execute(eurcAddress))
        .to.be.revertedWithCustomError(burner, "BuybackBurnerSpotOutOfBand")
        .withArgs(eurcAddress, spot, (twap: bigint) => twap <= (P0 * (BPS + 1n)) / BPS, DEVIATION);
      expect(await burner.maxLotForDeviation(eurcAddress)).to.equal(0n);
    });

    it("recording often cannot keep the window short", async function () {
      const f = await readyFixture();
      const { burner, eurc, stranger } = f;
      const eurcAddress = await eurc.getAddress();
      await eurc.mint(await burner.getAddress(), EURC_LOT);
      await burner.connect(stranger).recordObservation(eurcAddress);
      await expect(burner.connect(stranger).recordObservation(eurcAddress)).to.be.revertedWithCustomError(
        burner,
        "BuybackBurnerObservationTooRecent",
      );
      await expect(burner.execute(eurcAddress)).to.emit(burner, "BuybackExecuted");
    });
  });

  describe("recordObservation", function () {
    it("stores the pair's counterfactual cumulative price in the older slot", async function () {
      const f = await readyFixture();
      const { burner, eurc, pair } = f;
      const eurcAddress = await eurc.getAddress();
      const [, t0] = await burner.observation(eurcAddress, 0);
      const [, t1] = await burner.observation(eurcAddress, 1);
      const olderIndex = t0 <= t1 ? 0 : 1;
      const eurcIs0 = (await pair.token0()) === eurcAddress;
      const cumulativeLast = eurcIs0 ? await pair.price0CumulativeLast() : await pair.price1CumulativeLast();
      const [, , pairTimestamp] = await pair.getReserves();
      const now = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(now);
      const expected = cumulativeLast + P0 * (now - pairTimestamp);
      await expect(burner.recordObservation(eurcAddress))
        .to.emit(burner, "ObservationRecorded")
        .withArgs(eurcAddress, expected, now);
      expect(await burner.observation(eurcAddress, olderIndex)).to.deep.equal([expected, now]);
    });

    describe("reverts", function () {
      it("when the newest observation is younger than the window (anyone but the admin)", async function () {
        const { burner, eurc, stranger } = await loadFixture(fixture);
        const eurcAddress = await eurc.getAddress();
        const [, t0] = await burner.observation(eurcAddress, 0);
        const [, t1] = await burner.observation(eurcAddress, 1);
        const newest = t0 > t1 ? t0 : t1;
        await time.setNextBlockTimestamp(newest + WINDOW - 1n);
        await expect(burner.connect(stranger).recordObservation(eurcAddress))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerObservationTooRecent")
          .withArgs(eurcAddress, newest + WINDOW, newest + WINDOW - 1n);
      });

      it("never for the admin: its record is then a no-op, so a stranger cannot make a deployment's revert", async function () {
        const { burner, eurc, deployer } = await loadFixture(fixture);
        const eurcAddress = await eurc.getAddress();
        const before = [await burner.observation(eurcAddress, 0), await burner.observation(eurcAddress, 1)];
        await expect(burner.connect(deployer).recordObservation(eurcAddress)).to.not.emit(
          burner,
          "ObservationRecorded",
        );
        expect([await burner.observation(eurcAddress, 0), await burner.observation(eurcAddress, 1)]).to.deep.equal(
          before,
        );
      });

      it("when the token has no pair", async function () {
        const { burner, stranger } = await loadFixture(fixture);
        await expect(burner.recordObservation(stranger.address))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerTokenNotConfigured")
          .withArgs(stranger.address);
      });
    });
  });

  describe("admin", function () {
    it("sets every parameter with an event", async function () {
      const { burner, eurc, deployer } = await loadFixture(fixture);
      const eurcAddress = await eurc.getAddress();
      const admin = burner.connect(deployer);
      await expect(admin.setHop(300n)).to.emit(burner, "HopSet").withArgs(300n);
      await expect(admin.setDeviation(1_000n)).to.emit(burner, "DeviationSet").withArgs(1_000n);
      await expect(admin.setTwapWindow(3_600n, 7n * 86_400n))
        .to.emit(burner, "TwapWindowSet")
        .withArgs(3_600n, 7n * 86_400n);
      await expect(admin.setLot(eurcAddress, 5n)).to.emit(burner, "LotSet").withArgs(eurcAddress, 5n);
      await expect(admin.setRouter(ethers.ZeroAddress)).to.emit(burner, "RouterSet").withArgs(ethers.ZeroAddress);
      expect(await burner.parameters()).to.deep.equal([300n, 1_000n, 3_600n, 7n * 86_400n, ethers.ZeroAddress]);
      await expect(admin.setPair(eurcAddress, ethers.ZeroAddress))
        .to.emit(burner, "PairSet")
        .withArgs(eurcAddress, ethers.ZeroAddress);
      await expect(burner.execute(eurcAddress))
        .to.be.revertedWithCustomError(burner, "BuybackBurnerTokenNotConfigured")
        .withArgs(eurcAddress);
    });

    describe("reverts", function () {
      it("when the caller is not the admin", async function () {
        const { burner, eurc, pair, stranger } = await loadFixture(fixture);
        const eurcAddress = await eurc.getAddress();
        const s = burner.connect(stranger);
        for (const call of [
          s.setPair(eurcAddress, await pair.getAddress()),
          s.setLot(eurcAddress, 1n),
          s.setHop(3_600n),
          s.setDeviation(100n),
          s.setTwapWindow(1_800n, 3_600n),
          s.setRouter(ethers.ZeroAddress),
        ]) {
          await expect(call)
            .to.be.revertedWithCustomError(burner, "OwnableUnauthorizedAccount")
            .withArgs(stranger.address);
        }
      });

      it("when the pair is not the factory's pair of the token and GALEON", async function () {
        const { burner, eurc, pair, factory, deployer } = await loadFixture(fixture);
        const eurcAddress = await eurc.getAddress();
        const other = await ethers.deployContract("TestStablecoin", ["Other", "OTH", 6]);
        const otherAddress = await other.getAddress();
        await factory.createPair(eurcAddress, otherAddress);
        const wrongPair = await factory.getPair(eurcAddress, otherAddress);
        await expect(burner.connect(deployer).setPair(eurcAddress, wrongPair))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerNotCanonicalPair")
          .withArgs(wrongPair, await pair.getAddress());
        await expect(burner.connect(deployer).setPair(otherAddress, wrongPair))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerNotCanonicalPair")
          .withArgs(wrongPair, ethers.ZeroAddress);
        // A look-alike contract is refused even though it is not a pair at all.
        await expect(burner.connect(deployer).setPair(eurcAddress, otherAddress))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerNotCanonicalPair")
          .withArgs(otherAddress, await pair.getAddress());
      });

      it("when the token is GALEON or zero", async function () {
        const { burner, galeon, pair, deployer } = await loadFixture(fixture);
        const admin = burner.connect(deployer);
        const galeonAddress = await galeon.getAddress();
        await expect(admin.setPair(galeonAddress, await pair.getAddress()))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerInvalidToken")
          .withArgs(galeonAddress);
        await expect(admin.setLot(ethers.ZeroAddress, 1n))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerInvalidToken")
          .withArgs(ethers.ZeroAddress);
        const burnerFactory = await ethers.getContractFactory("BuybackBurner");
        await expect(
          burnerFactory.deploy(deployer.address, ethers.ZeroAddress, 0n, ethers.ZeroAddress, deployer.address),
        )
          .to.be.revertedWithCustomError(burner, "BuybackBurnerInvalidToken")
          .withArgs(ethers.ZeroAddress);
        await expect(
          burnerFactory.deploy(deployer.address, ethers.ZeroAddress, 0n, galeonAddress, ethers.ZeroAddress),
        ).to.be.revertedWithCustomError(burner, "BuybackBurnerZeroFactory");
      });

      it("when hop, deviation, window or lot is out of range", async function () {
        const { burner, eurc, deployer } = await loadFixture(fixture);
        const admin = burner.connect(deployer);
        for (const lot of [2n ** 80n, 2n ** 128n]) {
          await expect(admin.setLot(await eurc.getAddress(), lot))
            .to.be.revertedWithCustomError(burner, "BuybackBurnerLotTooLarge")
            .withArgs(lot);
        }
        await expect(admin.setLot(await eurc.getAddress(), 2n ** 80n - 1n))
          .to.emit(burner, "LotSet")
          .withArgs(await eurc.getAddress(), 2n ** 80n - 1n);
        for (const hop of [299n, 30n * 86_400n + 1n]) {
          await expect(admin.setHop(hop))
            .to.be.revertedWithCustomError(burner, "BuybackBurnerHopOutOfRange")
            .withArgs(hop);
        }
        await expect(admin.setDeviation(1_001n))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerDeviationTooHigh")
          .withArgs(1_001n);
        for (const [window, maxAge] of [
          [1_799n, 7_200n],
          [1_800n, 3_599n],
          [86_401n, 7n * 86_400n],
          [1_800n, 7n * 86_400n + 1n],
        ]) {
          await expect(admin.setTwapWindow(window, maxAge))
            .to.be.revertedWithCustomError(burner, "BuybackBurnerWindowOutOfRange")
            .withArgs(window, maxAge);
        }
      });
    });
  });
});
