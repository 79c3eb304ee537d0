/**
 * The peak memory of the command line's log scans (`hospital statement` and `galeon status` without
 * an indexer) over a synthetic router history of N purchases, in a process of its own:
 *
 *   node --expose-gc --import tsx scripts/bench/scan-memory.ts statement|status PURCHASES [PER_BLOCK]
 *
 * prints one JSON line: `{what, purchases, perBlock, rows, logs, requests, maxRssMb, peakHeapMb}`:
 * the process's peak resident memory, and the largest heap live when an answer arrives (with
 * `--expose-gc`, garbage collected first: what the scan holds, not what V8 has yet to collect).
 * The node is in the process: it builds each `eth_getLogs` answer's logs as a node would (the router's
 * `Purchased` with 1 to 3 of 19 hospitals, 20 purchases per block by default), as JSON text, then
 * parses it, as a transport does; the scan sees what it sees over HTTP. Used by the memory test
 * (test/ts/cli/scanMemory.test.ts) and `npm run bench:indexer` (docs/indexer.md, "Speed").
 */
import { fileURLToPath } from "node:url";

import { type RawLog, type RpcRequester } from "../../domain/chain/logs.js";
import { hospitalTopic, TOPICS } from "../../domain/chain/routerEvents.js";
import { LogStatementSource } from "../../domain/statements/statementSource.js";
import { LogRevenueSource } from "../../domain/statements/statusSource.js";

const ROUTER = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
const TOKEN = "0x000000000000000000000000e7f1725e7734ce288f8367e1bb143e90bb3f0512";
const BUYER = "0x0000000000000000000000003c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const PAYOUT = "0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8";
const HOSPITALS = 19;
const word = (n: bigint | number) => BigInt(n).toString(16).padStart(64, "0");
const hex = (n: number) => `0x${n.toString(16)}`;

/** Purchase `i`: 1 to 3 hospitals (ids sorted), each credited a share of its amount. */
function purchaseLog(i: number, block: number, logIndex: number): RawLog {
  const k = 1 + (i % 3);
  const first = ((i * 7) % HOSPITALS) + 1;
  const ids = [...new Set(Array.from({ length: k }, (_, j) => ((first - 1 + j * 5) % HOSPITALS) + 1))].sort(
    (a, b) => a - b,
  );
  const amount = 1_000_000n * BigInt(1 + (i % 5));
  const hospitals = amount / 2n;
  const credit = hospitals / BigInt(ids.length);
  const usageAt = 10;
  const creditsAt = usageAt + 1 + ids.length;
  const data =
    "0x" +
    [
      BUYER.slice(2),
      word(amount),
      word(hospitals),
      word(amount / 4n),
      word(amount / 8n),
      word(amount - hospitals - amount / 4n - amount / 8n),
      word(BigInt(i) * 7919n + 1n),
      word(1_900_000_000),
      word(usageAt * 32),
      word(creditsAt * 32),
      word(ids.length),
      ...ids.map((id) => word((BigInt(id) << 224n) | 10n)),
      word(ids.length),
      ...ids.map(() => word(credit)),
    ].join("");
  return {
    address: ROUTER,
    topics: [TOPICS.Purchased, `0x${word(BigInt(i) + 1n)}`, TOKEN, BUYER],
    data,
    blockNumber: hex(block),
    blockTimestamp: hex(1_800_000_000 + block * 2),
    transactionHash: `0x${word(BigInt(i) * 31n + 17n)}`,
    logIndex: hex(logIndex),
  };
}

/** A node whose router made `purchases` purchases, `perBlock` per block from block 1; hospital 1 registered in block 0. */
export function syntheticRouterNode(purchases: number, perBlock: number, onAnswer: () => void = () => undefined) {
  const lastBlock = Math.ceil(purchases / perBlock);
  const rpc: RpcRequester = {
    async request({ method, params }) {
      if (method !== "eth_getLogs") throw new Error(`the synthetic node does not answer ${method}`);
      const filter = params![0] as { fromBlock: string; toBlock: string; topics: Array<string | string[]> };
      const [from, to] = [Number(filter.fromBlock), Number(filter.toBlock)];
      const wanted = new Set([filter.topics[0]].flat());
      const logs: RawLog[] = [];
      if (wanted.has(TOPICS.HospitalRegistered) && from === 0) {
        logs.push({
          address: ROUTER,
          topics: [TOPICS.HospitalRegistered, hospitalTopic(1), PAYOUT],
          data: `0x${word(0)}`,
          blockNumber: "0x0",
          blockTimestamp: hex(1_800_000_000),
          transactionHash: `0x${word(1)}`,
          logIndex: "0x0",
        });
      }
      if (wanted.has(TOPICS.Purchased)) {
        for (let b = Math.max(1, from); b <= Math.min(to, lastBlock); b++) {
          for (let j = 0; j < perBlock; j++) {
            const i = (b - 1) * perBlock + j;
            if (i < purchases) logs.push(purchaseLog(i, b, j));
          }
        }
      }
      // What a transport holds: the answer's text, then the objects parsed from it.
      const parsed = JSON.parse(JSON.stringify(logs)) as RawLog[];
      onAnswer();
      return parsed;
    },
  };
  return { rpc, lastBlock };
}

export interface ScanMemory {
  what: "statement" | "status";
  purchases: number;
  perBlock: number;
  rows: number;
  logs: number;
  requests: number;
  maxRssMb: number;
  peakHeapMb: number;
}

/** Runs one scan over a synthetic history in this process and measures its peak memory. */
export async function measureScan(what: "statement" | "status", purchases: number, perBlock = 20): Promise<ScanMemory> {
  let peakHeap = 0;
  // With --expose-gc, what is live at each answer (the answer and anything the scan kept), not
  // garbage V8 has not collected yet; without, the heap as it stands.
  const gc = (globalThis as { gc?: () => void }).gc;
  const sample = () => {
    gc?.();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const { rpc, lastBlock } = syntheticRouterNode(purchases, perBlock, sample);
  const range = { router: ROUTER, fromBlock: 0, toBlock: lastBlock };
  let rows = 0;
  let scan;
  if (what === "statement") {
    const token = async () => ({ address: TOKEN, symbol: "tEURC", decimals: 6, name: "Test Euro" });
    const statement = await new LogStatementSource(rpc, token as never).statement({ ...range, hospitalId: 1 });
    sample();
    rows = statement.rows.length;
    scan = statement.scan!;
  } else {
    const revenue = await new LogRevenueSource(rpc).revenue(range);
    sample();
    rows = revenue.tokens.length;
    scan = revenue.scan!;
  }
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return {
    what,
    purchases,
    perBlock,
    rows,
    logs: scan.logs,
    requests: scan.requests,
    maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
    peakHeapMb: mb(peakHeap),
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [what, purchases, perBlock] = process.argv.slice(2);
  if ((what !== "statement" && what !== "status") || !(Number(purchases) > 0)) {
    console.error(
      "usage: node --expose-gc --import tsx scripts/bench/scan-memory.ts statement|status PURCHASES [PER_BLOCK]",
    );
    process.exit(2);
  }
  console.log(JSON.stringify(await measureScan(what, Number(purchases), Number(perBlock ?? "20"))));
}
