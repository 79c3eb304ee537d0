/**
 * `buyer faucet --amount AMOUNT [--to ADDRESS]`: local networks only; mints the deployment's test
 * euro (tEURC, `TestStablecoin.mint`) to the signer or `--to`.
 */
import { parseAddress } from "../../../../domain/chain/addresses.js";
import { formatAmount, parseAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { FUTURES } from "../../../../domain/chain/futures.js";
import { environmentError } from "../../../../domain/errors/refusal.js";
import { required } from "../../../lib/money.js";
import type { TestStablecoin } from "../../../../typechain-types/index.js";

interface FaucetArgs extends CommonTaskArgs {
  amount?: string;
  to?: string;
}

export default galeonAction(async (args: FaucetArgs, ctx) => {
  const amountInput = required(args.amount, "--amount", "how many test euros to mint");
  const to = args.to === undefined ? undefined : parseAddress(args.to, { label: "--to" });
  const deployment = await ctx.deployment();
  if (!deployment.has(FUTURES.eurc)) {
    throw environmentError(`deployment ${deployment.id} has no test euro: the faucet exists on local networks only`);
  }
  const eurc = await ctx.contract<TestStablecoin>(FUTURES.eurc);
  const [symbol, decimals] = await Promise.all([eurc.symbol(), eurc.decimals()]);
  const amount = parseAmount(amountInput, decimals, { label: "--amount", symbol });
  const recipient = to ?? (await ctx.signer()).address;
  const receipt = await ctx.confirm(`minting ${formatAmount(amount, decimals, symbol)}`, eurc.mint(recipient, amount));
  const balance = await eurc.balanceOf(recipient);
  return {
    data: { token: await eurc.getAddress(), symbol, to: recipient, amount, balance, transaction: receipt.hash },
    text:
      `Minted ${formatAmount(amount, decimals, symbol)} to ${recipient} (transaction ${receipt.hash});` +
      ` balance ${formatAmount(balance, decimals, symbol)}`,
  };
});
