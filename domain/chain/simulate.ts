/** A call simulated before it is sent, its refusal said in a sentence. */
import { CliError } from "../errors/refusal.js";
import { type ErrorDecoder, findRevertData } from "../errors/revert.js";
import type { Eip1193 } from "./rpc.js";

/**
 * Runs `call` with `eth_call` against the next (pending) block, with `overrides` (an allowance in
 * place, say). A refusal the decoder knows becomes the `CliError` `<what> would be refused:
 * <sentence> (simulated against the next block; nothing sent)`; any other error is rethrown.
 */
export async function simulateOrExplain(
  provider: Eip1193,
  decoder: Pick<ErrorDecoder, "describe">,
  what: string,
  call: { from: string; to: string; data: string },
  overrides?: Record<string, unknown>,
): Promise<void> {
  const params: unknown[] = [call, "pending"];
  if (overrides !== undefined) params.push(overrides);
  try {
    await provider.request({ method: "eth_call", params });
  } catch (error) {
    const data = findRevertData(error);
    const sentence = data === undefined ? undefined : decoder.describe(data);
    if (sentence === undefined) throw error;
    throw new CliError(`${what} would be refused: ${sentence} (simulated against the next block; nothing sent)`);
  }
}
