/**
 * `buyer jobs [--payer ADDRESS] [--buyer ADDRESS] [--format table|json|csv] [--out FILE]`: the metered
 * jobs of a payer or buyer (default: the signer, as either), from the escrow's events: open (with its
 * settlement deadline), settled (paid into the split, back to the payer) or refunded. `--format csv` is
 * the buyer's statement for an accountant: one row per job, amounts in token units, dates in UTC, the
 * data permit of a settled job (from its access record).
 */
import { ZeroHash } from "ethers";

import { parseAddress } from "../../../../domain/chain/addresses.js";
import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { badInput } from "../../../../domain/errors/refusal.js";
import type { Job } from "../../../../domain/jobs/jobs.js";
import { jobEscrow, jobsOf } from "../../../lib/escrow.js";
import { writeOutputFile } from "../../../lib/files.js";
import { chainTime, router as routerOf } from "../../../lib/money.js";
import { renderTable, toJson } from "../../../lib/output.js";
import { isoSeconds } from "../../../../domain/quotes/quoteFile.js";
import { isoDate, tokenUnits } from "../../../../domain/statements/statementFormat.js";
import { tokenInfo, type TokenInfo } from "../../../../domain/amounts/tokens.js";

interface JobsArgs extends CommonTaskArgs {
  payer?: string;
  buyer?: string;
  format?: string;
  out?: string;
}

/** The buyer statement's CSV header (new columns go last). */
export const JOB_COLUMNS = [
  "lock_id",
  "status",
  "funded_date",
  "funded_block",
  "funded_transaction",
  "payer",
  "buyer",
  "token",
  "symbol",
  "locked",
  "paid",
  "returned",
  "settle_by",
  "closed_date",
  "closed_block",
  "closed_transaction",
  "job_hash",
  "permit_id",
] as const;

export default galeonAction<JobsArgs, Record<string, unknown>>(async (args, ctx) => {
  const format = (args.format ?? "table").toLowerCase();
  if (!["table", "json", "csv"].includes(format))
    throw badInput(`--format must be table, json or csv (got "${args.format}")`);
  const payer = args.payer === undefined ? undefined : parseAddress(args.payer, { label: "--payer" });
  const buyer = args.buyer === undefined ? undefined : parseAddress(args.buyer, { label: "--buyer" });
  await jobEscrow(ctx);
  const me = payer === undefined && buyer === undefined ? (await ctx.signer()).address : undefined;
  const jobs = await jobsOf(ctx, me === undefined ? { payer, buyer } : { payer: me, buyer: me });
  const provider = (await ctx.ethers()).provider;
  const tokens = new Map<string, TokenInfo>();
  for (const j of jobs) if (!tokens.has(j.token)) tokens.set(j.token, await tokenInfo(provider, j.token));
  const router = await routerOf(ctx);
  const permits = new Map<string, string>();
  for (const j of jobs) {
    if (j.status === "settled" && j.paid > 0n) {
      const permitId = (await router.accessRecord(j.lockId)).permitId;
      if (permitId !== ZeroHash) permits.set(j.lockId, permitId.toLowerCase());
    }
  }
  const blockTime = async (block: number, known?: number) => known ?? (await provider.getBlock(block))?.timestamp ?? 0;
  const now = await chainTime(ctx);
  const fmt = (j: Job, v: bigint) => formatAmount(v, tokens.get(j.token)!.decimals, tokens.get(j.token)!.symbol);
  const counts = { open: 0, settled: 0, refunded: 0 };
  for (const j of jobs) if (j.status in counts) counts[j.status as keyof typeof counts]++;

  const rows = await Promise.all(
    jobs.map(async (j) => {
      const t = tokens.get(j.token)!;
      return {
        lockId: j.lockId,
        status: j.status,
        fundedDate: isoDate(await blockTime(j.funded.block, j.funded.timestamp)),
        fundedBlock: j.funded.block,
        fundedTransaction: j.funded.transaction,
        payer: j.payer,
        buyer: j.buyer,
        token: j.token,
        symbol: t.symbol,
        locked: tokenUnits(j.locked, t.decimals),
        paid: tokenUnits(j.paid, t.decimals),
        returned: tokenUnits(j.returned, t.decimals),
        settleBy: isoDate(j.settleBy),
        closedDate: j.closed === undefined ? "" : isoDate(await blockTime(j.closed.block, j.closed.timestamp)),
        closedBlock: j.closed?.block ?? "",
        closedTransaction: j.closed?.transaction ?? "",
        jobHash: j.jobHash,
        permitId: permits.get(j.lockId) ?? "",
      };
    }),
  );
  const csv =
    [
      JOB_COLUMNS.join(","),
      ...rows.map((r) =>
        [
          r.lockId,
          r.status,
          r.fundedDate,
          r.fundedBlock,
          r.fundedTransaction,
          r.payer,
          r.buyer,
          r.token,
          r.symbol,
          r.locked,
          r.paid,
          r.returned,
          r.settleBy,
          r.closedDate,
          r.closedBlock,
          r.closedTransaction,
          r.jobHash,
          r.permitId,
        ].join(","),
      ),
    ].join("\n") + "\n";
  const table = renderTable(
    jobs.map((j) => [
      `${j.lockId.slice(0, 10)}…`,
      j.status,
      fmt(j, j.locked),
      j.status === "settled" ? fmt(j, j.paid) : "",
      j.status === "open" ? "" : fmt(j, j.returned),
      j.status === "open"
        ? `settle by ${isoSeconds(j.settleBy)}${j.settleBy < now ? " (passed: refundable)" : ""}`
        : `${j.status} in block ${j.closed?.block}`,
    ]),
    ["lock", "status", "locked", "paid", "returned", "deadline / closed"],
  );
  const summary = `${jobs.length} job${jobs.length === 1 ? "" : "s"}: ${counts.open} open, ${counts.settled} settled, ${counts.refunded} refunded`;
  const data = { jobs, counts };
  const body =
    format === "csv"
      ? csv
      : format === "json"
        ? toJson(data) + "\n"
        : `${summary}\n\n${jobs.length === 0 ? "(no job)" : table}`;
  if (args.out !== undefined) {
    await writeOutputFile(args.out, format === "table" ? body + "\n" : body);
    return { data: { ...data, file: args.out }, text: `${summary}: written to ${args.out}` };
  }
  return { data, text: body.trimEnd() };
});
