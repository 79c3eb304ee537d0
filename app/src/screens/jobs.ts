/**
 * Metered jobs on the buyer screen: what `buyer fund`, `buyer jobs` and `buyer refund` do, for a data
 * buyer with a browser wallet. Funding runs the command line's checks with its sentences
 * (`domain/jobs/jobCheck.ts`) and simulates the whole lock against the next block with the approval in
 * place before the wallet is asked for anything; then it signs a permit and funds, or approves and
 * funds (`ui/tx.ts`: a step that fails after an earlier one was sent says what was sent and how to undo
 * it). The jobs of the connected account (as payer or buyer) are read from the escrow's events
 * (`domain/jobs/jobs.ts`, as `buyer jobs` reads them), each open one with a refund button that is
 * refused, with `buyer refund`'s sentence, before its deadline.
 */
import { Contract, getAddress, hexlify, keccak256, randomBytes, type Signer } from "ethers";

import escrowAbi from "../../../abi/JobEscrow.json" with { type: "json" };
import { findAllowanceSlot, storageOverride } from "../../../domain/chain/allowance.js";
import { nextBlockTimeOf } from "../../../domain/chain/chainTime.js";
import { parseAddress } from "../../../domain/chain/addresses.js";
import { type PermitArgs, signPermit } from "../../../domain/chain/permit.js";
import { simulateOrExplain } from "../../../domain/chain/simulate.js";
import { formatAmount, parseAmount } from "../../../domain/amounts/amounts.js";
import { ERC20_ABI, type TokenInfo } from "../../../domain/amounts/tokens.js";
import { badInput, CliError } from "../../../domain/errors/refusal.js";
import {
  checkAutoSettleLimit,
  checkJobBalance,
  checkLockAmount,
  checkLockFree,
  checkRefund,
  checkSettleBy,
} from "../../../domain/jobs/jobCheck.js";
import { type Job, LOCK_STATUS, scanJobs } from "../../../domain/jobs/jobs.js";
import { isoSeconds } from "../../../domain/quotes/quoteFile.js";
import { parseBytes32, parseMoment } from "../../../domain/quotes/usage.js";
import type { AppContext } from "../context.js";
import { amount } from "../ui/amount.js";
import { addressText, el, field } from "../ui/dom.js";
import { FlowError, sendSteps, type Step, txStatus } from "../ui/tx.js";
import { decoder, done, pending, refusal, sentenceOf, tokenOf, walletRpc } from "./chain.js";

function escrowContract(ctx: AppContext, signer?: Signer): Contract {
  return new Contract(ctx.address("JobEscrow"), escrowAbi, signer ?? ctx.read);
}

/** A lock that passed every check of `buyer fund`, with what funding it needs. */
interface CheckedLock {
  terms: {
    buyer: string;
    token: string;
    maxAmount: bigint;
    autoSettleLimit: bigint;
    settleBy: bigint;
    jobHash: string;
    salt: string;
  };
  lockId: string;
  token: TokenInfo;
  me: string;
  escrow: string;
  allowance: bigint;
}

/** The form's inputs, as `buyer fund` takes them. */
interface FundInputs {
  jobFile?: File;
  jobHash: string;
  token: string;
  max: string;
  settleBy: string;
  buyer: string;
  autoSettleLimit: string;
  salt: string;
}

/** Every check of `buyer fund`, then its dry run's simulation (with the approval in place when it can): nothing asked of the wallet. */
async function checkFund(ctx: AppContext, input: FundInputs): Promise<CheckedLock & { simulated: boolean }> {
  const wallet = ctx.wallet;
  if (wallet === undefined)
    throw new CliError("Connect the wallet that pays for the job first: nothing is sent before you fund.");
  if ((input.jobFile === undefined) === (input.jobHash.trim() === "")) {
    throw badInput("give exactly one of --job FILE (hashed) or --job-hash 0x...");
  }
  const jobHash =
    input.jobFile !== undefined
      ? keccak256(new Uint8Array(await input.jobFile.arrayBuffer()))
      : parseBytes32(input.jobHash, "--job-hash");
  if (input.max.trim() === "") throw badInput("--max is required: the most the job may cost, in the token's units");
  if (input.settleBy.trim() === "") {
    throw badInput(
      "--settle-by is required: the date by which the job must be settled (2027-01-31, or a duration from now: 14d)",
    );
  }
  const salt = input.salt.trim() === "" ? hexlify(randomBytes(32)) : parseBytes32(input.salt, "--salt");
  const escrow = escrowContract(ctx);
  const escrowAddress = getAddress(ctx.address("JobEscrow"));
  const me = getAddress(wallet.account);
  const buyer = input.buyer.trim() === "" ? me : parseAddress(input.buyer, { label: "--buyer" });
  const token = await tokenOf(ctx, input.token);
  const maxAmount = parseAmount(input.max, token.decimals, { label: "--max", symbol: token.symbol });
  checkLockAmount(input.max, maxAmount);
  const autoSettleLimit =
    input.autoSettleLimit.trim() === ""
      ? maxAmount
      : parseAmount(input.autoSettleLimit, token.decimals, { label: "--auto-settle-limit", symbol: token.symbol });
  checkAutoSettleLimit(autoSettleLimit, maxAmount, token);
  const next = await nextBlockTimeOf(walletRpc(ctx));
  const settleBy = parseMoment(input.settleBy, next.time, "--settle-by");
  checkSettleBy(settleBy, next.time, BigInt(await escrow.MAX_LOCK_DURATION()));
  const lockId = ((await escrow.lockIdOf(me, buyer, jobHash, salt)) as string).toLowerCase();
  const lock = (await escrow.lockOf(lockId)) as { status: bigint };
  checkLockFree(lockId, LOCK_STATUS[Number(lock.status)] ?? "none");
  const erc20 = new Contract(token.address, ERC20_ABI, ctx.read);
  const [balance, allowance] = (await Promise.all([erc20.balanceOf(me), erc20.allowance(me, escrowAddress)])) as [
    bigint,
    bigint,
  ];
  checkJobBalance(me, balance, maxAmount, token);
  const terms = { buyer, token: token.address, maxAmount, autoSettleLimit, settleBy, jobHash, salt };
  const checked = { terms, lockId, token, me, escrow: escrowAddress, allowance };
  let overrides: Record<string, unknown> | undefined;
  if (allowance < maxAmount) {
    const slot = await findAllowanceSlot(walletRpc(ctx), token.address, me, escrowAddress, "pending");
    if (slot === undefined) return { ...checked, simulated: false };
    overrides = storageOverride(token.address, slot, maxAmount);
  }
  const data = escrow.interface.encodeFunctionData("fund", [terms]);
  await simulateOrExplain(
    walletRpc(ctx),
    decoder(ctx, token),
    "the lock",
    { from: me, to: escrowAddress, data },
    overrides,
  );
  return { ...checked, simulated: true };
}

/** Funds a checked lock: a permit signature then `fundWithPermit`, or `approve` (if needed) then `fund`. The lock's transaction hash. */
async function fund(ctx: AppContext, checked: CheckedLock, withPermit: boolean, status: HTMLElement): Promise<string> {
  const { terms, token, me, escrow } = checked;
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  const escrowIface = escrowContract(ctx).interface;
  const steps: Step[] = [];
  if (withPermit) {
    status.replaceChildren(
      pending(`Sign the permit of ${fmt(terms.maxAmount)} to the escrow in your wallet (a signature, no transaction)…`),
    );
    let permit: PermitArgs;
    try {
      permit = await signPermit(await ctx.signer(), token.address, escrow, terms.maxAmount, terms.settleBy);
    } catch (error) {
      throw new CliError(sentenceOf(ctx, error, "the permit signature", token));
    }
    status.replaceChildren(pending("Simulating the lock with the permit…"));
    const data = escrowIface.encodeFunctionData("fundWithPermit", [terms, ...permit]);
    await simulateOrExplain(walletRpc(ctx), decoder(ctx, token), "the lock", { from: me, to: escrow, data });
    steps.push({
      label: `the lock of ${fmt(terms.maxAmount)}`,
      send: async (signer) => await escrowContract(ctx, signer).fundWithPermit(terms, ...permit),
    });
  } else {
    if (checked.allowance < terms.maxAmount) {
      const undoData = new Contract(token.address, ERC20_ABI).interface.encodeFunctionData("approve", [escrow, 0n]);
      steps.push({
        label: `the approval of ${fmt(terms.maxAmount)} to the escrow`,
        send: async (signer) => await new Contract(token.address, ERC20_ABI, signer).approve(escrow, terms.maxAmount),
        undo:
          `the escrow (${escrow}) may still spend ${fmt(terms.maxAmount)} of ${me}'s ${token.symbol}: send` +
          ` ${token.address} the data ${undoData}, approve(escrow, 0)`,
      });
    }
    steps.push({
      label: `the lock of ${fmt(terms.maxAmount)}`,
      send: async (signer) => await escrowContract(ctx, signer).fund(terms),
    });
  }
  const receipts = await sendSteps(ctx, status, steps);
  const receipt = receipts[receipts.length - 1];
  if (!receipt.logs.some((l) => escrowIface.parseLog(l)?.name === "LockFunded")) {
    throw new CliError(`transaction ${receipt.hash} emitted no LockFunded event`);
  }
  return receipt.hash;
}

/** The account's jobs (as payer or buyer), as `buyer jobs` lists them, with a refund button on each open one. */
async function jobsView(ctx: AppContext, onChange: () => void): Promise<HTMLElement> {
  const wallet = ctx.wallet;
  if (wallet === undefined) return pending("Connect your wallet to see its jobs.");
  const me = getAddress(wallet.account);
  const toBlock = await ctx.read.getBlockNumber();
  const jobs = await scanJobs(
    walletRpc(ctx),
    ctx.address("JobEscrow"),
    { fromBlock: 0, toBlock },
    { payer: me, buyer: me },
  );
  const now = BigInt((await ctx.read.getBlock("latest"))?.timestamp ?? 0);
  const counts = { open: 0, settled: 0, refunded: 0 };
  for (const j of jobs) if (j.status in counts) counts[j.status as keyof typeof counts]++;
  const summary = el(
    "p",
    { "data-testid": "jobs-summary" },
    `${jobs.length} job${jobs.length === 1 ? "" : "s"}: ${counts.open} open, ${counts.settled} settled, ${counts.refunded} refunded`,
  );
  if (jobs.length === 0) return el("div", {}, summary, el("p", { class: "muted" }, "(no job)"));
  const body = el("tbody", {});
  const status = txStatus();
  status.id = "refund-status";
  for (const job of jobs) {
    const token = await tokenOf(ctx, job.token);
    const cells: Array<Node | string> = [
      el("code", { class: "short", title: job.lockId }, `${job.lockId.slice(0, 10)}…`),
      job.status,
      amount(job.locked, token),
      job.status === "settled" ? amount(job.paid, token) : "",
      job.status === "open" ? "" : amount(job.returned, token),
      job.status === "open"
        ? `settle by ${isoSeconds(job.settleBy)}${job.settleBy < now ? " (passed: refundable)" : ""}`
        : `${job.status} in block ${job.closed?.block}`,
    ];
    const action =
      job.status === "open" ? refundButton(ctx, job, token, status, onChange) : el("span", { class: "muted" }, "");
    const row = el("tr", { id: `job-${job.lockId}`, "data-status": job.status });
    row.append(...cells.map((c) => el("td", {}, c)), el("td", {}, action));
    body.append(row);
  }
  const head = el(
    "thead",
    {},
    el(
      "tr",
      {},
      ...["lock", "status", "locked", "paid", "returned", "deadline / closed", "action"].map((h) =>
        el("th", { scope: "col" }, h),
      ),
    ),
  );
  return el(
    "div",
    {},
    summary,
    el(
      "div",
      { class: "table-wrap", "data-testid": "jobs" },
      el("table", {}, el("caption", {}, "Jobs you paid for or bought, oldest first"), head, body),
    ),
    status,
  );
}

/** `buyer refund LOCK_ID`: its checks and sentences, a simulation, then the transaction. */
function refundButton(
  ctx: AppContext,
  job: Job,
  token: TokenInfo,
  status: HTMLElement,
  onChange: () => void,
): HTMLButtonElement {
  const button = el(
    "button",
    { type: "button", class: "secondary refund", "data-lock": job.lockId, "aria-label": `Refund lock ${job.lockId}` },
    "Refund",
  );
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const escrow = escrowContract(ctx);
      const lock = (await escrow.lockOf(job.lockId)) as { status: bigint; settleBy: bigint };
      const next = (await nextBlockTimeOf(walletRpc(ctx))).time;
      checkRefund(
        job.lockId,
        { status: LOCK_STATUS[Number(lock.status)] ?? "none", settleBy: BigInt(lock.settleBy) },
        next,
      );
      const me = getAddress(ctx.wallet!.account);
      const data = escrow.interface.encodeFunctionData("refund", [job.lockId]);
      await simulateOrExplain(walletRpc(ctx), decoder(ctx, token), "the refund", {
        from: me,
        to: await escrow.getAddress(),
        data,
      });
      const [receipt] = await sendSteps(ctx, status, [
        {
          label: `the refund of ${formatAmount(job.locked, token.decimals, token.symbol)}`,
          send: async (signer) => await escrowContract(ctx, signer).refund(job.lockId),
        },
      ]);
      const sentence =
        `Refunded ${formatAmount(job.locked, token.decimals, token.symbol)} to ${job.payer} (lock ${job.lockId}),` +
        ` transaction ${receipt.hash}`;
      ctx.notify("ok", sentence);
      onChange();
    } catch (error) {
      button.disabled = false;
      if (!(error instanceof FlowError)) status.replaceChildren(refusal(sentenceOf(ctx, error, "the refund", token)));
      else status.replaceChildren(refusal(error.message));
    }
  });
  return button;
}

/** The "Metered jobs" section of the buyer screen. */
export function jobsSection(ctx: AppContext): HTMLElement {
  // Stablecoins first, $GALEON (when the DAO allows it) last: a job is priced in a stablecoin unless chosen otherwise.
  const allowed = [
    ...ctx.config.tokens.filter((t) => t.allowed && !t.isGaleon),
    ...ctx.config.tokens.filter((t) => t.allowed && t.isGaleon),
  ];
  const jobFile = el("input", { id: "job-file", name: "job-file", type: "file" });
  const jobHash = el("input", { id: "job-hash", name: "job-hash", autocomplete: "off", spellcheck: "false" });
  const token = el("select", { id: "job-token", name: "job-token" });
  for (const t of allowed) token.append(el("option", { value: t.address }, t.symbol));
  const max = el("input", { id: "job-max", name: "job-max", inputmode: "decimal", autocomplete: "off" });
  const settleBy = el("input", { id: "job-settle-by", name: "job-settle-by", autocomplete: "off", value: "14d" });
  const buyer = el("input", { id: "job-buyer", name: "job-buyer", autocomplete: "off", spellcheck: "false" });
  const limit = el("input", { id: "job-auto-settle-limit", name: "job-auto-settle-limit", autocomplete: "off" });
  const salt = el("input", { id: "job-salt", name: "job-salt", autocomplete: "off", spellcheck: "false" });
  const permitButton = el("button", { type: "button", id: "fund-permit" }, "Fund with a permit signature");
  const approveButton = el("button", { type: "button", id: "fund-approve", class: "secondary" }, "Approve, then fund");
  const fundOut = el("div", { id: "fund-out" });
  const status = txStatus();
  status.id = "fund-status";
  const list = el("div", { id: "jobs-out" });
  const refreshButton = el("button", { type: "button", id: "jobs-refresh", class: "secondary" }, "Refresh");

  const refresh = async (): Promise<void> => {
    try {
      list.replaceChildren(await jobsView(ctx, () => void refresh()));
    } catch (error) {
      list.replaceChildren(refusal(sentenceOf(ctx, error, "reading the jobs")));
    }
  };
  refreshButton.addEventListener("click", () => void refresh());

  const go = async (withPermit: boolean) => {
    permitButton.disabled = true;
    approveButton.disabled = true;
    status.replaceChildren();
    fundOut.replaceChildren(pending("Checking the job and simulating the lock…"));
    let checked: CheckedLock & { simulated: boolean };
    try {
      checked = await checkFund(ctx, {
        jobFile: jobFile.files?.[0],
        jobHash: jobHash.value,
        token: token.value,
        max: max.value,
        settleBy: settleBy.value,
        buyer: buyer.value,
        autoSettleLimit: limit.value,
        salt: salt.value,
      });
    } catch (error) {
      fundOut.replaceChildren(refusal(sentenceOf(ctx, error, "")));
      permitButton.disabled = false;
      approveButton.disabled = false;
      return;
    }
    const fmt = (v: bigint) => formatAmount(v, checked.token.decimals, checked.token.symbol);
    fundOut.replaceChildren(
      el(
        "p",
        { class: "muted", "data-testid": "fund-simulated" },
        checked.simulated
          ? `Checked, and simulated against the next block with the approval in place: locking ${fmt(checked.terms.maxAmount)} would go through. Nothing was sent yet.`
          : `Checked; ${checked.token.symbol}'s allowance storage is not recognised: the lock is simulated with the permit, before it is sent.`,
      ),
    );
    try {
      const hash = await fund(ctx, checked, withPermit, status);
      const sentence =
        `Locked ${fmt(checked.terms.maxAmount)} for job ${checked.terms.jobHash.slice(0, 10)}… (lock ${checked.lockId}),` +
        ` transaction ${hash}`;
      ctx.notify("ok", sentence);
      status.replaceChildren(
        done(sentence, "funded"),
        el("p", {}, `Settle by ${isoSeconds(checked.terms.settleBy)} (chain time; anyone may refund it after).`),
      );
      salt.value = "";
      await refresh();
    } catch (error) {
      if (error instanceof FlowError) {
        // sendSteps wrote the report (what was sent, how to undo it) into the status.
        status.replaceChildren(refusal(error.message));
      } else status.replaceChildren(refusal(sentenceOf(ctx, error, "the lock", checked.token)));
    } finally {
      permitButton.disabled = false;
      approveButton.disabled = false;
    }
  };
  permitButton.addEventListener("click", () => void go(true));
  approveButton.addEventListener("click", () => void go(false));
  const section = el(
    "section",
    { "aria-labelledby": "jobs-title", id: "jobs-section" },
    el("h3", { id: "jobs-title" }, "Metered jobs"),
    el(
      "p",
      { class: "lead" },
      "Lock at most what a job may cost in the job escrow, as buyer fund does. The attestor settles it on the" +
        " measured usage and the rest comes back; unsettled by its deadline, anyone may refund the whole lock to you." +
        " The page checks every field and simulates the lock before your wallet is asked for anything.",
    ),
    el(
      "form",
      { "aria-label": "Fund a job", id: "fund-form" },
      field("Job file, hashed (--job)", jobFile),
      field("or its hash (--job-hash)", jobHash),
      field("Token (--token)", token),
      field("Most it may cost (--max)", max),
      field("Settle by: a date or a duration from now (--settle-by)", settleBy),
      field("Buyer, if not you (--buyer)", buyer),
      field("Auto-settle limit, if below the lock (--auto-settle-limit)", limit),
      field("Salt, if not random (--salt)", salt),
      el("div", { class: "row" }, permitButton, approveButton),
    ),
    fundOut,
    status,
    el("h3", {}, "Your jobs"),
    el("div", { class: "row" }, refreshButton),
    list,
  );
  void refresh();
  return section;
}
