/**
 * `galeon withdraw [--token LIST]`: pays Galeon's share (10%) of every payment, held in the router,
 * to Galeon's registered address (`withdrawPayee(Galeon, tokens)`). Anyone may send it; it only ever
 * pays the registered address. Nothing is sent when nothing is due.
 */
import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { parseLogs } from "../../../../domain/chain/logs.js";
import { PAYEE, router as routerOf, routerTokensOption } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";

interface WithdrawArgs extends CommonTaskArgs {
  token?: string;
}

export default galeonAction(async (args: WithdrawArgs, ctx) => {
  const router = await routerOf(ctx);
  const to = await router.payeeAddress(PAYEE.galeon);
  const tokens = await routerTokensOption(ctx, args.token);
  ctx.useTokens(tokens);
  const due = await Promise.all(tokens.map((t) => router.payeeBalance(PAYEE.galeon, t.address)));
  const toWithdraw = tokens.filter((_, i) => due[i] > 0n);
  let transaction: string | null = null;
  const paid = new Map<string, bigint>();
  if (toWithdraw.length > 0) {
    const addresses = toWithdraw.map((t) => t.address);
    await router.withdrawPayee.staticCall(PAYEE.galeon, addresses);
    const receipt = await ctx.confirm("withdrawing Galeon's share", router.withdrawPayee(PAYEE.galeon, addresses));
    transaction = receipt.hash;
    for (const event of parseLogs(router.interface, receipt.logs)) {
      if (event.name !== "PayeeWithdrawn" || Number(event.args.payee) !== PAYEE.galeon) continue;
      const token = event.args.token as string;
      paid.set(token, (paid.get(token) ?? 0n) + (event.args.amount as bigint));
    }
  }
  const withdrawals = tokens.map((t) => ({
    token: t.address,
    symbol: t.symbol,
    decimals: t.decimals,
    amount: paid.get(t.address) ?? 0n,
  }));
  const rows = withdrawals.map((w) => [w.symbol, formatAmount(w.amount, w.decimals, w.symbol)]);
  const summary =
    transaction === null
      ? `The router holds nothing for Galeon (${to}): nothing sent`
      : `Paid Galeon's share to its registered address ${to} (transaction ${transaction})`;
  return {
    data: { to, withdrawals, transaction },
    text: `${summary}\n\n${renderTable(rows, ["token", "paid"])}`,
  };
});
