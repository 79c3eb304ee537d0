/**
 * `treasury balance`: what the DAO treasury holds (every token of the router and the deployment, and
 * ether), and what it can still collect from the router (`treasury collect`).
 */
import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { FUTURES } from "../../../../domain/chain/futures.js";
import { PAYEE, router as routerOf, routerTokens } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";
import { knownTokens } from "../../../lib/tokens.js";
import type { TokenInfo } from "../../../../domain/amounts/tokens.js";
import type { GaleonTreasury } from "../../../../typechain-types/index.js";

export default galeonAction(async (_args: CommonTaskArgs, ctx) => {
  const deployment = await ctx.deployment();
  const router = await routerOf(ctx);
  const treasury = await ctx.contract<GaleonTreasury>(FUTURES.treasury);
  const treasuryAddress = await treasury.getAddress();
  const provider = (await ctx.ethers()).provider;
  const tokens = new Map<string, TokenInfo>();
  for (const t of [...(await routerTokens(ctx)), ...(await knownTokens(provider, deployment))]) {
    if (!tokens.has(t.address)) tokens.set(t.address, { address: t.address, symbol: t.symbol, decimals: t.decimals });
  }
  const list = [...tokens.values()];
  const [held, uncollected, eth] = await Promise.all([
    Promise.all(list.map((t) => treasury.balanceOf(t.address))),
    Promise.all(list.map((t) => router.payeeBalance(PAYEE.treasury, t.address))),
    treasury.ethBalance(),
  ]);
  const balances = list.map((t, i) => ({ ...t, token: t.address, balance: held[i], uncollected: uncollected[i] }));
  const rows = balances.map((b) => [
    b.symbol,
    formatAmount(b.balance, b.decimals, b.symbol),
    formatAmount(b.uncollected, b.decimals, b.symbol),
  ]);
  rows.push(["ether", formatAmount(eth, 18, "ETH"), ""]);
  const due = balances.some((b) => b.uncollected > 0n);
  return {
    data: {
      treasury: treasuryAddress,
      router: await router.getAddress(),
      balances: balances.map(({ address: _, ...b }) => b),
      eth,
    },
    text:
      `Treasury ${treasuryAddress}\n\n${renderTable(rows, ["token", "held", "uncollected in the router"])}` +
      (due ? `\n\nCollect it with: ${ctx.command(["treasury", "collect"], ctx.args.from)}` : ""),
  };
});
