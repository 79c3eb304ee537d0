/**
 * Local development nodes (the Hardhat network, in-process or `npx hardhat node`, and Foundry's anvil)
 * and their clock. Only these accept `evm_setNextBlockTimestamp` / `evm_mine`; a node is recognised by
 * its `web3_clientVersion`, which no public network's client reports.
 */

/** What the tasks need of a JSON-RPC provider (Hardhat's `connection.provider` is one). */
export interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/** The client versions of the local nodes: `HardhatNetwork/3.18.0/@nomicfoundation/edr/...`, `anvil/v1.7.1`. */
const LOCAL_CLIENT = /^(HardhatNetwork|anvil)\//i;

export interface NodeIdentity {
  /** A local development node whose clock the tasks may move. */
  local: boolean;
  /** Its `web3_clientVersion`, or "unknown client" when it does not say. */
  client: string;
}

/** Asks the node who it is (`web3_clientVersion`). */
export async function identifyNode(provider: Eip1193): Promise<NodeIdentity> {
  let client = "";
  try {
    client = String(await provider.request({ method: "web3_clientVersion" }));
  } catch {
    // A node that does not answer this is no local development node.
  }
  return { local: LOCAL_CLIENT.test(client), client: client === "" ? "unknown client" : client };
}

/** The latest block's number and timestamp. */
export async function latestBlock(provider: Eip1193): Promise<{ number: bigint; timestamp: bigint }> {
  const block = (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
    number: string;
    timestamp: string;
  };
  return { number: BigInt(block.number), timestamp: BigInt(block.timestamp) };
}

/**
 * Mines one block exactly `seconds` after the latest one (`evm_setNextBlockTimestamp` + `evm_mine`,
 * which both nodes support). Later blocks continue from there. Exactly, rather than
 * `evm_increaseTime`: that adds to the node's offset from the wall clock, so after blocks mined faster
 * than one a second (a deployment) it can move the chain less than asked.
 */
export async function advanceTime(provider: Eip1193, seconds: bigint) {
  const before = await latestBlock(provider);
  const target = before.timestamp + seconds;
  await provider.request({ method: "evm_setNextBlockTimestamp", params: [Number(target)] });
  await provider.request({ method: "evm_mine", params: [] });
  const after = await latestBlock(provider);
  // anvil: right after a block mined at a set time, its pending block still carries that time, so a
  // call made "now" (block tag pending) sees a proposal still Pending at its vote start while a
  // transaction sent now lands a second later. Schedule the next block one second on, as Hardhat does.
  const pending = (await provider
    .request({ method: "eth_getBlockByNumber", params: ["pending", false] })
    .catch(() => null)) as { timestamp?: string } | null;
  if (pending?.timestamp !== undefined && BigInt(pending.timestamp) <= after.timestamp) {
    await provider.request({ method: "evm_setNextBlockTimestamp", params: [Number(after.timestamp + 1n)] });
  }
  return { before, after };
}

/**
 * A duration as `galeon time advance` and `attestor sign-quote --valid-for` read it: `2d`, `1h30m`,
 * `7d2h`, `45s` (the largest units first, nothing for zero parts).
 */
export function compactDuration(seconds: bigint | number): string {
  let s = BigInt(seconds);
  if (s <= 0n) return "0s";
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400n],
    ["h", 3_600n],
    ["m", 60n],
    ["s", 1n],
  ] as const) {
    if (s >= size) {
      parts.push(`${s / size}${unit}`);
      s %= size;
    }
  }
  return parts.join("");
}
