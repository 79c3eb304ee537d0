/**
 * `buyback run [--token SYMBOL|ADDRESS]`: a keeper runs the buy-back-and-burn for one payment token
 * (default the deployment's stablecoin). Records a price observation first when none is usable,
 * and says so; refuses before sending, in one sentence with the time to wait, when the hop has not
 * elapsed or the averaging window is too short.
 */
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { CliError } from "../../../lib/errors.js";
import { formatTime } from "../../../lib/governance.js";
import { findEvent } from "../../../lib/logs.js";
import { renderTable } from "../../../lib/output.js";
import { duration } from "../../../lib/sentences/buyback.js";
import { loadBuyback, observations } from "./shared.js";

interface RunArgs extends CommonTaskArgs {
  token?: string;
}

export default galeonAction<RunArgs, Record<string, unknown>>(async (args, ctx) => {
  const b = await loadBuyback(ctx, args.token);
  const { burner, token } = b;
  const paused = await burner.paused();
  if (paused) throw new CliError("the buy-back is paused by the guardian: nothing can run until it is unpaused");
  let now = await b.now();
  if (!b.isGaleon) {
    const nextAt = b.market.lastExecutedAt + b.params.hop;
    if (b.market.lastExecutedAt !== 0n && now < nextAt) {
      throw new CliError(
        `the last buy-back of ${token.symbol} ran at ${formatTime(b.market.lastExecutedAt)}: the next is allowed at` +
          ` ${formatTime(nextAt)}, in ${duration(nextAt - now)}`,
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
      now = await b.now();
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
  const nextAt = BigInt((await receipt.getBlock()).timestamp) + b.params.hop;
  const rows: string[][] = [
    ["spent", b.fmtToken(amountIn)],
    ["$GALEON burned", b.fmtGaleon(galeonBurned)],
    ["reference price (TWAP)", b.isGaleon ? "none (direct burn)" : b.fmtPrice(twapX112)],
    ["least output accepted (minOut)", b.fmtGaleon(minOut)],
    ["supply before", b.fmtGaleon(supplyBefore)],
    ["supply after", b.fmtGaleon(supplyAfter)],
    ["next buy-back allowed", formatTime(nextAt)],
  ];
  return {
    data: {
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
      nextAt,
      transaction: receipt.hash,
    },
    text: `Buy-back executed (transaction ${receipt.hash})\n\n${renderTable(rows)}`,
  };
});
