/**
 * The router's split of one payment, computed off chain exactly as `SplitLib` and the router do it:
 * hospitals, treasury and buy-back parts are `floor(amount * bps / 10,000)`, Galeon gets the
 * remainder, and the hospitals' part is divided with cumulative floors over the usage units. The
 * router refuses a payment in which a party with a share, or a hospital of the usage, would get
 * nothing; `splitRefusal` says which, before anything is signed, and `smallestSplittableAmount`
 * says from which amount on every payment splits.
 */
import type { UsageEntry } from "./quote.js";

/** 100% in basis points. */
export const BPS = 10_000n;

/** The router's split in basis points (`router.split()`), in `Purchased.parts` order. */
export interface SplitBps {
  hospitals: bigint;
  treasury: bigint;
  buyback: bigint;
  galeon: bigint;
}

/** The parts in `Purchased.parts` order, as people read them. */
export const PART_NAMES = ["hospitals", "treasury", "buy-back", "Galeon"] as const;

/** What the router would refuse, and why (its `DataAccessRouterPartTooSmall` or `...HospitalCreditTooSmall`). */
export type SplitRefusal =
  | { kind: "part"; part: 0 | 1 | 2; bps: bigint }
  | { kind: "hospital"; hospitalId: number; units: bigint; totalUnits: bigint; hospitalsPart: bigint };

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** The four parts of `amount` (they sum to `amount`). */
export function splitParts(amount: bigint, bps: SplitBps): [bigint, bigint, bigint, bigint] {
  const hospitals = (amount * bps.hospitals) / BPS;
  const treasury = (amount * bps.treasury) / BPS;
  const buyback = (amount * bps.buyback) / BPS;
  return [hospitals, treasury, buyback, amount - hospitals - treasury - buyback];
}

/** Each hospital's credit of the hospitals' part `part`, pro rata to `units` (cumulative floors). */
export function hospitalCredits(part: bigint, units: readonly bigint[]): bigint[] {
  const total = units.reduce((sum, u) => sum + u, 0n);
  let cumulative = 0n;
  let previous = 0n;
  return units.map((u) => {
    cumulative += u;
    const upTo = (part * cumulative) / total;
    const credit = upTo - previous;
    previous = upTo;
    return credit;
  });
}

/** The index of the first hospital credited nothing of `part`, or -1 when every one gets something. */
function firstZeroCredit(part: bigint, units: readonly bigint[], total: bigint): number {
  let cumulative = 0n;
  let previous = 0n;
  for (let i = 0; i < units.length; i++) {
    cumulative += units[i];
    const upTo = (part * cumulative) / total;
    if (upTo === previous) return i;
    previous = upTo;
  }
  return -1;
}

/**
 * Why the router would refuse `amount` over `usage` (sorted, as signed) at split `bps`, in the
 * router's order (hospitals' part, treasury, buy-back, then each hospital); undefined when it splits.
 */
export function splitRefusal(amount: bigint, bps: SplitBps, usage: readonly UsageEntry[]): SplitRefusal | undefined {
  const parts = splitParts(amount, bps);
  const shares = [bps.hospitals, bps.treasury, bps.buyback];
  for (const part of [0, 1, 2] as const) {
    if (shares[part] !== 0n && parts[part] === 0n) return { kind: "part", part, bps: shares[part] };
  }
  const units = usage.map((e) => e.units);
  const totalUnits = units.reduce((sum, u) => sum + u, 0n);
  const index = firstZeroCredit(parts[0], units, totalUnits);
  if (index < 0) return undefined;
  return {
    kind: "hospital",
    hospitalId: Number(usage[index].hospitalId),
    units: units[index],
    totalUnits,
    hospitalsPart: parts[0],
  };
}

/** `sum_{i = 0}^{n - 1} floor((a * i + b) / m)` for `n >= 0`, `m > 0`, `a, b >= 0`, in O(log) steps (Euclid-like). */
export function floorSum(n: bigint, m: bigint, a: bigint, b: bigint): bigint {
  let sum = 0n;
  for (;;) {
    if (a >= m) {
      sum += ((n * (n - 1n)) / 2n) * (a / m);
      a %= m;
    }
    if (b >= m) {
      sum += n * (b / m);
      b %= m;
    }
    const yMax = a * n + b;
    if (yMax < m) return sum;
    n = yMax / m;
    b = yMax % m;
    [m, a] = [a, m];
  }
}

/**
 * The largest hospitals' part `H >= 1` that credits nothing to the hospital whose cumulative units
 * run from `before` to `before + units` of `total`, or 0 when every `H >= 1` credits it.
 *
 * Its credit is `floor(H * (before + units) / total) - floor(H * before / total)`. From
 * `H = ceil(total / units)` on, its exact share `H * units / total` is at least one, so the credit is
 * too. Below, the exact share is below one and the credit is 0 or 1, so the number of parts in
 * `[lo, hi]` that credit it is a difference of two floor sums: a binary search finds the last that
 * does not.
 */
function largestFailingPart(before: bigint, units: bigint, total: bigint): bigint {
  const after = before + units;
  const last = ceilDiv(total, units) - 1n;
  // Parts in [lo, last] crediting nothing: every part there credits 0 or 1.
  const failures = (lo: bigint) =>
    last -
    lo +
    1n -
    (floorSum(last + 1n, total, after, 0n) - floorSum(lo, total, after, 0n)) +
    (floorSum(last + 1n, total, before, 0n) - floorSum(lo, total, before, 0n));
  if (last < 1n || failures(1n) === 0n) return 0n;
  let lo = 1n;
  let hi = last;
  // Invariant: some part in [lo, last] fails; none in [hi + 1, last].
  while (lo < hi) {
    const mid = (lo + hi + 1n) / 2n;
    if (failures(mid) > 0n) lo = mid;
    else hi = mid - 1n;
  }
  return lo;
}

/**
 * The least amount from which every amount splits over `usage` at `bps`: from it on, every party with
 * a share and every hospital gets at least one base unit; the amount just below is refused. (A few
 * smaller amounts may split too: cumulative floors are not monotone.)
 *
 * Each of the three floored parts needs `amount >= ceil(10,000 / bps)`. The hospitals' part must be
 * above every hospital's largest failing part (`largestFailingPart`), and the hospitals' part of
 * `amount` reaches `H` exactly from `amount = ceil(H * 10,000 / hospitalsBps)` on.
 */
export function smallestSplittableAmount(bps: SplitBps, usage: readonly UsageEntry[]): bigint {
  let amount = 1n;
  for (const share of [bps.hospitals, bps.treasury, bps.buyback]) {
    if (share !== 0n && ceilDiv(BPS, share) > amount) amount = ceilDiv(BPS, share);
  }
  const total = usage.reduce((sum, e) => sum + e.units, 0n);
  let part = 1n;
  let before = 0n;
  for (const { units } of usage) {
    const failing = largestFailingPart(before, units, total);
    if (failing + 1n > part) part = failing + 1n;
    before += units;
  }
  const forHospitals = ceilDiv(part * BPS, bps.hospitals);
  return forHospitals > amount ? forHospitals : amount;
}

const POSSESSIVE = ["hospitals'", "treasury's", "buy-back's"] as const;

/** The split as people read it: "40/30/20/10%". */
export function describeSplit(bps: SplitBps): string {
  return `${[bps.hospitals, bps.treasury, bps.buyback, bps.galeon].map((b) => Number(b) / 100).join("/")}%`;
}

/** Why the router would refuse, in a few words ("the treasury's 30% of it would be nothing"). */
export function describeRefusal(refusal: SplitRefusal): string {
  if (refusal.kind === "part") {
    return `the ${POSSESSIVE[refusal.part]} ${Number(refusal.bps) / 100}% of it would be nothing`;
  }
  return (
    `hospital ${refusal.hospitalId} (${refusal.units} of ${refusal.totalUnits} units) would be credited nothing` +
    ` of the hospitals' ${refusal.hospitalsPart} base units`
  );
}
