/**
 * Seeds a local node's `LocalSuite` deployment with a history (scripts/lib/seedHistory.ts): purchases
 * spread over days, claims, buy-backs, metered jobs, a proposal voted through to execution and one left pending.
 * `npm run stack` runs it; to seed a node of your own (deployed as in docs/command-line.md):
 *
 *   GALEON_SEED_PURCHASES=300 npx hardhat run scripts/seed.ts
 *
 * Environment (all optional): GALEON_RPC_URL (http://127.0.0.1:8545), GALEON_DEPLOYMENT_ID
 * (chain-31337), GALEON_SEED_PURCHASES (300), GALEON_SEED_HOSPITALS (5), GALEON_SEED_DAYS (30),
 * GALEON_SEED_CLAIMS (10), GALEON_SEED_BUYBACKS (4), GALEON_SEED_JOBS (4 metered jobs, when the
 * deployment has the job escrow), GALEON_SEED_PROPOSAL (1; 0 for none). Prints one
 * line of JSON: what was seeded.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { seedHistory, type SuiteAddresses } from "./lib/seedHistory.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const env = process.env;
const rpcUrl = env.GALEON_RPC_URL ?? "http://127.0.0.1:8545";
const deploymentId = env.GALEON_DEPLOYMENT_ID ?? "chain-31337";

function integer(name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  if (!/^[0-9]+$/.test(text)) {
    process.stderr.write(`error: ${name} must be a whole number (got "${text}")\n`);
    process.exit(2);
  }
  return Number(text);
}

const file = path.join(ROOT, "deploy", "deployments", deploymentId, "deployed_addresses.json");
let deployed: Record<string, string>;
try {
  deployed = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
} catch {
  process.stderr.write(`error: no deployment ${deploymentId} (${path.relative(ROOT, file)} is missing)\n`);
  process.exit(3);
}
const names = ["GaleonToken", "TestEuro", "DataAccessRouter", "BuybackBurner", "GaleonGovernor", "GaleonTreasury"];
const addresses = Object.fromEntries(
  names.map((name) => [name, deployed[Object.keys(deployed).find((k) => k.endsWith(`#${name}`)) ?? ""]]),
) as SuiteAddresses;
const missing = names.filter((name) => addresses[name as keyof SuiteAddresses] === undefined);
// The job escrow (metered jobs) when the deployment has one.
const escrow = deployed[Object.keys(deployed).find((k) => k.endsWith("#JobEscrow")) ?? ""];
if (escrow !== undefined) addresses.JobEscrow = escrow;
if (missing.length > 0) {
  process.stderr.write(`error: deployment ${deploymentId} is not LocalSuite (no ${missing.join(", ")})\n`);
  process.exit(3);
}

const summary = await seedHistory(rpcUrl, addresses, {
  purchases: integer("GALEON_SEED_PURCHASES", 300),
  hospitals: integer("GALEON_SEED_HOSPITALS", 5),
  days: integer("GALEON_SEED_DAYS", 30),
  claims: integer("GALEON_SEED_CLAIMS", 10),
  buybacks: integer("GALEON_SEED_BUYBACKS", 4),
  jobs: integer("GALEON_SEED_JOBS", 4),
  proposal: integer("GALEON_SEED_PROPOSAL", 1) !== 0,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify(summary, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}\n`);
