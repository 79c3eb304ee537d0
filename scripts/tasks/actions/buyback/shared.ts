/**
 * What the `buyback` actions share: the burner, the token (`--token`, default the stablecoin), the
 * budget window, the spot price read straight from the pair, and the observations as `execute`
 * sees them. The pure parts (`budgetWindow`, `observationState`, `spendableNow`) are unit-tested.
 */
import { Contract } from "ethers";

import { formatAmount } from "../../../../domain/amounts/amounts.js";
import type { TaskContext } from "../../../lib/context.js";
import { FUTURES } from "../../../../domain/chain/futures.js";
import { CliError, environmentError, EXIT } from "../../../../domain/errors/refusal.js";
import { defaultStablecoin, resolveDeploymentToken } from "../../../lib/tokens.js";
import { tokenInfo, type TokenInfo } from "../../../../domain/amounts/tokens.js";
import type { BuybackBurner, DataAccessRouter, GaleonToken } from "../../../../typechain-types/index.js";

/** The router's payee index of the buy-back (`Payee.Buyback`). */
export const PAYEE_BUYBACK = 1;

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

const PAIR_ABI = [
  "function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)",
  "function token0() view returns (address)",
];

export async function loadBuyback(ctx: TaskContext, tokenArg: string | undefined) {
  const deployment = await ctx.deployment();
  const ethers = await ctx.ethers();
  const provider = ethers.provider;
  let token: TokenInfo;
  if (tokenArg === undefined || tokenArg === "") {
    const stablecoin = defaultStablecoin(deployment);
    if (stablecoin === undefined) {
      throw environmentError(`deployment ${deployment.id} names no stablecoin: pass --token SYMBOL|ADDRESS`);
    }
    token = await tokenInfo(provider, stablecoin, EXIT.BAD_INPUT);
  } else {
    token = await resolveDeploymentToken(provider, deployment, tokenArg);
  }
  const burner = await ctx.contract<BuybackBurner>(FUTURES.burner);
  const galeon = await ctx.contract<GaleonToken>(FUTURES.galeonToken);
  const router = deployment.has(FUTURES.router) ? await ctx.contract<DataAccessRouter>(FUTURES.router) : undefined;
  const [galeonSymbol, galeonDecimals] = await Promise.all([galeon.symbol(), galeon.decimals()]);
  const isGaleon = token.address.toLowerCase() === (await galeon.getAddress()).toLowerCase();
  const [market, params] = await Promise.all([burner.market(token.address), burner.parameters()]);
  if (!isGaleon && market.pair === ZERO_ADDRESS) {
    throw new CliError(`the buy-back has no pair for ${token.symbol} (${token.address}): nothing to run or show`);
  }
  const now = async () => BigInt((await provider.getBlock("latest"))!.timestamp);
  const fmtToken = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  return {
    deployment,
    provider,
    token,
    burner,
    galeon,
    router,
    isGaleon,
    market,
    params,
    now,
    fmtToken,
    fmtGaleon: (v: bigint) => formatAmount(v, galeonDecimals, galeonSymbol),
    /** A UQ112x112 price of $GALEON base units per token base unit, as "$GALEON per 1 token". */
    fmtPrice: (x112: bigint) =>
      `${formatAmount((x112 * 10n ** BigInt(token.decimals)) >> 112n, galeonDecimals, galeonSymbol)} per ${token.symbol}`,
    /** The pair's spot price ($GALEON per token, UQ112x112) from its reserves: no observation needed. */
    spotX112: async () => {
      const pair = new Contract(market.pair, PAIR_ABI, provider);
      const [[reserve0, reserve1], token0] = await Promise.all([
        pair.getReserves() as Promise<[bigint, bigint, bigint]>,
        pair.token0() as Promise<string>,
      ]);
      const tokenIs0 = token0.toLowerCase() === token.address.toLowerCase();
      const [reserveIn, reserveOut] = tokenIs0 ? [reserve0, reserve1] : [reserve1, reserve0];
      return reserveIn === 0n ? 0n : (reserveOut << 112n) / reserveIn;
    },
  };
}

export type Buyback = Awaited<ReturnType<typeof loadBuyback>>;

/** The budget window as `execute` would find it now. */
export interface BudgetWindow {
  /** When the last window opened (undefined: none yet). */
  openedAt?: bigint;
  /** When it closes; the first run from then opens the next (undefined: none open). */
  closesAt?: bigint;
  /** Whether a window is open now. */
  open: boolean;
  /** What the open window spent (zero when none is open). */
  spent: bigint;
  /** What a run may still spend before the window closes, whatever the balance and the band. */
  remaining: bigint;
}

/** The window from the burner's `market` (windowStart, spent), its lot and hop, at `now`. */
export function budgetWindow(windowStart: bigint, spent: bigint, lot: bigint, hop: bigint, now: bigint): BudgetWindow {
  if (windowStart === 0n) return { open: false, spent: 0n, remaining: lot };
  const closesAt = windowStart + hop;
  if (now >= closesAt) return { openedAt: windowStart, open: false, spent: 0n, remaining: lot };
  return { openedAt: windowStart, closesAt, open: true, spent, remaining: lot > spent ? lot - spent : 0n };
}

/** The observations as `execute` reads them at `now`. */
export interface ObservationState {
  /** Age of the newest observation (undefined: none recorded). */
  newestAge?: bigint;
  /** Age of the observation `execute` would use (undefined: none usable). */
  usedAge?: bigint;
  usable: boolean;
  /** Whether `recordObservation` is allowed now. */
  canRecord: boolean;
  /** Seconds until the newest becomes usable, when it is the one to wait for. */
  waitForWindow?: bigint;
  /** The newest is old enough but older than `maxObservationAge` (or none exists): record one. */
  stale: boolean;
}

/**
 * Mirrors the burner: the newest observation when it is at least `twapWindow` old (usable while at
 * most `maxObservationAge` old); else the previous one while it is not stale; else the newest is the
 * one to wait for.
 */
export function observationState(
  timestamps: readonly bigint[],
  now: bigint,
  twapWindow: bigint,
  maxObservationAge: bigint,
): ObservationState {
  const ages = timestamps
    .filter((t) => t !== 0n)
    .map((t) => now - t)
    .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const [newestAge, olderAge] = ages;
  if (newestAge === undefined) return { usable: false, canRecord: true, stale: true };
  const canRecord = newestAge >= twapWindow;
  if (newestAge >= twapWindow) {
    const usable = newestAge <= maxObservationAge;
    return { newestAge, usedAge: usable ? newestAge : undefined, usable, canRecord, stale: !usable };
  }
  if (olderAge !== undefined && olderAge <= maxObservationAge && olderAge >= twapWindow) {
    return { newestAge, usedAge: olderAge, usable: true, canRecord, stale: false };
  }
  return { newestAge, usable: false, canRecord, waitForWindow: twapWindow - newestAge, stale: false };
}

/** The burner's two observations, read and judged at `now`. */
export async function observations(b: Buyback, now: bigint): Promise<ObservationState> {
  const stored = await Promise.all([0, 1].map((i) => b.burner.observation(b.token.address, i)));
  return observationState(
    stored.map((o) => o.timestamp),
    now,
    b.params.twapWindow,
    b.params.maxObservationAge,
  );
}

/** What a run would spend now: min(accrued, what the window has left, what the band allows). */
export function spendableNow(accrued: bigint, remaining: bigint, band: bigint): bigint {
  return [accrued, remaining, band].reduce((a, b) => (a < b ? a : b));
}
