/**
 * `npm run bench:indexer` with a tiny seed: the benchmark runs end to end (anvil, the local suite,
 * 19 hospitals, purchases, a buy-back, the indexer, both statements) and writes a JSON file of the
 * documented shape. Times are never asserted (the benchmark reports them; docs/indexer.md, "Speed").
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
      GALEON_BENCH_RUNS: "1",
      GALEON_BENCH_CLI: "0",
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
      expect(result.command_line).to.equal(null);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
