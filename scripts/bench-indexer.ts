/**
 * `npm run bench:indexer`: seeds 10,000 purchases over 19 hospitals on a new anvil node, times the
 * indexer's backfill and a hospital's statement by log scanning and through the indexer, and writes
 * `bench/indexer.json` (scripts/bench/indexer.ts; docs/indexer.md, "Speed"). Targets are checked
 * here and reported, never by timed tests.
 */
import { main } from "./bench/indexer.js";

await main();
