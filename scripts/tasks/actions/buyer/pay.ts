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
import { Contract, type ContractTransactionResponse, verifyTypedData, ZeroAddress, ZeroHash } from "ethers";

import { findAllowanceSlot, storageOverride } from "../../../../domain/chain/allowance.js";
import { formatAmount, parseAmount } from "../../../../domain/amounts/amounts.js";
import { explainError, galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs, TaskContext } from "../../../lib/context.js";
import { CliError, environmentError } from "../../../../domain/errors/refusal.js";
import { readInputFile } from "../../../lib/files.js";
import { findEvent } from "../../../../domain/chain/logs.js";
import { ACCESS_STATUS, nextBlockTime, PAYEE, required, router as routerOf } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";
import { type Quote, QUOTE_TYPES, routerDomain, unpackUsage } from "../../../../domain/quotes/quote.js";
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

/**
 * The default safety margin: a quote must stay valid this long after the next block. Two
 * transactions (the approval, then the purchase) each get up to five 12-second Ethereum slots to be
 * included; a quote closer to its deadline would likely expire between the two.
 */
export const DEFAULT_MARGIN = "2m";

/**
 * The access a renewal quote extends, checked as the router will: it exists and is not revoked (an
 * expired one may be renewed), it is the quote's buyer's, and the quote ends it later than today.
 */
async function renewalOf(router: DataAccessRouter, quote: Quote, me: string): Promise<{ expiry: bigint }> {
  const record = await router.accessRecord(quote.renews);
  const status = Number(record.status);
  if (status === 0) {
    throw new CliError(
      `the quote renews access ${quote.renews}, which was never paid: ask the attestor for a new quote`,
    );
  }
  if (status !== 1) {
    throw new CliError(
      `the quote renews access ${quote.renews}, which was ${ACCESS_STATUS[status] ?? status}: it cannot be renewed`,
    );
  }
  if (record.buyer !== quote.buyer) {
    throw new CliError(
      `the quote renews access ${quote.renews} of ${record.buyer}, not of its buyer ${quote.buyer}` +
        (me === record.buyer ? "" : `: ${me} cannot extend someone else's access`) +
        `; ask the attestor for a new quote`,
    );
  }
  if (quote.accessExpiry <= record.expiry) {
    throw new CliError(
      `the quote renews access ${quote.renews} until ${isoSeconds(quote.accessExpiry)}, but it already runs until` +
        ` ${isoSeconds(record.expiry)}: a renewal must end it later`,
    );
  }
  return { expiry: record.expiry };
}

/** The attestor's signature, checked before any field of the quote is trusted. */
function checkSignature(
  quote: Quote,
  signature: string,
  domain: { chainId: number; router: string },
  attestor: string,
  claimed: string,
): void {
  let recovered: string | undefined;
  try {
    recovered = verifyTypedData(routerDomain(BigInt(domain.chainId), domain.router), QUOTE_TYPES, quote, signature);
  } catch {
    recovered = undefined;
  }
  if (recovered === attestor) return;
  if (recovered !== undefined && recovered === claimed) {
    throw new CliError(
      `the quote was signed by ${recovered}, which is no longer the router's attestor (${attestor}):` +
        ` ask the attestor for a new quote`,
    );
  }
  // An edited field changes the signed digest: nothing in the file can be trusted, not even who may pay.
  throw new CliError(
    `the quote was altered, or not signed by the attestor (the router's attestor is ${attestor}):` +
      ` ask the attestor for a new quote`,
  );
}

export default galeonAction<PayArgs, Record<string, unknown>>(async (args, ctx) => {
  const file = required(args.quote, "--quote", "the quote file written by `attestor sign-quote`");
  const margin = args.margin?.trim() === "0" ? 0n : parseDuration(args.margin ?? DEFAULT_MARGIN, "--margin");
  const loaded = parseQuoteFile(await readInputFile(file, "--quote file"), file);
  const { quote, signature } = loaded;

  const { chainId } = await ctx.network();
  if (loaded.chainId !== chainId) {
    throw environmentError(`${file} is a quote for chain ${loaded.chainId} but the network is chain ${chainId}`);
  }
  const router = await routerOf(ctx);
  const routerAddress = await router.getAddress();
  if (loaded.router !== routerAddress) {
    throw environmentError(`${file} is a quote for router ${loaded.router}, not this deployment's ${routerAddress}`);
  }
  const provider = (await ctx.ethers()).provider;
  const token = await tokenInfo(provider, quote.token);
  ctx.useTokens([], token);
  // Malformed --max is bad input: checked before anything is sent or compared.
  const maxAmount =
    args.max === undefined
      ? quote.amount
      : parseAmount(args.max, token.decimals, { label: "--max", symbol: token.symbol });
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);

  // The signature before anything else: an altered quote names nobody who may pay.
  checkSignature(quote, signature, { chainId, router: routerAddress }, await router.attestor(), loaded.attestor);

  const signer = await ctx.signer();
  const me = signer.address;
  if (me !== quote.buyer && (quote.payer === ZeroAddress || me !== quote.payer)) {
    throw new CliError(
      `${me} may not pay this quote: only its buyer ${quote.buyer}` +
        (quote.payer === ZeroAddress ? "" : ` or its payer ${quote.payer}`) +
        ` (use --from)`,
    );
  }

  // Time: what counts is the next block's, plus the time the transactions take to be mined.
  const next = await nextBlockTime(ctx);
  if (next.time > quote.deadline) {
    throw new CliError(
      `the quote expired at ${isoSeconds(quote.deadline)} (chain time ${isoSeconds(next.time)}):` +
        ` ask the attestor for a new one`,
    );
  }
  if (next.time + margin > quote.deadline) {
    throw new CliError(
      `the quote expires at ${isoSeconds(quote.deadline)}, ${quote.deadline - next.time} s after the next block` +
        ` (${isoSeconds(next.time)}), within the safety margin of ${margin} s: ask the attestor for a fresh quote` +
        ` (or pay with a smaller --margin)`,
    );
  }
  if (next.time >= quote.accessExpiry) {
    throw new CliError(`the quote's access ended at ${isoSeconds(quote.accessExpiry)}: ask for a new quote`);
  }
  // The data permit: named, and outliving the access it covers.
  if (quote.permitId === ZeroHash) {
    throw new CliError("the quote names no data permit (its permit id is zero): ask the attestor for a new quote");
  }
  if (quote.accessExpiry > quote.permitExpiry) {
    throw new CliError(
      `the quote's access (until ${isoSeconds(quote.accessExpiry)}) would outlive its data permit` +
        ` ${quote.permitId} (until ${isoSeconds(quote.permitExpiry)}): ask the attestor for a new quote`,
    );
  }
  const [record, allowed] = await Promise.all([
    router.accessRecord(quote.accessId),
    router.isTokenAllowed(quote.token),
  ]);
  if (Number(record.status) !== 0) {
    throw new CliError(`access id ${quote.accessId} was already used: a quote can be paid once`);
  }
  const renewed = quote.renews === ZeroHash ? undefined : await renewalOf(router, quote, me);
  if (!allowed) throw new CliError(`${token.symbol} (${token.address}) is no longer a payment token of the router`);
  const entries = quote.usage.map(unpackUsage);
  const active = await Promise.all(entries.map((e) => router.isActive(e.hospitalId)));
  const inactive = entries.filter((_, i) => !active[i]).map((e) => e.hospitalId);
  if (inactive.length > 0) {
    throw new CliError(`hospital ${inactive.join(", ")} is no longer active: ask for a new quote`);
  }
  if (quote.amount > maxAmount) {
    throw new CliError(`the quote costs ${fmt(quote.amount)}, above your --max of ${fmt(maxAmount)}`);
  }
  const erc20 = new Contract(quote.token, ERC20_ABI, signer);
  const [balance, allowance] = (await Promise.all([erc20.balanceOf(me), erc20.allowance(me, routerAddress)])) as [
    bigint,
    bigint,
  ];
  if (balance < quote.amount) {
    throw new CliError(`${me} holds ${fmt(balance)} but the quote costs ${fmt(quote.amount)}`);
  }

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
  const fmt = (v: bigint) => formatAmount(v, sent.token.decimals, sent.token.symbol);
  const left = await (sent.erc20.allowance(sent.me, sent.routerAddress) as Promise<bigint>).catch(() => undefined);
  const purchase = ctx.sent.find((t) => t.label === "purchase");
  const undoData = sent.erc20.interface.encodeFunctionData("approve", [sent.routerAddress, 0n]);
  const failure = new CliError(
    `the payment failed after the approval was sent: ${line}.` +
      ` Sent: approval ${sent.approvalHash} (confirmed)` +
      (purchase === undefined ? "" : `, purchase ${purchase.hash} (${purchase.confirmed ? "confirmed" : "failed"})`) +
      `; the router (${sent.routerAddress}) may still spend ` +
      (left === undefined ? "what the approval allowed" : fmt(left)) +
      ` of ${sent.me}'s ${sent.token.symbol}.` +
      ` Undo it with: ${ctx.command(["buyer", "unapprove", "--token", sent.token.symbol], sent.me)}` +
      ` (or send ${sent.token.address} the data ${undoData}, approve(router, 0))`,
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
