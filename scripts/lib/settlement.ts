/**
 * Submitting a metered job's settlement (`attestor settle --submit`, `buyer settle`): anyone may. The
 * settlement is a router quote signed by the attestor whose access id is the lock id and whose payer is
 * the escrow; the escrow pays its amount through the router and returns the rest of the lock to the
 * payer in the same transaction. Checked as the escrow will (lock open, before its deadline, the
 * quote's buyer, token and job hash the lock's, amount within the lock, above the auto-settle limit
 * the buyer's co-signature), simulated whole against the next block, then sent.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ZeroHash } from "ethers";

import { formatAmount } from "../../domain/amounts/amounts.js";
import type { TaskContext } from "./context.js";
import { CliError } from "../../domain/errors/refusal.js";
import { escrowDomain, type LockView, readLock, SETTLEMENT_APPROVAL_TYPES, type SettlementOutcome } from "./escrow.js";
import { findEvent } from "../../domain/chain/logs.js";
import { nextBlockTime } from "./money.js";
import { type Quote, unpackUsage } from "../../domain/quotes/quote.js";
import { isoSeconds } from "../../domain/quotes/quoteFile.js";
import type { TokenInfo } from "../../domain/amounts/tokens.js";
import type { DataAccessRouter, JobEscrow } from "../../typechain-types/index.js";

/** The escrow's checks of a settlement, as sentences, before anything is signed or sent. */
export async function checkSettlement(
  ctx: TaskContext,
  escrow: JobEscrow,
  quote: Quote,
  token: TokenInfo,
): Promise<{ lock: LockView; next: bigint }> {
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  const escrowAddress = await escrow.getAddress();
  const lock = await readLock(escrow, quote.accessId);
  const lockId = quote.accessId;
  if (lock.status === "none") throw new CliError(`lock ${lockId} was never funded: nothing to settle`);
  if (lock.status !== "open")
    throw new CliError(`lock ${lockId} was already ${lock.status}: a job is settled or refunded once`);
  const next = (await nextBlockTime(ctx)).time;
  if (next > lock.settleBy) {
    throw new CliError(
      `lock ${lockId} had to be settled by ${isoSeconds(lock.settleBy)} (next block ${isoSeconds(next)}):` +
        ` it can only be refunded now, whole, to its payer`,
    );
  }
  if (quote.payer !== escrowAddress) {
    throw new CliError(
      `the settlement's payer is ${quote.payer}, not the escrow ${escrowAddress}: ask the attestor for a new one`,
    );
  }
  if (quote.buyer !== lock.buyer || quote.token !== lock.token || quote.jobHash !== lock.jobHash) {
    throw new CliError(
      `the settlement is not for lock ${lockId}'s buyer, token and job: ask the attestor for a new one`,
    );
  }
  if (quote.amount > lock.maxAmount) {
    throw new CliError(
      `the settlement asks ${fmt(quote.amount)}, above the ${fmt(lock.maxAmount)} locked: a job never costs more than its lock`,
    );
  }
  if (quote.renews !== ZeroHash) throw new CliError("a settlement renews no access: ask the attestor for a new one");
  return { lock, next };
}

/**
 * Simulates and (unless `dryRun`) sends `settle`; above the lock's auto-settle limit the signer must be
 * the buyer, who co-signs the very quote (EIP-712 `SettlementApproval`).
 */
export async function submitSettlement(
  ctx: TaskContext,
  parts: {
    escrow: JobEscrow;
    router: DataAccessRouter;
    quote: Quote;
    signature: string;
    lock: LockView;
    signer: HardhatEthersSigner;
    dryRun: boolean;
    token: TokenInfo;
  },
): Promise<SettlementOutcome | undefined> {
  const { escrow, router, quote, signature, lock, signer, token } = parts;
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  const escrowAddress = await escrow.getAddress();
  let buyerSignature = "0x";
  if (quote.amount > lock.autoSettleLimit) {
    if (signer.address !== lock.buyer) {
      throw new CliError(
        `the settlement asks ${fmt(quote.amount)}, above the ${fmt(lock.autoSettleLimit)} the lock settles on the attestor's` +
          ` word alone: its buyer ${lock.buyer} co-signs and submits it (buyer settle --settlement FILE --from ${lock.buyer})`,
      );
    }
    const { chainId } = await ctx.network();
    const quoteDigest = await router.quoteDigest(quote);
    buyerSignature = await signer.signTypedData(
      escrowDomain(BigInt(chainId), escrowAddress),
      SETTLEMENT_APPROVAL_TYPES,
      {
        lockId: quote.accessId,
        quoteDigest,
      },
    );
  }
  const data = escrow.interface.encodeFunctionData("settle", [quote, signature, buyerSignature]);
  await ctx.simulate("the settlement", { from: signer.address, to: escrowAddress, data });
  if (parts.dryRun) return undefined;
  const receipt = await ctx.confirm("settlement", escrow.connect(signer).settle(quote, signature, buyerSignature));
  const settled = findEvent(escrow.interface, receipt.logs, "LockSettled");
  if (settled === undefined) throw new CliError(`transaction ${receipt.hash} emitted no LockSettled event`);
  const purchased = findEvent(router.interface, receipt.logs, "Purchased");
  let split: SettlementOutcome["split"];
  let credits: SettlementOutcome["credits"] = [];
  if (purchased !== undefined) {
    const p = (purchased.args.parts as bigint[]).map((v) => BigInt(v));
    split = { hospitals: p[0], treasury: p[1], buyback: p[2], galeon: p[3] };
    credits = (purchased.args.credits as bigint[]).map((c, i) => {
      const u = unpackUsage(BigInt(purchased.args.usage[i] as bigint));
      return { hospitalId: Number(u.hospitalId), units: u.units, credit: BigInt(c) };
    });
  }
  return {
    lockId: quote.accessId,
    paid: BigInt(settled.args.amount),
    returned: BigInt(settled.args.refund),
    payer: settled.args.payer as string,
    split,
    credits,
    transaction: receipt.hash,
    block: receipt.blockNumber,
  };
}
