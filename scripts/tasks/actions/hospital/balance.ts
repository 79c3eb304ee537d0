/** `hospital balance --hospital ID [--token ...]`: claimable per token, payout address and status. */
import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { hospitalIdOption, tokensOption } from "../../../lib/hospitalArgs.js";
import { registeredHospital, router as routerOf } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";

interface BalanceArgs extends CommonTaskArgs {
  hospital?: string;
  token?: string;
}

export default galeonAction(async (args: BalanceArgs, ctx) => {
  const hospitalId = hospitalIdOption(args.hospital);
  const router = await routerOf(ctx);
  const { payout, status } = await registeredHospital(router, hospitalId);
  const tokens = await tokensOption(ctx, args.token);
  ctx.useTokens(tokens);
  const balances = await Promise.all(
    tokens.map(async (t) => ({ ...t, claimable: await router.hospitalBalance(hospitalId, t.address) })),
  );
  const rows = balances.map((b) => [b.symbol, b.address, formatAmount(b.claimable, b.decimals, b.symbol)]);
  return {
    data: {
      hospitalId,
      payout,
      status,
      balances: balances.map((b) => ({
        token: b.address,
        symbol: b.symbol,
        decimals: b.decimals,
        claimable: b.claimable,
      })),
    },
    text:
      `Hospital ${hospitalId}: ${status}, paid to ${payout}\n\n` +
      renderTable(rows, ["token", "address", "claimable"]) +
      (balances.some((b) => b.claimable > 0n)
        ? `\n\nClaim it with (anyone may): ${ctx.command(["hospital", "claim", "--hospital", String(hospitalId)], ctx.args.from)}`
        : ""),
  };
});
