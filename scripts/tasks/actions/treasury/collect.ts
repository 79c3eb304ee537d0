/**
 * `treasury collect [--token LIST]`: the treasury's share (30%) of every payment waits in the router
 * until someone calls `GaleonTreasury.collect(router, tokens)`; anyone may, and it only ever pays the
 * treasury. Nothing is sent when nothing is due. Prints what arrived, from the `Collected` events.
 */
import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { FUTURES } from "../../../../domain/chain/futures.js";
import { CliError } from "../../../../domain/errors/refusal.js";
import { parseLogs } from "../../../../domain/chain/logs.js";
import { PAYEE, router as routerOf, routerTokensOption } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";
import type { GaleonTreasury } from "../../../../typechain-types/index.js";

interface CollectArgs extends CommonTaskArgs {
  token?: string;
}

export default galeonAction(async (args: CollectArgs, ctx) => {
  const router = await routerOf(ctx);
  const routerAddress = await router.getAddress();
  const treasury = await ctx.contract<GaleonTreasury>(FUTURES.treasury);
  const treasuryAddress = await treasury.getAddress();
  const paidTo = await router.payeeAddress(PAYEE.treasury);
  if (paidTo !== treasuryAddress) {
    throw new CliError(
      `the router pays the treasury's share to ${paidTo}, not to the treasury ${treasuryAddress}` +
        ` (the DAO changed it): collect would bring nothing`,
    );
  }
  const tokens = await routerTokensOption(ctx, args.token);
  ctx.useTokens(tokens);
  const due = await Promise.all(tokens.map((t) => router.payeeBalance(PAYEE.treasury, t.address)));
  const toCollect = tokens.filter((_, i) => due[i] > 0n);
  let transaction: string | null = null;
  const received = new Map<string, bigint>();
  if (toCollect.length > 0) {
    const addresses = toCollect.map((t) => t.address);
    await treasury.collect.staticCall(routerAddress, addresses);
    const receipt = await ctx.confirm("collecting for the treasury", treasury.collect(routerAddress, addresses));
    transaction = receipt.hash;
    for (const event of parseLogs(treasury.interface, receipt.logs)) {
      if (event.name !== "Collected") continue;
      const token = event.args.token as string;
      received.set(token, (received.get(token) ?? 0n) + (event.args.amount as bigint));
    }
  }
  const balances = await Promise.all(tokens.map((t) => treasury.balanceOf(t.address)));
  const collected = tokens.map((t, i) => ({
    token: t.address,
    symbol: t.symbol,
    decimals: t.decimals,
    amount: received.get(t.address) ?? 0n,
    treasuryBalance: balances[i],
  }));
  const fmt = (v: bigint, t: { decimals: number; symbol: string }) => formatAmount(v, t.decimals, t.symbol);
  const rows = collected.map((c) => [c.symbol, fmt(c.amount, c), fmt(c.treasuryBalance, c)]);
  const summary =
    transaction === null
      ? `The router holds nothing for the treasury ${treasuryAddress}: nothing sent`
      : `Collected the treasury's share from the router into the treasury ${treasuryAddress} (transaction ${transaction})`;
  return {
    data: { treasury: treasuryAddress, router: routerAddress, collected, transaction },
    text: `${summary}\n\n${renderTable(rows, ["token", "collected", "treasury holds"])}`,
  };
});
