/**
 * `dao delegate [--to ADDRESS]`: delegates the signer's $GALEON votes (to the signer by default)
 * and prints the votes before and after. Sends nothing when the delegation is already in place.
 */
import { parseAddress } from "../../../../domain/chain/addresses.js";
import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { FUTURES } from "../../../../domain/chain/futures.js";
import { alreadyDelegates } from "../../../../domain/governance/checks.js";
import { renderTable } from "../../../lib/output.js";
import type { GaleonToken } from "../../../../typechain-types/index.js";

interface DelegateArgs extends CommonTaskArgs {
  to?: string;
}

export default galeonAction(async (args: DelegateArgs, ctx) => {
  // Validate input before touching the network.
  const requested = args.to === undefined || args.to === "" ? undefined : parseAddress(args.to, { label: "--to" });
  const signer = await ctx.signer();
  const account = signer.address;
  const delegatee = requested ?? account;
  const token = await ctx.contract<GaleonToken>(FUTURES.galeonToken);
  const [symbol, decimals] = await Promise.all([token.symbol(), token.decimals()]);

  const votes = async () => ({
    account: await token.getVotes(account),
    delegatee: await token.getVotes(delegatee),
  });
  const [balance, previousDelegate, before] = await Promise.all([
    token.balanceOf(account),
    token.delegates(account),
    votes(),
  ]);

  let transaction: string | null = null;
  if (previousDelegate !== delegatee) {
    const receipt = await ctx.confirm("delegating", token.delegate(delegatee));
    transaction = receipt.hash;
  }
  const after = await votes();

  const fmt = (v: bigint) => formatAmount(v, decimals, symbol);
  const rows: string[][] = [[`votes of ${account} (you)`, fmt(before.account), fmt(after.account)]];
  if (delegatee !== account) rows.push([`votes of ${delegatee}`, fmt(before.delegatee), fmt(after.delegatee)]);
  const summary =
    transaction === null
      ? alreadyDelegates(account, delegatee)
      : `${account} delegated ${fmt(balance)} of votes to ${delegatee === account ? "itself" : delegatee}` +
        ` (transaction ${transaction})`;
  return {
    data: {
      account,
      delegatee,
      previousDelegate,
      balance,
      votes: {
        account: { before: before.account, after: after.account },
        delegatee: { before: before.delegatee, after: after.delegatee },
      },
      transaction,
    },
    text: `${summary}\n\n${renderTable(rows, ["", "before", "after"])}`,
  };
});
