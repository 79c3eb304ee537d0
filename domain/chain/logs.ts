/**
 * Event logs. Receipts are decoded with an `Interface` (`parseLogs`, `findEvent`). Histories are
 * scanned with `scanLogs`: `eth_getLogs` over chunks of blocks that shrink when the node refuses a
 * range or a result count (public endpoints cap both: 1,000 to 10,000 blocks, 10,000 results) and
 * grow back after a few answers, handing each chunk to a callback so that memory stays bounded
 * whatever the history. Logs stay raw JSON-RPC objects (hex strings): callers filter by topic and
 * decode only the words they need.
 */
import type { Filter, Interface, Log, LogDescription, Provider } from "ethers";

import { CliError } from "../errors/refusal.js";

/**
 * Blocks asked for in the first `eth_getLogs` of a scan: under every public endpoint's range cap we
 * know of but the smallest, and few enough that a dense history (20 purchases a block) brings no more
 * than about `TARGET_LOGS` in the first answer; sparse histories grow it from the second request.
 */
export const LOG_CHUNK = 100;
/** The largest chunk a scan grows to (in blocks). */
export const MAX_LOG_CHUNK = 100_000;
/** After a refusal, successful requests in a row before a chunk grows again (and then only doubles). */
const GROW_AFTER = 3;
/** How much a chunk may grow after one answer, when no request of the scan was refused. */
const GROW_FACTOR = 4;
/**
 * Logs a chunk should bring, at most about: each next chunk is sized from the density of the last
 * one (blocks x `TARGET_LOGS` / logs), shrinking at once after a chunk that brought more, so a scan
 * holds one chunk of about this many logs whatever the history (a few MB), even on a node that
 * answers any range (a local node). A node's result-count refusal halves it for the rest of the scan.
 */
export const TARGET_LOGS = 2_000;

/** A log as `eth_getLogs` returns it. `blockTimestamp` is there on recent nodes (anvil, Hardhat, geth). */
export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockTimestamp?: string;
  transactionHash: string;
  logIndex: string;
  removed?: boolean;
}

/** The filter of a scan, without its block range. Topic positions take one topic, a list (or), or null. */
export interface LogFilter {
  address?: string | string[];
  topics?: Array<string | string[] | null>;
}

/** Anything that answers JSON-RPC requests: an EIP-1193 provider such as a Hardhat connection's. */
export interface RpcRequester {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/** What a scan did: for the measurement and the "configure an indexer" hint. */
export interface ScanStats {
  fromBlock: number;
  toBlock: number;
  logs: number;
  requests: number;
  /** Requests the node refused for their range or result count (each one retried smaller). */
  refusals: number;
  /** The smallest chunk the scan had to use, in blocks. */
  smallestChunk: number;
  ms: number;
}

export interface ScanOptions {
  fromBlock: number;
  toBlock: number;
  /** Blocks in the first request (default `LOG_CHUNK`). */
  chunk?: number;
  /** The largest chunk after growing back (default `MAX_LOG_CHUNK`). */
  maxChunk?: number;
}

/** Why a node refused an `eth_getLogs`: too many blocks, or too many results (or too large an answer). */
export interface LogRefusal {
  kind: "range" | "results";
  /** A range the node suggested or named, in blocks, when its message says. */
  hint?: number;
  /** The node's words, for the final sentence when even one block is refused. */
  reason: string;
}

const RESULTS =
  /more than [0-9][0-9,]* (results|logs)|too many (results|logs)|response size|response (is )?too (big|large)|result (limit|count)|returned more than|max(imum)? (results|logs)|log(s)? limit|limit exceeded|exceeds? (the )?(max(imum)? )?limit|query timeout/i;
const RANGE =
  /block range|range (is )?too (large|wide|big)|range exceeds|max(imum)? (block )?range|range limit|limited to .*range|too many blocks|blocks? (range )?(limit|exceeded)|exceed(s|ed)? .*range|ranges? over [0-9][0-9,]* blocks/i;

/** Every message, code and HTTP status in an error and its causes (ethers, Hardhat and undici nest them). */
function errorFacts(error: unknown): { messages: string[]; codes: number[] } {
  const messages: string[] = [];
  const codes: number[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 6 || value === null || typeof value !== "object" || seen.has(value)) {
      if (typeof value === "string" && value !== "") messages.push(value);
      return;
    }
    seen.add(value);
    const record = value as Record<string, unknown>;
    for (const key of ["message", "shortMessage", "details"]) {
      if (typeof record[key] === "string") messages.push(record[key] as string);
    }
    for (const key of ["code", "statusCode", "status"]) {
      if (typeof record[key] === "number") codes.push(record[key] as number);
    }
    for (const key of ["error", "info", "cause", "parent", "data", "body", "response"]) visit(record[key], depth + 1);
  };
  visit(error, 0);
  return { messages, codes };
}

/** A number of blocks named in a node's message: `[0x10, 0x2f]` (a suggested range), `2K`, `10,000`. */
function rangeHint(text: string, fromBlock: number): number | undefined {
  const suggested = /\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]/i.exec(text);
  if (suggested !== null) {
    const to = Number.parseInt(suggested[2], 16);
    if (to >= fromBlock) return to - fromBlock + 1;
  }
  const named = /([0-9][0-9,_]*)\s*(k)?\b/i.exec(text.replace(/0x[0-9a-f]+/gi, ""));
  if (named === null) return undefined;
  const value = Number(named[1].replace(/[,_]/g, "")) * (named[2] === undefined ? 1 : 1_000);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * Whether an `eth_getLogs` error is a node refusing the size of the request (range or results), with
 * what the node hinted; `undefined` for any other error (which a scan does not retry).
 */
export function classifyLogRefusal(error: unknown, fromBlock = 0): LogRefusal | undefined {
  const { messages, codes } = errorFacts(error);
  const text = messages.join(" | ");
  const reason = messages.find((m) => RESULTS.test(m) || RANGE.test(m)) ?? messages[0] ?? String(error);
  if (RESULTS.test(text)) {
    // A suggested range is the one useful number of a result-count refusal ("more than 10000" is not).
    const suggested = /\[\s*0x[0-9a-f]+\s*,\s*0x[0-9a-f]+\s*\]/i.exec(text);
    return { kind: "results", hint: suggested === null ? undefined : rangeHint(suggested[0], fromBlock), reason };
  }
  if (RANGE.test(text)) return { kind: "range", hint: rangeHint(reason, fromBlock), reason };
  // Infura's -32005 "limit exceeded", an HTTP 413 "payload too large" from a gateway.
  if (codes.includes(-32005) || codes.includes(413)) return { kind: "results", hint: undefined, reason };
  return undefined;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * Scans `filter` from `fromBlock` to `toBlock` in chunks, handing each chunk's logs (in chain order)
 * to `onLogs` before asking for the next. A refused chunk is retried smaller (the node's hint, or
 * half); a refused range also caps later chunks, a refused result count halves the logs aimed at. Each
 * next chunk aims at `TARGET_LOGS` from the last one's density: it shrinks at once after a chunk with
 * more, and grows (up to 4x, 2x and only after `GROW_AFTER` answers once the node refused something)
 * after one with fewer than half. A chunk's logs are held only until `onLogs` returns, so a scan's
 * memory is one chunk's, whatever the history. A block the node refuses even alone is a one-line
 * `CliError`.
 */
export async function scanLogs(
  rpc: RpcRequester,
  filter: LogFilter,
  options: ScanOptions,
  onLogs: (logs: RawLog[]) => void | Promise<void>,
): Promise<ScanStats> {
  const started = Date.now();
  const stats: ScanStats = {
    fromBlock: options.fromBlock,
    toBlock: options.toBlock,
    logs: 0,
    requests: 0,
    refusals: 0,
    smallestChunk: Number.POSITIVE_INFINITY,
    ms: 0,
  };
  let cap = Math.max(1, options.maxChunk ?? MAX_LOG_CHUNK);
  let size = Math.min(cap, Math.max(1, options.chunk ?? LOG_CHUNK));
  let target = TARGET_LOGS;
  let answered = 0;
  let from = options.fromBlock;
  while (from <= options.toBlock) {
    const to = Math.min(options.toBlock, from + size - 1);
    const span = to - from + 1;
    let logs: RawLog[] | undefined;
    stats.requests += 1;
    try {
      logs = (await rpc.request({
        method: "eth_getLogs",
        params: [{ ...filter, fromBlock: hex(from), toBlock: hex(to) }],
      })) as RawLog[];
    } catch (error) {
      const refusal = classifyLogRefusal(error, from);
      if (refusal === undefined) throw error;
      stats.refusals += 1;
      if (span === 1) {
        throw new CliError(
          `the node refuses the logs of block ${from} even alone ("${refusal.reason.slice(0, 120)}"):` +
            ` use a node without this limit, or an indexer`,
        );
      }
      const smaller = refusal.hint !== undefined && refusal.hint < span ? refusal.hint : Math.floor(span / 2);
      size = Math.max(1, smaller);
      if (refusal.kind === "range") cap = Math.min(cap, size);
      else target = Math.max(1, Math.floor(target / 2));
      answered = 0;
      continue;
    }
    const count = logs.length;
    stats.smallestChunk = Math.min(stats.smallestChunk, span);
    stats.logs += count;
    let kept: RawLog[] | undefined = logs.filter((l) => l.removed !== true);
    logs = undefined; // the chunk is the callback's only: dropped when it returns
    const handing = onLogs(kept);
    kept = undefined;
    await handing;
    from = to + 1;
    answered += 1;
    // The next chunk, from this one's density: about `target` logs.
    const fit = count === 0 ? Number.POSITIVE_INFINITY : Math.floor((span * target) / count);
    if (count > target && span > 1) {
      size = Math.max(1, fit);
      answered = 0;
    } else if (size < cap && count < target / 2 && answered >= (stats.refusals === 0 ? 1 : GROW_AFTER)) {
      const factor = stats.refusals === 0 ? GROW_FACTOR : 2;
      size = Math.max(size, Math.min(cap, span * factor, fit));
      answered = 0;
    }
  }
  if (!Number.isFinite(stats.smallestChunk)) stats.smallestChunk = 0;
  stats.ms = Date.now() - started;
  return stats;
}

/**
 * Every log of `filter` over a block range, as ethers `Log`s, through the shrinking scan: for small
 * result sets (token allowlists, roles). Large histories use `scanLogs` with a callback instead.
 */
export async function getLogsChunked(
  provider: Provider,
  filter: Omit<Filter, "fromBlock" | "toBlock"> & { fromBlock: number; toBlock?: number },
): Promise<Log[]> {
  const toBlock = filter.toBlock ?? (await provider.getBlockNumber());
  const logs: Log[] = [];
  const { fromBlock, ...rest } = filter;
  // ethers providers answer `getLogs` with typed logs; the scan asks through this adapter.
  const rpc: RpcRequester = {
    request: async ({ params }) => {
      const range = (params?.[0] ?? {}) as { fromBlock: string; toBlock: string };
      const found = await provider.getLogs({
        ...rest,
        fromBlock: Number(range.fromBlock),
        toBlock: Number(range.toBlock),
      });
      logs.push(...found);
      return [];
    },
  };
  await scanLogs(rpc, {}, { fromBlock, toBlock }, () => undefined);
  return logs;
}

/** The logs `iface` decodes, in order; logs of other contracts or events are skipped. */
export function parseLogs(iface: Interface, logs: readonly Log[]): LogDescription[] {
  const parsed: LogDescription[] = [];
  for (const log of logs) {
    try {
      const description = iface.parseLog(log);
      if (description !== null) parsed.push(description);
    } catch {
      // Not an event of `iface` (or not decodable as one): skipped.
    }
  }
  return parsed;
}

/** The first log `iface` decodes as event `name`, or `undefined`. */
export function findEvent(iface: Interface, logs: readonly Log[], name: string): LogDescription | undefined {
  return parseLogs(iface, logs).find((parsed) => parsed.name === name);
}

/** The 32-byte word `index` of a log's data, as hex without 0x. */
export function dataWord(data: string, index: number): string {
  return data.slice(2 + index * 64, 2 + (index + 1) * 64);
}

/** A uint256 word of a log's data. */
export function dataUint(data: string, index: number): bigint {
  return BigInt(`0x${dataWord(data, index) || "0"}`);
}

/** Above this many logs scanned, or this long, a task suggests an indexer (one line on stderr). */
export const INDEXER_HINT_LOGS = 10_000;
export const INDEXER_HINT_MS = 10_000;

/** The one-line hint to configure an indexer after a large scan, or `undefined`. */
export function indexerHint(scan: Pick<ScanStats, "logs" | "ms">, what: string): string | undefined {
  if (scan.logs < INDEXER_HINT_LOGS && scan.ms < INDEXER_HINT_MS) return undefined;
  return (
    `hint: ${scan.logs.toLocaleString("en-US")} ${what} scanned from the node's logs in ${(scan.ms / 1000).toFixed(1)} s;` +
    ` for a history this large, read from the Galeon indexer instead (see docs/command-line.md, "Large histories")`
  );
}
