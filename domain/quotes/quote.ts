/**
 * Data-access quotes: the EIP-712 domain and type the attestor signs, and the usage-vector packing.
 * Shared by the benchmark, the tests and (later) the attestor tasks.
 */
import { id, isHexString, type Signer, type TypedDataDomain, ZeroHash } from "ethers";

/** A usage entry: a pseudonymous hospital id and the units of its data the job used. */
export interface UsageEntry {
  hospitalId: number | bigint;
  units: bigint;
}

export interface Quote {
  accessId: string;
  buyer: string;
  payer: string;
  token: string;
  amount: bigint;
  deadline: bigint;
  accessExpiry: bigint;
  usage: bigint[];
  jobHash: string;
  /** The data permit's id (a hash of the health data access body's permit number); never zero. */
  permitId: string;
  /** When the data permit ends (unix seconds): the access may not outlive it. */
  permitExpiry: bigint;
  /** The access id this quote extends (renews); zero for a new access. */
  renews: string;
}

export const QUOTE_TYPES = {
  Quote: [
    { name: "accessId", type: "bytes32" },
    { name: "buyer", type: "address" },
    { name: "payer", type: "address" },
    { name: "token", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "deadline", type: "uint64" },
    { name: "accessExpiry", type: "uint64" },
    { name: "usage", type: "uint256[]" },
    { name: "jobHash", type: "bytes32" },
    { name: "permitId", type: "bytes32" },
    { name: "permitExpiry", type: "uint64" },
    { name: "renews", type: "bytes32" },
  ],
};

/** The router's EIP-712 domain. */
export function routerDomain(chainId: bigint, router: string): TypedDataDomain {
  return { name: "Galeon DataAccessRouter", version: "1", chainId, verifyingContract: router };
}

/** Packs one usage entry: `(hospitalId << 224) | units`. */
export function packUsage(entry: UsageEntry): bigint {
  return (BigInt(entry.hospitalId) << 224n) | entry.units;
}

/** Unpacks one usage word. */
export function unpackUsage(word: bigint): UsageEntry {
  return { hospitalId: Number(word >> 224n), units: word & ((1n << 224n) - 1n) };
}

/** The attestor's EIP-712 signature of `quote`. */
export async function signQuote(attestor: Signer, chainId: bigint, router: string, quote: Quote): Promise<string> {
  return attestor.signTypedData(routerDomain(chainId, router), QUOTE_TYPES, quote);
}

/** The `renews` of a quote for a new access (it extends none). */
export const NO_RENEWAL = ZeroHash;

/**
 * A data permit's id as signed: a 32-byte hex id as it is, any other text (the health data access
 * body's permit number, e.g. "HDAB-FR-2026-0042") as its keccak256, so no permit number, let alone
 * personal data, reaches the chain.
 */
export function permitIdOf(input: string): string {
  const text = input.trim();
  return isHexString(text, 32) ? text.toLowerCase() : id(text);
}
