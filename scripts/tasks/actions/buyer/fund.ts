/**
 * `buyer fund --job FILE|--job-hash 0x.. --token tEURC --max AMOUNT --settle-by DATE|DURATION [--buyer
 * ADDRESS] [--auto-settle-limit AMOUNT] [--salt 0x..] [--permit] [--dry-run]`: locks at most `--max` for
 * one metered job in the deployment's `JobEscrow`. The job is settled on its measured usage by the
 * attestor's settlement (anyone submits it) and the rest comes back; unsettled by `--settle-by`, anyone
 * can refund the whole lock to the payer. Like `buyer pay`, nothing half-happens: the inputs, the token,
 * the balance and the lock id are checked, then the whole `fund` is simulated against the next block
 * with the approval already in place (or the signed permit), and only then approved and sent.
 */
import { Contract, type ContractTransactionResponse, hexlify, keccak256, randomBytes } from "ethers";

import { parseAddress } from "../../../../domain/chain/addresses.js";
import { findAllowanceSlot, storageOverride } from "../../../../domain/chain/allowance.js";
import { formatAmount, parseAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { badInput, CliError } from "../../../../domain/errors/refusal.js";
import { jobEscrow, readLock } from "../../../lib/escrow.js";
import { readInputBytes } from "../../../lib/files.js";
import { findEvent } from "../../../../domain/chain/logs.js";
import { nextBlockTime, required } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";
import { isoSeconds } from "../../../../domain/quotes/quoteFile.js";
import { ERC20_ABI } from "../../../../domain/amounts/tokens.js";
import { type PermitArgs, signPermit } from "../../../../domain/chain/permit.js";
import { resolveToken } from "../../../lib/tokens.js";
import { parseBytes32, parseMoment } from "../../../../domain/quotes/usage.js";
import {
  checkAutoSettleLimit,
  checkJobBalance,
  checkLockAmount,
  checkLockFree,
  checkSettleBy,
} from "../../../../domain/jobs/jobCheck.js";

interface FundArgs extends CommonTaskArgs {
  job?: string;
  jobHash?: string;
  token?: string;
  max?: string;
  settleBy?: string;
  buyer?: string;
  autoSettleLimit?: string;
  salt?: string;
  permit: boolean;
  dryRun: boolean;
}

export default galeonAction<FundArgs, Record<string, unknown>>(async (args, ctx) => {
  // Input that needs no chain first.
  if ((args.job === undefined) === (args.jobHash === undefined)) {
    throw badInput("give exactly one of --job FILE (hashed) or --job-hash 0x...");
  }
  const jobHash =
    args.jobHash !== undefined
      ? parseBytes32(args.jobHash, "--job-hash")
      : keccak256(await readInputBytes(args.job!, "--job file"));
  const tokenInput = required(args.token, "--token", "a payment token symbol (tEURC, GALEON) or address");
  const maxInput = required(args.max, "--max", "the most the job may cost, in the token's units");
  const settleByInput = required(
    args.settleBy,
    "--settle-by",
    "the date by which the job must be settled (2027-01-31, or a duration from now: 14d)",
  );
  const salt = args.salt === undefined ? hexlify(randomBytes(32)) : parseBytes32(args.salt, "--salt");

  const escrow = await jobEscrow(ctx);
  const escrowAddress = await escrow.getAddress();
  const signer = await ctx.signer();
  const me = signer.address;
  const buyer = args.buyer === undefined ? me : parseAddress(args.buyer, { label: "--buyer" });
  const token = await resolveToken(ctx, tokenInput, { allowlistedOnly: true });
  ctx.useTokens([], token);
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  const maxAmount = parseAmount(maxInput, token.decimals, { label: "--max", symbol: token.symbol });
  checkLockAmount(maxInput, maxAmount);
  const autoSettleLimit =
    args.autoSettleLimit === undefined
      ? maxAmount
      : parseAmount(args.autoSettleLimit, token.decimals, { label: "--auto-settle-limit", symbol: token.symbol });
  checkAutoSettleLimit(autoSettleLimit, maxAmount, token);
  const next = await nextBlockTime(ctx);
  const settleBy = parseMoment(settleByInput, next.time, "--settle-by");
  checkSettleBy(settleBy, next.time, BigInt(await escrow.MAX_LOCK_DURATION()));
  const lockId = (await escrow.lockIdOf(me, buyer, jobHash, salt)).toLowerCase();
  checkLockFree(lockId, (await readLock(escrow, lockId)).status);
  const erc20 = new Contract(token.address, ERC20_ABI, signer);
  const [balance, allowance] = (await Promise.all([erc20.balanceOf(me), erc20.allowance(me, escrowAddress)])) as [
    bigint,
    bigint,
  ];
  checkJobBalance(me, balance, maxAmount, token);

  // The whole lock, simulated against the next block with the approval (or the permit) in place.
  const terms = { buyer, token: token.address, maxAmount, autoSettleLimit, settleBy, jobHash, salt };
  const approvalNeeded = !args.permit && allowance < maxAmount;
  let permitArgs: PermitArgs | undefined;
  if (args.permit && !args.dryRun) {
    permitArgs = await signPermit(signer, token.address, escrowAddress, maxAmount, settleBy);
    const data = escrow.interface.encodeFunctionData("fundWithPermit", [terms, ...permitArgs]);
    await ctx.simulate("the lock", { from: me, to: escrowAddress, data });
  } else {
    let overrides: Record<string, unknown> | undefined;
    if (allowance < maxAmount) {
      const { connection } = await ctx.network();
      const slot = await findAllowanceSlot(connection.provider, token.address, me, escrowAddress, "pending");
      if (slot === undefined) {
        throw new CliError(
          `cannot simulate the lock with the approval in place (the storage of ${token.symbol}'s allowances is not` +
            ` recognised, or the node refuses eth_call state overrides), so nothing was sent: fund with --permit`,
        );
      }
      overrides = storageOverride(token.address, slot, maxAmount);
    }
    const data = escrow.interface.encodeFunctionData("fund", [terms]);
    await ctx.simulate("the lock", { from: me, to: escrowAddress, data }, overrides);
  }

  const rows: string[][] = [
    ["lock id", lockId],
    ["payer", me],
    ["buyer", buyer],
    ["locked", fmt(maxAmount)],
    [
      "auto-settle up to",
      autoSettleLimit === maxAmount ? `${fmt(autoSettleLimit)} (the whole lock)` : fmt(autoSettleLimit),
    ],
    ["settle by", `${isoSeconds(settleBy)} (chain time; anyone may refund it after)`],
    ["job hash", jobHash],
  ];
  const data = {
    lockId,
    payer: me,
    buyer,
    token: token.address,
    symbol: token.symbol,
    maxAmount,
    autoSettleLimit,
    settleBy,
    jobHash,
    salt,
    escrow: escrowAddress,
  };
  if (args.dryRun) {
    return {
      data: { dryRun: true, sent: false, simulated: true, ...data, approvalNeeded, permit: args.permit },
      text:
        `Dry run, nothing sent: funding would lock ${fmt(maxAmount)} of ${me} in the escrow ${escrowAddress}.` +
        `\nSimulated against the next block (${isoSeconds(next.time)}) with the approval in place: it would go through.` +
        `\nIt would ${args.permit ? "sign an EIP-2612 permit" : approvalNeeded ? `send approve(${escrowAddress}, ${fmt(maxAmount)})` : "need no approval"}, then call ${args.permit ? "fundWithPermit" : "fund"}.\n\n` +
        renderTable(rows),
    };
  }

  const transactions: Record<string, string> = {};
  if (approvalNeeded) {
    const approval = await ctx.confirm(
      "approval",
      erc20.approve(escrowAddress, maxAmount) as Promise<ContractTransactionResponse>,
    );
    transactions.approval = approval.hash;
  }
  const receipt = await ctx.confirm(
    "lock",
    permitArgs === undefined ? escrow.fund(terms) : escrow.fundWithPermit(terms, ...permitArgs),
  );
  transactions.fund = receipt.hash;
  if (findEvent(escrow.interface, receipt.logs, "LockFunded") === undefined) {
    throw new CliError(`transaction ${receipt.hash} emitted no LockFunded event`);
  }
  return {
    data: { ...data, transactions, block: receipt.blockNumber },
    text:
      `Locked ${fmt(maxAmount)} for job ${jobHash.slice(0, 10)}… (lock ${lockId}), transaction ${receipt.hash}\n\n` +
      `${renderTable(rows)}\n\n` +
      `The attestor settles it on the measured usage with: ${ctx.command(["attestor", "settle", "--lock", lockId, "--usage", "FILE", "--amount", "AMOUNT", "--permit-id", "ID"])}`,
  };
});
