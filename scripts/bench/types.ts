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
