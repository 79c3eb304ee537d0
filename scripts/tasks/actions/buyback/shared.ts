/** What the `buyback` actions share: the burner, the token (`--token`, default the stablecoin), prices, observations. */
import { formatAmount } from "../../../lib/amounts.js";
import type { TaskContext } from "../../../lib/context.js";
import { FUTURES } from "../../../lib/deployment.js";
import { CliError, environmentError, EXIT } from "../../../lib/errors.js";
import { defaultStablecoin, resolveDeploymentToken, tokenInfo, type TokenInfo } from "../../../lib/tokens.js";
import type { BuybackBurner, DataAccessRouter, GaleonToken } from "../../../../typechain-types/index.js";

/** The router's payee index of the buy-back (`Payee.Buyback`). */
export const PAYEE_BUYBACK = 1;

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
  if (!isGaleon && market.pair === "0x0000000000000000000000000000000000000000") {
    throw new CliError(`the buy-back has no pair for ${token.symbol} (${token.address}): nothing to run or show`);
  }
  const now = async () => BigInt((await provider.getBlock("latest"))!.timestamp);
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
    fmtToken: (v: bigint) => formatAmount(v, token.decimals, token.symbol),
    fmtGaleon: (v: bigint) => formatAmount(v, galeonDecimals, galeonSymbol),
    /** A UQ112x112 price of $GALEON base units per token base unit, as "$GALEON per 1 token". */
    fmtPrice: (x112: bigint) =>
      `${formatAmount((x112 * 10n ** BigInt(token.decimals)) >> 112n, galeonDecimals, galeonSymbol)} per ${token.symbol}`,
  };
}

export type Buyback = Awaited<ReturnType<typeof loadBuyback>>;

/**
 * The burner's two observations and which one `execute` would use now: the newest when at least
 * `twapWindow` old, else the other; usable when that one is also at most `maxObservationAge` old.
 */
export async function observations(b: Buyback, now: bigint) {
  const stored = await Promise.all([0, 1].map((i) => b.burner.observation(b.token.address, i)));
  const ages = stored.map((o) => (o.timestamp === 0n ? undefined : now - o.timestamp));
  const present = ages.filter((a): a is bigint => a !== undefined).sort((x, y) => (x < y ? -1 : 1));
  const window = b.params.twapWindow;
  const used = present.find((age) => age >= window);
  const newest = present[0];
  return {
    newestAge: newest,
    usedAge: used,
    usable: used !== undefined && used <= b.params.maxObservationAge,
    /** Whether `recordObservation` is allowed now. */
    canRecord: newest === undefined || newest >= window,
    /** Seconds until the newest observation is old enough to use (undefined when it already is). */
    waitForWindow: newest !== undefined && newest < window ? window - newest : undefined,
  };
}
