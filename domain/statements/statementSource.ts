/**
 * Where a hospital statement's rows come from. `hospital statement` asks a `StatementSource` for the
 * rows (the shared format of `statementFormat.ts`) and the totals per token, then checks the totals
 * against `hospitalBalance` on chain at the same block, whatever the source. Today's source rebuilds
 * the statement from the router's logs (`LogStatementSource`); an indexer's source serves the same
 * rows from its database and plugs in behind the same interface.
 */
import type { RawLog, RpcRequester, ScanStats } from "../chain/logs.js";
import { scanLogs } from "../chain/logs.js";
import {
  hospitalTopic,
  logPosition,
  purchaseCredit,
  purchaseIds,
  TOPICS,
  topicAddress,
} from "../chain/routerEvents.js";
import { isoDate, type StatementRow, tokenUnits } from "./statementFormat.js";
import type { TokenInfo } from "../amounts/tokens.js";

export interface StatementQuery {
  router: string;
  hospitalId: number;
  fromBlock: number;
  /** The block the statement (and its check) stops at. */
  toBlock: number;
}

/** A token's totals over the statement, in base units; `balance` = credited - claimed. */
export interface StatementTotals {
  token: string;
  symbol: string;
  decimals: number;
  credited: bigint;
  claimed: bigint;
  balance: bigint;
}

export interface HospitalStatement {
  /** In chain order (block, log index); no zero-value credit or claim. */
  rows: StatementRow[];
  /** Per token that has a row, in order of first appearance. */
  totals: StatementTotals[];
  /** What a log scan did (absent for an indexer). */
  scan?: Pick<ScanStats, "logs" | "requests" | "refusals" | "ms">;
}

export interface StatementSource {
  /** For messages: "the router's logs", "the indexer at ...". */
  readonly name: string;
  statement(query: StatementQuery): Promise<HospitalStatement>;
}

/** Symbol and decimals of a token by address (cached by the caller). */
export type TokenLookup = (address: string) => Promise<TokenInfo>;

/** A block's timestamp, for nodes whose logs do not carry `blockTimestamp`. */
export type BlockTime = (block: number) => Promise<number>;

/** Reads block timestamps over JSON-RPC, once per block. */
export function blockTimeReader(rpc: RpcRequester): BlockTime {
  const cache = new Map<number, Promise<number>>();
  return (block) => {
    let time = cache.get(block);
    if (time === undefined) {
      time = rpc
        .request({ method: "eth_getBlockByNumber", params: [`0x${block.toString(16)}`, false] })
        .then((b) => Number((b as { timestamp: string }).timestamp));
      cache.set(block, time);
    }
    return time;
  };
}

/** Reads the timestamps of `blocks` (cached by `blockTime`), `PARALLEL` requests at a time. */
async function prefetch(blockTime: BlockTime, blocks: number[]): Promise<void> {
  const unique = [...new Set(blocks)];
  for (let i = 0; i < unique.length; i += PARALLEL) await Promise.all(unique.slice(i, i + PARALLEL).map(blockTime));
}

/** Block timestamps asked for at once, on nodes whose logs do not carry them. */
const PARALLEL = 8;

interface Pending {
  block: number;
  logIndex: number;
  timestamp?: number;
  log: RawLog;
}

/**
 * The statement rebuilt from the router's logs since its deployment block, in two scans: the
 * hospital's own events (`HospitalRegistered`, `HospitalClaimed`, `PayoutSet`, filtered by its id
 * at the node: few), then every `Purchased` (the hospital id is not indexed), streamed chunk by
 * chunk and merged in chain order; a purchase that does not name the hospital is skipped without
 * decoding. Memory grows with the hospital's rows, not with the router's history.
 */
export class LogStatementSource implements StatementSource {
  readonly name = "the router's logs";

  constructor(
    private readonly rpc: RpcRequester,
    private readonly token: TokenLookup,
    private readonly blockTime: BlockTime = blockTimeReader(rpc),
  ) {}

  async statement(query: StatementQuery): Promise<HospitalStatement> {
    const range = { fromBlock: query.fromBlock, toBlock: query.toBlock };
    const own: Pending[] = [];
    const ownScan = await scanLogs(
      this.rpc,
      {
        address: query.router,
        topics: [
          [TOPICS.HospitalRegistered, TOPICS.HospitalClaimed, TOPICS.PayoutSet],
          hospitalTopic(query.hospitalId),
        ],
      },
      range,
      (logs) => {
        for (const log of logs) own.push({ ...logPosition(log), log });
      },
    );
    own.sort((a, b) => a.block - b.block || a.logIndex - b.logIndex);
    await prefetch(
      this.blockTime,
      own.filter((o) => o.timestamp === undefined).map((o) => o.block),
    );

    const rows: StatementRow[] = [];
    const totals = new Map<string, StatementTotals>();
    let payout = "";
    let next = 0;
    const append = async (item: Pending, credit?: bigint, permitId = "") => {
      const { log } = item;
      const date = isoDate(item.timestamp ?? (await this.blockTime(item.block)));
      const base = { date, block: item.block, transaction: log.transactionHash, logIndex: item.logIndex };
      const topic0 = log.topics[0];
      if (topic0 === TOPICS.HospitalRegistered) {
        payout = topicAddress(log.topics[2]);
        return;
      }
      if (topic0 === TOPICS.PayoutSet) {
        const previous = topicAddress(log.topics[2]);
        payout = topicAddress(log.topics[3]);
        rows.push({
          ...base,
          kind: "payout_change",
          accessId: "",
          jobHash: "",
          buyer: "",
          token: "",
          symbol: "",
          amount: "0",
          balance: "",
          payout,
          previousPayout: previous,
          permitId: "",
        });
        return;
      }
      const claim = topic0 === TOPICS.HospitalClaimed;
      const amount = claim ? BigInt(log.data.slice(0, 66)) : credit!;
      if (amount === 0n) return;
      const tokenAddress = topicAddress(log.topics[2]);
      const token = await this.token(tokenAddress);
      let total = totals.get(tokenAddress);
      if (total === undefined) {
        total = {
          token: tokenAddress,
          symbol: token.symbol,
          decimals: token.decimals,
          credited: 0n,
          claimed: 0n,
          balance: 0n,
        };
        totals.set(tokenAddress, total);
      }
      if (claim) total.claimed += amount;
      else total.credited += amount;
      total.balance = total.credited - total.claimed;
      const ids = claim ? undefined : purchaseIds(log);
      rows.push({
        ...base,
        kind: claim ? "claim" : "credit",
        accessId: ids?.accessId ?? "",
        jobHash: ids?.jobHash ?? "",
        buyer: ids?.buyer ?? "",
        token: tokenAddress,
        symbol: token.symbol,
        amount: tokenUnits(claim ? -amount : amount, token.decimals),
        balance: tokenUnits(total.balance, token.decimals),
        payout: claim ? topicAddress(log.topics[3]) : payout,
        previousPayout: "",
        permitId: claim ? "" : permitId,
      });
    };
    const flushBefore = async (block: number, logIndex: number) => {
      while (
        next < own.length &&
        (own[next].block < block || (own[next].block === block && own[next].logIndex < logIndex))
      ) {
        await append(own[next++]);
      }
    };

    const purchases = await scanLogs(
      this.rpc,
      // `AccessPermit` follows its `Purchased` in the same transaction, hence in the same chunk of blocks.
      { address: query.router, topics: [[TOPICS.Purchased, TOPICS.AccessPermit]] },
      range,
      async (logs) => {
        const credited: Array<{ item: Pending; credit: bigint }> = [];
        const permits = new Map<string, string>();
        for (const log of logs) {
          if (log.topics[0] === TOPICS.AccessPermit) {
            permits.set(log.topics[1].toLowerCase(), log.topics[2].toLowerCase());
            continue;
          }
          const credit = purchaseCredit(log, query.hospitalId);
          if (credit !== undefined && credit !== 0n) credited.push({ item: { ...logPosition(log), log }, credit });
        }
        // Nodes whose logs carry no timestamp: ask for the chunk's blocks a few at a time, not one by one.
        await prefetch(
          this.blockTime,
          credited.filter((c) => c.item.timestamp === undefined).map((c) => c.item.block),
        );
        for (const { item, credit } of credited) {
          await flushBefore(item.block, item.logIndex);
          await append(item, credit, permits.get(item.log.topics[1].toLowerCase()) ?? "");
        }
      },
    );
    await flushBefore(Number.POSITIVE_INFINITY, 0);
    return {
      rows,
      totals: [...totals.values()],
      scan: {
        logs: ownScan.logs + purchases.logs,
        requests: ownScan.requests + purchases.requests,
        refusals: ownScan.refusals + purchases.refusals,
        ms: ownScan.ms + purchases.ms,
      },
    };
  }
}
