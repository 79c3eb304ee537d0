/**
 * Simulating a payment as if the approval were already in place, so that nothing is sent (not even
 * the approval) unless the whole payment would go through.
 *
 * An `eth_call` may carry a state override (`stateDiff`: storage slots of an account replaced for
 * this call only); both the Hardhat node (EDR) and anvil support it, as do geth and most providers.
 * The slot that holds `allowance(owner, spender)` depends on the token's storage layout, so it is
 * found by probing: each candidate slot is overridden with a marker value and the one that makes
 * `allowance()` return the marker is the one. Candidates cover Solidity's classic layout (a
 * `mapping(address => mapping(address => uint256))` at slot 0 to 63: OpenZeppelin, USDC's FiatToken,
 * most tokens), OpenZeppelin 5's namespaced storage (ERC-7201, upgradeable tokens), Vyper's key
 * order and Solady's ERC20.
 */
import { AbiCoder, Interface, keccak256, solidityPacked, toBeHex, zeroPadValue } from "ethers";

import type { RpcRequester } from "./logs.js";

const ABI = AbiCoder.defaultAbiCoder();
const ERC20 = new Interface(["function allowance(address owner, address spender) view returns (uint256)"]);

/** OpenZeppelin 5 `ERC20Upgradeable`'s namespace: `erc7201:openzeppelin.storage.ERC20`. */
export const OZ_ERC20_NAMESPACE = "0x52c63247e1f47db19d5ce0460030c497f067ca4cebf71ba98eeadabe20bace00";
/** Solady's `_ALLOWANCE_SLOT_SEED`. */
const SOLADY_ALLOWANCE_SEED = "0x7f5e9f20";
/** Classic layouts probed: the mapping at slot 0 to this bound, exclusive. */
const CLASSIC_SLOTS = 64;
/** Probes sent at once. */
const PARALLEL = 8;
/** A value no real allowance holds by chance. */
const MARKER = BigInt("0x" + "5a".repeat(13) + "c0ffee");

/** The storage slot of `owner`'s allowance to `spender` for a mapping at `base` (Solidity's key order). */
export function solidityAllowanceSlot(owner: string, spender: string, base: bigint | string): string {
  const inner = keccak256(ABI.encode(["address", "uint256"], [owner, BigInt(base)]));
  return keccak256(ABI.encode(["address", "bytes32"], [spender, inner]));
}

/** The same for Vyper's `HashMap[address, HashMap[address, uint256]]` (slot first, then the key). */
export function vyperAllowanceSlot(owner: string, spender: string, base: bigint): string {
  const inner = keccak256(ABI.encode(["uint256", "address"], [base, owner]));
  return keccak256(ABI.encode(["bytes32", "address"], [inner, spender]));
}

/** Solady's ERC20: `keccak256(owner ++ 8 zero bytes ++ seed ++ spender)`. */
export function soladyAllowanceSlot(owner: string, spender: string): string {
  return keccak256(
    solidityPacked(
      ["address", "bytes8", "bytes4", "address"],
      [owner, "0x" + "00".repeat(8), SOLADY_ALLOWANCE_SEED, spender],
    ),
  );
}

/** Every candidate slot, most likely first: classic slots 0 to 15, OpenZeppelin ERC-7201, then the rest. */
export function allowanceSlotCandidates(owner: string, spender: string): string[] {
  const classic = (n: number) => solidityAllowanceSlot(owner, spender, BigInt(n));
  const namespaced = solidityAllowanceSlot(owner, spender, BigInt(OZ_ERC20_NAMESPACE) + 1n);
  return [
    ...Array.from({ length: 16 }, (_, i) => classic(i)),
    namespaced,
    ...Array.from({ length: CLASSIC_SLOTS - 16 }, (_, i) => classic(i + 16)),
    ...Array.from({ length: 16 }, (_, i) => vyperAllowanceSlot(owner, spender, BigInt(i))),
    soladyAllowanceSlot(owner, spender),
  ];
}

/** A state override that sets `slot` of `account` to `value` (`eth_call`'s third parameter). */
export function storageOverride(account: string, slot: string, value: bigint): Record<string, unknown> {
  return { [account]: { stateDiff: { [slot]: zeroPadValue(toBeHex(value), 32) } } };
}

/**
 * The storage slot of `token`'s `allowance(owner, spender)`, found by probing with state overrides
 * at `blockTag`; `undefined` when no candidate works (an unusual layout, or a node without overrides).
 */
export async function findAllowanceSlot(
  rpc: RpcRequester,
  token: string,
  owner: string,
  spender: string,
  blockTag = "latest",
): Promise<string | undefined> {
  const data = ERC20.encodeFunctionData("allowance", [owner, spender]);
  const candidates = allowanceSlotCandidates(owner, spender);
  const probe = async (slot: string) => {
    try {
      const result = (await rpc.request({
        method: "eth_call",
        params: [{ to: token, data }, blockTag, storageOverride(token, slot, MARKER)],
      })) as string;
      return BigInt(result) === MARKER;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < candidates.length; i += PARALLEL) {
    const batch = candidates.slice(i, i + PARALLEL);
    const hits = await Promise.all(batch.map(probe));
    const found = batch.find((_, j) => hits[j]);
    if (found !== undefined) return found;
  }
  return undefined;
}
