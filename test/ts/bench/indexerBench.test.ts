/**
 * `npm run bench:indexer` with a tiny seed: the benchmark runs end to end (a dense and a sparse
 * history on anvil, the local suite, 19 hospitals, purchases, a buy-back; each indexed cold on PGlite
 * and PostgreSQL; the statement every way at two sizes; the log scans' memory) and writes a JSON file
 * of the documented shape. Times are never asserted (the benchmark reports them; docs/indexer.md, "Speed").
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import { main } from "../../../scripts/bench/indexer.js";

describe("bench: npm run bench:indexer with a tiny seed", function () {
  this.timeout(900_000);

  it("writes bench JSON with events, sync_s, events_per_s and both statement times, the statements' rows equal", async function () {
    const dir = await mkdtemp(path.join(os.tmpdir(), "galeon-ixbench-"));
    const out = path.join(dir, "indexer.json");
    const saved = { ...process.env };
    Object.assign(process.env, {
      GALEON_BENCH_PURCHASES: "30",
      GALEON_BENCH_PER_BLOCK: "10",
      GALEON_BENCH_SPARSE_PURCHASES: "6",
      GALEON_BENCH_SCAN_SIZES: "300,3000",
      GALEON_BENCH_RUNS: "1",
      GALEON_BENCH_OUT: out,
    });
    try {
      await main();
      const result = JSON.parse(await readFile(out, "utf8"));
      for (const key of ["events", "sync_s", "events_per_s", "statement_rpc_ms", "statement_indexer_ms"]) {
        expect(result[key], key).to.be.a("number");
        expect(result[key], key).to.be.at.least(0);
      }
      expect(result.events, "at least the purchases").to.be.at.least(30);
      expect(result.statement_same_rows).to.equal(true);
      expect(result.statement_rows).to.be.greaterThan(0);
      expect(result.seed).to.deep.include({
        purchases: 30,
        purchased_events: 30,
        hospitals: 19,
        purchases_per_block: 10,
      });
      expect(result.seed.buybacks + result.seed.buybacks_refused).to.equal(1);
      expect(result.setup).to.include({ database: "pglite", hospital: 1, runs: 1 });
      expect(result.setup.databases).to.deep.equal(["pglite", "postgres"]);
      expect(result.command_line).to.equal(null);
      // Dense and sparse, each indexed cold by PGlite and PostgreSQL, the statement at two sizes.
      for (const [name, purchases] of [
        ["dense", 30],
        ["sparse", 6],
      ] as const) {
        const history = result.histories[name];
        expect(history.seed.purchased_events, name).to.equal(purchases);
        for (const database of ["pglite", "postgres"]) {
          const run = history.indexers[database];
          expect(run, `${name} ${database}`).to.include({ database });
          for (const key of ["events", "sync_s", "events_per_s", "cpu_ms_per_event", "cpu_ms_per_event_cold"]) {
            expect(run[key], `${name} ${database} ${key}`).to.be.a("number").and.at.least(0);
          }
          expect(run.cpu_ms_per_event_cold, "the indexer's own CPU").to.be.greaterThan(0);
          expect(run.finality_tail.s).to.be.a("number");
          expect(run.backfill.events + run.finality_tail.events).to.equal(run.events);
        }
        expect(history.statements.map((s: { purchases: number }) => s.purchases)).to.deep.equal([
          Math.ceil(purchases / 2),
          purchases,
        ]);
        for (const statement of history.statements) {
          expect(statement.same_rows).to.equal(true);
          expect(statement.log_scan_public_endpoint).to.include({ latency_ms: 50, max_results: 1_000 });
          expect(statement.log_scan_public_endpoint.requests).to.be.at.least(2);
          for (const database of ["pglite", "postgres"]) {
            expect(statement[database].first_page_ms, database).to.be.a("number");
            expect(statement[database].page_1000_first_ms, database).to.be.a("number");
            expect(statement[database].csv_bytes, database).to.be.greaterThan(0);
          }
        }
        expect(history.load.start).to.have.length(3);
        // Re-indexing the stored chain data on PostgreSQL: the same events, the indexer's own CPU.
        expect(history.postgres_reindex, name).to.include({ database: "postgres" });
        expect(history.postgres_reindex.events, name).to.equal(history.indexers.postgres.events);
        expect(history.postgres_reindex.cpu_ms_per_event_cold, name).to.be.greaterThan(0);
      }
      expect(
        result.scan_memory.map((m: { what: string; purchases: number }) => `${m.what} ${m.purchases}`),
      ).to.deep.equal(["statement 300", "status 300", "statement 3000", "status 3000"]);
      expect(result.targets.postgres_cold_cpu_ms_per_event.dense).to.be.a("number");
      expect(result.targets.postgres_reindex_cpu_ms_per_event.dense).to.be.a("number");
      expect(result.targets.statement_page_1000_ms.postgres.first).to.be.a("number");
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
