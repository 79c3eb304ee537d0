/** Event logs over a block range, fetched in chunks (public RPC endpoints cap the range of `eth_getLogs`). */
import type { Filter, Log, Provider } from "ethers";

/** Blocks per `eth_getLogs` request. */
export const LOG_CHUNK = 10_000;

export async function getLogsChunked(
  provider: Provider,
  filter: Omit<Filter, "fromBlock" | "toBlock"> & { fromBlock: number; toBlock?: number },
): Promise<Log[]> {
  const toBlock = filter.toBlock ?? (await provider.getBlockNumber());
  const logs: Log[] = [];
  for (let from = filter.fromBlock; from <= toBlock; from += LOG_CHUNK) {
    const to = Math.min(toBlock, from + LOG_CHUNK - 1);
    logs.push(...(await provider.getLogs({ ...filter, fromBlock: from, toBlock: to })));
  }
  return logs;
}
