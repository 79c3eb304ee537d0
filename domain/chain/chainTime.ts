/**
 * The time the next block will carry, which is what a transaction sent now is checked against.
 * Browser-safe: read over any EIP-1193 provider (the command line's node connection, a wallet).
 */
import { CliError } from "../errors/refusal.js";
import type { Eip1193 } from "./rpc.js";

/**
 * On a node that mines on demand the latest block can be hours old; the `pending` block (Hardhat,
 * anvil, geth) carries the next timestamp, time travel included. Without one: the later of the
 * latest block's time plus one second and the wall clock.
 */
export async function nextBlockTimeOf(rpc: Eip1193): Promise<{ time: bigint; source: "pending" | "estimate" }> {
  const read = async (tag: string) => {
    const block = (await rpc.request({ method: "eth_getBlockByNumber", params: [tag, false] })) as {
      timestamp?: string;
    } | null;
    return block?.timestamp === undefined ? undefined : BigInt(block.timestamp);
  };
  const [latest, pending] = await Promise.all([read("latest"), read("pending").catch(() => undefined)]);
  if (latest === undefined) throw new CliError("the node returned no latest block");
  if (pending !== undefined && pending > latest) return { time: pending, source: "pending" };
  const wall = BigInt(Math.floor(Date.now() / 1000));
  return { time: latest + 1n > wall ? latest + 1n : wall, source: "estimate" };
}
