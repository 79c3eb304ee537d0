/**
 * The router's events, read straight from raw logs: topics compared as strings, and only the data
 * words a reader needs decoded. Scanning tens of thousands of `Purchased` logs through a full ABI
 * decoder (every usage and credit array, into `Result` objects) costs most of a statement's time;
 * here a purchase that does not name a hospital costs a binary search over the usage words' first
 * eight hex digits, and nothing is decoded for it. A test checks the topics against the compiled ABI.
 */
import { getAddress, id } from "ethers";

import { dataUint, dataWord, type RawLog } from "./logs.js";

/** `topic0` of each event the readers use. */
export const TOPICS = {
  Purchased: id("Purchased(bytes32,address,address,address,uint256,uint256[4],bytes32,uint64,uint256[],uint256[])"),
  HospitalClaimed: id("HospitalClaimed(uint32,address,address,uint256)"),
  PayoutSet: id("PayoutSet(uint32,address,address)"),
  HospitalRegistered: id("HospitalRegistered(uint32,address,bytes32)"),
  PayeeWithdrawn: id("PayeeWithdrawn(uint8,address,address,uint256)"),
  TokenAllowedSet: id("TokenAllowedSet(address,bool)"),
  AccessPermit: id("AccessPermit(bytes32,bytes32,uint64)"),
  AccessRenewed: id("AccessRenewed(bytes32,bytes32,uint64)"),
} as const;

/** The indexed uint32 hospital id as a topic (for `eth_getLogs` filters). */
export function hospitalTopic(hospitalId: number): string {
  return `0x${hospitalId.toString(16).padStart(64, "0")}`;
}

const checksummed = new Map<string, string>();

/** An address topic (or data word), checksummed; cached, as a scan meets the same few addresses again and again. */
export function topicAddress(topic: string): string {
  const key = topic.slice(-40).toLowerCase();
  let address = checksummed.get(key);
  if (address === undefined) {
    address = getAddress(`0x${key}`);
    if (checksummed.size < 10_000) checksummed.set(key, address);
  }
  return address;
}

/** Block, log index and (when the node gives it) the block's timestamp of a raw log. */
export function logPosition(log: RawLog): { block: number; logIndex: number; timestamp?: number } {
  return {
    block: Number(log.blockNumber),
    logIndex: Number(log.logIndex),
    timestamp: log.blockTimestamp === undefined ? undefined : Number(log.blockTimestamp),
  };
}

/** `Purchased`'s non-indexed head, in data words: payer, amount, parts[4], jobHash, accessExpiry, usage, credits. */
const WORD = { payer: 0, amount: 1, parts: 2, jobHash: 6, usage: 8, credits: 9 } as const;

/** The amount and the four parts (hospitals, treasury, buy-back, Galeon) of a `Purchased` log. */
export function purchaseTotals(log: RawLog): {
  token: string;
  amount: bigint;
  parts: [bigint, bigint, bigint, bigint];
} {
  const { data } = log;
  return {
    token: topicAddress(log.topics[2]),
    amount: dataUint(data, WORD.amount),
    parts: [
      dataUint(data, WORD.parts),
      dataUint(data, WORD.parts + 1),
      dataUint(data, WORD.parts + 2),
      dataUint(data, WORD.parts + 3),
    ],
  };
}

/**
 * The credit a `Purchased` log gives `hospitalId` (`undefined` when its usage does not name it),
 * found by binary search: usage words are sorted by hospital id, which is their first 8 hex digits.
 */
export function purchaseCredit(log: RawLog, hospitalId: number): bigint | undefined {
  const { data } = log;
  const usageAt = Number(dataUint(data, WORD.usage) / 32n);
  const length = Number(dataUint(data, usageAt));
  const target = hospitalId.toString(16).padStart(8, "0");
  let low = 0;
  let high = length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const start = 2 + (usageAt + 1 + middle) * 64;
    const idHex = data.slice(start, start + 8).toLowerCase();
    if (idHex === target) {
      const creditsAt = Number(dataUint(data, WORD.credits) / 32n);
      return dataUint(data, creditsAt + 1 + middle);
    }
    if (idHex < target) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** Access id, job hash and buyer of a `Purchased` log. */
export function purchaseIds(log: RawLog): { accessId: string; jobHash: string; buyer: string; token: string } {
  return {
    accessId: log.topics[1].toLowerCase(),
    jobHash: `0x${dataWord(log.data, WORD.jobHash).toLowerCase()}`,
    buyer: topicAddress(log.topics[3]),
    token: topicAddress(log.topics[2]),
  };
}
