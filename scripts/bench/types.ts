import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

/** One measured operation: a key of `bench/gas.json`, its gas, a label for the README, a budget. */
export interface GasRow {
  key: string;
  gas: bigint;
  label: string;
  /** The target, where one is set; the bench marks rows above it. */
  budget?: bigint;
}

export interface BenchContext {
  ethers: HardhatEthers;
  networkHelpers: NetworkHelpers;
}

/** A section of the benchmark: deploys what it needs on a fresh in-process chain and measures. */
export type BenchSection = (ctx: BenchContext) => Promise<GasRow[]>;

/** Gas used by a sent transaction. */
export async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction was dropped");
  return receipt.gasUsed;
}

/**
 * Where each section's chain starts: 2030-01-01T00:00:00Z, on the hour. The chain's clock then runs with the wall
 * clock, so block times differ between runs by the seconds a run takes.
 */
export const BENCH_START = 1_893_456_000;

/**
 * The time the bench's quotes and locks count from: the latest block's time floored to the hour. From
 * `BENCH_START` it is the same on every run, so are the signed quotes, and so is their calldata: with the exact
 * second, a signature's zero bytes came and went and the rows moved by 12 to 24 gas from run to run.
 */
export async function benchNow(ethers: HardhatEthers): Promise<bigint> {
  const latest = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  return latest - (latest % 3600n);
}
