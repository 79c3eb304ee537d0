/**
 * `buyer pay --quote FILE [--permit] [--max AMOUNT] [--margin 2m] [--dry-run]`: a payment that never
 * half-happens. Before anything is sent it checks the quote (network, router, the attestor's
 * signature first, then who may pay, the deadline against the next block's time with a safety
 * margin, access id, token, hospitals, price, balance) and simulates the whole purchase against the
 * next block with the approval already in place (an `eth_call` state override of the allowance, or
 * the signed permit). Only then does it approve (if needed) and pay. Should a step fail after the
 * approval was sent, the sentence lists what was sent, the allowance left, and the command that
 * resets it. `--dry-run` prints what would be paid and to whom, and sends nothing.
 */
import { Contract, type ContractTransactionResponse } from "ethers";

import { findAllowanceSlot, storageOverride } from "../../../../domain/chain/allowance.js";
import { formatAmount, parseAmount } from "../../../../domain/amounts/amounts.js";
import { explainError, galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs, TaskContext } from "../../../lib/context.js";
import { CliError } from "../../../../domain/errors/refusal.js";
import { readInputFile } from "../../../lib/files.js";
import { findEvent } from "../../../../domain/chain/logs.js";
import { nextBlockTime, PAYEE, required, router as routerOf } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";
import { type Quote, unpackUsage } from "../../../../domain/quotes/quote.js";
import {
  afterApprovalSentence,
  checkQuote,
  checkQuoteNetwork,
  CLI_HINTS,
  DEFAULT_MARGIN,
  type QuoteTokenReader,
} from "../../../../domain/quotes/quoteCheck.js";
import { isoSeconds, parseQuoteFile } from "../../../../domain/quotes/quoteFile.js";
import { type PermitArgs, signPermit } from "../../../../domain/chain/permit.js";
import { previewSplit } from "../../../../domain/quotes/split.js";
import { ERC20_ABI, tokenInfo, type TokenInfo } from "../../../../domain/amounts/tokens.js";
import { parseDuration } from "../../../../domain/quotes/usage.js";
import type { DataAccessRouter } from "../../../../typechain-types/index.js";

interface PayArgs extends CommonTaskArgs {
  quote?: string;
  permit: boolean;
  max?: string;
  margin?: string;
  dryRun: boolean;
}

export default galeonAction<PayArgs, Record<string, unknown>>(async (args, ctx) => {
  const file = required(args.quote, "--quote", "the quote file written by `attestor sign-quote`");
  const margin = args.margin?.trim() === "0" ? 0n : parseDuration(args.margin ?? DEFAULT_MARGIN, "--margin");
  const loaded = parseQuoteFile(await readInputFile(file, "--quote file"), file);
  const { quote, signature } = loaded;

  const { chainId } = await ctx.network();
  const router = await routerOf(ctx);
  const routerAddress = await router.getAddress();
  // Network and router first: the token is read on this chain only if the quote is for it.
  checkQuoteNetwork(loaded, file, chainId, routerAddress);
  const provider = (await ctx.ethers()).provider;
  const token = await tokenInfo(provider, quote.token);
  ctx.useTokens([], token);
  // Malformed --max is bad input: checked before anything is sent or compared.
  const maxAmount =
    args.max === undefined
      ? quote.amount
      : parseAmount(args.max, token.decimals, { label: "--max", symbol: token.symbol });
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);

  const signer = await ctx.signer();
  const me = signer.address;
  const next = await nextBlockTime(ctx);
  const erc20 = new Contract(quote.token, ERC20_ABI, signer);
  // The signature before anything else (an altered quote names nobody who may pay), then every field:
  // the checks and sentences the wallet app shares (domain/quotes/quoteCheck.ts).
  const { renewed, allowance } = await checkQuote({
    loaded,
    file,
    chainId,
    routerAddress,
    router,
    token,
    erc20: erc20 as unknown as QuoteTokenReader,
    payer: me,
    nextBlockTime: next.time,
    margin,
    maxAmount,
    hints: CLI_HINTS,
  });

  // The whole payment, simulated against the next block with the approval (or the permit) in place.
  const approvalNeeded = !args.permit && allowance < quote.amount;
  const { connection } = await ctx.network();
  let permitArgs: PermitArgs | undefined;
  if (args.permit && !args.dryRun) {
    permitArgs = await signPermit(signer, quote.token, routerAddress, quote.amount, quote.deadline);
    const data = router.interface.encodeFunctionData("purchaseWithPermit", [
      quote,
      signature,
      maxAmount,
      ...permitArgs,
    ]);
    await ctx.simulate("the payment", { from: me, to: routerAddress, data });
  } else {
    let overrides: Record<string, unknown> | undefined;
    if (allowance < quote.amount) {
      const slot = await findAllowanceSlot(connection.provider, quote.token, me, routerAddress, "pending");
      if (slot === undefined) {
        throw new CliError(
          `cannot simulate the payment with the approval in place (the storage of ${token.symbol}'s allowances is` +
            ` not recognised, or the node refuses eth_call state overrides), so nothing was sent:` +
            ` pay with --permit if ${token.symbol} supports EIP-2612`,
        );
      }
      overrides = storageOverride(quote.token, slot, quote.amount);
    }
    const data = router.interface.encodeFunctionData("purchase", [quote, signature, maxAmount]);
    await ctx.simulate("the payment", { from: me, to: routerAddress, data }, overrides);
  }

  if (args.dryRun)
    return await dryRun(ctx, {
      router,
      quote,
      token,
      me,
      maxAmount,
      allowance,
      approvalNeeded,
      next,
      file,
      permit: args.permit,
      renewed,
    });

  // Send: the approval if needed, then the purchase. Anything after the approval is reported with its undo.
  let purchaseReceipt;
  let approvalHash: string | undefined;
  try {
    if (approvalNeeded) {
      const approval = await ctx.confirm(
        "approval",
        erc20.approve(routerAddress, quote.amount) as Promise<ContractTransactionResponse>,
      );
      approvalHash = approval.hash;
    }
    const sending =
      permitArgs === undefined
        ? router.purchase(quote, signature, maxAmount)
        : router.purchaseWithPermit(quote, signature, maxAmount, ...permitArgs);
    purchaseReceipt = await ctx.confirm("purchase", sending);
  } catch (error) {
    if (approvalHash === undefined) throw error;
    throw await afterApproval(ctx, error, { erc20, token, me, routerAddress, approvalHash });
  }
  const transactions: Record<string, string> = { purchase: purchaseReceipt.hash };
  if (approvalHash !== undefined) transactions.approval = approvalHash;

  const event = findEvent(router.interface, purchaseReceipt.logs, "Purchased");
  if (event === undefined) throw new CliError(`transaction ${purchaseReceipt.hash} emitted no Purchased event`);
  const parts = (event.args.parts as bigint[]).map((p) => BigInt(p));
  const credits = (event.args.credits as bigint[]).map((c, i) => ({
    hospitalId: Number(unpackUsage(BigInt(event.args.usage[i] as bigint)).hospitalId),
    units: unpackUsage(BigInt(event.args.usage[i] as bigint)).units,
    credit: BigInt(c),
  }));
  const split = { hospitals: parts[0], treasury: parts[1], buyback: parts[2], galeon: parts[3] };
  const bps = (await router.split({ blockTag: purchaseReceipt.blockNumber })).map(Number);
  const pct = (i: number) => `${bps[i] / 100}%`;
  const rows: string[][] = [
    [`hospitals (${pct(0)})`, fmt(split.hospitals)],
    [`treasury (${pct(1)})`, fmt(split.treasury)],
    [`buy-back (${pct(2)})`, fmt(split.buyback)],
    [`Galeon (${pct(3)})`, fmt(split.galeon)],
  ];
  const hospitalRows = credits.map((c) => [`hospital ${c.hospitalId}`, c.units.toString(), fmt(c.credit)]);
  return {
    data: {
      accessId: quote.accessId,
      buyer: quote.buyer,
      payer: me,
      token: quote.token,
      symbol: token.symbol,
      amount: quote.amount,
      accessExpiry: quote.accessExpiry,
      permitId: quote.permitId,
      permitExpiry: quote.permitExpiry,
      renews: renewed === undefined ? null : { accessId: quote.renews, previousExpiry: renewed.expiry },
      permit: args.permit,
      split,
      credits,
      transactions,
      block: purchaseReceipt.blockNumber,
    },
    text:
      `Paid ${fmt(quote.amount)} for access ${quote.accessId} (buyer ${quote.buyer}, until ` +
      `${isoSeconds(quote.accessExpiry)}), transaction ${purchaseReceipt.hash}\n` +
      permitLine(quote, renewed) +
      `\n\n${renderTable(rows, ["split", "amount"])}\n\n${renderTable(hospitalRows, ["credited to", "units", "credit"])}`,
  };
});

/**
 * The sentence of a failure after the approval was sent: what failed, what was sent, the allowance
 * left, and how to reset it (the task, and the raw transaction for any wallet).
 */
async function afterApproval(
  ctx: TaskContext,
  error: unknown,
  sent: { erc20: Contract; token: TokenInfo; me: string; routerAddress: string; approvalHash: string },
): Promise<CliError> {
  const { line } = await explainError(error, ctx);
  const left = await (sent.erc20.allowance(sent.me, sent.routerAddress) as Promise<bigint>).catch(() => undefined);
  const purchase = ctx.sent.find((t) => t.label === "purchase");
  const failure = new CliError(
    afterApprovalSentence({
      line,
      approvalHash: sent.approvalHash,
      purchase: purchase === undefined ? undefined : { hash: purchase.hash, confirmed: purchase.confirmed },
      routerAddress: sent.routerAddress,
      me: sent.me,
      token: sent.token,
      left,
      undo: ctx.command(["buyer", "unapprove", "--token", sent.token.symbol], sent.me),
      undoData: sent.erc20.interface.encodeFunctionData("approve", [sent.routerAddress, 0n]),
    }),
  );
  failure.reportsSent = true;
  return failure;
}

/** `--dry-run`: the payment as it would happen, simulated; nothing sent. */
async function dryRun(
  ctx: TaskContext,
  plan: {
    router: DataAccessRouter;
    quote: Quote;
    token: TokenInfo;
    me: string;
    maxAmount: bigint;
    allowance: bigint;
    approvalNeeded: boolean;
    next: { time: bigint };
    file: string;
    permit: boolean;
    renewed: { expiry: bigint } | undefined;
  },
) {
  const { router, quote, token, me } = plan;
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  const routerAddress = await router.getAddress();
  const [bps, payees, payouts] = await Promise.all([
    router.split().then((s) => s.map((b) => BigInt(b)) as [bigint, bigint, bigint, bigint]),
    Promise.all([PAYEE.treasury, PAYEE.buyback, PAYEE.galeon].map((p) => router.payeeAddress(p))),
    Promise.all(quote.usage.map((w) => router.payoutOf(unpackUsage(w).hospitalId))),
  ]);
  const preview = previewSplit(quote.amount, bps, quote.usage);
  const [h, t, b, g] = preview.parts;
  const split = {
    hospitals: { amount: h, to: "hospitals" },
    treasury: { amount: t, to: payees[0] },
    buyback: { amount: b, to: payees[1] },
    galeon: { amount: g, to: payees[2] },
  };
  const credits = preview.credits.map((c, i) => ({ ...c, payout: payouts[i] }));
  const approval = plan.permit
    ? { kind: "permit", spender: routerAddress, amount: quote.amount, transaction: false }
    : plan.approvalNeeded
      ? { kind: "approve", spender: routerAddress, amount: quote.amount, transaction: true }
      : { kind: "none", spender: routerAddress, amount: 0n, transaction: false, allowance: plan.allowance };
  const approvalLine = plan.permit
    ? `sign an EIP-2612 permit of ${fmt(quote.amount)} to the router ${routerAddress} (a signature, no transaction)`
    : plan.approvalNeeded
      ? `send approve(${routerAddress}, ${fmt(quote.amount)}) on ${token.symbol} ${token.address}`
      : `no approval: the router may already spend ${fmt(plan.allowance)}`;
  const pct = (i: number) => `${Number(bps[i]) / 100}%`;
  const rows: string[][] = [
    [`hospitals (${pct(0)})`, fmt(h), "credited to the hospitals below, claimed to their payout addresses"],
    [`treasury (${pct(1)})`, fmt(t), `held in the router for the treasury ${payees[0]}`],
    [`buy-back (${pct(2)})`, fmt(b), `held in the router for the buy-back ${payees[1]}`],
    [`Galeon (${pct(3)})`, fmt(g), `held in the router for Galeon ${payees[2]}`],
  ];
  const hospitalRows = credits.map((c) => [`hospital ${c.hospitalId}`, c.units.toString(), fmt(c.credit), c.payout]);
  const payCommand = ctx.command(
    ["buyer", "pay", "--quote", plan.file, ...(plan.permit ? ["--permit"] : [])],
    ctx.args.from === undefined ? undefined : me,
  );
  return {
    data: {
      dryRun: true,
      sent: false,
      accessId: quote.accessId,
      buyer: quote.buyer,
      payer: me,
      token: quote.token,
      symbol: token.symbol,
      decimals: token.decimals,
      amount: quote.amount,
      maxAmount: plan.maxAmount,
      deadline: quote.deadline,
      accessExpiry: quote.accessExpiry,
      permitId: quote.permitId,
      permitExpiry: quote.permitExpiry,
      renews: plan.renewed === undefined ? null : { accessId: quote.renews, previousExpiry: plan.renewed.expiry },
      nextBlockTime: plan.next.time,
      approval,
      split,
      credits,
      simulated: true,
    },
    text:
      `Dry run, nothing sent: paying ${plan.file} would move ${fmt(quote.amount)} from ${me} to the router` +
      ` ${routerAddress} for access ${quote.accessId} (buyer ${quote.buyer}, until ${isoSeconds(quote.accessExpiry)}).` +
      `\n${permitLine(quote, plan.renewed)}` +
      `\nSimulated against the next block (${isoSeconds(plan.next.time)}) with the approval in place: it would go through.` +
      `\nIt would ${approvalLine}, then call ${plan.permit ? "purchaseWithPermit" : "purchase"} on the router.\n\n` +
      `${renderTable(rows, ["split", "amount", "to"])}\n\n` +
      `${renderTable(hospitalRows, ["credited to", "units", "credit", "payout address"])}\n\n` +
      `Pay it with: ${payCommand}`,
  };
}

/** The quote's data permit, and the access it renews, in a sentence. */
function permitLine(quote: Quote, renewed: { expiry: bigint } | undefined): string {
  const permit = `Data permit ${quote.permitId} (until ${isoSeconds(quote.permitExpiry)}).`;
  if (renewed === undefined) return permit;
  return (
    `${permit} It renews access ${quote.renews}: from ${isoSeconds(renewed.expiry)} to` +
    ` ${isoSeconds(quote.accessExpiry)}.`
  );
}
