/**
 * The router's split, computed off chain exactly as `contracts/libraries/SplitLib.sol` does it, for
 * `buyer pay --dry-run` (an `eth_call` returns no events). Rounding: hospitals, treasury and
 * buy-back parts are each `floor(amount * bps / 10,000)`, Galeon gets the remainder; hospital `i`
 * gets `floor(H * c_i / T) - floor(H * c_(i-1) / T)` with `c_i` the cumulative units. A test checks
 * it against real purchases.
 */
import { unpackUsage } from "./quote.js";

export interface SplitPreview {
  /** Hospitals, treasury, buy-back, Galeon, in base units; they sum to the amount. */
  parts: [bigint, bigint, bigint, bigint];
  /** Per usage entry, in its order. */
  credits: Array<{ hospitalId: number; units: bigint; credit: bigint }>;
}

const BPS = 10_000n;

/** The split of `amount` with `bps` (hospitals, treasury, buy-back, Galeon) over a packed usage vector. */
export function previewSplit(
  amount: bigint,
  bps: readonly [bigint | number, bigint | number, bigint | number, bigint | number],
  usage: readonly bigint[],
): SplitPreview {
  const hospitals = (amount * BigInt(bps[0])) / BPS;
  const treasury = (amount * BigInt(bps[1])) / BPS;
  const buyback = (amount * BigInt(bps[2])) / BPS;
  const galeon = amount - hospitals - treasury - buyback;
  const entries = usage.map(unpackUsage);
  const total = entries.reduce((sum, e) => sum + e.units, 0n);
  let cumulative = 0n;
  let previous = 0n;
  const credits = entries.map((e) => {
    cumulative += e.units;
    const upTo = total === 0n ? 0n : (hospitals * cumulative) / total;
    const credit = upTo - previous;
    previous = upTo;
    return { hospitalId: Number(e.hospitalId), units: e.units, credit };
  });
  return { parts: [hospitals, treasury, buyback, galeon], credits };
}
