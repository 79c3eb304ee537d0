/** Options shared by the `hospital ...` tasks: `--hospital ID` and `--token LIST`. */
import type { TaskContext } from "./context.js";
import { required, routerTokensOption } from "./money.js";
import type { TokenInfo } from "../../domain/amounts/tokens.js";
import { parseHospitalId } from "../../domain/quotes/usage.js";

export function hospitalIdOption(value: string | undefined): number {
  return parseHospitalId(required(value, "--hospital", "the hospital's id"), "--hospital");
}

/**
 * `--token tEURC,GALEON,0x...` resolved, or every token the router ever allowlisted (a token the DAO
 * removed keeps the balances credited in it).
 */
export async function tokensOption(ctx: TaskContext, value: string | undefined): Promise<TokenInfo[]> {
  return await routerTokensOption(ctx, value);
}
