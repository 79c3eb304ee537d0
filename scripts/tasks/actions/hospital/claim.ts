/**
 * `hospital claim --hospital ID [--token ...]`: pays the hospital's balances to its registered
 * payout address (anyone may trigger it) and prints what was paid, from the `HospitalClaimed` events.
 */
import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { hospitalIdOption, tokensOption } from "../../../lib/hospitalArgs.js";
import { registeredHospital, router as routerOf } from "../../../lib/money.js";
import { parseLogs } from "../../../../domain/chain/logs.js";
import { renderTable } from "../../../lib/output.js";

interface ClaimArgs extends CommonTaskArgs {
  hospital?: string;
  token?: string;
}

export default galeonAction(async (args: ClaimArgs, ctx) => {
  const hospitalId = hospitalIdOption(args.hospital);
  const router = await routerOf(ctx);
  const { payout } = await registeredHospital(router, hospitalId);
  const tokens = await tokensOption(ctx, args.token);
  ctx.useTokens(tokens);
  const before = await Promise.all(tokens.map((t) => router.hospitalBalance(hospitalId, t.address)));
  const due = tokens.filter((_, i) => before[i] > 0n);
  let transaction: string | null = null;
  const paid = new Map<string, bigint>();
  if (due.length > 0) {
    const addresses = due.map((t) => t.address);
    await router.claimHospital.staticCall(hospitalId, addresses);
    const receipt = await ctx.confirm(
      `claiming for hospital ${hospitalId}`,
      router.claimHospital(hospitalId, addresses),
    );
    transaction = receipt.hash;
    for (const parsed of parseLogs(router.interface, receipt.logs)) {
      if (parsed.name === "HospitalClaimed" && Number(parsed.args.hospitalId) === hospitalId) {
        const token = parsed.args.token as string;
        paid.set(token, (paid.get(token) ?? 0n) + (parsed.args.amount as bigint));
      }
    }
  }
  const claims = tokens.map((t) => ({
    token: t.address,
    symbol: t.symbol,
    decimals: t.decimals,
    amount: paid.get(t.address) ?? 0n,
  }));
  const rows = claims.map((c) => [c.symbol, formatAmount(c.amount, c.decimals, c.symbol)]);
  const summary =
    transaction === null
      ? `Hospital ${hospitalId} has nothing to claim: nothing sent`
      : `Paid hospital ${hospitalId}'s balances to its payout address ${payout} (transaction ${transaction})`;
  return {
    data: { hospitalId, payout, claims, transaction },
    text: `${summary}\n\n${renderTable(rows, ["token", "paid"])}`,
  };
});
