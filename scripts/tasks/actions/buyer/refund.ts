/**
 * `buyer refund LOCK_ID [--dry-run]`: a metered job not settled by its deadline goes back whole to
 * its payer. Anyone may send it (the tokens go to the payer, never to the sender); refused, with a
 * sentence, before the deadline, or for a lock already settled or refunded. Simulated first.
 */
import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { checkRefund } from "../../../../domain/jobs/jobCheck.js";
import { jobEscrow, readLock } from "../../../lib/escrow.js";
import { nextBlockTime, required } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";
import { isoSeconds } from "../../../../domain/quotes/quoteFile.js";
import { tokenInfo } from "../../../../domain/amounts/tokens.js";
import { parseBytes32 } from "../../../../domain/quotes/usage.js";

interface RefundArgs extends CommonTaskArgs {
  lockId?: string;
  dryRun: boolean;
}

export default galeonAction<RefundArgs, Record<string, unknown>>(async (args, ctx) => {
  const lockId = parseBytes32(required(args.lockId, "LOCK_ID", "the lock id of the job to refund"), "lock id");
  const escrow = await jobEscrow(ctx);
  const lock = await readLock(escrow, lockId);
  if (lock.status !== "open") checkRefund(lockId, lock, 0n);
  const token = await tokenInfo((await ctx.ethers()).provider, lock.token);
  ctx.useTokens([], token);
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  const next = (await nextBlockTime(ctx)).time;
  checkRefund(lockId, lock, next);
  const signer = await ctx.signer();
  const escrowAddress = await escrow.getAddress();
  await ctx.simulate("the refund", {
    from: signer.address,
    to: escrowAddress,
    data: escrow.interface.encodeFunctionData("refund", [lockId]),
  });
  const rows: string[][] = [
    ["lock id", lockId],
    ["payer", lock.payer],
    ["amount", fmt(lock.maxAmount)],
    ["settle by (passed)", isoSeconds(lock.settleBy)],
  ];
  const data = { lockId, payer: lock.payer, token: lock.token, symbol: token.symbol, amount: lock.maxAmount };
  if (args.dryRun) {
    return {
      data: { dryRun: true, sent: false, simulated: true, ...data },
      text: `Dry run, nothing sent: the refund was simulated against the next block and would go through.\n\n${renderTable(rows)}`,
    };
  }
  const receipt = await ctx.confirm("refund", escrow.refund(lockId));
  return {
    data: { ...data, transaction: receipt.hash, block: receipt.blockNumber },
    text: `Refunded ${fmt(lock.maxAmount)} to ${lock.payer} (lock ${lockId}), transaction ${receipt.hash}\n\n${renderTable(rows)}`,
  };
});
