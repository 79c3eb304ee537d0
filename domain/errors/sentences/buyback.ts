/** Sentences for the buy-back (BuybackBurner*, TwapLib*). TwapLib is a pure library without errors. */
import type { Sentence } from "./say.js";
import { BASE_UNITS } from "./say.js";

/** "12 min 5 s" from seconds (for how long to wait). */
export function duration(seconds: bigint | number): string {
  let s = Math.max(0, Number(seconds));
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3_600],
    ["min", 60],
  ] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)} ${unit}`);
      s %= size;
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s} s`);
  return parts.join(" ");
}

/** Seconds between two on-chain timestamps, never negative. */
const wait = (at: unknown, now: unknown) => duration(BigInt(String(at)) - BigInt(String(now)));

/** An on-chain timestamp as ISO 8601 UTC, e.g. 2026-01-01T10:00:00Z. */
const at = (timestamp: unknown) => new Date(Number(timestamp) * 1000).toISOString().replace(".000Z", "Z");

const MAX_UINT256 = (1n << 256n) - 1n;

/** An age that is really the current timestamp: the burner reports that when no observation exists. */
const NO_OBSERVATION_AGE = 1_000_000_000n;

export const BUYBACK_SENTENCES: Record<string, Sentence> = {
  BuybackBurnerTokenNotConfigured: (a) => `the buy-back has no pair for token ${a.token}`,
  BuybackBurnerInvalidToken: (a) => `token ${a.token} cannot be bought back with ($GALEON itself or the zero address)`,
  BuybackBurnerZeroFactory: () => "the buy-back needs a Uniswap V2 factory",
  BuybackBurnerNotCanonicalPair: (a) =>
    `pair ${a.pair} is not the factory's pair of the token and $GALEON (that is ${a.canonical})`,
  BuybackBurnerLotTooLarge: (a) =>
    `a lot of ${a.lot} base units is above 2^80 - 1 (1,208,925 whole tokens of 18 decimals): use a shorter hop instead`,
  BuybackBurnerPairMismatch: (a) => `pair ${a.pair} trades ${a.token0} and ${a.token1}, not the token and $GALEON`,
  BuybackBurnerBudgetSpent: (a) =>
    `the buy-back of ${a.token} spent its whole lot in the current budget window: the next opens at` +
    ` ${at(a.nextWindowAt)}, in ${wait(a.nextWindowAt, a.now_)}`,
  BuybackBurnerTwapWindowTooShort: (a) =>
    `the price observation of ${a.token} is ${duration(a.age)} old but the average needs ${duration(a.window)}:` +
    ` wait ${wait(a.window, a.age)}`,
  BuybackBurnerObservationStale: (a) =>
    BigInt(String(a.age)) >= NO_OBSERVATION_AGE
      ? `no price observation of ${a.token} is recorded: record one (buyback run does) and wait for the averaging window`
      : `the price observation of ${a.token} is ${duration(a.age)} old, older than the ${duration(a.maxAge)} limit:` +
        " record a new one (buyback run does) and wait for the averaging window",
  BuybackBurnerObservationTooRecent: (a) =>
    `a price observation of ${a.token} was recorded recently: the next is allowed in ${wait(a.nextAt, a.now_)}`,
  BuybackBurnerSpotOutOfBand: (a) =>
    `the spot price of ${a.token} is more than ${Number(a.deviationBps) / 100}% away from its average:` +
    " wait for the market to settle",
  BuybackBurnerNothingToSpend: (a, say = BASE_UNITS) =>
    `nothing to buy back with ${a.token}: the burner holds ${say.amount(a.balance, a.token)}, the budget window` +
    ` has ${say.amount(a.budget, a.token)} left, the band allows at most ${say.amount(a.maxLot, a.token)}`,
  BuybackBurnerOutputBelowMinimum: (a) =>
    `the swap would return ${a.amountOut} base units of $GALEON, below the minimum ${a.minOut}`,
  BuybackBurnerSpotAfterOutOfBand: (a) =>
    `the swap would leave the spot price of ${a.token} more than ${Number(a.deviationBps) / 100}% below its average:` +
    " wait for the market to settle",
  BuybackBurnerHopOutOfRange: (a) => `a hop of ${duration(a.hop)} is outside the allowed range`,
  BuybackBurnerDeviationTooHigh: (a) => `a band of ${Number(a.deviationBps) / 100}% is above the 10% maximum`,
  BuybackBurnerWindowOutOfRange: (a) =>
    `an averaging window of ${duration(a.twapWindow)} with observations up to ${duration(a.maxObservationAge)} old` +
    " is not allowed",
  BuybackBurnerNotRouterPayee: (a) => `router ${a.router} pays the buy-back leg to ${a.payee}, not to this burner`,
  BuybackBurnerNotRecoverable: (a) =>
    `token ${a.token} cannot be recovered from the buy-back: $GALEON is always burned by execute, and the zero` +
    " address is no token",
  BuybackBurnerMarketEnabled: (a) =>
    `token ${a.token} has an enabled buy-back market (execute spends it): retire it with setPair(token, 0) before` +
    " recovering the token",
  BuybackBurnerZeroRecipient: () => "a recovered token cannot be sent to the zero address",
  BuybackBurnerRecoverAmountInvalid: (a) =>
    BigInt(String(a.balance)) === 0n
      ? `the buy-back holds no ${a.token} to recover`
      : BigInt(String(a.amount)) === MAX_UINT256 || BigInt(String(a.amount)) === 0n
        ? `cannot recover ${a.amount} base units of ${a.token}: ask for 1 to ${a.balance}, or the whole balance`
        : `cannot recover ${a.amount} base units of ${a.token}: the buy-back holds ${a.balance}`,
  EnforcedPause: () => "the contract is paused by the guardian",
  ExpectedPause: () => "the contract is not paused",
};
