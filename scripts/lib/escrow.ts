/**
 * Metered data jobs (issue 14): the deployment's `JobEscrow`, its locks read for people, the history of
 * a payer's or buyer's jobs rebuilt from the escrow's events, the settlement a buyer co-signs, and the
 * simulation every sending task runs first. A lock's id is also the settling quote's access id, so a
 * settled job's `Purchased` (payer: the escrow) is found by that id.
 */
import { type Contract, getAddress, type TypedDataDomain } from "ethers";

import type { TaskContext } from "./context.js";
import { FUTURES } from "../../domain/chain/futures.js";
import { environmentError } from "../../domain/errors/refusal.js";
import { dataUint, dataWord, scanLogs } from "../../domain/chain/logs.js";
import { ESCROW_TOPICS, type Job, LOCK_STATUS, type LockStatusName, scanJobs } from "../../domain/jobs/jobs.js";
import type { JobEscrow } from "../../typechain-types/index.js";

/** The deployment's job escrow, bound to the signer; an environment error for a deployment without one. */
export async function jobEscrow(ctx: TaskContext): Promise<JobEscrow> {
  const deployment = await ctx.deployment();
  if (!deployment.has(FUTURES.escrow)) {
    throw environmentError(
      `deployment ${deployment.id} has no JobEscrow (it was deployed before metered jobs): redeploy the suite to fund jobs`,
    );
  }
  return await ctx.contract<JobEscrow>(FUTURES.escrow);
}

/** The EIP-712 domain of the escrow (the buyer's settlement approvals). */
export function escrowDomain(chainId: bigint, escrow: string): TypedDataDomain {
  return { name: "Galeon JobEscrow", version: "1", chainId, verifyingContract: escrow };
}

export const SETTLEMENT_APPROVAL_TYPES = {
  SettlementApproval: [
    { name: "lockId", type: "bytes32" },
    { name: "quoteDigest", type: "bytes32" },
  ],
};

/**
 * Every job whose lock names `who` as payer or as buyer (both by default), from the escrow's
 * deployment block (`scanJobs`, shared with the wallet app).
 */
export async function jobsOf(ctx: TaskContext, who: { payer?: string; buyer?: string }): Promise<Job[]> {
  const deployment = await ctx.deployment();
  const { connection } = await ctx.network();
  const address = deployment.address(FUTURES.escrow);
  const toBlock = await (await ctx.ethers()).provider.getBlockNumber();
  const range = { fromBlock: deployment.deploymentBlock(FUTURES.escrow) ?? 0, toBlock };
  return await scanJobs(connection.provider, address, range, who);
}

/** The number of open locks and what they hold per token, from the escrow's events (for `galeon status`). */
export async function openLocks(
  ctx: TaskContext,
  toBlock: number,
): Promise<{ address: string; open: number; byToken: Map<string, bigint> } | undefined> {
  const deployment = await ctx.deployment();
  if (!deployment.has(FUTURES.escrow)) return undefined;
  const address = deployment.address(FUTURES.escrow);
  const { connection } = await ctx.network();
  const range = { fromBlock: deployment.deploymentBlock(FUTURES.escrow) ?? 0, toBlock };
  const open = new Map<string, { token: string; amount: bigint }>();
  await scanLogs(
    connection.provider,
    { address, topics: [[ESCROW_TOPICS.LockFunded, ESCROW_TOPICS.LockSettled, ESCROW_TOPICS.LockRefunded]] },
    range,
    (logs) => {
      for (const log of logs) {
        const lockId = log.topics[1].toLowerCase();
        if (log.topics[0] === ESCROW_TOPICS.LockFunded) {
          open.set(lockId, {
            token: getAddress(`0x${dataWord(log.data, 0).slice(24)}`),
            amount: dataUint(log.data, 1),
          });
        } else open.delete(lockId);
      }
    },
  );
  const byToken = new Map<string, bigint>();
  for (const { token, amount } of open.values()) byToken.set(token, (byToken.get(token) ?? 0n) + amount);
  return { address, open: open.size, byToken };
}

/** A lock read from the escrow, typed. */
export interface LockView {
  payer: string;
  settleBy: bigint;
  status: LockStatusName;
  buyer: string;
  autoSettleLimit: bigint;
  token: string;
  maxAmount: bigint;
  jobHash: string;
}

export async function readLock(escrow: JobEscrow | Contract, lockId: string): Promise<LockView> {
  const l = await (escrow as JobEscrow).lockOf(lockId);
  return {
    payer: l.payer,
    settleBy: BigInt(l.settleBy),
    status: LOCK_STATUS[Number(l.status)] ?? "none",
    buyer: l.buyer,
    autoSettleLimit: BigInt(l.autoSettleLimit),
    token: l.token,
    maxAmount: BigInt(l.maxAmount),
    jobHash: l.jobHash.toLowerCase(),
  };
}

/** What a settlement did (from its `LockSettled` and, when something was paid, `Purchased`). */
export interface SettlementOutcome {
  lockId: string;
  paid: bigint;
  returned: bigint;
  payer: string;
  split?: { hospitals: bigint; treasury: bigint; buyback: bigint; galeon: bigint };
  credits: Array<{ hospitalId: number; units: bigint; credit: bigint }>;
  transaction: string;
  block: number;
}
