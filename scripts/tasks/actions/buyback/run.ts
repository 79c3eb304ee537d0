/**
 * `buyback run [--token SYMBOL|ADDRESS]`: a keeper runs the buy-back-and-burn for one payment token
 * (default the deployment's stablecoin). Refuses before sending, in one sentence with the time to
 * wait, when the budget window has spent its lot or the newest observation is too young; records a
 * price observation first when none is usable, and says so. Reports what the run spent and burned
 * and what is left of the window's budget.
 */
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { CliError } from "../../../../domain/errors/refusal.js";
import { formatTime } from "../../../../domain/governance/governance.js";
import { findEvent } from "../../../../domain/chain/logs.js";
import { renderTable } from "../../../lib/output.js";
import { duration } from "../../../../domain/errors/sentences/buyback.js";
import { budgetWindow, loadBuyback, observations, PAYEE_BUYBACK } from "./shared.js";

interface RunArgs extends CommonTaskArgs {
  token?: string;
}

export default galeonAction<RunArgs, Record<string, unknown>>(async (args, ctx) => {
  const b = await loadBuyback(ctx, args.token);
  const { burner, token } = b;
  // Amounts in the chain's refusals (nothing to spend, ...) in token units.
  ctx.useTokens([token], token);
  const paused = await burner.paused();
  if (paused) throw new CliError("the buy-back is paused by the guardian: nothing can run until it is unpaused");
  let now = await b.now();
  if (!b.isGaleon) {
    const window = budgetWindow(b.market.windowStart, b.market.spent, b.market.lot, b.params.hop, now);
    if (window.open && window.remaining === 0n) {
      const closesAt = window.closesAt!;
      throw new CliError(
        `the buy-back of ${token.symbol} spent its whole lot (${b.fmtToken(b.market.lot)}) in the window opened at` +
          ` ${formatTime(window.openedAt!)}: the next is allowed at ${formatTime(closesAt)}, in ${duration(closesAt - now)}`,
      );
    }
  }

  let observationRecorded: string | null = null;
  if (!b.isGaleon) {
    const obs = await observations(b, now);
    if (!obs.usable) {
      if (obs.waitForWindow !== undefined) {
        throw new CliError(
          `the price observation of ${token.symbol} is ${duration(obs.newestAge!)} old but the average needs` +
            ` ${duration(b.params.twapWindow)}: run again in ${duration(obs.waitForWindow)}`,
        );
      }
      // None usable and recording is allowed: record one; the buy-back can run a window later.
      const receipt = await ctx.confirm("recording a price observation", burner.recordObservation(token.address));
      observationRecorded = receipt.hash;
      now = BigInt((await receipt.getBlock()).timestamp);
      const at = now + b.params.twapWindow;
      const text =
        `No usable price observation of ${token.symbol}: recorded one (transaction ${receipt.hash}).\n` +
        `The buy-back can run after the ${duration(b.params.twapWindow)} averaging window: at ${formatTime(at)}.`;
      return {
        data: { token: token.address, symbol: token.symbol, observationRecorded, executed: false, runnableAt: at },
        text,
      };
    }
  }

  if (b.isGaleon) {
    // $GALEON is burned directly: nothing to burn is known before sending, and said in $GALEON.
    const burnerAddress = await burner.getAddress();
    const [inRouter, held] = await Promise.all([
      b.router === undefined ? 0n : b.router.payeeBalance(PAYEE_BUYBACK, token.address),
      b.galeon.balanceOf(burnerAddress),
    ]);
    if (inRouter + held === 0n) {
      throw new CliError(
        `nothing to burn: the router holds ${b.fmtToken(0n)} for the buy-back and the burner holds ${b.fmtToken(0n)};` +
          ` $GALEON accrues when a quote is paid in $GALEON`,
      );
    }
  }

  // Every other refusal (band, nothing to spend, ...) is the chain's, decoded into one sentence.
  await burner.execute.staticCall(token.address);
  const supplyBefore = await b.galeon.totalSupply();
  const receipt = await ctx.confirm(`buying back with ${token.symbol}`, burner.execute(token.address));
  const supplyAfter = await b.galeon.totalSupply();
  const event = findEvent(burner.interface, receipt.logs, "BuybackExecuted");
  if (event === undefined) throw new Error(`transaction ${receipt.hash} executed no buy-back`);
  const amountIn = event.args.amountIn as bigint;
  const galeonBurned = event.args.galeonBurned as bigint;
  const twapX112 = event.args.twapX112 as bigint;
  const minOut = event.args.minOut as bigint;
  const rows: string[][] = [
    ["spent", b.fmtToken(amountIn)],
    ["$GALEON burned", b.fmtGaleon(galeonBurned)],
    ["reference price (TWAP)", b.isGaleon ? "none (direct burn)" : b.fmtPrice(twapX112)],
    ["least output accepted (minOut)", b.fmtGaleon(minOut)],
    ["supply before", b.fmtGaleon(supplyBefore)],
    ["supply after", b.fmtGaleon(supplyAfter)],
  ];
  const data: Record<string, unknown> = {
    token: token.address,
    symbol: token.symbol,
    observationRecorded,
    executed: true,
    amountIn,
    galeonBurned,
    twapX112,
    minOut,
    supplyBefore,
    supplyAfter,
    transaction: receipt.hash,
  };
  if (!b.isGaleon) {
    const [, lot, windowStart, spent] = await burner.market(token.address, { blockTag: receipt.blockNumber });
    const window = budgetWindow(windowStart, spent, lot, b.params.hop, windowStart);
    rows.push(
      ["budget window", `opened ${formatTime(windowStart)}, closes ${formatTime(window.closesAt!)}`],
      ["spent in this window", `${b.fmtToken(spent)} of ${b.fmtToken(lot)}`],
      ["budget left until it closes", b.fmtToken(window.remaining)],
    );
    Object.assign(data, {
      windowStart,
      windowEnd: window.closesAt,
      windowSpent: spent,
      budgetRemaining: window.remaining,
    });
  }
  return { data, text: `Buy-back executed (transaction ${receipt.hash})\n\n${renderTable(rows)}` };
});
