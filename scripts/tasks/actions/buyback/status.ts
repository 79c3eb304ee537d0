/**
 * `buyback status [--token SYMBOL|ADDRESS]`: what the buy-back of one payment token (default the
 * stablecoin) has accrued (the router's buy-back balance plus what the burner holds); its budget
 * window (when it opened and closes, what it spent, what is left of the lot); the spot price read
 * straight from the pair, the TWAP when an observation is usable (else why not, said once), the
 * largest amount the band allows now and what a run would spend; the observations; paused.
 */
import { explain, galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { formatTime } from "../../../../domain/governance/governance.js";
import { renderTable } from "../../../lib/output.js";
import { duration } from "../../../../domain/errors/sentences/buyback.js";
import { ERC20_ABI } from "../../../../domain/amounts/tokens.js";
import { budgetWindow, loadBuyback, observations, PAYEE_BUYBACK, spendableNow } from "./shared.js";

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
  const accrued = inRouter + held;
  const rows: string[][] = [
    ["token", `${token.symbol} (${token.address})`],
    ["accrued in the router", b.fmtToken(inRouter)],
    ["held by the burner", b.fmtToken(held)],
    ["accrued in total", b.fmtToken(accrued)],
  ];
  const common = { token: token.address, symbol: token.symbol, decimals: token.decimals, paused, now };
  const accruedJson = { inRouter, held, total: accrued };

  if (b.isGaleon) {
    rows.push(["run", "burns the whole balance, no swap, no budget"], ["paused", paused ? "yes" : "no"]);
    return {
      data: { ...common, accrued: accruedJson, due: !paused && accrued > 0n },
      text: renderTable(rows),
    };
  }

  const window = budgetWindow(market.windowStart, market.spent, market.lot, params.hop, now);
  const [obs, spotX112] = await Promise.all([observations(b, now), b.spotX112()]);

  // The TWAP and the band's room need a usable observation; otherwise say why, once, in the chain's words.
  let twapX112: bigint | undefined;
  let maxLot: bigint | undefined;
  let twapUnavailable: string | undefined;
  try {
    const [[twap], band] = await Promise.all([burner.prices(token.address), burner.maxLotForDeviation(token.address)]);
    [twapX112, maxLot] = [twap, band];
  } catch (error) {
    twapUnavailable = (await explain(error, ctx)).line.replace(/^the chain refused: /, "");
  }
  const wouldSpend = maxLot === undefined ? undefined : spendableNow(accrued, window.remaining, maxLot);
  const due = !paused && window.remaining > 0n;
  const nextAllowedAt = window.remaining > 0n ? now : window.closesAt!;
  const needsTwap = "needs the TWAP";
  // Each thing once: the observations row already says why no observation is usable.
  const twapRow =
    twapX112 !== undefined
      ? b.fmtPrice(twapX112)
      : obs.usable
        ? `unavailable: ${twapUnavailable}`
        : "unavailable until an observation is usable (above)";

  rows.push(
    [
      "budget window",
      window.open
        ? `opened ${formatTime(window.openedAt!)}, closes ${formatTime(window.closesAt!)} (in ${duration(window.closesAt! - now)})`
        : `none open: the next run opens one for ${duration(params.hop)}`,
    ],
    ["lot (most per window)", b.fmtToken(market.lot)],
    ["spent in this window", b.fmtToken(window.spent)],
    [
      "budget left",
      window.remaining > 0n ? b.fmtToken(window.remaining) : `none until ${formatTime(window.closesAt!)}`,
    ],
    ["spot price (pair)", spotX112 === 0n ? "empty pair" : b.fmtPrice(spotX112)],
    ["observations", describeObservations(obs, params.twapWindow, params.maxObservationAge)],
    ["TWAP price", twapRow],
    ["band", `±${Number(params.deviationBps) / 100}% around the TWAP, before and after each swap`],
    ["largest amount the band allows now", maxLot === undefined ? needsTwap : b.fmtToken(maxLot)],
    ["a run now would spend", wouldSpend === undefined ? needsTwap : b.fmtToken(wouldSpend)],
    ["paused", paused ? "yes" : "no"],
  );
  return {
    data: {
      ...common,
      accrued: accruedJson,
      lot: market.lot,
      hop: params.hop,
      windowStart: window.openedAt ?? null,
      windowEnd: window.closesAt ?? null,
      windowSpent: window.spent,
      budgetRemaining: window.remaining,
      nextAllowedAt,
      due,
      spotX112,
      twapX112: twapX112 ?? null,
      twapUnavailable: twapUnavailable ?? null,
      maxLot: maxLot ?? null,
      wouldSpend: wouldSpend ?? null,
      deviationBps: params.deviationBps,
      twapWindow: params.twapWindow,
      maxObservationAge: params.maxObservationAge,
      observationAge: obs.newestAge ?? null,
      observationUsable: obs.usable,
    },
    text: renderTable(rows),
  };
});

function describeObservations(obs: Awaited<ReturnType<typeof observations>>, window: bigint, maxAge: bigint): string {
  const limits = `(window ${duration(window)}, stale after ${duration(maxAge)})`;
  if (obs.newestAge === undefined) return `none recorded ${limits}`;
  const newest = `newest ${duration(obs.newestAge)} old`;
  if (obs.usable) {
    return obs.usedAge === obs.newestAge
      ? `${newest}, in use ${limits}`
      : `${newest}; the previous one (${duration(obs.usedAge!)} old) in use ${limits}`;
  }
  if (obs.waitForWindow !== undefined) return `${newest}: usable in ${duration(obs.waitForWindow)} ${limits}`;
  return `${newest}: stale, record a new one ${limits}`;
}
