/**
 * Simulating a proposal as the timelock will run it, before anyone votes 11 days for nothing.
 *
 * How: one `eth_call` of `TimelockController.executeBatch(targets, values, calldatas, 0, salt)` from
 * the Governor, on the current state, exactly the call `Governor.execute` makes. A state override
 * makes the batch's timelock operation Ready, and, for actions on the Governor itself, fills the
 * Governor's queue of authorised governance calls as `Governor.execute` does before calling the
 * timelock. The actions run in order inside that one call, so each one sees the effects of the ones
 * before it (a grant after a `collect`, a `setPair` after an `allow`), as at execution.
 *
 * Where: every node that accepts `eth_call` state overrides: the Hardhat node (EDR), anvil, geth and
 * most providers. `eth_simulateV1` would do the same but EDR does not implement it. When the node also
 * accepts a block override (anvil, geth; not EDR), the call runs at the requested time (the earliest
 * execution), so an expiry that will have passed by then fails too; otherwise it runs at the latest
 * block's time and the result says so.
 *
 * Which action: when the whole batch fails, shorter prefixes are simulated the same way; the first
 * failing prefix ends with the failing action.
 *
 * The overrides write two OpenZeppelin 5 storage slots, checked against the chain before use (the
 * timelock's minimum delay, the Governor's name): if the layout is not the expected one, nothing is
 * claimed and the result is "not simulated".
 */
import { AbiCoder, getAddress, Interface, keccak256, toBeHex, toUtf8Bytes, zeroPadBytes } from "ethers";

import type { Eip1193 } from "../chain/rpc.js";
import { latestBlock } from "../chain/rpc.js";
import { findRevertData } from "../errors/revert.js";

/** The calls of a proposal, as the Governor stores them. */
export interface ProposalCalls {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  /** keccak256 of the description. */
  descriptionHash: string;
}

export interface DaoAddresses {
  governor: string;
  timelock: string;
}

export type Simulation =
  | {
      outcome: "passes";
      /** The block time the actions ran at. */
      at: bigint;
      /** True when the node ran them at the requested time, false when at the latest block's time. */
      atRequestedTime: boolean;
    }
  | {
      outcome: "fails";
      at: bigint;
      atRequestedTime: boolean;
      /** The first failing action (0-based). */
      action: number;
      /** Its revert data ("0x" for a revert without data). */
      revertData: string;
    }
  | { outcome: "not simulated"; reason: string };

/**
 * OpenZeppelin 5 storage slots the overrides write (non-upgradeable contracts, sequential layout):
 * - TimelockController: AccessControl's `_roles` (0), then `_timestamps` (1) and `_minDelay` (2).
 * - Governor: EIP712's `_nameFallback` and `_versionFallback` (0, 1), Nonces' `_nonces` (2), then its own
 *   `_name` (3), `_proposals` (4) and `_governanceCall`, a DoubleEndedQueue: `_begin | _end << 128` (5)
 *   and the `_data` mapping (6). Extensions and GaleonGovernor's own variables come after.
 */
export const SLOTS = {
  timelockTimestamps: 1n,
  timelockMinDelay: 2n,
  governorName: 3n,
  governorCallQueue: 5n,
} as const;

/** A timestamp above 1 (`DONE_TIMESTAMP`) and in the past: the operation is Ready. */
const READY_TIMESTAMP = 2n;

const TIMELOCK = new Interface([
  "function executeBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt) payable",
  "function getMinDelay() view returns (uint256)",
]);
const GOVERNOR = new Interface(["function name() view returns (string)"]);
const coder = AbiCoder.defaultAbiCoder();
const ZERO = `0x${"00".repeat(32)}`;

const word = (value: bigint) => toBeHex(value, 32);

/** The storage slot of `mapping[key]` for a mapping at `slot` (a value-type key, as a uint256/bytes32 word). */
export function mappingSlot(key: bigint | string, slot: bigint): string {
  return keccak256(coder.encode(["uint256", "uint256"], [BigInt(key), slot]));
}

/** GovernorTimelockControl's salt: `bytes20(governor) ^ descriptionHash`. */
export function timelockSalt(governor: string, descriptionHash: string): string {
  return word(BigInt(zeroPadBytes(getAddress(governor), 32)) ^ BigInt(descriptionHash));
}

/** TimelockController.hashOperationBatch. */
export function operationId(
  targets: readonly string[],
  values: readonly bigint[],
  payloads: readonly string[],
  predecessor: string,
  salt: string,
): string {
  return keccak256(
    coder.encode(
      ["address[]", "uint256[]", "bytes[]", "bytes32", "bytes32"],
      [targets, values, payloads, predecessor, salt],
    ),
  );
}

/** How Solidity stores a string in one slot: short (< 32 bytes) inline with `length * 2`, else `length * 2 + 1`. */
export function stringSlotValue(text: string): string {
  const bytes = toUtf8Bytes(text);
  if (bytes.length >= 32) return word(BigInt(bytes.length) * 2n + 1n);
  const padded = zeroPadBytes(bytes, 32);
  return word(BigInt(padded) | (BigInt(bytes.length) * 2n));
}

async function storageAt(rpc: Eip1193, address: string, slot: bigint): Promise<bigint> {
  return BigInt((await rpc.request({ method: "eth_getStorageAt", params: [address, word(slot), "latest"] })) as string);
}

async function view(rpc: Eip1193, iface: Interface, to: string, fn: string) {
  const data = (await rpc.request({
    method: "eth_call",
    params: [{ to, data: iface.encodeFunctionData(fn, []) }, "latest"],
  })) as string;
  return iface.decodeFunctionResult(fn, data)[0] as unknown;
}

/** Why the storage layout is not the one the overrides assume, or undefined when it is. */
async function layoutProblem(rpc: Eip1193, dao: DaoAddresses, onGovernor: boolean): Promise<string | undefined> {
  const timelockProblem = `the timelock at ${dao.timelock} is not an OpenZeppelin 5 TimelockController`;
  const minDelay = (await view(rpc, TIMELOCK, dao.timelock, "getMinDelay").catch(() => undefined)) as bigint;
  if (minDelay === undefined || (await storageAt(rpc, dao.timelock, SLOTS.timelockMinDelay)) !== minDelay) {
    return timelockProblem;
  }
  if (onGovernor) {
    const name = (await view(rpc, GOVERNOR, dao.governor, "name").catch(() => undefined)) as string | undefined;
    if (name === undefined || word(await storageAt(rpc, dao.governor, SLOTS.governorName)) !== stringSlotValue(name)) {
      return `the Governor at ${dao.governor} is not an OpenZeppelin 5 Governor`;
    }
  }
  return undefined;
}

const TIME_PROBE = "0x00000000000000000000000000000000006A1E0c";
/** Runtime code that returns `block.timestamp`: TIMESTAMP PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN. */
const RETURN_TIMESTAMP = "0x4260005260206000f3";

/** Whether the node runs `eth_call` at a block time given in a block override (anvil and geth do, EDR does not). */
export async function acceptsBlockTime(rpc: Eip1193): Promise<boolean> {
  const time = 2_000_000_000n;
  try {
    const result = await rpc.request({
      method: "eth_call",
      params: [
        { to: TIME_PROBE, data: "0x" },
        "latest",
        { [TIME_PROBE]: { code: RETURN_TIMESTAMP } },
        { time: toBeHex(time) },
      ],
    });
    return BigInt(result as string) === time;
  } catch {
    return false;
  }
}

/** An `eth_call` that may revert: its revert data, or undefined when it passed. Other failures throw. */
async function tryCall(rpc: Eip1193, params: unknown[]): Promise<string | undefined> {
  try {
    await rpc.request({ method: "eth_call", params });
    return undefined;
  } catch (error) {
    const data = findRevertData(error);
    if (data !== undefined) return data;
    const message = error instanceof Error ? error.message : String(error);
    if (/revert/i.test(message)) return "0x";
    throw error;
  }
}

/**
 * Simulates `calls` as the timelock will execute them (see the file's comment). `at`: the block time
 * to run them at, when the node can (default: the latest block's).
 */
export async function simulateProposal(
  rpc: Eip1193,
  dao: DaoAddresses,
  calls: ProposalCalls,
  options: { at?: bigint } = {},
): Promise<Simulation> {
  const governor = getAddress(dao.governor);
  const onGovernor = calls.targets.some((t) => getAddress(t) === governor);
  try {
    const problem = await layoutProblem(rpc, dao, onGovernor);
    if (problem !== undefined) return { outcome: "not simulated", reason: problem };

    const latest = (await latestBlock(rpc)).timestamp;
    const atRequestedTime = options.at !== undefined && options.at > latest && (await acceptsBlockTime(rpc));
    const at = atRequestedTime ? options.at! : latest;
    const salt = timelockSalt(governor, calls.descriptionHash);

    /** Runs the first `n` actions; their revert data, or undefined when they pass. */
    const run = async (n: number) => {
      const targets = calls.targets.slice(0, n);
      const values = calls.values.slice(0, n);
      const payloads = calls.calldatas.slice(0, n);
      const id = operationId(targets, values, payloads, ZERO, salt);
      const overrides: Record<string, { stateDiff: Record<string, string> }> = {
        [getAddress(dao.timelock)]: {
          stateDiff: { [mappingSlot(id, SLOTS.timelockTimestamps)]: word(READY_TIMESTAMP) },
        },
      };
      // Governor.execute queues the hash of every call on itself; its onlyGovernance functions pop them.
      const queued = payloads.filter((_, i) => getAddress(targets[i]) === governor).map((p) => keccak256(p));
      if (queued.length > 0) {
        const diff: Record<string, string> = { [word(SLOTS.governorCallQueue)]: word(BigInt(queued.length) << 128n) };
        queued.forEach((hash, i) => (diff[mappingSlot(BigInt(i), SLOTS.governorCallQueue + 1n)] = hash));
        overrides[governor] = { stateDiff: diff };
      }
      const data = TIMELOCK.encodeFunctionData("executeBatch", [targets, values, payloads, ZERO, salt]);
      const params: unknown[] = [{ from: governor, to: dao.timelock, data }, "latest", overrides];
      if (atRequestedTime) params.push({ time: toBeHex(at) });
      return await tryCall(rpc, params);
    };

    const all = calls.targets.length;
    const whole = await run(all);
    if (whole === undefined) return { outcome: "passes", at, atRequestedTime };
    for (let n = 1; n < all; n++) {
      const data = await run(n);
      if (data !== undefined) return { outcome: "fails", at, atRequestedTime, action: n - 1, revertData: data };
    }
    return { outcome: "fails", at, atRequestedTime, action: all - 1, revertData: whole };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { outcome: "not simulated", reason: `the node refused the simulation: ${message.split("\n")[0]}` };
  }
}
