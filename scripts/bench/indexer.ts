/**
 * The indexer benchmark (`npm run bench:indexer`, docs/indexer.md "Speed"): on a new anvil node, the
 * local suite deployed with the Ignition CLI, 14 more hospitals registered by the owner (the DAO
 * timelock, impersonated: anvil_impersonateAccount), then `purchases` purchases over the 19 hospitals
 * seeded many per block (automine off, transactions sent in JSON-RPC batches without waiting, then
 * `evm_mine`), with claims and buy-backs between them. Then, on the finished chain:
 *
 * - the indexer started as users start it (`npm run indexer`, PGlite or PostgreSQL), timed until it has
 *   indexed the chain's head: a historical backfill (`sync_s`, `events_per_s`);
 * - a hospital's statement by log scanning (`LogStatementSource`, what `hospital statement` runs with
 *   no indexer) and through the indexer (`IndexerStatementSource`, with `--indexer`), each the median
 *   of 5 in this process (no Hardhat start-up in either), and their rows compared;
 * - the same two as command lines (`npx hardhat ... hospital statement`), wall times.
 *
 * `bench/indexer.json` gets the figures. Environment: GALEON_BENCH_PURCHASES (10000),
 * GALEON_BENCH_PER_BLOCK (20), GALEON_BENCH_DATABASE (pglite | postgres), GALEON_BENCH_OUT.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { id, Interface, JsonRpcProvider, Wallet, ZeroHash } from "ethers";

import { hardhat, type LocalSuiteOnNode, ROOT, rpc, startLocalSuite } from "../../test/ts/e2e/harness.js";
import { indexingRates, type IndexerProcess, startIndexer, startPostgres } from "../../indexer/test/harness.js";
import { IndexerClient, IndexerStatementSource } from "../lib/indexer.js";
import type { RpcRequester } from "../lib/logs.js";
import { packUsage, type Quote, signQuote } from "../lib/quote.js";
import { type HospitalStatement, LogStatementSource } from "../lib/statementSource.js";
import type { TokenInfo } from "../lib/tokens.js";
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
  database: "pglite" | "postgres";
  /** Hospital whose statement is measured. */
  hospital: number;
  /** Runs of each statement measurement (the median is kept). */
  runs: number;
  /** Also time the two command lines (a Hardhat start-up each). */
  commandLine: boolean;
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

/** The bench's history: hospitals 6..19 registered, then purchases, claims and buy-backs. */
async function seed(suite: LocalSuiteOnNode, options: IndexerBenchOptions) {
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

  // The owner of the registry is the timelock: impersonated to register hospitals 6..19.
  await node.request({ method: "anvil_impersonateAccount", params: [timelock] });
  await node.request({ method: "anvil_setBalance", params: [timelock, "0x56bc75e2d63100000"] });
  await node.request({ method: "evm_setAutomine", params: [false] });
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

  const rand = random(11);
  const started = Date.now();
  let claims = 0;
  let buybacks = 0;
  let buybacksRefused = 0;
  let hospitalCredits = 0;
  for (let done = 0; done < options.purchases; ) {
    const now = BigInt((await provider.getBlock("latest"))!.timestamp);
    const calls: Array<{ method: string; params: unknown[] }> = [];
    const count = Math.min(options.perBlock, options.purchases - done);
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

/** Runs the benchmark on a new anvil node (stopped at the end) and returns its figures. */
export async function runIndexerBench(options: IndexerBenchOptions): Promise<IndexerBenchResult> {
  const log = options.log ?? (() => undefined);
  const loadBefore = os.loadavg();
  const deploying = Date.now();
  // GALEON_BENCH_RPC + GALEON_BENCH_DEPLOYMENT: a node seeded by an earlier run kept with
  // GALEON_BENCH_KEEP=1 (to measure the indexer again without seeding again).
  const reuse = process.env.GALEON_BENCH_RPC;
  const suite = reuse
    ? await existingSuite(reuse, process.env.GALEON_BENCH_DEPLOYMENT ?? "")
    : await startLocalSuite("anvil", "ixbench");
  const keep = process.env.GALEON_BENCH_KEEP === "1";
  let indexer: IndexerProcess | undefined;
  let pgliteDir: string | undefined;
  let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
  try {
    log(`deployed the local suite on anvil in ${((Date.now() - deploying) / 1000).toFixed(1)} s`);
    const seeded = reuse
      ? { claims: 0, buybacks: 0, buybacksRefused: 0, hospitalCredits: 0, seconds: 0 }
      : await seed(suite, options);
    const url = suite.node.url;
    const node = jsonRpc(url);
    const head = Number(await node.request({ method: "eth_blockNumber" }));
    log(
      `seeded ${options.purchases} purchases, ${seeded.claims} claims, ${seeded.buybacks} buy-backs: block ${head}, ${seeded.seconds.toFixed(0)} s`,
    );

    // The indexer, started as users start it, on the finished chain: a historical backfill.
    const database =
      options.database === "postgres"
        ? await (async () => {
            postgres = await startPostgres();
            return { kind: "postgres" as const, url: postgres.url, schema: `galeon_bench_${process.pid}` };
          })()
        : { kind: "pglite" as const, dir: (pgliteDir = await mkdtemp(path.join(os.tmpdir(), "galeon-bench-pglite-"))) };
    const spawned = Date.now();
    indexer = await startIndexer(url, suite.deploymentId, database);
    let serving = 0;
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
    serving = Date.now();
    await indexer.waitFor(head, 3_600_000);
    const synced = Date.now();
    const rates = indexingRates(indexer.output());
    // Where the backfill's time went, by Ponder's own metrics: fetching (extract) vs indexing
    // (transform), and indexing by step (prefetch, index, load, finalize, commit), in seconds.
    const metrics = await (await fetch(`${indexer.url}/metrics`)).text();
    const metric = (name: string, label: string) =>
      Object.fromEntries(
        [...metrics.matchAll(new RegExp(`^${name}\\{${label}="([a-z_]+)"[^}]*\\} ([0-9.e+-]+)$`, "gm"))].map((m) => [
          m[1],
          round(Number(m[2]) / 1000, 2),
        ]),
      );
    if (process.env.GALEON_BENCH_LOG) {
      await writeFile(process.env.GALEON_BENCH_LOG, indexer.output());
      await writeFile(`${process.env.GALEON_BENCH_LOG}.metrics`, metrics);
    }
    const breakdown = {
      concurrency_s: metric("ponder_historical_concurrency_group_duration", "group"),
      transform_s: metric("ponder_historical_transform_duration", "step"),
      // Database time by method: the raw chain data Ponder stores before indexing it (blocks,
      // transactions, logs), the live blocks' commits, the startup's migrations.
      database_s: Object.fromEntries(
        Object.entries(metric("ponder_database_method_duration_sum", "method")).filter(([name]) =>
          [
            "insert_blocks",
            "insert_transactions",
            "insert_logs",
            "commit_block",
            "create_trigger",
            "migrate",
            "migrate_sync",
          ].includes(name),
        ),
      ),
    };
    const events = rates.backfill.events + rates.live.events;
    const syncS = (synced - serving) / 1000;
    log(
      `indexed ${events} events to block ${head} in ${syncS.toFixed(1)} s after start-up (${((serving - spawned) / 1000).toFixed(1)} s)`,
    );

    // A hospital's statement both ways, in this process.
    const query = {
      router: suite.address("DataAccessRouter"),
      hospitalId: options.hospital,
      fromBlock: 0,
      toBlock: head,
    };
    const eurc: TokenInfo = { address: suite.address("TestEuro"), symbol: "tEURC", decimals: 6 };
    const timed = async (run: () => Promise<HospitalStatement>) => {
      const times: number[] = [];
      let last: HospitalStatement | undefined;
      for (let i = 0; i < options.runs; i++) {
        const start = performance.now();
        last = await run();
        times.push(performance.now() - start);
      }
      return { ms: median(times), all: times.map((t) => round(t)), statement: last! };
    };
    const byLogs = await timed(() => {
      // Token symbols as the command line reads them: once per run, on chain.
      const known = new Map<string, Promise<TokenInfo>>();
      const lookup = (address: string) => {
        if (!known.has(address)) known.set(address, Promise.resolve({ ...eurc, address }));
        return known.get(address)!;
      };
      return new LogStatementSource(jsonRpc(url), lookup).statement(query);
    });
    const client = new IndexerClient(indexer.url);
    const byIndexer = await timed(() =>
      new IndexerStatementSource(client, { chainId: 31337, deploymentId: suite.deploymentId }, jsonRpc(url)).statement(
        query,
      ),
    );
    const sameRows = JSON.stringify(byLogs.statement.rows) === JSON.stringify(byIndexer.statement.rows);
    log(
      `statement of hospital ${options.hospital} (${byLogs.statement.rows.length} rows): log scan ${byLogs.ms.toFixed(0)} ms,` +
        ` indexer ${byIndexer.ms.toFixed(0)} ms (same rows: ${sameRows})`,
    );

    // The same as command lines (a Hardhat start-up each).
    let commandLine: Record<string, number> | undefined;
    if (options.commandLine) {
      const outDir = await mkdtemp(path.join(os.tmpdir(), "galeon-bench-out-"));
      const cli = async (...extra: string[]) => {
        const start = Date.now();
        const run = await suite.cli(
          "hospital",
          "statement",
          "--hospital",
          String(options.hospital),
          "--format",
          "csv",
          "--out",
          path.join(outDir, "s.csv"),
          ...extra,
        );
        if (run.code !== 0) throw new Error(`hospital statement ${extra.join(" ")} failed: ${run.stderr}`);
        return (Date.now() - start) / 1000;
      };
      const version = Date.now();
      await hardhat(["--version"], url);
      const hardhatStart = (Date.now() - version) / 1000;
      commandLine = {
        hardhat_version_s: round(hardhatStart, 2),
        statement_rpc_s: round(await cli(), 2),
        statement_indexer_s: round(await cli("--indexer", indexer.url), 2),
      };
      await rm(outDir, { recursive: true, force: true });
      log(`command lines: ${JSON.stringify(commandLine)}`);
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
              toBlock: "latest",
            },
          ],
        })) as unknown[]
      ).length,
    );
    return {
      events,
      sync_s: round(syncS, 2),
      events_per_s: Math.round(events / syncS),
      statement_rpc_ms: round(byLogs.ms),
      statement_indexer_ms: round(byIndexer.ms),
      statement_speedup: round(byLogs.ms / byIndexer.ms),
      statement_rows: byLogs.statement.rows.length,
      statement_same_rows: sameRows,
      statement_rpc_runs_ms: byLogs.all,
      statement_indexer_runs_ms: byIndexer.all,
      startup_s: round((serving - spawned) / 1000, 2),
      ponder_backfill_breakdown: breakdown,
      ponder_indexing: {
        backfill: { events: rates.backfill.events, blocks: rates.backfill.blocks, ms: rates.backfill.ms },
        live: { events: rates.live.events, blocks: rates.live.blocks, ms: rates.live.ms },
      },
      command_line: commandLine ?? null,
      seed: {
        purchases: options.purchases,
        purchased_events: purchased,
        hospitals: HOSPITALS,
        hospital_credits: seeded.hospitalCredits,
        claims: seeded.claims,
        buybacks: seeded.buybacks,
        buybacks_refused: seeded.buybacksRefused,
        purchases_per_block: options.perBlock,
        blocks: head,
        seed_s: round(seeded.seconds),
      },
      setup: {
        node: "anvil 1.7.1",
        database: options.database,
        hospital: options.hospital,
        runs: options.runs,
        cpus: os.cpus().length,
        load_before: loadBefore.map((l) => round(l, 2)),
        load_after: os.loadavg().map((l) => round(l, 2)),
        node_version: process.version,
        date: new Date().toISOString().slice(0, 10),
      },
    };
  } finally {
    await indexer?.stop();
    if (keep && reuse === undefined) {
      // The node lives as long as this process (main waits for Ctrl-C).
      log(`node kept until Ctrl-C: GALEON_BENCH_RPC=${suite.node.url} GALEON_BENCH_DEPLOYMENT=${suite.deploymentId}`);
    } else if (reuse === undefined) await suite.stop();
    await postgres?.stop();
    if (pgliteDir !== undefined) await rm(pgliteDir, { recursive: true, force: true });
  }
}

/** `npm run bench:indexer`: the full benchmark, written to bench/indexer.json. */
export async function main(): Promise<void> {
  const options: IndexerBenchOptions = {
    purchases: Number(process.env.GALEON_BENCH_PURCHASES ?? 10_000),
    perBlock: Number(process.env.GALEON_BENCH_PER_BLOCK ?? 20),
    database: process.env.GALEON_BENCH_DATABASE === "postgres" ? "postgres" : "pglite",
    hospital: Number(process.env.GALEON_BENCH_HOSPITAL ?? 1),
    runs: Number(process.env.GALEON_BENCH_RUNS ?? 5),
    commandLine: process.env.GALEON_BENCH_CLI !== "0",
    log: (line) => console.log(line),
  };
  const result = await runIndexerBench(options);
  const out = process.env.GALEON_BENCH_OUT ?? path.join(ROOT, "bench", "indexer.json");
  await writeFile(out, JSON.stringify(result, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  if (process.env.GALEON_BENCH_KEEP === "1" && !process.env.GALEON_BENCH_RPC) {
    setInterval(() => undefined, 1 << 30);
    await new Promise(() => undefined);
  }
}
