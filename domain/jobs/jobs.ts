/**
 * Metered jobs (issue 14) read from the `JobEscrow`'s events: the history of a payer's or buyer's
 * jobs, open (with its settlement deadline), settled or refunded. The command line (`buyer jobs`) and
 * the wallet app read them alike, through any EIP-1193 `request`.
 */
import { getAddress, id } from "ethers";

import { dataUint, dataWord, type RpcRequester, scanLogs } from "../chain/logs.js";
import { topicAddress } from "../chain/routerEvents.js";

/** `LockStatus` of `IJobEscrow.sol`, as people read it. */
export const LOCK_STATUS = ["none", "open", "settled", "refunded"] as const;
export type LockStatusName = (typeof LOCK_STATUS)[number];

/** `topic0` of the escrow's events the readers use. */
export const ESCROW_TOPICS = {
  LockFunded: id("LockFunded(bytes32,address,address,address,uint256,uint256,uint64,bytes32,bytes32)"),
  LockSettled: id("LockSettled(bytes32,address,address,uint256,uint256,address)"),
  LockRefunded: id("LockRefunded(bytes32,address,address,uint256,address)"),
} as const;

/** One job of the escrow, from its events: funded, then settled or refunded (or still open). */
export interface Job {
  lockId: string;
  status: LockStatusName;
  payer: string;
  buyer: string;
  token: string;
  /** Base units locked. */
  locked: bigint;
  autoSettleLimit: bigint;
  settleBy: bigint;
  jobHash: string;
  funded: { block: number; transaction: string; timestamp?: number };
  /** Settled: what went into the split (0 for a zero settlement). */
  paid: bigint;
  /** Settled or refunded: what went back to the payer. */
  returned: bigint;
  closed?: { block: number; transaction: string; timestamp?: number; by: string };
}

/**
 * Every job of the escrow at `address` whose lock names `who` as payer or as buyer, between
 * `range.fromBlock` and `range.toBlock`: `LockFunded` filtered by the indexed payer and buyer at the
 * node, then the `LockSettled` and `LockRefunded` of the escrow (few: one per closed job) matched by
 * lock id. Sorted by the block they were funded in.
 */
export async function scanJobs(
  rpc: RpcRequester,
  address: string,
  range: { fromBlock: number; toBlock: number },
  who: { payer?: string; buyer?: string },
): Promise<Job[]> {
  const pad = (a: string) => `0x${a.slice(2).toLowerCase().padStart(64, "0")}`;
  const jobs = new Map<string, Job>();
  const funded = async (topics: Array<string | null>) =>
    await scanLogs(rpc, { address, topics: [ESCROW_TOPICS.LockFunded, ...topics] }, range, (logs) => {
      for (const log of logs) {
        const lockId = log.topics[1].toLowerCase();
        if (jobs.has(lockId)) continue;
        jobs.set(lockId, {
          lockId,
          status: "open",
          payer: topicAddress(log.topics[2]),
          buyer: topicAddress(log.topics[3]),
          token: getAddress(`0x${dataWord(log.data, 0).slice(24)}`),
          locked: dataUint(log.data, 1),
          autoSettleLimit: dataUint(log.data, 2),
          settleBy: dataUint(log.data, 3),
          jobHash: `0x${dataWord(log.data, 4).toLowerCase()}`,
          funded: {
            block: Number(log.blockNumber),
            transaction: log.transactionHash,
            timestamp: log.blockTimestamp === undefined ? undefined : Number(log.blockTimestamp),
          },
          paid: 0n,
          returned: 0n,
        });
      }
    });
  if (who.payer !== undefined) await funded([null, pad(who.payer)]);
  if (who.buyer !== undefined) await funded([null, null, pad(who.buyer)]);
  if (jobs.size === 0) return [];
  await scanLogs(rpc, { address, topics: [[ESCROW_TOPICS.LockSettled, ESCROW_TOPICS.LockRefunded]] }, range, (logs) => {
    for (const log of logs) {
      const job = jobs.get(log.topics[1].toLowerCase());
      if (job === undefined) continue;
      const position = {
        block: Number(log.blockNumber),
        transaction: log.transactionHash,
        timestamp: log.blockTimestamp === undefined ? undefined : Number(log.blockTimestamp),
      };
      if (log.topics[0] === ESCROW_TOPICS.LockSettled) {
        job.status = "settled";
        job.paid = dataUint(log.data, 0);
        job.returned = dataUint(log.data, 1);
        job.closed = { ...position, by: getAddress(`0x${dataWord(log.data, 2).slice(24)}`) };
      } else {
        job.status = "refunded";
        job.returned = dataUint(log.data, 0);
        job.closed = { ...position, by: getAddress(`0x${dataWord(log.data, 1).slice(24)}`) };
      }
    }
  });
  return [...jobs.values()].sort((a, b) => a.funded.block - b.funded.block);
}
