/**
 * The indexer benchmark (`npm run bench:indexer`, docs/indexer.md "Speed"). Two histories, each on a
 * new anvil node with the local suite deployed by the Ignition CLI and 14 more hospitals registered by
 * the owner (the DAO timelock, impersonated): a dense one (`GALEON_BENCH_PURCHASES`, default 2,000,
 * `GALEON_BENCH_PER_BLOCK`, default 20 purchases per block) and a sparse one
 * (`GALEON_BENCH_SPARSE_PURCHASES`, default 300, one per block), seeded with automine off and
 * transactions sent in JSON-RPC batches, claims and buy-backs between them. Each history is seeded in
 * two halves:
 *
 * - after the first half, an indexer per database (`GALEON_BENCH_DATABASES`, default
 *   `pglite,postgres`; PostgreSQL started from Debian's package in a temporary folder) starts cold as
 *   users start it (`npm run indexer`), one after the other: start-up, `sync_s` to the chain's head,
 *   `events_per_s`, the indexer's own CPU per event (its process group's utime + stime from /proc:
 *   the launcher and Ponder, not a PostgreSQL server), Ponder's backfill and finality tail apart;
 * - a hospital's statement every way: by log scan (`LogStatementSource`) from the node, and through a
 *   proxy that adds 50 ms per request and refuses more than 1,000 results (a public endpoint); per
 *   indexer, the whole statement through `IndexerStatementSource` (checks included), its first page
 *   and its CSV; medians of `GALEON_BENCH_RUNS` (5);
 * - the second half is seeded with the indexers following live, and the statement measured again.
 *
 * Then the log scans' peak memory over synthetic histories (`GALEON_BENCH_SCAN_SIZES`, default
 * 10000,50000; scripts/bench/scan-memory.ts). `bench/indexer.json` (`GALEON_BENCH_OUT`) gets the
 * figures, the machine's load beside them, and the targets of issue 17 next to what was measured.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { id, Interface, JsonRpcProvider, Wallet, ZeroHash } from "ethers";

import { hardhat, type LocalSuiteOnNode, ROOT, rpc, startLocalSuite } from "../../test/ts/e2e/harness.js";
import { indexingRates, type IndexerProcess, startIndexer, startPostgres } from "../../indexer/test/harness.js";
import { IndexerClient, IndexerStatementSource, STATEMENT_PAGE_ROWS } from "../lib/indexer.js";
import type { RpcRequester } from "../../domain/chain/logs.js";
import { packUsage, type Quote, signQuote } from "../../domain/quotes/quote.js";
import { type HospitalStatement, LogStatementSource } from "../../domain/statements/statementSource.js";
import type { TokenInfo } from "../../domain/amounts/tokens.js";
import {
  BuybackBurner__factory,
  DataAccessRouter__factory,
  TestStablecoin__factory,
} from "../../typechain-types/index.js";

/** anvil's development keys (the standard mnemonic): 1 the attestor, 2 the buyer (deploy/parameters/local.json). */
const ATTESTOR_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const BUYER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
/** The local suite registers hospitals 1..5; the bench adds 6..19. */
const HOSPITALS = 19;
const E6 = 10n ** 6n;

export interface IndexerBenchOptions {
  purchases: number;
  perBlock: number;
  /** Hospital whose statement is measured. */
  hospital: number;
  /** Runs of each statement measurement (the median is kept). */
  runs: number;
  log?: (line: string) => void;
}

export interface IndexerBenchResult {
  [key: string]: unknown;
  events: number;
  sync_s: number;
  events_per_s: number;
  statement_rpc_ms: number;
  statement_indexer_ms: number;
}

/** A deterministic generator (mulberry32), so that every run seeds the same history. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** JSON-RPC over HTTP, one request or a batch (errors thrown with the request that failed). */
function jsonRpc(url: string) {
  let next = 1;
  const post = async (body: unknown) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(300_000),
    });
    return (await response.json()) as unknown;
  };
  const requester: RpcRequester & { batch(calls: Array<{ method: string; params: unknown[] }>): Promise<unknown[]> } = {
    async request({ method, params }) {
      const answer = (await post({ jsonrpc: "2.0", id: next++, method, params: params ?? [] })) as {
        result?: unknown;
        error?: { message: string; code?: number };
      };
      if (answer.error !== undefined) throw Object.assign(new Error(answer.error.message), { error: answer.error });
      return answer.result;
    },
    async batch(calls) {
      const first = next;
      next += calls.length;
      const answers = (await post(calls.map((c, i) => ({ jsonrpc: "2.0", id: first + i, ...c })))) as Array<{
        id: number;
        result?: unknown;
        error?: { message: string };
      }>;
      const byId = new Map(answers.map((a) => [a.id, a]));
      return calls.map((c, i) => {
        const a = byId.get(first + i);
        if (a === undefined || a.error !== undefined)
          throw new Error(`${c.method}: ${a?.error?.message ?? "no answer"}`);
        return a.result;
      });
    },
  };
  return requester;
}

/**
 * The bench's history: hospitals 6..19 registered (when `from` is 0), then purchases `from` to `to`
 * (exclusive), claims and buy-backs.
 */
async function seed(suite: LocalSuiteOnNode, options: IndexerBenchOptions, from = 0, to = options.purchases) {
  const log = options.log ?? (() => undefined);
  const url = suite.node.url;
  const node = jsonRpc(url);
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const routerAddress = suite.address("DataAccessRouter");
  const eurcAddress = suite.address("TestEuro");
  const timelock = suite.address("TimelockController");
  const router = new Interface(DataAccessRouter__factory.abi);
  const eurc = new Interface(TestStablecoin__factory.abi);
  const burner = new Interface(BuybackBurner__factory.abi);
  const attestor = new Wallet(ATTESTOR_KEY);
  const chainId = BigInt(Number(await node.request({ method: "eth_chainId" })));

  const send = (from: string, to: string, data: string, gas: number) => ({
    method: "eth_sendTransaction",
    params: [{ from, to, data, gas: `0x${gas.toString(16)}` }],
  });
  /** Mines until the pool is empty; checks every receipt succeeded. */
  const mine = async (hashes: string[]) => {
    for (let i = 0; i < 1_000; i++) {
      await node.request({ method: "evm_mine" });
      const status = (await node.request({ method: "txpool_status" })) as { pending: string; queued: string };
      if (Number(status.pending) === 0 && Number(status.queued) === 0) break;
    }
    const receipts = (await node.batch(
      hashes.map((h) => ({ method: "eth_getTransactionReceipt", params: [h] })),
    )) as Array<{ status: string } | null>;
    const failed = receipts.filter((r) => r === null || r.status !== "0x1").length;
    if (failed > 0) throw new Error(`${failed} of ${hashes.length} seeding transactions failed`);
  };

  await node.request({ method: "evm_setAutomine", params: [false] });
  if (from === 0) {
    // The owner of the registry is the timelock: impersonated to register hospitals 6..19.
    await node.request({ method: "anvil_impersonateAccount", params: [timelock] });
    await node.request({ method: "anvil_setBalance", params: [timelock, "0x56bc75e2d63100000"] });
    const setup: Array<{ method: string; params: unknown[] }> = [];
    for (let h = 6; h <= HOSPITALS; h++) {
      const payout = `0x${(0xb0000 + h).toString(16).padStart(40, "0")}`;
      setup.push(
        send(timelock, routerAddress, router.encodeFunctionData("register", [h, payout, id(`hospital ${h}`)]), 200_000),
      );
    }
    const total = BigInt(options.purchases) * 200n * E6;
    setup.push(send(BUYER, eurcAddress, eurc.encodeFunctionData("mint", [BUYER, total]), 200_000));
    setup.push(send(BUYER, eurcAddress, eurc.encodeFunctionData("approve", [routerAddress, 2n ** 255n]), 200_000));
    await mine((await node.batch(setup)) as string[]);
    await node.request({ method: "anvil_stopImpersonatingAccount", params: [timelock] });
  }

  // A fixed pseudo-random sequence per part of the history (seeded by its first purchase).
  const rand = random(11 + from);
  const started = Date.now();
  let claims = 0;
  let buybacks = 0;
  let buybacksRefused = 0;
  let hospitalCredits = 0;
  for (let done = from; done < to; ) {
    const now = BigInt((await provider.getBlock("latest"))!.timestamp);
    const calls: Array<{ method: string; params: unknown[] }> = [];
    const count = Math.min(options.perBlock, to - done);
    for (let i = 0; i < count; i++, done++) {
      // A job uses data from 1 to 10 of the 19 hospitals, in proportions from 1 to 100 units.
      const k = 1 + Math.floor(rand() * 10);
      const ids = new Set<number>();
      while (ids.size < k) ids.add(1 + Math.floor(rand() * HOSPITALS));
      const usage = [...ids]
        .sort((a, b) => a - b)
        .map((hospitalId) => ({ hospitalId, units: BigInt(1 + Math.floor(rand() * 100)) }));
      hospitalCredits += k;
      const amount = (100n + BigInt(done % 7)) * E6;
      const quote: Quote = {
        accessId: id(`bench access ${done}`),
        buyer: BUYER,
        payer: BUYER,
        token: eurcAddress,
        amount,
        deadline: now + 86_400n,
        accessExpiry: now + 30n * 86_400n,
        usage: usage.map(packUsage),
        jobHash: id(`bench job ${done}`),
        permitId: id(`bench permit ${done}`),
        permitExpiry: now + 30n * 86_400n,
        renews: ZeroHash,
      };
      const signature = await signQuote(attestor, chainId, routerAddress, quote);
      calls.push(
        send(
          BUYER,
          routerAddress,
          router.encodeFunctionData("purchase", [quote, signature, amount]),
          150_000 + 45_000 * k,
        ),
      );
    }
    // Every 500 purchases, three hospitals claim (anyone may); every 2,500 a buy-back runs.
    if (done % 500 === 0) {
      for (let j = 0; j < 3; j++) {
        const hospitalId = 1 + (((done / 500) * 3 + j) % HOSPITALS);
        calls.push(
          send(BUYER, routerAddress, router.encodeFunctionData("claimHospital", [hospitalId, [eurcAddress]]), 200_000),
        );
        claims += 1;
      }
    }
    await mine((await node.batch(calls)) as string[]);
    if (done % 2_500 === 0 || done === options.purchases) {
      // The buy-back reads a TWAP of at least 30 minutes from a recorded observation (a keeper
      // records one once the newest is 30 minutes old, then the clock moves 31 minutes). One the
      // burner would still refuse (simulated first: its band, its budget) is skipped and counted.
      const burnerAddress = suite.address("BuybackBurner");
      await node.request({ method: "evm_increaseTime", params: [31 * 60] });
      await mine([
        (await node.request(
          send(BUYER, burnerAddress, burner.encodeFunctionData("recordObservation", [eurcAddress]), 300_000),
        )) as string,
      ]);
      await node.request({ method: "evm_increaseTime", params: [31 * 60] });
      await node.request({ method: "evm_mine" });
      const call = send(BUYER, burnerAddress, burner.encodeFunctionData("execute", [eurcAddress]), 1_000_000);
      try {
        await node.request({ method: "eth_call", params: [call.params[0], "latest"] });
        await mine([(await node.request(call)) as string]);
        buybacks += 1;
      } catch (error) {
        const data = (error as { error?: { data?: string } }).error?.data;
        log(`  buy-back refused after ${done} purchases: ${(error as Error).message} ${data ?? ""}`);
        buybacksRefused += 1;
      }
    }
    if (done % 1_000 === 0) log(`  ${done} purchases seeded (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  await node.request({ method: "evm_setAutomine", params: [true] });
  provider.destroy();
  return { claims, buybacks, buybacksRefused, hospitalCredits, seconds: (Date.now() - started) / 1000 };
}

/** The local suite already deployed and seeded on the node at `url` (left running). */
async function existingSuite(url: string, deploymentId: string): Promise<LocalSuiteOnNode> {
  const file = path.join(ROOT, "deploy", "deployments", deploymentId, "deployed_addresses.json");
  const addresses = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
  const address = (name: string) => addresses[Object.keys(addresses).find((k) => k.endsWith(`#${name}`))!];
  const cli = (...args: string[]) => hardhat(["--network", "localnode", ...args, "--deployment-id", deploymentId], url);
  const stop = async () => undefined;
  return { node: { kind: "anvil", url, stop }, deploymentId, addresses, address, cli, stop };
}

/** CPU milliseconds used so far by the processes of group `pgid` (utime + stime, /proc; Linux only). */
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // After "(comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone meanwhile.
    }
  }
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/**
 * What users of a public endpoint see: a JSON-RPC proxy in front of `target` that answers each request
 * `latencyMs` later, and refuses an `eth_getLogs` whose answer has more than `maxResults` logs
 * (`-32005 query returned more than N results`, as Infura and others do).
 */
async function publicEndpoint(target: string, latencyMs: number, maxResults: number) {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      void (async () => {
        await new Promise((r) => setTimeout(r, latencyMs));
        const request = JSON.parse(body) as { id: unknown; method: string };
        const answer = (await (
          await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body })
        ).json()) as { result?: unknown };
        const refused =
          request.method === "eth_getLogs" && Array.isArray(answer.result) && answer.result.length > maxResults;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify(
            refused
              ? {
                  jsonrpc: "2.0",
                  id: request.id,
                  error: { code: -32005, message: `query returned more than ${maxResults} results` },
                }
              : answer,
          ),
        );
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** One indexer's cold start on a finished chain: times, events and the indexer's own CPU per event. */
interface IndexerRun {
  database: "pglite" | "postgres";
  events: number;
  startup_s: number;
  sync_s: number;
  events_per_s: number;
  /** CPU of the indexer's processes (launcher and Ponder; not a PostgreSQL server) per event, API answering to head. */
  cpu_ms_per_event: number;
  /** The same from the launcher's start (database set-up and migrations included): a cold start. */
  cpu_ms_per_event_cold: number;
  /** Split at Ponder's first live block: the backfill's CPU per backfill event, the tail's per tail event. */
  cpu_ms_per_backfill_event: number;
  cpu_ms_per_tail_event: number;
  /** Ponder's backfill (final blocks, in ranges) and its finality tail (the last blocks, one at a time), apart. */
  backfill: { events: number; blocks: number; s: number };
  finality_tail: { events: number; blocks: number; s: number };
  ponder_backfill_breakdown: Record<string, unknown>;
}

async function coldStart(
  url: string,
  deploymentId: string,
  kind: "pglite" | "postgres",
  head: number,
  resources: { postgres?: Awaited<ReturnType<typeof startPostgres>>; dirs: string[] },
  log: (line: string) => void,
): Promise<{ indexer: IndexerProcess; run: IndexerRun }> {
  let database: Parameters<typeof startIndexer>[2];
  if (kind === "postgres") {
    resources.postgres ??= await startPostgres();
    database = { kind, url: resources.postgres.url, schema: `galeon_bench_${process.pid}_${resources.dirs.length}` };
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), "galeon-bench-pglite-"));
    database = { kind, dir };
  }
  resources.dirs.push(kind === "pglite" ? (database as { dir: string }).dir : "");
  const spawned = Date.now();
  const indexer = await startIndexer(url, deploymentId, database);
  for (;;) {
    try {
      if ((await fetch(`${indexer.url}/health`, { signal: AbortSignal.timeout(2_000) })).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() - spawned > 300_000)
      throw new Error(`the indexer did not start:\n${indexer.output().slice(-3_000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const serving = Date.now();
  const cpuAtServing = groupCpuMs(indexer.pid);
  // The CPU used when Ponder logs its first live block: the backfill's share, and the tail's.
  let cpuAtLive: number | undefined;
  for (;;) {
    if (cpuAtLive === undefined && indexer.output().includes('"msg":"Indexed block"')) {
      cpuAtLive = groupCpuMs(indexer.pid);
    }
    if (((await indexer.head()) ?? -1) >= head) break;
    if (Date.now() - serving > 3_600_000) throw new Error(`the indexer did not reach block ${head} in an hour`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const synced = Date.now();
  const cpuAtSynced = groupCpuMs(indexer.pid);
  cpuAtLive ??= cpuAtSynced;
  const rates = indexingRates(indexer.output());
  // Where the backfill's time went, by Ponder's own metrics, in seconds.
  const metrics = await (await fetch(`${indexer.url}/metrics`)).text();
  const metric = (name: string, label: string) =>
    Object.fromEntries(
      [...metrics.matchAll(new RegExp(`^${name}\\{${label}="([a-z_]+)"[^}]*\\} ([0-9.e+-]+)$`, "gm"))].map((m) => [
        m[1],
        round(Number(m[2]) / 1000, 2),
      ]),
    );
  if (process.env.GALEON_BENCH_LOG) {
    await writeFile(`${process.env.GALEON_BENCH_LOG}.${kind}`, indexer.output());
    await writeFile(`${process.env.GALEON_BENCH_LOG}.${kind}.metrics`, metrics);
  }
  const events = rates.backfill.events + rates.live.events;
  const syncS = (synced - serving) / 1000;
  const run: IndexerRun = {
    database: kind,
    events,
    startup_s: round((serving - spawned) / 1000, 2),
    sync_s: round(syncS, 2),
    events_per_s: Math.round(events / Math.max(syncS, 0.001)),
    cpu_ms_per_event: round((cpuAtSynced - cpuAtServing) / Math.max(events, 1), 3),
    cpu_ms_per_event_cold: round(cpuAtSynced / Math.max(events, 1), 3),
    cpu_ms_per_backfill_event: round((cpuAtLive - cpuAtServing) / Math.max(rates.backfill.events, 1), 3),
    cpu_ms_per_tail_event: round((cpuAtSynced - cpuAtLive) / Math.max(rates.live.events, 1), 3),
    backfill: { events: rates.backfill.events, blocks: rates.backfill.blocks, s: round(rates.backfill.ms / 1000, 2) },
    finality_tail: { events: rates.live.events, blocks: rates.live.blocks, s: round(rates.live.ms / 1000, 2) },
    ponder_backfill_breakdown: {
      transform_s: metric("ponder_historical_transform_duration", "step"),
      database_s: Object.fromEntries(
        Object.entries(metric("ponder_database_method_duration_sum", "method")).filter(([name]) =>
          ["insert_blocks", "insert_transactions", "insert_logs", "commit_block", "migrate", "migrate_sync"].includes(
            name,
          ),
        ),
      ),
    },
  };
  log(
    `  ${kind}: ${events} events in ${run.sync_s} s after a ${run.startup_s} s start-up (${run.events_per_s} events/s),` +
      ` ${run.cpu_ms_per_event} ms of indexer CPU per event (${run.cpu_ms_per_event_cold} from cold;` +
      ` backfill ${run.cpu_ms_per_backfill_event}, tail ${run.cpu_ms_per_tail_event});` +
      ` finality tail ${run.finality_tail.blocks} blocks in ${run.finality_tail.s} s`,
  );
  return { indexer, run };
}

/** Median milliseconds of `runs` runs of `run`, and its last result. */
async function timed<T>(runs: number, run: () => Promise<T>) {
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    last = await run();
    times.push(performance.now() - start);
  }
  return { ms: round(median(times)), result: last! };
}

/** A hospital's statement every way, on the chain as it stands: by log scan (direct, public endpoint) and per indexer. */
async function statements(
  suite: LocalSuiteOnNode,
  indexers: IndexerProcess[],
  options: IndexerBenchOptions,
  log: (line: string) => void,
) {
  const url = suite.node.url;
  const node = jsonRpc(url);
  const head = Number(await node.request({ method: "eth_blockNumber" }));
  for (const indexer of indexers) await indexer.waitFor(head, 3_600_000);
  const query = {
    router: suite.address("DataAccessRouter"),
    hospitalId: options.hospital,
    fromBlock: 0,
    toBlock: head,
  };
  const eurc: TokenInfo = { address: suite.address("TestEuro"), symbol: "tEURC", decimals: 6 };
  const lookup = async (address: string) => ({ ...eurc, address });
  const byLogs = await timed(options.runs, () => new LogStatementSource(jsonRpc(url), lookup).statement(query));
  const endpoint = await publicEndpoint(url, 50, 1_000);
  let publicScan: { ms: number; requests: number; refusals: number };
  try {
    const scanned = await timed(1, () => new LogStatementSource(jsonRpc(endpoint.url), lookup).statement(query));
    publicScan = { ms: scanned.ms, requests: scanned.result.scan!.requests, refusals: scanned.result.scan!.refusals };
  } finally {
    await endpoint.close();
  }
  const purchased = Number(
    (
      (await node.request({
        method: "eth_getLogs",
        params: [
          {
            address: query.router,
            topics: [new Interface(DataAccessRouter__factory.abi).getEvent("Purchased")!.topicHash],
            fromBlock: "0x0",
            toBlock: `0x${head.toString(16)}`,
          },
        ],
      })) as unknown[]
    ).length,
  );
  const result: Record<string, unknown> = {
    purchases: purchased,
    block: head,
    rows: byLogs.result.rows.length,
    log_scan_ms: byLogs.ms,
    log_scan_public_endpoint: { latency_ms: 50, max_results: 1_000, ...publicScan },
  };
  let sameRows = true;
  for (const indexer of indexers) {
    const source = () =>
      new IndexerStatementSource(
        new IndexerClient(indexer.url),
        { chainId: 31337, deploymentId: suite.deploymentId },
        jsonRpc(url),
      );
    const whole = await timed(options.runs, () => source().statement(query));
    const page = await timed(options.runs, async () => {
      const response = await fetch(
        `${indexer.url}/api/hospitals/${options.hospital}/statement?format=json&limit=${STATEMENT_PAGE_ROWS}`,
      );
      return (await response.json()) as { rows: unknown[] };
    });
    const csv = await timed(1, async () =>
      (await fetch(`${indexer.url}/api/hospitals/${options.hospital}/statement`)).text(),
    );
    sameRows &&= JSON.stringify(whole.result.rows) === JSON.stringify(byLogs.result.rows);
    result[indexer.database.kind] = {
      statement_ms: whole.ms,
      first_page_ms: page.ms,
      first_page_rows: page.result.rows.length,
      csv_ms: csv.ms,
      csv_bytes: Buffer.byteLength(csv.result),
    };
  }
  result.same_rows = sameRows;
  log(`  statement at ${purchased} purchases (block ${head}): ${JSON.stringify(result)}`);
  return result;
}

/**
 * One history on a new anvil node (stopped at the end): `purchases` purchases `perBlock` per block,
 * seeded in two halves. On the first half, each database's indexer starts cold (one after the other)
 * and the statement is measured every way; the second half is seeded with the indexers following it
 * live, then the statement is measured again at the full history.
 */
async function runHistory(options: IndexerBenchOptions, databases: Array<"pglite" | "postgres">) {
  const log = options.log ?? (() => undefined);
  const deploying = Date.now();
  const reuse = process.env.GALEON_BENCH_RPC;
  const suite = reuse
    ? await existingSuite(reuse, process.env.GALEON_BENCH_DEPLOYMENT ?? "")
    : await startLocalSuite("anvil", "ixbench");
  const keep = process.env.GALEON_BENCH_KEEP === "1";
  const resources: { postgres?: Awaited<ReturnType<typeof startPostgres>>; dirs: string[] } = { dirs: [] };
  const indexers: IndexerProcess[] = [];
  try {
    log(`deployed the local suite on anvil in ${((Date.now() - deploying) / 1000).toFixed(1)} s`);
    const half = Math.ceil(options.purchases / 2);
    const empty = { claims: 0, buybacks: 0, buybacksRefused: 0, hospitalCredits: 0, seconds: 0 };
    const first = reuse ? empty : await seed(suite, options, 0, half);
    const url = suite.node.url;
    const node = jsonRpc(url);
    const halfHead = Number(await node.request({ method: "eth_blockNumber" }));
    log(`seeded ${half} purchases ${options.perBlock} per block: block ${halfHead}, ${first.seconds.toFixed(0)} s`);
    const runs: IndexerRun[] = [];
    for (const kind of databases) {
      const { indexer, run } = await coldStart(url, suite.deploymentId, kind, halfHead, resources, log);
      indexers.push(indexer);
      runs.push(run);
    }
    const atHalf = await statements(suite, indexers, options, log);
    const second = reuse ? empty : await seed(suite, options, half, options.purchases);
    const head = Number(await node.request({ method: "eth_blockNumber" }));
    log(`seeded ${options.purchases - half} more purchases, followed live: block ${head}`);
    const atFull = await statements(suite, indexers, options, log);
    return {
      suite,
      runs,
      statements: [atHalf, atFull],
      seed: {
        purchases: options.purchases,
        purchased_events: atFull.purchases,
        hospitals: HOSPITALS,
        hospital_credits: first.hospitalCredits + second.hospitalCredits,
        claims: first.claims + second.claims,
        buybacks: first.buybacks + second.buybacks,
        buybacks_refused: first.buybacksRefused + second.buybacksRefused,
        purchases_per_block: options.perBlock,
        blocks: head,
        seed_s: round(first.seconds + second.seconds),
      },
    };
  } finally {
    for (const indexer of indexers) await indexer.stop();
    if (keep && reuse === undefined) {
      log(`node kept until Ctrl-C: GALEON_BENCH_RPC=${suite.node.url} GALEON_BENCH_DEPLOYMENT=${suite.deploymentId}`);
    } else if (reuse === undefined) await suite.stop();
    await resources.postgres?.stop();
    for (const dir of resources.dirs) if (dir !== "") await rm(dir, { recursive: true, force: true });
  }
}

/** The log scans' peak memory (scripts/bench/scan-memory.ts, in a process each) at each of `sizes` purchases. */
function scanMemory(sizes: number[]) {
  return sizes.flatMap((purchases) =>
    (["statement", "status"] as const).map((what) => {
      const run = spawnSync(
        process.execPath,
        [
          "--expose-gc",
          "--import",
          "tsx",
          path.join(ROOT, "scripts", "bench", "scan-memory.ts"),
          what,
          String(purchases),
        ],
        { cwd: ROOT, encoding: "utf8", timeout: 600_000 },
      );
      if (run.status !== 0) throw new Error(`scan-memory ${what} ${purchases} failed: ${run.stderr}`);
      return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Record<string, number | string>;
    }),
  );
}

export interface IndexerBenchPlan extends IndexerBenchOptions {
  /** Purchases of the sparse history (1 per block); 0: none. */
  sparsePurchases: number;
  databases: Array<"pglite" | "postgres">;
  /** Synthetic history sizes of the log scans' memory measurement. */
  scanSizes: number[];
}

/**
 * The benchmark: a dense history (`perBlock` purchases per block) and a sparse one (1 per block), each
 * on its own node, indexed cold by each database; the statement at two history sizes every way; the
 * log scans' memory at two sizes. Top-level `events`, `sync_s`, `events_per_s`, `statement_rpc_ms`
 * and `statement_indexer_ms` are the dense history's first database's, at its full size.
 */
export async function runIndexerBench(plan: IndexerBenchPlan): Promise<IndexerBenchResult> {
  const log = plan.log ?? (() => undefined);
  const loadBefore = os.loadavg();
  const started = Date.now();
  // The CSV streamed as users get it (the test harness's indexers read it 3 rows at a time).
  const csvPage = process.env.GALEON_INDEXER_CSV_PAGE_ROWS;
  process.env.GALEON_INDEXER_CSV_PAGE_ROWS = "2000";
  try {
    return await benchAll(plan, log, loadBefore, started);
  } finally {
    if (csvPage === undefined) delete process.env.GALEON_INDEXER_CSV_PAGE_ROWS;
    else process.env.GALEON_INDEXER_CSV_PAGE_ROWS = csvPage;
  }
}

async function benchAll(
  plan: IndexerBenchPlan,
  log: (line: string) => void,
  loadBefore: number[],
  started: number,
): Promise<IndexerBenchResult> {
  const histories: Record<string, unknown> = {};
  let dense: Awaited<ReturnType<typeof runHistory>> | undefined;
  for (const [name, options] of [
    ["dense", plan],
    ["sparse", { ...plan, purchases: plan.sparsePurchases, perBlock: 1 }],
  ] as const) {
    // A node kept from an earlier run (GALEON_BENCH_RPC) stands for the dense history only.
    if (options.purchases === 0 || (name === "sparse" && process.env.GALEON_BENCH_RPC)) continue;
    log(`${name} history: ${options.purchases} purchases, ${options.perBlock} per block`);
    const loadAtStart = os.loadavg();
    const history = await runHistory(options, plan.databases);
    if (name === "dense") dense = history;
    histories[name] = {
      seed: history.seed,
      indexers: Object.fromEntries(history.runs.map((r) => [r.database, r])),
      statements: history.statements,
      load: { start: loadAtStart.map((l) => round(l, 2)), end: os.loadavg().map((l) => round(l, 2)) },
    };
  }
  log("log scans' peak memory:");
  const memory = scanMemory(plan.scanSizes);
  for (const m of memory) log(`  ${JSON.stringify(m)}`);
  const firstRun = dense?.runs[0];
  const full = dense?.statements[1] as Record<string, any> | undefined;
  const atFull = full?.[plan.databases[0]] as { statement_ms: number } | undefined;
  const peak = (what: string, i: number) =>
    Number(memory.find((m) => m.what === what && m.purchases === plan.scanSizes[i])?.maxRssMb);
  const postgresRun = dense?.runs.find((r) => r.database === "postgres");
  return {
    events: firstRun?.events ?? 0,
    sync_s: firstRun?.sync_s ?? 0,
    events_per_s: firstRun?.events_per_s ?? 0,
    statement_rpc_ms: Number(full?.log_scan_ms ?? 0),
    statement_indexer_ms: atFull?.statement_ms ?? 0,
    statement_rows: Number(full?.rows ?? 0),
    statement_same_rows: (dense?.statements ?? []).every((s) => (s as { same_rows: boolean }).same_rows),
    seed: dense?.seed,
    histories,
    scan_memory: memory,
    targets: {
      postgres_cold_cpu_ms_per_event: {
        target: 1.0,
        dense: postgresRun?.cpu_ms_per_event_cold ?? null,
      },
      statement_first_page_ms: {
        target: 100,
        at_purchases: full?.purchases ?? null,
        ...Object.fromEntries(plan.databases.map((d) => [d, full?.[d]?.first_page_ms ?? null])),
      },
      log_scan_peak_rss_growth: {
        target: 0.1,
        sizes: plan.scanSizes,
        statement: plan.scanSizes.length > 1 ? round(peak("statement", 1) / peak("statement", 0) - 1, 3) : null,
        status: plan.scanSizes.length > 1 ? round(peak("status", 1) / peak("status", 0) - 1, 3) : null,
      },
    },
    command_line: null,
    setup: {
      node: "anvil 1.7.1",
      databases: plan.databases,
      database: plan.databases[0],
      hospital: plan.hospital,
      runs: plan.runs,
      cpus: os.cpus().length,
      load_before: loadBefore.map((l) => round(l, 2)),
      load_after: os.loadavg().map((l) => round(l, 2)),
      bench_s: round((Date.now() - started) / 1000),
      node_version: process.version,
      date: new Date().toISOString().slice(0, 10),
    },
  };
}

/** `npm run bench:indexer`: the benchmark, written to bench/indexer.json. */
export async function main(): Promise<void> {
  const databases = (process.env.GALEON_BENCH_DATABASES ?? process.env.GALEON_BENCH_DATABASE ?? "pglite,postgres")
    .split(",")
    .map((d) => d.trim())
    .filter((d): d is "pglite" | "postgres" => d === "pglite" || d === "postgres");
  const plan: IndexerBenchPlan = {
    purchases: Number(process.env.GALEON_BENCH_PURCHASES ?? 2_000),
    perBlock: Number(process.env.GALEON_BENCH_PER_BLOCK ?? 20),
    sparsePurchases: Number(process.env.GALEON_BENCH_SPARSE_PURCHASES ?? 300),
    databases: databases.length === 0 ? ["pglite"] : databases,
    scanSizes: (process.env.GALEON_BENCH_SCAN_SIZES ?? "10000,50000").split(",").map(Number),
    hospital: Number(process.env.GALEON_BENCH_HOSPITAL ?? 1),
    runs: Number(process.env.GALEON_BENCH_RUNS ?? 5),
    log: (line) => console.log(line),
  };
  const result = await runIndexerBench(plan);
  const out = process.env.GALEON_BENCH_OUT ?? path.join(ROOT, "bench", "indexer.json");
  await writeFile(out, JSON.stringify(result, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  if (process.env.GALEON_BENCH_KEEP === "1" && !process.env.GALEON_BENCH_RPC) {
    setInterval(() => undefined, 1 << 30);
    await new Promise(() => undefined);
  }
}
