/**
 * `buyback status [--token SYMBOL|ADDRESS]`: what the buy-back of one payment token (default the
 * stablecoin) has accrued (the router's buy-back balance plus what the burner holds), its last run
 * and the next allowed time, the lot and the largest lot the price band allows, TWAP and spot
 * prices, the observations' age, and whether it is paused.
 */
import { explain, galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { formatTime } from "../../../lib/governance.js";
import { renderTable } from "../../../lib/output.js";
import { duration } from "../../../lib/sentences/buyback.js";
import { ERC20_ABI } from "../../../lib/tokens.js";
import { loadBuyback, observations, PAYEE_BUYBACK } from "./shared.js";

interface StatusArgs extends CommonTaskArgs {
  token?: string;
}

export default galeonAction<StatusArgs, Record<string, unknown>>(async (args, ctx) => {
  const b = await loadBuyback(ctx, args.token);
  const { burner, token, market, params } = b;
  const ethers = await ctx.ethers();
  const erc20 = new ethers.Contract(token.address, ERC20_ABI, ethers.provider);
  const burnerAddress = await burner.getAddress();
  const [inRouter, held, paused, now] = await Promise.all([
    b.router === undefined ? 0n : b.router.payeeBalance(PAYEE_BUYBACK, token.address),
    erc20.balanceOf(burnerAddress) as Promise<bigint>,
    burner.paused(),
    b.now(),
  ]);
  const nextAt = market.lastExecutedAt === 0n ? now : market.lastExecutedAt + params.hop;
  const obs = b.isGaleon ? undefined : await observations(b, now);

  // Prices and the band's lot need a usable observation; otherwise say why, in the chain's words.
  let prices: { twapX112: bigint; spotX112: bigint } | undefined;
  let maxLot: bigint | undefined;
  let pricesUnavailable: string | undefined;
  if (!b.isGaleon) {
    try {
      const [p, m] = await Promise.all([burner.prices(token.address), burner.maxLotForDeviation(token.address)]);
      prices = { twapX112: p.twapX112, spotX112: p.spotX112 };
      maxLot = m;
    } catch (error) {
      pricesUnavailable = (await explain(error, ctx)).line.replace(/^the chain refused: /, "");
    }
  }
  const due = !paused && now >= nextAt;
  const unavailable = `unavailable: ${pricesUnavailable ?? ""}`;
  const rows: string[][] = [
    ["token", `${token.symbol} (${token.address})`],
    ["accrued in the router", b.fmtToken(inRouter)],
    ["held by the burner", b.fmtToken(held)],
    ["accrued in total", b.fmtToken(inRouter + held)],
    ["last run", market.lastExecutedAt === 0n ? "never" : formatTime(market.lastExecutedAt)],
    ["next run allowed", due ? "now" : `${formatTime(nextAt)} (in ${duration(nextAt - now)})`],
    ["lot (most per run)", b.isGaleon ? "whole balance" : b.fmtToken(market.lot)],
    ["max lot for the band", maxLot === undefined ? (b.isGaleon ? "n/a" : unavailable) : b.fmtToken(maxLot)],
    ["TWAP price", prices === undefined ? (b.isGaleon ? "n/a" : unavailable) : b.fmtPrice(prices.twapX112)],
    ["spot price", prices === undefined ? (b.isGaleon ? "n/a" : unavailable) : b.fmtPrice(prices.spotX112)],
    ["band", `±${Number(params.deviationBps) / 100}%`],
    [
      "observation age",
      obs?.newestAge === undefined
        ? "none"
        : `${duration(obs.newestAge)} (window ${duration(params.twapWindow)}, stale after ${duration(params.maxObservationAge)})`,
    ],
    ["paused", paused ? "yes" : "no"],
  ];
  return {
    data: {
      token: token.address,
      symbol: token.symbol,
      decimals: token.decimals,
      accrued: { inRouter, held, total: inRouter + held },
      lastExecutedAt: market.lastExecutedAt === 0n ? null : market.lastExecutedAt,
      nextAllowedAt: nextAt,
      due,
      lot: market.lot,
      maxLot: maxLot ?? null,
      twapX112: prices?.twapX112 ?? null,
      spotX112: prices?.spotX112 ?? null,
      pricesUnavailable: pricesUnavailable ?? null,
      deviationBps: params.deviationBps,
      hop: params.hop,
      twapWindow: params.twapWindow,
      maxObservationAge: params.maxObservationAge,
      observationAge: obs?.newestAge ?? null,
      observationUsable: obs?.usable ?? null,
      paused,
      now,
    },
    text: renderTable(rows),
  };
});
