/**
 * `attestor settle --lock LOCK_ID --usage FILE --amount AMOUNT --permit-id ID [--permit-expiry DATE]
 * [--access-days 30] [--valid-for 1h] [--out FILE] [--submit] [--dry-run]`: after a metered job, the
 * coordinator signs the measured usage per hospital and the amount due (never above the lock) as the
 * router quote that settles the lock: access id = the lock id, payer = the escrow, the lock's buyer,
 * token and job hash. It writes the settlement file (a quote file); anyone may submit it (`buyer settle
 * --settlement FILE`), or the attestor at once with `--submit`. The amount is checked to split at the
 * router's split, the hospitals to be active, as `sign-quote` does.
 */
import { ZeroHash } from "ethers";

import { formatAmount, parseAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { badInput, CliError } from "../../../../domain/errors/refusal.js";
import { jobEscrow, readLock } from "../../../lib/escrow.js";
import { readInputFile, writeOutputFile } from "../../../lib/files.js";
import { nextBlockTime, required, router as routerOf } from "../../../lib/money.js";
import { renderTable, toJson } from "../../../lib/output.js";
import { packUsage, permitIdOf, type Quote, signQuote } from "../../../../domain/quotes/quote.js";
import { isoSeconds, quoteFileContent } from "../../../../domain/quotes/quoteFile.js";
import {
  describeRefusal,
  describeSplit,
  smallestSplittableAmount,
  splitRefusal,
} from "../../../../domain/quotes/quoteSplit.js";
import { checkSettlement, submitSettlement } from "../../../lib/settlement.js";
import { tokenInfo } from "../../../../domain/amounts/tokens.js";
import { parseBytes32, parseDays, parseDuration, parseMoment, parseUsage } from "../../../../domain/quotes/usage.js";

interface SettleArgs extends CommonTaskArgs {
  lock?: string;
  usage?: string;
  amount?: string;
  permitId?: string;
  permitExpiry?: string;
  accessDays: string;
  validFor: string;
  out?: string;
  submit: boolean;
  dryRun: boolean;
}

export default galeonAction<SettleArgs, Record<string, unknown>>(async (args, ctx) => {
  const lockId = parseBytes32(required(args.lock, "--lock", "the lock id of the job (buyer fund prints it)"), "--lock");
  const usageFile = required(args.usage, "--usage", "the CSV or JSON file of the measured usage per hospital");
  const amountInput = required(args.amount, "--amount", "the amount due for the measured usage, in the token's units");
  const permitId = permitIdOf(
    required(args.permitId, "--permit-id", "the data permit's id, or the access body's permit number (hashed)"),
  );
  if (permitId === ZeroHash)
    throw badInput("--permit-id is zero: a settlement names the data permit the job ran under");
  const accessDays = parseDays(args.accessDays, "--access-days");
  const validFor = parseDuration(args.validFor, "--valid-for");
  const usageText = await readInputFile(usageFile, "--usage file");

  const router = await routerOf(ctx);
  const routerAddress = await router.getAddress();
  const escrow = await jobEscrow(ctx);
  const escrowAddress = await escrow.getAddress();
  const signer = await ctx.signer();
  const attestor = await router.attestor();
  if (attestor !== signer.address) {
    throw new CliError(`${signer.address} is not the router's attestor (${attestor}): sign with --from ${attestor}`);
  }
  const lock = await readLock(escrow, lockId);
  if (lock.status === "none") throw badInput(`--lock ${lockId} was never funded: nothing to settle`);
  const token = await tokenInfo((await ctx.ethers()).provider, lock.token);
  ctx.useTokens([], token);
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  // Zero settles a job that produced nothing: the whole lock goes back, no access is bought.
  const amount = parseAmount(amountInput, token.decimals, { label: "--amount", symbol: token.symbol, allowZero: true });
  if (amount > lock.maxAmount) {
    throw badInput(
      `--amount ${fmt(amount)} is above the ${fmt(lock.maxAmount)} locked for this job: a settlement never asks more than the lock`,
    );
  }
  const entries = parseUsage(usageText, usageFile, Number(await router.MAX_USAGE_LENGTH()));
  const statuses = await Promise.all(entries.map((e) => router.statusOf(e.hospitalId)));
  entries.forEach((e, i) => {
    if (Number(statuses[i]) === 0) throw badInput(`${usageFile}: hospital ${e.hospitalId} is not registered`);
    if (Number(statuses[i]) === 2) {
      throw badInput(`${usageFile}: hospital ${e.hospitalId} is suspended and cannot be paid for new use`);
    }
  });
  if (amount > 0n) {
    const [hospitalsBps, treasuryBps, buybackBps, galeonBps] = await router.split();
    const bps = { hospitals: hospitalsBps, treasury: treasuryBps, buyback: buybackBps, galeon: galeonBps };
    const refusal = splitRefusal(amount, bps, entries);
    if (refusal !== undefined) {
      throw badInput(
        `--amount ${fmt(amount)} is too small to split: ${describeRefusal(refusal)}; at the router's split` +
          ` (${describeSplit(bps)}) every amount from ${fmt(smallestSplittableAmount(bps, entries))} up splits over ${usageFile}`,
      );
    }
  }

  const now = (await nextBlockTime(ctx)).time;
  const accessExpiry = now + accessDays * 86_400n;
  const permitExpiry =
    args.permitExpiry === undefined ? accessExpiry : parseMoment(args.permitExpiry, now, "--permit-expiry");
  if (accessExpiry > permitExpiry) {
    throw badInput(
      `the access would last until ${isoSeconds(accessExpiry)}, after the data permit ends (${isoSeconds(permitExpiry)}):` +
        ` an access never outlives its permit; give fewer --access-days, or the permit's real end with --permit-expiry`,
    );
  }
  // Payable until the lock's deadline at the latest: after it the lock can only be refunded.
  const deadline = now + validFor < lock.settleBy ? now + validFor : lock.settleBy;
  const quote: Quote = {
    accessId: lockId,
    buyer: lock.buyer,
    payer: escrowAddress,
    token: lock.token,
    amount,
    deadline,
    accessExpiry,
    usage: entries.map(packUsage),
    jobHash: lock.jobHash,
    permitId,
    permitExpiry,
    renews: ZeroHash,
  };
  const { lock: checked } = await checkSettlement(ctx, escrow, quote, token);
  const { chainId } = await ctx.network();
  const signature = await signQuote(signer, BigInt(chainId), routerAddress, quote);
  const out = args.out ?? `settlement-${lockId.slice(2, 10)}.json`;
  const file = quoteFileContent({ chainId, router: routerAddress, attestor, quote, signature, token });
  await writeOutputFile(out, toJson(file) + "\n");

  const units = entries.reduce((s, e) => s + e.units, 0n);
  const rows: string[][] = [
    ["lock id", lockId],
    ["buyer", lock.buyer],
    ["locked", fmt(lock.maxAmount)],
    ["due (measured usage)", fmt(amount)],
    ["back to the payer", `${fmt(lock.maxAmount - amount)} (${lock.payer})`],
    ["hospitals", entries.map((e) => `${e.hospitalId} (${e.units} units)`).join(", ") + ` = ${units} units`],
    ["data permit", permitId],
    ["submit before", isoSeconds(deadline)],
  ];
  const data = {
    file: out,
    lockId,
    buyer: lock.buyer,
    payer: lock.payer,
    token: lock.token,
    symbol: token.symbol,
    locked: lock.maxAmount,
    amount,
    refund: lock.maxAmount - amount,
    usage: entries.map((e) => ({ hospitalId: Number(e.hospitalId), units: e.units })),
    totalUnits: units,
    permitId,
    permitExpiry,
    deadline,
    signature,
    needsBuyer: amount > checked.autoSettleLimit,
  };
  const signedText = `Settlement signed by ${attestor}, written to ${out}\n\n${renderTable(rows)}`;
  if (!args.submit && !args.dryRun) {
    return {
      data,
      text:
        `${signedText}\n\nAnyone may submit it: ${ctx.command(["buyer", "settle", "--settlement", out])}` +
        (data.needsBuyer ? ` (above the auto-settle limit: from the buyer ${lock.buyer}, who co-signs it)` : ""),
    };
  }
  const outcome = await submitSettlement(ctx, {
    escrow,
    router,
    quote,
    signature,
    lock: checked,
    signer,
    dryRun: args.dryRun,
    token,
  });
  if (outcome === undefined) {
    return {
      data: { ...data, dryRun: true, sent: false, simulated: true },
      text: `${signedText}\n\nDry run, nothing sent: submitting it was simulated against the next block and would go through.`,
    };
  }
  return {
    data: { ...data, settled: outcome },
    text:
      `${signedText}\n\nSettled: ${fmt(outcome.paid)} paid into the split, ${fmt(outcome.returned)} back to ${outcome.payer},` +
      ` transaction ${outcome.transaction}` +
      (outcome.credits.length === 0
        ? ""
        : `\n\n${renderTable(
            outcome.credits.map((c) => [`hospital ${c.hospitalId}`, c.units.toString(), fmt(c.credit)]),
            ["credited to", "units", "credit"],
          )}`),
  };
});
