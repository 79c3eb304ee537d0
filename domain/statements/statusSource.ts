/**
 * Where `galeon status` gets the router's revenue: purchases, amounts and split totals per token, and
 * what hospitals claimed. `LogRevenueSource` sums them from the router's logs while scanning (bounded
 * memory: one running total per token, whatever the history); an indexer's source returns the same
 * totals from its database behind the same interface.
 */
import { type RpcRequester, scanLogs, type ScanStats } from "../chain/logs.js";
import { purchaseTotals, TOPICS, topicAddress } from "../chain/routerEvents.js";

export interface RevenueQuery {
  router: string;
  fromBlock: number;
  toBlock: number;
}

/** One token's revenue over the range, in base units. */
export interface RevenueTotals {
  token: string;
  purchases: number;
  revenue: bigint;
  /** Hospitals, treasury, buy-back, Galeon: what purchases credited to each. */
  parts: [bigint, bigint, bigint, bigint];
  /** What hospitals claimed (`HospitalClaimed`). */
  hospitalsClaimed: bigint;
}

export interface Revenue {
  tokens: RevenueTotals[];
  scan?: Pick<ScanStats, "logs" | "requests" | "refusals" | "ms">;
}

export interface StatusSource {
  readonly name: string;
  revenue(query: RevenueQuery): Promise<Revenue>;
}

/** Revenue summed from `Purchased` and `HospitalClaimed` logs, in one scan, decoding only amounts. */
export class LogRevenueSource implements StatusSource {
  readonly name = "the router's logs";

  constructor(private readonly rpc: RpcRequester) {}

  async revenue(query: RevenueQuery): Promise<Revenue> {
    const totals = new Map<string, RevenueTotals>();
    const entry = (token: string) => {
      let e = totals.get(token);
      if (e === undefined) {
        e = { token, purchases: 0, revenue: 0n, parts: [0n, 0n, 0n, 0n], hospitalsClaimed: 0n };
        totals.set(token, e);
      }
      return e;
    };
    const scan = await scanLogs(
      this.rpc,
      { address: query.router, topics: [[TOPICS.Purchased, TOPICS.HospitalClaimed]] },
      { fromBlock: query.fromBlock, toBlock: query.toBlock },
      (logs) => {
        for (const log of logs) {
          if (log.topics[0] === TOPICS.HospitalClaimed) {
            entry(topicAddress(log.topics[2])).hospitalsClaimed += BigInt(log.data.slice(0, 66));
            continue;
          }
          if (log.topics[0] !== TOPICS.Purchased) continue;
          const purchase = purchaseTotals(log);
          const e = entry(purchase.token);
          e.purchases += 1;
          e.revenue += purchase.amount;
          for (let i = 0; i < 4; i++) e.parts[i] += purchase.parts[i];
        }
      },
    );
    return { tokens: [...totals.values()], scan };
  }
}
