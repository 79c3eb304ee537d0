/** Sentences for the buy-back (BuybackBurner*, TwapLib*). TwapLib is a pure library without errors. */
import type { Sentence } from "../revert.js";

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

export const BUYBACK_SENTENCES: Record<string, Sentence> = {
  BuybackBurnerTokenNotConfigured: (a) => `the buy-back has no pair for token ${a.token}`,
  BuybackBurnerInvalidToken: (a) => `token ${a.token} cannot be bought back with ($GALEON itself or the zero address)`,
  BuybackBurnerZeroFactory: () => "the buy-back needs a Uniswap V2 factory",
  BuybackBurnerNotCanonicalPair: (a) =>
    `pair ${a.pair} is not the factory's pair of the token and $GALEON (that is ${a.canonical})`,
  BuybackBurnerLotTooLarge: (a) => `a lot of ${a.lot} base units is above 2^128 - 1`,
  BuybackBurnerPairMismatch: (a) => `pair ${a.pair} trades ${a.token0} and ${a.token1}, not the token and $GALEON`,
  BuybackBurnerHopNotElapsed: (a) =>
    `the last buy-back of ${a.token} was too recent: the next is allowed at ${a.nextAt}, in ${wait(a.nextAt, a.now_)}`,
  BuybackBurnerTwapWindowTooShort: (a) =>
    `the price observation of ${a.token} is ${duration(a.age)} old but the average needs ${duration(a.window)}:` +
    ` wait ${wait(a.window, a.age)}`,
  BuybackBurnerObservationStale: (a) =>
    `the price observation of ${a.token} is stale (older than ${duration(a.maxAge)}): record a new one and wait` +
    " for the averaging window",
  BuybackBurnerObservationTooRecent: (a) =>
    `a price observation of ${a.token} was recorded recently: the next is allowed in ${wait(a.nextAt, a.now_)}`,
  BuybackBurnerSpotOutOfBand: (a) =>
    `the spot price of ${a.token} is more than ${Number(a.deviationBps) / 100}% away from its average:` +
    " wait for the market to settle",
  BuybackBurnerNothingToSpend: (a) =>
    `nothing to buy back with ${a.token}: balance ${a.balance}, lot ${a.lot}, most allowed by the band ${a.maxLot}` +
    " (base units)",
  BuybackBurnerOutputBelowMinimum: (a) =>
    `the swap would return ${a.amountOut} base units of $GALEON, below the minimum ${a.minOut}`,
  BuybackBurnerHopOutOfRange: (a) => `a hop of ${duration(a.hop)} is outside the allowed range`,
  BuybackBurnerDeviationTooHigh: (a) => `a band of ${Number(a.deviationBps) / 100}% is above the 10% maximum`,
  BuybackBurnerWindowOutOfRange: (a) =>
    `an averaging window of ${duration(a.twapWindow)} with observations up to ${duration(a.maxObservationAge)} old` +
    " is not allowed",
  BuybackBurnerNotRouterPayee: (a) => `router ${a.router} pays the buy-back leg to ${a.payee}, not to this burner`,
  EnforcedPause: () => "the contract is paused by the guardian",
  ExpectedPause: () => "the contract is not paused",
};
