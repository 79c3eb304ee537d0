/**
 * `buyer pay --quote FILE [--permit] [--max AMOUNT]`: checks the quote against the chain (network,
 * router, deadline, access id, signer, attestor's signature, hospitals, balance), approves the
 * router if needed (or signs an EIP-2612 permit), pays, and prints the split from the `Purchased`
 * event.
 */
import { Contract, type ContractTransactionResponse, Signature, verifyTypedData, ZeroAddress } from "ethers";

import { formatAmount, parseAmount } from "../../../lib/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { CliError, environmentError } from "../../../lib/errors.js";
import { readInputFile } from "../../../lib/files.js";
import { chainTime, required, router as routerOf } from "../../../lib/money.js";
import { findEvent } from "../../../lib/logs.js";
import { renderTable } from "../../../lib/output.js";
import { QUOTE_TYPES, routerDomain, unpackUsage } from "../../../lib/quote.js";
import { isoSeconds, parseQuoteFile } from "../../../lib/quoteFile.js";
import { ERC20_ABI, tokenInfo } from "../../../lib/tokens.js";

interface PayArgs extends CommonTaskArgs {
  quote?: string;
  permit: boolean;
  max?: string;
}

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

export default galeonAction(async (args: PayArgs, ctx) => {
  const file = required(args.quote, "--quote", "the quote file written by `attestor sign-quote`");
  const loaded = parseQuoteFile(await readInputFile(file, "--quote file"), file);
  const { quote, signature } = loaded;

  const { chainId } = await ctx.network();
  if (loaded.chainId !== chainId) {
    throw environmentError(`${file} is a quote for chain ${loaded.chainId} but the network is chain ${chainId}`);
  }
  const router = await routerOf(ctx);
  const routerAddress = await router.getAddress();
  if (loaded.router !== routerAddress) {
    throw environmentError(`${file} is a quote for router ${loaded.router}, not this deployment's ${routerAddress}`);
  }
  const token = await tokenInfo((await ctx.ethers()).provider, quote.token);
  // Malformed --max is bad input: checked before anything is sent or compared.
  const maxAmount =
    args.max === undefined
      ? quote.amount
      : parseAmount(args.max, token.decimals, { label: "--max", symbol: token.symbol });
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);

  const signer = await ctx.signer();
  const me = signer.address;
  if (me !== quote.buyer && (quote.payer === ZeroAddress || me !== quote.payer)) {
    throw new CliError(
      `${me} may not pay this quote: only its buyer ${quote.buyer}` +
        (quote.payer === ZeroAddress ? "" : ` or its payer ${quote.payer}`) +
        ` (use --from)`,
    );
  }
  const now = await chainTime(ctx);
  if (now >= quote.deadline) {
    throw new CliError(
      `the quote expired at ${isoSeconds(quote.deadline)} (chain time ${isoSeconds(now)}): ask the attestor for a new one`,
    );
  }
  if (now >= quote.accessExpiry) throw new CliError(`the quote's access ended at ${isoSeconds(quote.accessExpiry)}`);
  const [record, attestor, allowed] = await Promise.all([
    router.accessRecord(quote.accessId),
    router.attestor(),
    router.isTokenAllowed(quote.token),
  ]);
  if (Number(record.status) !== 0) {
    throw new CliError(`access id ${quote.accessId} was already used: a quote can be paid once`);
  }
  const recovered = verifyTypedData(routerDomain(BigInt(chainId), routerAddress), QUOTE_TYPES, quote, signature);
  if (recovered !== attestor) {
    throw new CliError(`the quote was signed by ${recovered}, not by the router's attestor ${attestor}`);
  }
  if (!allowed) throw new CliError(`${token.symbol} (${token.address}) is no longer a payment token of the router`);
  const entries = quote.usage.map(unpackUsage);
  const active = await Promise.all(entries.map((e) => router.isActive(e.hospitalId)));
  const inactive = entries.filter((_, i) => !active[i]).map((e) => e.hospitalId);
  if (inactive.length > 0)
    throw new CliError(`hospital ${inactive.join(", ")} is no longer active: ask for a new quote`);
  if (quote.amount > maxAmount) {
    throw new CliError(`the quote costs ${fmt(quote.amount)}, above your --max of ${fmt(maxAmount)}`);
  }
  const erc20 = new Contract(quote.token, ERC20_ABI, signer);
  const balance = (await erc20.balanceOf(me)) as bigint;
  if (balance < quote.amount) {
    throw new CliError(`${me} holds ${fmt(balance)} but the quote costs ${fmt(quote.amount)}`);
  }

  const transactions: Record<string, string> = {};
  let receiptPromise: Promise<ContractTransactionResponse>;
  if (args.permit) {
    const [domain, nonce] = await Promise.all([
      erc20.eip712Domain() as Promise<[string, string, string, bigint, string]>,
      erc20.nonces(me) as Promise<bigint>,
    ]);
    const permitDeadline = quote.deadline;
    const permit = Signature.from(
      await signer.signTypedData(
        { name: domain[1], version: domain[2], chainId: domain[3], verifyingContract: domain[4] },
        PERMIT_TYPES,
        { owner: me, spender: routerAddress, value: quote.amount, nonce, deadline: permitDeadline },
      ),
    );
    const permitArgs = [quote, signature, maxAmount, permitDeadline, permit.v, permit.r, permit.s] as const;
    // Simulate first: a refusal is decoded before anything is sent.
    await router.purchaseWithPermit.staticCall(...permitArgs);
    receiptPromise = router.purchaseWithPermit(...permitArgs);
  } else {
    const allowance = (await erc20.allowance(me, routerAddress)) as bigint;
    if (allowance < quote.amount) {
      const approval = await ctx.confirm(
        `approving ${fmt(quote.amount)}`,
        erc20.approve(routerAddress, quote.amount) as Promise<ContractTransactionResponse>,
      );
      transactions.approval = approval.hash;
    }
    // Simulate first: a refusal is decoded before anything is sent.
    await router.purchase.staticCall(quote, signature, maxAmount);
    receiptPromise = router.purchase(quote, signature, maxAmount);
  }
  const receipt = await ctx.confirm(`paying ${fmt(quote.amount)}`, receiptPromise);
  transactions.purchase = receipt.hash;

  const event = findEvent(router.interface, receipt.logs, "Purchased");
  if (event === undefined) throw new CliError(`transaction ${receipt.hash} emitted no Purchased event`);
  const parts = (event.args.parts as bigint[]).map((p) => BigInt(p));
  const credits = (event.args.credits as bigint[]).map((c, i) => ({
    hospitalId: Number(unpackUsage(BigInt(event.args.usage[i] as bigint)).hospitalId),
    units: unpackUsage(BigInt(event.args.usage[i] as bigint)).units,
    credit: BigInt(c),
  }));
  const split = { hospitals: parts[0], treasury: parts[1], buyback: parts[2], galeon: parts[3] };
  const bps = (await router.split({ blockTag: receipt.blockNumber })).map(Number);
  const pct = (i: number) => `${bps[i] / 100}%`;
  const rows: string[][] = [
    [`hospitals (${pct(0)})`, fmt(split.hospitals)],
    [`treasury (${pct(1)})`, fmt(split.treasury)],
    [`buy-back (${pct(2)})`, fmt(split.buyback)],
    [`Galeon (${pct(3)})`, fmt(split.galeon)],
  ];
  const hospitalRows = credits.map((c) => [`hospital ${c.hospitalId}`, c.units.toString(), fmt(c.credit)]);
  return {
    data: {
      accessId: quote.accessId,
      buyer: quote.buyer,
      payer: me,
      token: quote.token,
      symbol: token.symbol,
      amount: quote.amount,
      accessExpiry: quote.accessExpiry,
      permit: args.permit,
      split,
      credits,
      transactions,
      block: receipt.blockNumber,
    },
    text:
      `Paid ${fmt(quote.amount)} for access ${quote.accessId} (buyer ${quote.buyer}, until ` +
      `${isoSeconds(quote.accessExpiry)}), transaction ${receipt.hash}\n\n` +
      `${renderTable(rows, ["split", "amount"])}\n\n${renderTable(hospitalRows, ["credited to", "units", "credit"])}`,
  };
});
