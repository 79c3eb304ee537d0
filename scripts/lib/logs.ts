/** Event logs: fetched over a block range in chunks (public RPC endpoints cap the range of `eth_getLogs`), and decoded. */
import type { Filter, Interface, Log, LogDescription, Provider } from "ethers";

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

/** The logs `iface` decodes, in order; logs of other contracts or events are skipped. */
export function parseLogs(iface: Interface, logs: readonly Log[]): LogDescription[] {
  const parsed: LogDescription[] = [];
  for (const log of logs) {
    try {
      const description = iface.parseLog(log);
      if (description !== null) parsed.push(description);
    } catch {
      // Not an event of `iface` (or not decodable as one): skipped.
    }
  }
  return parsed;
}

/** The first log `iface` decodes as event `name`, or `undefined`. */
export function findEvent(iface: Interface, logs: readonly Log[], name: string): LogDescription | undefined {
  return parseLogs(iface, logs).find((parsed) => parsed.name === name);
}
