/** Options shared by the `hospital ...` tasks: `--hospital ID` and `--token LIST`. */
import type { TaskContext } from "./context.js";
import { badInput } from "./errors.js";
import { required } from "./money.js";
import { allowlistedTokens, resolveToken, type TokenInfo } from "./tokens.js";
import { parseHospitalId, splitList } from "./usage.js";

export function hospitalIdOption(value: string | undefined): number {
  return parseHospitalId(required(value, "--hospital", "the hospital's id"), "--hospital");
}

/** `--token tEURC,GALEON,0x...` resolved, or every payment token of the router. */
export async function tokensOption(ctx: TaskContext, value: string | undefined): Promise<TokenInfo[]> {
  const names = splitList(value);
  if (value !== undefined && names.length === 0) throw badInput("--token names no token");
  if (names.length === 0) return await allowlistedTokens(ctx);
  const tokens: TokenInfo[] = [];
  for (const name of names) {
    const token = await resolveToken(ctx, name);
    if (!tokens.some((t) => t.address === token.address)) tokens.push(token);
  }
  return tokens;
}
