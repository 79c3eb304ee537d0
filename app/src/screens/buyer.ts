/**
 * The buyer screen: what `buyer pay --quote FILE [--permit]` and `buyer access` do, for a data buyer
 * with a browser wallet. The quote file is checked with the command line's checks and sentences
 * (`quoteCheck.ts`: the signature first, then every field) and the whole purchase is simulated
 * against the next block with the approval in place, before the wallet is asked for anything. Then it
 * pays with a permit signature, or approves and pays. Nothing half-done: a refusal before anything was
 * sent says nothing was sent; a failure after the approval says what was sent and offers to revoke
 * it (`approve(router, 0)`). Then the access record. Below it, metered jobs (`jobs.ts`): fund, watch, refund.
 */
import { Contract, getAddress, type Log, ZeroAddress, ZeroHash } from "ethers";

import { findAllowanceSlot, storageOverride } from "../../../domain/chain/allowance.js";
import { signPermit } from "../../../domain/chain/permit.js";
import { simulateOrExplain } from "../../../domain/chain/simulate.js";
import { formatAmount } from "../../../domain/amounts/amounts.js";
import { nextBlockTimeOf } from "../../../domain/chain/chainTime.js";
import { ERC20_ABI, type TokenInfo } from "../../../domain/amounts/tokens.js";
import { CliError } from "../../../domain/errors/refusal.js";
import { type Quote } from "../../../domain/quotes/quote.js";
import {
  ACCESS_STATUS,
  afterApprovalSentence,
  checkQuote,
  checkQuoteNetwork,
  DEFAULT_MARGIN_SECONDS,
  type QuoteRouterReader,
  type QuoteTokenReader,
} from "../../../domain/quotes/quoteCheck.js";
import { isoSeconds, type LoadedQuote, parseQuoteFile } from "../../../domain/quotes/quoteFile.js";
import { previewSplit } from "../../../domain/quotes/split.js";
import { parseBytes32 } from "../../../domain/quotes/usage.js";
import type { AppContext, Screen } from "../context.js";
import { amount } from "../ui/amount.js";
import { addressText, el } from "../ui/dom.js";
import { isRejection } from "../wallet.js";
import { jobsSection } from "./jobs.js";
import {
  decoder,
  done,
  facts,
  grid,
  pending,
  refusal,
  routerContract,
  sentenceOf,
  tokenOf,
  walletRpc,
} from "./chain.js";

/** A quote that passed every check, with what the payment needs. */
interface CheckedQuote {
  loaded: LoadedQuote;
  quote: Quote;
  token: TokenInfo;
  me: string;
  router: string;
  allowance: bigint;
  /** Whether the purchase was simulated with the approval in place before any wallet request. */
  simulated: boolean;
}

/** A failure after the approval was sent: the page offers to revoke it. */
class AfterApproval extends CliError {}

/** `data` to the router from `me`, simulated against the next block; a revert is the command line's sentence. */
async function simulate(
  ctx: AppContext,
  call: { from: string; to: string; data: string },
  overrides: Record<string, unknown> | undefined,
  token: TokenInfo,
): Promise<void> {
  await simulateOrExplain(walletRpc(ctx), decoder(ctx, token), "the payment", call, overrides);
}

/** Every check of `buyer pay`, then its dry run's simulation: nothing is asked of the wallet. */
async function checkAndSimulate(ctx: AppContext, loaded: LoadedQuote, file: string): Promise<CheckedQuote> {
  const wallet = ctx.wallet;
  if (wallet === undefined) {
    throw new CliError("Connect the wallet of the quote's buyer (or payer) first: nothing is sent before you pay.");
  }
  const router = getAddress(ctx.address("DataAccessRouter"));
  // Network and router first: the token is read on this chain only if the quote is for it.
  checkQuoteNetwork(loaded, file, wallet.chainId, router);
  const { quote } = loaded;
  const token = await tokenOf(ctx, quote.token);
  const me = getAddress(wallet.account);
  const next = await nextBlockTimeOf(walletRpc(ctx));
  const { allowance } = await checkQuote({
    loaded,
    file,
    chainId: wallet.chainId,
    routerAddress: router,
    router: routerContract(ctx) as unknown as QuoteRouterReader,
    token,
    erc20: new Contract(quote.token, ERC20_ABI, ctx.read) as unknown as QuoteTokenReader,
    payer: me,
    nextBlockTime: next.time,
    margin: DEFAULT_MARGIN_SECONDS,
  });
  // The whole purchase against the next block, with the approval already in place (a state override).
  const data = routerContract(ctx).interface.encodeFunctionData("purchase", [quote, loaded.signature, quote.amount]);
  let overrides: Record<string, unknown> | undefined;
  if (allowance < quote.amount) {
    const slot = await findAllowanceSlot(walletRpc(ctx), quote.token, me, router, "pending");
    if (slot === undefined) return { loaded, quote, token, me, router, allowance, simulated: false };
    overrides = storageOverride(quote.token, slot, quote.amount);
  }
  await simulate(ctx, { from: me, to: router, data }, overrides, token);
  return { loaded, quote, token, me, router, allowance, simulated: true };
}

/** The quote, its split and who gets what, as `buyer pay --dry-run` shows them. */
async function preview(ctx: AppContext, checked: CheckedQuote): Promise<HTMLElement> {
  const { quote, token } = checked;
  const router = routerContract(ctx);
  const [bps, payees] = await Promise.all([
    router.split() as Promise<bigint[]>,
    Promise.all([0, 1, 2].map((p) => router.payeeAddress(p) as Promise<string>)),
  ]);
  const split = previewSplit(quote.amount, [bps[0], bps[1], bps[2], bps[3]], quote.usage);
  const payouts = await Promise.all(split.credits.map((c) => router.payoutOf(c.hospitalId) as Promise<string>));
  const pct = (i: number) => `${Number(bps[i]) / 100}%`;
  return el(
    "section",
    { "aria-labelledby": "quote-title", "data-testid": "quote" },
    el("h3", { id: "quote-title" }, "The quote"),
    facts("Checked: signed by the router's attestor, for you, on this chain", [
      ["access id", el("code", { class: "hash" }, quote.accessId)],
      ["buyer", addressText(quote.buyer)],
      ["payer", quote.payer === ZeroAddress ? "only the buyer" : addressText(quote.payer)],
      ["amount", amount(quote.amount, token)],
      ["pay before", `${isoSeconds(quote.deadline)} (chain time)`],
      ["access until", isoSeconds(quote.accessExpiry)],
      ["data permit", el("code", { class: "hash" }, quote.permitId)],
      ["permit until", isoSeconds(quote.permitExpiry)],
      ...(quote.renews === ZeroHash ? [] : [["renews", el("code", { class: "hash" }, quote.renews)] as [string, Node]]),
    ]),
    grid(
      "Where the money goes",
      ["split", "amount", "to"],
      [
        [`hospitals (${pct(0)})`, amount(split.parts[0], token), "the hospitals below"],
        [`treasury (${pct(1)})`, amount(split.parts[1], token), addressText(payees[0])],
        [`buy-back (${pct(2)})`, amount(split.parts[2], token), addressText(payees[1])],
        [`Galeon (${pct(3)})`, amount(split.parts[3], token), addressText(payees[2])],
      ],
      "split",
    ),
    grid(
      "Hospitals credited (claimed to their payout addresses)",
      ["hospital", "units", "credit", "payout address"],
      split.credits.map((c, i) => [
        String(c.hospitalId),
        c.units.toString(),
        amount(c.credit, token),
        addressText(payouts[i]),
      ]),
      "credits",
    ),
    el(
      "p",
      { class: "muted", "data-testid": "simulated" },
      checked.simulated
        ? "Simulated against the next block with the approval in place: it would go through. Nothing was sent."
        : `${token.symbol}'s allowance storage is not recognised: the purchase is simulated with the permit, before` +
            " it is sent. Nothing was sent.",
    ),
  );
}

/** The access record, as `buyer access` shows it. */
async function accessView(ctx: AppContext, accessId: string): Promise<HTMLElement> {
  const router = routerContract(ctx);
  const [record, valid] = await Promise.all([
    router.accessRecord(accessId) as Promise<{
      buyer: string;
      expiry: bigint;
      status: bigint;
      permitId: string;
      permitExpiry: bigint;
    }>,
    router.isAccessValid(accessId) as Promise<boolean>,
  ]);
  const id = el("code", { class: "hash" }, accessId);
  if (record.buyer === ZeroAddress) {
    return facts(
      "Access record",
      [
        ["access id", id],
        ["status", "no such access (never paid)"],
        ["valid now", "no"],
      ],
      "access-record",
    );
  }
  return facts(
    "Access record",
    [
      ["access id", id],
      ["buyer", addressText(record.buyer)],
      ["expires", isoSeconds(record.expiry)],
      ["status", ACCESS_STATUS[Number(record.status)] ?? String(record.status)],
      ["valid now", valid ? "yes" : "no"],
      ["data permit", el("code", { class: "hash" }, record.permitId)],
      ["permit until", isoSeconds(record.permitExpiry)],
    ],
    "access-record",
  );
}

/** The purchase's transaction hash, once its `Purchased` event is in the receipt. */
function purchased(hash: string, logs: readonly Log[], router: Contract): string {
  if (!logs.some((l) => router.interface.parseLog(l)?.name === "Purchased")) {
    throw new CliError(`transaction ${hash} emitted no Purchased event`);
  }
  return hash;
}

/** Pays a checked quote: a permit signature then `purchaseWithPermit`, or `approve` (if needed) then `purchase`. */
async function pay(ctx: AppContext, checked: CheckedQuote, withPermit: boolean, status: HTMLElement): Promise<string> {
  const { quote, token, me, router, loaded } = checked;
  const signer = await ctx.signer();
  const sending = routerContract(ctx, signer);
  const erc20 = new Contract(quote.token, ERC20_ABI, signer);
  const say = (text: string) => status.replaceChildren(pending(text));
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  // Before anything was sent: the failure's sentence, which says so when the wallet refused.
  const nothingSent = (what: string) => (error: unknown) => {
    throw new CliError(sentenceOf(ctx, error, what, token));
  };

  if (withPermit) {
    say(`Sign the permit of ${fmt(quote.amount)} to the router in your wallet (a signature, no transaction)…`);
    const permit = await signPermit(signer, quote.token, router, quote.amount, quote.deadline).catch(
      nothingSent("the permit signature"),
    );
    const args = [quote, loaded.signature, quote.amount, ...permit] as const;
    say("Simulating the purchase with the permit…");
    const data = sending.interface.encodeFunctionData("purchaseWithPermit", [...args]);
    await simulate(ctx, { from: me, to: router, data }, undefined, token);
    say("Confirm the purchase in your wallet…");
    const tx = await sending.purchaseWithPermit(...args).catch(nothingSent("the purchase"));
    say(`Purchase sent (transaction ${tx.hash}), waiting for its block…`);
    const receipt = await tx.wait();
    return purchased(tx.hash, receipt?.logs ?? [], sending);
  }

  let approvalHash: string | undefined;
  if (checked.allowance < quote.amount) {
    say(`Confirm the approval of ${fmt(quote.amount)} to the router in your wallet…`);
    const approval = await erc20.approve(router, quote.amount).catch(nothingSent("the approval"));
    say(`Approval sent (transaction ${approval.hash}), waiting for its block…`);
    await approval.wait();
    approvalHash = approval.hash as string;
  }
  let purchaseHash: string | undefined;
  try {
    say("Confirm the purchase in your wallet…");
    const tx = await sending.purchase(quote, loaded.signature, quote.amount);
    purchaseHash = tx.hash as string;
    say(`Purchase sent (transaction ${tx.hash}), waiting for its block…`);
    const receipt = await tx.wait();
    return purchased(tx.hash, receipt?.logs ?? [], sending);
  } catch (error) {
    if (approvalHash === undefined) throw new CliError(sentenceOf(ctx, error, "the purchase", token));
    const reader = new Contract(quote.token, ERC20_ABI, ctx.read);
    const left = await (reader.allowance(me, router) as Promise<bigint>).catch(() => undefined);
    throw new AfterApproval(
      afterApprovalSentence({
        line: isRejection(error)
          ? "you rejected the purchase in your wallet"
          : sentenceOf(ctx, error, "the purchase", token),
        approvalHash,
        purchase: purchaseHash === undefined ? undefined : { hash: purchaseHash, confirmed: false },
        routerAddress: router,
        me,
        token,
        left,
        undo: "the Revoke button below",
        undoData: erc20.interface.encodeFunctionData("approve", [router, 0n]),
      }),
    );
  }
}

/** Sends `approve(router, 0)`: the undo of an approval whose purchase failed. */
function revokeButton(ctx: AppContext, checked: CheckedQuote, status: HTMLElement): HTMLElement {
  const button = el("button", { type: "button", id: "revoke" }, "Revoke the approval: approve(router, 0)");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const erc20 = new Contract(checked.quote.token, ERC20_ABI, await ctx.signer());
      const tx = await erc20.approve(checked.router, 0n);
      await tx.wait();
      const sentence =
        `Revoked: the router may spend nothing of ${checked.me}'s ${checked.token.symbol}` +
        ` (transaction ${tx.hash})`;
      ctx.notify("ok", sentence);
      status.append(done(sentence, "revoked"));
    } catch (error) {
      button.disabled = false;
      status.append(refusal(sentenceOf(ctx, error, "the revocation", checked.token)));
    }
  });
  return button;
}

export const buyerScreen: Screen = {
  path: "/buyer",
  title: "Buyer",
  async render(root: HTMLElement, ctx: AppContext): Promise<void> {
    const fileInput = el("input", { id: "quote-file", type: "file", accept: ".json,application/json" });
    const out = el("div", { id: "quote-out" });
    const status = el("div", { id: "pay-status", role: "status", "aria-live": "polite", "data-testid": "pay-status" });
    const accessInput = el("input", { id: "access-id", name: "access-id", autocomplete: "off", spellcheck: "false" });
    const accessOut = el("div", { id: "access-out" });
    const accessForm = el(
      "form",
      { class: "row", "aria-label": "Look up an access" },
      el("label", { for: "access-id" }, "Access id"),
      accessInput,
      el("button", { type: "submit" }, "Look up"),
    );
    root.append(
      el("h2", { id: "screen-title" }, "Buyer"),
      el(
        "p",
        { class: "lead" },
        "Open the quote file the attestor sent you. The page checks its signature and every field, and simulates" +
          " the whole payment, before your wallet is asked for anything.",
      ),
      el("p", { class: "row" }, el("label", { for: "quote-file" }, "Quote file"), fileInput),
      out,
      status,
      el("h3", {}, "Access records"),
      accessForm,
      accessOut,
      jobsSection(ctx),
    );

    accessForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        accessOut.replaceChildren(await accessView(ctx, parseBytes32(accessInput.value, "access id")));
      } catch (error) {
        accessOut.replaceChildren(refusal(sentenceOf(ctx, error, "")));
      }
    });

    fileInput.addEventListener("change", async () => {
      const file = fileInput.files?.[0];
      status.replaceChildren();
      if (file === undefined) {
        out.replaceChildren();
        return;
      }
      out.replaceChildren(pending(`Checking ${file.name}…`));
      let checked: CheckedQuote;
      try {
        checked = await checkAndSimulate(ctx, parseQuoteFile(await file.text(), file.name), file.name);
      } catch (error) {
        out.replaceChildren(refusal(sentenceOf(ctx, error, "")));
        return;
      }
      const permitButton = el("button", { type: "button", id: "pay-permit" }, "Pay with a permit signature");
      const approveButton = el(
        "button",
        { type: "button", id: "pay-approve", class: "secondary" },
        checked.allowance >= checked.quote.amount ? "Pay (already approved)" : "Approve, then pay",
      );
      out.replaceChildren(await preview(ctx, checked), el("div", { class: "row" }, permitButton, approveButton));
      const go = async (withPermit: boolean) => {
        permitButton.disabled = true;
        approveButton.disabled = true;
        const { quote, token } = checked;
        try {
          const hash = await pay(ctx, checked, withPermit, status);
          const sentence =
            `Paid ${formatAmount(quote.amount, token.decimals, token.symbol)} for access ${quote.accessId}` +
            ` (buyer ${quote.buyer}, until ${isoSeconds(quote.accessExpiry)}), transaction ${hash}`;
          ctx.notify("ok", sentence);
          accessInput.value = quote.accessId;
          status.replaceChildren(done(sentence, "paid"), await accessView(ctx, quote.accessId));
        } catch (error) {
          status.replaceChildren(refusal(sentenceOf(ctx, error, "the payment", token)));
          if (error instanceof AfterApproval) status.append(revokeButton(ctx, checked, status));
          else {
            permitButton.disabled = false;
            approveButton.disabled = false;
          }
        }
      };
      permitButton.addEventListener("click", () => void go(true));
      approveButton.addEventListener("click", () => void go(false));
    });
  },
};
