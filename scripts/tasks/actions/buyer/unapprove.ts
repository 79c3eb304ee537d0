/**
 * `buyer unapprove [--token LIST]`: resets the signer's allowance to the router to zero, for each
 * payment token (default: every one the router may still spend). The undo `buyer pay` prints when a
 * payment fails after its approval. Nothing is sent for a token with no allowance.
 */
import { Contract, type ContractTransactionResponse } from "ethers";

import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { tokensOption } from "../../../lib/hospitalArgs.js";
import { router as routerOf } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";
import { ERC20_ABI } from "../../../../domain/amounts/tokens.js";

interface UnapproveArgs extends CommonTaskArgs {
  token?: string;
}

export default galeonAction(async (args: UnapproveArgs, ctx) => {
  const router = await routerOf(ctx);
  const routerAddress = await router.getAddress();
  const tokens = await tokensOption(ctx, args.token);
  const signer = await ctx.signer();
  ctx.useTokens(tokens);
  const results = [];
  for (const token of tokens) {
    const erc20 = new Contract(token.address, ERC20_ABI, signer);
    const before = (await erc20.allowance(signer.address, routerAddress)) as bigint;
    let transaction: string | null = null;
    if (before > 0n) {
      const receipt = await ctx.confirm(
        `resetting the ${token.symbol} allowance`,
        erc20.approve(routerAddress, 0n) as Promise<ContractTransactionResponse>,
      );
      transaction = receipt.hash;
    }
    const after = (await erc20.allowance(signer.address, routerAddress)) as bigint;
    results.push({ token: token.address, symbol: token.symbol, decimals: token.decimals, before, after, transaction });
  }
  const rows = results.map((r) => [
    r.symbol,
    formatAmount(r.before, r.decimals, r.symbol),
    formatAmount(r.after, r.decimals, r.symbol),
    r.transaction ?? "nothing to reset",
  ]);
  const sent = results.filter((r) => r.transaction !== null).length;
  return {
    data: { owner: signer.address, router: routerAddress, allowances: results },
    text:
      (sent === 0
        ? `The router may spend none of ${signer.address}'s tokens: nothing sent`
        : `Reset ${signer.address}'s allowance to the router ${routerAddress} to zero`) +
      `\n\n${renderTable(rows, ["token", "allowed before", "allowed now", "transaction"])}`,
  };
});
