/**
 * `buyer settle --settlement FILE [--dry-run]`: submits the attestor's settlement of a metered job
 * (written by `attestor settle`). Anyone may; above the lock's auto-settle limit only its buyer, who
 * co-signs the very settlement. The file is checked (the router's attestor signed it, for this chain,
 * router and escrow), then checked as the escrow will and simulated whole before anything is sent. The
 * escrow pays the amount due into the router's split and returns the rest of the lock to its payer in
 * the same transaction.
 */
import { verifyTypedData } from "ethers";

import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { CliError, environmentError } from "../../../../domain/errors/refusal.js";
import { jobEscrow } from "../../../lib/escrow.js";
import { readInputFile } from "../../../lib/files.js";
import { required, router as routerOf } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";
import { QUOTE_TYPES, routerDomain } from "../../../../domain/quotes/quote.js";
import { parseQuoteFile } from "../../../../domain/quotes/quoteFile.js";
import { checkSettlement, submitSettlement } from "../../../lib/settlement.js";
import { tokenInfo } from "../../../../domain/amounts/tokens.js";

interface BuyerSettleArgs extends CommonTaskArgs {
  settlement?: string;
  dryRun: boolean;
}

export default galeonAction<BuyerSettleArgs, Record<string, unknown>>(async (args, ctx) => {
  const file = required(args.settlement, "--settlement", "the settlement file written by `attestor settle`");
  const loaded = parseQuoteFile(await readInputFile(file, "--settlement file"), file);
  const { quote, signature } = loaded;
  const { chainId } = await ctx.network();
  if (loaded.chainId !== chainId) {
    throw environmentError(`${file} is for chain ${loaded.chainId}, but the network is chain ${chainId}`);
  }
  const router = await routerOf(ctx);
  const routerAddress = await router.getAddress();
  if (loaded.router !== routerAddress) {
    throw environmentError(`${file} is for the router ${loaded.router}, not this deployment's ${routerAddress}`);
  }
  const attestor = await router.attestor();
  let recovered: string | undefined;
  try {
    recovered = verifyTypedData(routerDomain(BigInt(chainId), routerAddress), QUOTE_TYPES, quote, signature);
  } catch {
    recovered = undefined;
  }
  if (recovered !== attestor) {
    throw new CliError(
      `the settlement was altered, or not signed by the attestor (the router's attestor is ${attestor}): ask the attestor for a new one`,
    );
  }
  const escrow = await jobEscrow(ctx);
  const token = await tokenInfo((await ctx.ethers()).provider, quote.token);
  ctx.useTokens([], token);
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  const { lock } = await checkSettlement(ctx, escrow, quote, token);
  const signer = await ctx.signer();
  const outcome = await submitSettlement(ctx, {
    escrow,
    router,
    quote,
    signature,
    lock,
    signer,
    dryRun: args.dryRun,
    token,
  });
  const rows: string[][] = [
    ["lock id", quote.accessId],
    ["buyer", quote.buyer],
    ["locked", fmt(lock.maxAmount)],
    ["due", fmt(quote.amount)],
    ["back to the payer", `${fmt(lock.maxAmount - quote.amount)} (${lock.payer})`],
  ];
  if (outcome === undefined) {
    return {
      data: {
        dryRun: true,
        sent: false,
        simulated: true,
        lockId: quote.accessId,
        amount: quote.amount,
        refund: lock.maxAmount - quote.amount,
      },
      text: `Dry run, nothing sent: submitting ${file} was simulated against the next block and would go through.\n\n${renderTable(rows)}`,
    };
  }
  return {
    data: { ...outcome, symbol: token.symbol, token: quote.token, buyer: quote.buyer },
    text:
      `Settled lock ${quote.accessId}: ${fmt(outcome.paid)} paid into the split, ${fmt(outcome.returned)} back to` +
      ` ${outcome.payer}, transaction ${outcome.transaction}\n\n${renderTable(rows)}` +
      (outcome.credits.length === 0
        ? ""
        : `\n\n${renderTable(
            outcome.credits.map((c) => [`hospital ${c.hospitalId}`, c.units.toString(), fmt(c.credit)]),
            ["credited to", "units", "credit"],
          )}`),
  };
});
