/** The network hook of `gasMargin.ts`: the gas of a gasless `eth_sendTransaction`, in bigint. */
import type { NetworkHooks } from "hardhat/types/hooks";
import type { JsonRpcRequest } from "hardhat/types/providers";

/** Hardhat's share of the latest block's gas limit a transaction may take (its BLOCK_GAS_LIMIT_SAFETY_FACTOR). */
const BLOCK_SHARE_PERCENT = 95n;

/**
 * `estimate` times `multiplier` (to a thousandth), at most `percent`% of `blockGasLimit` but never
 * below `estimate`. All in bigint: a block gas limit can be 2^64 - 1.
 */
export function gasWithMargin(estimate: bigint, multiplier: number, blockGasLimit: bigint): bigint {
  const multiplied = (estimate * BigInt(Math.round(multiplier * 1000))) / 1000n;
  const cap = (blockGasLimit * BLOCK_SHARE_PERCENT) / 100n;
  if (multiplied <= cap) return multiplied;
  return estimate > cap ? estimate : cap;
}

function quantity(value: bigint): string {
  return `0x${value.toString(16)}`;
}

export default async (): Promise<Partial<NetworkHooks>> => ({
  async onRequest(context, networkConnection, jsonRpcRequest: JsonRpcRequest, next) {
    const config = networkConnection.networkConfig;
    const multiplier = config.gasMultiplier;
    const params = jsonRpcRequest.params;
    const tx = Array.isArray(params) ? params[0] : undefined;
    if (
      jsonRpcRequest.method !== "eth_sendTransaction" ||
      config.type !== "http" ||
      (config.gas !== undefined && config.gas !== "auto") ||
      multiplier === 1 ||
      typeof tx !== "object" ||
      tx === null ||
      (tx as { gas?: unknown }).gas !== undefined
    ) {
      return await next(context, networkConnection, jsonRpcRequest);
    }
    const provider = networkConnection.provider;
    const [estimate, block] = await Promise.all([
      provider.request({ method: "eth_estimateGas", params }),
      provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] }),
    ]);
    const gasLimit = (block as { gasLimit?: unknown } | null)?.gasLimit;
    if (typeof estimate !== "string" || typeof gasLimit !== "string") {
      // Not a node's answer: leave the transaction to Hardhat's own handler.
      return await next(context, networkConnection, jsonRpcRequest);
    }
    (tx as { gas?: string }).gas = quantity(gasWithMargin(BigInt(estimate), multiplier, BigInt(gasLimit)));
    return await next(context, networkConnection, jsonRpcRequest);
  },
});
