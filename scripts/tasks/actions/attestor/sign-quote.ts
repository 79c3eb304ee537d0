/**
 * `attestor sign-quote`: builds and signs (as `--from`, which must be the router's attestor) a
 * quote for `--buyer`, and writes the quote file the buyer pays with. Sends no transaction.
 */
import { hexlify, keccak256, randomBytes, ZeroAddress, ZeroHash } from "ethers";

import { parseAddress } from "../../../../domain/chain/addresses.js";
import { formatAmount, parseAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { badInput, CliError } from "../../../../domain/errors/refusal.js";
import { readInputBytes, readInputFile, writeOutputFile } from "../../../lib/files.js";
import { ACCESS_STATUS, required, router as routerOf, signingTime } from "../../../lib/money.js";
import { renderTable, toJson } from "../../../lib/output.js";
import { NO_RENEWAL, packUsage, permitIdOf, type Quote, signQuote } from "../../../../domain/quotes/quote.js";
import { isoSeconds, quoteFileContent } from "../../../../domain/quotes/quoteFile.js";
import {
  describeRefusal,
  describeSplit,
  smallestSplittableAmount,
  splitRefusal,
} from "../../../../domain/quotes/quoteSplit.js";
import { resolveToken } from "../../../lib/tokens.js";
import { parseBytes32, parseDays, parseDuration, parseMoment, parseUsage } from "../../../../domain/quotes/usage.js";

interface SignQuoteArgs extends CommonTaskArgs {
  buyer?: string;
  payer?: string;
  token?: string;
  amount?: string;
  usage?: string;
  job?: string;
  jobHash?: string;
  validFor: string;
  accessDays: string;
  accessId?: string;
  permitId?: string;
  permitExpiry?: string;
  renews?: string;
  out?: string;
}

export default galeonAction(async (args: SignQuoteArgs, ctx) => {
  // Input that needs no chain first.
  const buyer = parseAddress(required(args.buyer, "--buyer", "the buyer's address"), { label: "--buyer" });
  const payer =
    args.payer === undefined || args.payer === "" ? ZeroAddress : parseAddress(args.payer, { label: "--payer" });
  const tokenInput = required(args.token, "--token", "a payment token symbol (tEURC, GALEON) or address");
  const amountInput = required(args.amount, "--amount", "the price in the token's units");
  const usageFile = required(args.usage, "--usage", "the CSV or JSON file of hospital ids and units");
  if ((args.job === undefined) === (args.jobHash === undefined)) {
    throw badInput("give exactly one of --job FILE (hashed) or --job-hash 0x...");
  }
  const jobHash =
    args.jobHash !== undefined
      ? parseBytes32(args.jobHash, "--job-hash")
      : keccak256(await readInputBytes(args.job!, "--job file"));
  const validFor = parseDuration(args.validFor, "--valid-for");
  const accessDays = parseDays(args.accessDays, "--access-days");
  const accessId = args.accessId === undefined ? hexlify(randomBytes(32)) : parseBytes32(args.accessId, "--access-id");
  const permitInput = required(
    args.permitId,
    "--permit-id",
    "the data permit's id (0x + 64 hex digits) or the health data access body's permit number, which is hashed",
  );
  const permitId = permitIdOf(permitInput);
  if (permitId === ZeroHash) throw badInput("--permit-id is zero: a quote names the data permit it is used under");
  const renews = args.renews === undefined || args.renews === "" ? NO_RENEWAL : parseBytes32(args.renews, "--renews");
  if (renews !== NO_RENEWAL && renews === accessId) {
    throw badInput(`--renews ${renews} is the quote's own access id: a renewal gets a new access id`);
  }
  const usageText = await readInputFile(usageFile, "--usage file");

  // Then the chain: the signer must be the attestor, the token allowlisted, the hospitals active, the
  // amount large enough to split.
  const router = await routerOf(ctx);
  const routerAddress = await router.getAddress();
  const signer = await ctx.signer();
  const attestor = await router.attestor();
  if (attestor !== signer.address) {
    throw new CliError(`${signer.address} is not the router's attestor (${attestor}): sign with --from ${attestor}`);
  }
  const maxLength = Number(await router.MAX_USAGE_LENGTH());
  const entries = parseUsage(usageText, usageFile, maxLength);
  const statuses = await Promise.all(entries.map((e) => router.statusOf(e.hospitalId)));
  entries.forEach((e, i) => {
    if (Number(statuses[i]) === 0) throw badInput(`${usageFile}: hospital ${e.hospitalId} is not registered`);
    if (Number(statuses[i]) === 2) {
      throw badInput(`${usageFile}: hospital ${e.hospitalId} is suspended and cannot be paid for new use`);
    }
  });
  const token = await resolveToken(ctx, tokenInput, { allowlistedOnly: true });
  const amount = parseAmount(amountInput, token.decimals, { label: "--amount", symbol: token.symbol });
  if (amount >= 2n ** 128n)
    throw badInput(`--amount ${amountInput} is above the router's bound (2^128 - 1 base units)`);
  // The router refuses a payment in which a party with a share or a hospital would get nothing.
  const [hospitalsBps, treasuryBps, buybackBps, galeonBps] = await router.split();
  const bps = { hospitals: hospitalsBps, treasury: treasuryBps, buyback: buybackBps, galeon: galeonBps };
  const refusal = splitRefusal(amount, bps, entries);
  if (refusal !== undefined) {
    const least = smallestSplittableAmount(bps, entries);
    throw badInput(
      `--amount ${formatAmount(amount, token.decimals, token.symbol)} is too small to split: ${describeRefusal(refusal)};` +
        ` at the router's split (${describeSplit(bps)}) every amount from` +
        ` ${formatAmount(least, token.decimals, token.symbol)} up credits each party and each hospital of ${usageFile}`,
    );
  }
  if (await router.accessRecord(accessId).then((r) => Number(r.status) !== 0)) {
    throw badInput(`--access-id ${accessId} was already used`);
  }

  // Valid for --valid-for from now: the later of the wall clock and the node's next block time.
  const now = await signingTime(ctx);
  // A renewal extends the access it names: --access-days more from its current end (or from now if it ended).
  let accessFrom = now;
  let renewed: { expiry: bigint } | undefined;
  if (renews !== NO_RENEWAL) {
    const record = await router.accessRecord(renews);
    const status = Number(record.status);
    if (status === 0) throw badInput(`--renews ${renews} names no access: it was never paid`);
    if (status !== 1) {
      throw badInput(`--renews ${renews}: that access was ${ACCESS_STATUS[status] ?? status}, it cannot be renewed`);
    }
    if (record.buyer !== buyer) {
      throw badInput(
        `--renews ${renews} is the access of ${record.buyer}, not of --buyer ${buyer}: only its buyer's access can be renewed`,
      );
    }
    renewed = { expiry: record.expiry };
    if (record.expiry > accessFrom) accessFrom = record.expiry;
  }
  const accessExpiry = accessFrom + accessDays * 86_400n;
  const permitExpiry =
    args.permitExpiry === undefined || args.permitExpiry === ""
      ? accessExpiry
      : parseMoment(args.permitExpiry, now, "--permit-expiry");
  if (permitExpiry <= now) {
    throw badInput(
      `the data permit ended at ${isoSeconds(permitExpiry)} (chain time ${isoSeconds(now)}): no access can be sold under it`,
    );
  }
  if (accessExpiry > permitExpiry) {
    throw badInput(
      `the access would last until ${isoSeconds(accessExpiry)}, after the data permit ends (${isoSeconds(permitExpiry)}):` +
        ` an access never outlives its permit; give fewer --access-days, or the permit's real end with --permit-expiry`,
    );
  }
  const { chainId } = await ctx.network();
  const quote: Quote = {
    accessId,
    buyer,
    payer,
    token: token.address,
    amount,
    deadline: now + validFor,
    accessExpiry,
    usage: entries.map(packUsage),
    jobHash,
    permitId,
    permitExpiry,
    renews,
  };
  const signature = await signQuote(signer, BigInt(chainId), routerAddress, quote);
  const file = quoteFileContent({ chainId, router: routerAddress, attestor, quote, signature, token });
  const out = args.out ?? `quote-${accessId.slice(2, 10)}.json`;
  await writeOutputFile(out, toJson(file) + "\n");

  const totalUnits = entries.reduce((s, e) => s + e.units, 0n);
  const rows: string[][] = [
    ["access id", accessId],
    ["buyer", buyer],
    ["payer", payer === ZeroAddress ? "only the buyer" : payer],
    ["amount", formatAmount(amount, token.decimals, token.symbol)],
    ["pay before", `${isoSeconds(quote.deadline)} (chain time)`],
    ["access until", isoSeconds(quote.accessExpiry)],
    ["hospitals", entries.map((e) => `${e.hospitalId} (${e.units} units)`).join(", ")],
    ["job hash", jobHash],
    ["data permit", permitId],
    ["permit until", isoSeconds(permitExpiry)],
    ...(renewed === undefined ? [] : [["renews", `${renews} (until ${isoSeconds(renewed.expiry)})`]]),
  ];
  return {
    data: {
      file: out,
      chainId,
      router: routerAddress,
      attestor,
      accessId,
      buyer,
      payer,
      token: token.address,
      symbol: token.symbol,
      amount,
      deadline: quote.deadline,
      accessExpiry: quote.accessExpiry,
      usage: entries.map((e) => ({ hospitalId: Number(e.hospitalId), units: e.units })),
      totalUnits,
      jobHash,
      permitId,
      permitExpiry,
      renews,
      signature,
    },
    text:
      `Quote signed by ${attestor}, written to ${out}\n\n${renderTable(rows)}\n\n` +
      `The buyer pays it with: ${ctx.command(["buyer", "pay", "--quote", out], buyer)}`,
  };
});
