/**
 * `npm run bench:indexer`: a dense and a sparse history over 19 hospitals on new anvil nodes, each
 * indexed cold on PGlite and PostgreSQL (time, events per second, the indexer's CPU per event, the
 * finality tail), a hospital's statement by log scan (direct and through a public-endpoint proxy) and
 * through the indexer at two history sizes, the log scans' memory; writes `bench/indexer.json`
 * (scripts/bench/indexer.ts; docs/indexer.md, "Speed"). Targets are reported, never by timed tests.
 */
import { main } from "./bench/indexer.js";

await main();
