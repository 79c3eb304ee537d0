/**
 * Seeds a local node's Galeon deployment with many purchases, to measure the log scans of
 * `hospital statement` and `galeon status` on a long history (docs/command-line.md, "Large
 * histories"). Half the purchases name hospital 1; every 500th is followed by a claim of hospital 1.
 *
 *   GALEON_RPC_URL=http://127.0.0.1:8545 GALEON_BENCH_PURCHASES=2000 GALEON_DEPLOYMENT_ID=chain-31337 \
 *     npx hardhat run scripts/bench/seed-purchases.ts --network localnode
 *
 * The node's unlocked development accounts sign (1 the attestor, 2 the buyer; deploy/parameters/local.json).
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { id, MaxUint256, ZeroAddress, ZeroHash } from "ethers";
import hre from "hardhat";

import { packUsage, type Quote, signQuote } from "../../domain/quotes/quote.js";
import type { DataAccessRouter, TestStablecoin } from "../../typechain-types/index.js";

const count = Number(process.env.GALEON_BENCH_PURCHASES ?? "2000");
const deploymentId = process.env.GALEON_DEPLOYMENT_ID ?? "chain-31337";
const addresses = JSON.parse(
  readFileSync(path.join(hre.config.paths.ignition, "deployments", deploymentId, "deployed_addresses.json"), "utf8"),
) as Record<string, string>;
const at = (name: string) => addresses[Object.keys(addresses).find((k) => k.endsWith(`#${name}`))!];

const { ethers } = await hre.network.create();
const [, attestor, buyer] = await ethers.getSigners();
const router = (await ethers.getContractAt("DataAccessRouter", at("DataAccessRouter"))) as unknown as DataAccessRouter;
const eurc = (await ethers.getContractAt("TestStablecoin", at("TestEuro"))) as unknown as TestStablecoin;
const routerAddress = await router.getAddress();
const chainId = (await ethers.provider.getNetwork()).chainId;
const price = 100n * 10n ** 6n;

await (await eurc.mint(buyer.address, price * BigInt(count))).wait();
await (await eurc.connect(buyer).approve(routerAddress, MaxUint256)).wait();
const started = Date.now();
for (let i = 0; i < count; i++) {
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const hospitals = i % 2 === 0 ? [1, 2, 4] : [2, 3, 5];
  const quote: Quote = {
    accessId: id(`bench-${i}-${now}`),
    buyer: buyer.address,
    payer: ZeroAddress,
    token: await eurc.getAddress(),
    amount: price,
    deadline: now + 3_600n,
    accessExpiry: now + 86_400n,
    usage: hospitals.map((hospitalId, k) => packUsage({ hospitalId, units: BigInt(100 * (k + 1)) })),
    jobHash: id(`bench-job-${i}`),
    permitId: id(`bench-permit-${i}`),
    permitExpiry: now + 86_400n,
    renews: ZeroHash,
  };
  const signature = await signQuote(attestor, chainId, routerAddress, quote);
  await (await router.connect(buyer).purchase(quote, signature, price)).wait();
  if ((i + 1) % 500 === 0) {
    await (await router.connect(buyer).claimHospital(1, [await eurc.getAddress()])).wait();
    console.log(`${i + 1} purchases (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
}
console.log(`seeded ${count} purchases on deployment ${deploymentId}`);
