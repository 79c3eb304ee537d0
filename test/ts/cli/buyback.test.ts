/**
 * The keeper's command line (scripts/tasks/actions/buyback/shared.ts): the budget window and the
 * observations exactly as the burner reads them, what a run would spend; and the sentences of the
 * buy-back's errors (domain/errors/sentences/buyback.ts).
 */
import { expect } from "chai";
import { MaxUint256, type Result } from "ethers";

import { BUYBACK_SENTENCES } from "../../../domain/errors/sentences/buyback.js";
import { sentenceContext } from "../../../domain/errors/sentences/say.js";
import { budgetWindow, observationState, spendableNow } from "../../../scripts/tasks/actions/buyback/shared.js";

const TOKEN = "0x68B1D87F95878fE05B998F19b66F4baba5De1aed";
const HOP = 3_600n;
const WINDOW = 1_800n;
const MAX_AGE = 14_400n;
const LOT = 20_000n * 10n ** 6n;

/** Decoded error arguments, by name (as ethers gives them to a sentence). */
function args(named: Record<string, unknown>): Result {
  return Object.assign(Object.values(named), named) as unknown as Result;
}

describe("buy-back command line (scripts/tasks/actions/buyback)", function () {
  describe("budgetWindow", function () {
    it("has the whole lot left before any window and once the window closed", function () {
      expect(budgetWindow(0n, 0n, LOT, HOP, 1_000n)).to.deep.equal({ open: false, spent: 0n, remaining: LOT });
      expect(budgetWindow(1_000n, LOT, LOT, HOP, 1_000n + HOP)).to.deep.equal({
        openedAt: 1_000n,
        open: false,
        spent: 0n,
        remaining: LOT,
      });
    });

    it("leaves lot − spent in an open window, never less than zero", function () {
      expect(budgetWindow(1_000n, 3n, LOT, HOP, 1_000n + HOP - 1n)).to.deep.equal({
        openedAt: 1_000n,
        closesAt: 1_000n + HOP,
        open: true,
        spent: 3n,
        remaining: LOT - 3n,
      });
      // The DAO lowered the lot below what the window already spent.
      expect(budgetWindow(1_000n, LOT, LOT / 2n, HOP, 1_001n).remaining).to.equal(0n);
    });
  });

  describe("observationState", function () {
    const now = 100_000n;

    it("uses the newest once it is a window old, until it is stale", function () {
      expect(observationState([now - WINDOW, 0n], now, WINDOW, MAX_AGE)).to.deep.equal({
        newestAge: WINDOW,
        usedAge: WINDOW,
        usable: true,
        canRecord: true,
        stale: false,
      });
      expect(observationState([0n, now - MAX_AGE - 1n], now, WINDOW, MAX_AGE)).to.deep.include({
        usable: false,
        stale: true,
        canRecord: true,
      });
    });

    it("uses the previous one while the newest is young", function () {
      expect(observationState([now - 60n, now - 3_600n], now, WINDOW, MAX_AGE)).to.deep.equal({
        newestAge: 60n,
        usedAge: 3_600n,
        usable: true,
        canRecord: false,
        stale: false,
      });
    });

    it("waits for a fresh observation when the previous one is stale, rather than calling it stale", function () {
      expect(observationState([now - MAX_AGE - 60n, now - 5n], now, WINDOW, MAX_AGE)).to.deep.equal({
        newestAge: 5n,
        usable: false,
        canRecord: false,
        waitForWindow: WINDOW - 5n,
        stale: false,
      });
      expect(observationState([now - 5n, 0n], now, WINDOW, MAX_AGE).waitForWindow).to.equal(WINDOW - 5n);
    });

    it("says none is recorded", function () {
      expect(observationState([0n, 0n], now, WINDOW, MAX_AGE)).to.deep.equal({
        usable: false,
        canRecord: true,
        stale: true,
      });
    });
  });

  it("spendableNow is the least of what accrued, what the window has left and what the band allows", function () {
    expect(spendableNow(5n, 7n, 9n)).to.equal(5n);
    expect(spendableNow(9n, 7n, 8n)).to.equal(7n);
    expect(spendableNow(9n, 8n, 0n)).to.equal(0n);
  });

  describe("sentences", function () {
    it("tell when the next budget window opens", function () {
      expect(
        BUYBACK_SENTENCES.BuybackBurnerBudgetSpent(args({ token: TOKEN, nextWindowAt: 7_200n, now_: 3_600n })),
      ).to.equal(
        `the buy-back of ${TOKEN} spent its whole lot in the current budget window: the next opens at` +
          " 1970-01-01T02:00:00Z, in 1 h",
      );
    });

    it("name a stale observation's age, and say when there is none at all", function () {
      expect(
        BUYBACK_SENTENCES.BuybackBurnerObservationStale(args({ token: TOKEN, age: 14_460n, maxAge: MAX_AGE })),
      ).to.equal(
        `the price observation of ${TOKEN} is 4 h 1 min old, older than the 4 h limit: record a new one` +
          " (buyback run does) and wait for the averaging window",
      );
      expect(
        BUYBACK_SENTENCES.BuybackBurnerObservationStale(args({ token: TOKEN, age: 1_800_000_000n, maxAge: MAX_AGE })),
      ).to.equal(
        `no price observation of ${TOKEN} is recorded: record one (buyback run does) and wait for the averaging window`,
      );
    });

    it("describe nothing to spend with the window's budget, and the recovery refusals", function () {
      expect(
        BUYBACK_SENTENCES.BuybackBurnerNothingToSpend(args({ token: TOKEN, balance: 5n, budget: 0n, maxLot: 9n })),
      ).to.equal(
        `nothing to buy back with ${TOKEN}: the burner holds 5 base units, the budget window has 0 base units left,` +
          " the band allows at most 9 base units",
      );
      // In a task, which knows the token: in token units.
      const say = sentenceContext([{ address: TOKEN, symbol: "tEURC", decimals: 6 }]);
      expect(
        BUYBACK_SENTENCES.BuybackBurnerNothingToSpend(
          args({ token: TOKEN, balance: 5_000_000n, budget: 0n, maxLot: 9_500_000n }),
          say,
        ),
      ).to.equal(
        `nothing to buy back with ${TOKEN}: the burner holds 5 tEURC, the budget window has 0 tEURC left,` +
          " the band allows at most 9.5 tEURC",
      );
      expect(
        BUYBACK_SENTENCES.BuybackBurnerRecoverAmountInvalid(args({ token: TOKEN, amount: MaxUint256, balance: 0n })),
      ).to.equal(`the buy-back holds no ${TOKEN} to recover`);
      expect(
        BUYBACK_SENTENCES.BuybackBurnerRecoverAmountInvalid(args({ token: TOKEN, amount: 11n, balance: 10n })),
      ).to.equal(`cannot recover 11 base units of ${TOKEN}: the buy-back holds 10`);
      expect(BUYBACK_SENTENCES.BuybackBurnerNotRecoverable(args({ token: TOKEN }))).to.match(
        /always burned by execute/,
      );
      expect(BUYBACK_SENTENCES.BuybackBurnerMarketEnabled(args({ token: TOKEN }))).to.match(/retire it with setPair/);
    });
  });
});
