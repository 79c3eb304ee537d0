/**
 * The hospital screen: what `hospital balance`, `hospital claim`, `hospital set-payout` and
 * `hospital statement --format csv` do, for a finance officer with a browser wallet. A hospital is
 * chosen by its id, or found by the connected payout address. Claiming pays the registered payout
 * address, whoever clicks; only the current payout address may rotate it (checked before the wallet
 * is asked, with the command line's sentence). The statement is the indexer's CSV, the same bytes as
 * the command line's.
 */
import { getAddress, isAddress, type Log } from "ethers";

import type { TokenInfo } from "../../../domain/amounts/tokens.js";
import { badInput } from "../../../domain/errors/refusal.js";
import { checkPayoutRotation, registeredHospital } from "../../../domain/chain/hospitals.js";
import { parseHospitalId } from "../../../domain/quotes/usage.js";
import type { AppContext, Screen } from "../context.js";
import { amount } from "../ui/amount.js";
import { addressText, el } from "../ui/dom.js";
import { done, facts, grid, pending, refusal, routerContract, sentenceOf, tokenOf } from "./chain.js";

interface IndexedHospital {
  id: number | string;
  balances: Array<{ token: string }>;
}

/** The tokens a hospital may hold: the deployment's, and any other the indexer saw credited to it. */
async function hospitalTokens(ctx: AppContext, hospitalId: number): Promise<TokenInfo[]> {
  const addresses = new Map<string, string>(ctx.config.tokens.map((t) => [t.address.toLowerCase(), t.address]));
  try {
    const { hospitals } = await ctx.api<{ hospitals: IndexedHospital[] }>("/api/hospitals");
    for (const b of hospitals.find((h) => Number(h.id) === hospitalId)?.balances ?? []) {
      if (!addresses.has(b.token.toLowerCase())) addresses.set(b.token.toLowerCase(), getAddress(b.token));
    }
  } catch {
    // The indexer is down: the deployment's tokens are still read on chain.
  }
  return await Promise.all([...addresses.values()].map((a) => tokenOf(ctx, a)));
}

export const hospitalScreen: Screen = {
  path: "/hospital",
  title: "Hospital",
  async render(root: HTMLElement, ctx: AppContext): Promise<void> {
    const idInput = el("input", { id: "hospital-id", name: "hospital", inputmode: "numeric", autocomplete: "off" });
    const form = el(
      "form",
      { class: "row", "aria-label": "Choose a hospital" },
      el("label", { for: "hospital-id" }, "Hospital id"),
      idInput,
      el("button", { type: "submit" }, "Show"),
    );
    const out = el("div", { id: "hospital-out" });
    root.append(
      el("h2", { id: "screen-title" }, "Hospital"),
      el(
        "p",
        { class: "lead" },
        "A hospital's earnings from data purchases, paid to its registered payout address. Anyone may claim them " +
          "(the money goes to the payout address, never to whoever clicks); only the payout address may rotate itself.",
      ),
      form,
    );
    const mine = ctx.wallet?.hospitals ?? [];
    if (ctx.wallet !== undefined) {
      root.append(
        el(
          "p",
          { class: "muted", id: "my-hospitals" },
          mine.length === 0
            ? `The connected account is the payout address of no hospital.`
            : `The connected account is the payout address of hospital ${mine.join(", ")}.`,
        ),
      );
    }
    root.append(out);

    const show = async (hospitalId: number, message?: HTMLElement) => {
      idInput.value = String(hospitalId);
      if (message === undefined) out.replaceChildren(pending(`Reading hospital ${hospitalId}…`));
      try {
        out.replaceChildren(await hospitalView(ctx, hospitalId, (next) => show(hospitalId, next), message));
      } catch (error) {
        out.replaceChildren(refusal(sentenceOf(ctx, error, "")));
      }
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      let id: number;
      try {
        id = parseHospitalId(idInput.value, "hospital id");
      } catch (error) {
        out.replaceChildren(refusal(sentenceOf(ctx, error, "")));
        return;
      }
      void show(id);
    });
    // Found by the connected payout address: shown at once.
    if (mine.length > 0) await show(mine[0]);
  },
};

/** One hospital: status, payout, claimable per token, claim, rotate, statement. */
async function hospitalView(
  ctx: AppContext,
  hospitalId: number,
  refresh: (message: HTMLElement) => Promise<void>,
  message?: HTMLElement,
): Promise<HTMLElement> {
  const router = routerContract(ctx);
  const { payout, status } = await registeredHospital(
    router as unknown as Parameters<typeof registeredHospital>[0],
    hospitalId,
  );
  const tokens = await hospitalTokens(ctx, hospitalId);
  const balances = await Promise.all(
    tokens.map(async (t) => ({ token: t, claimable: (await router.hospitalBalance(hospitalId, t.address)) as bigint })),
  );
  const statusLine = el("div", { role: "status", "aria-live": "polite", "data-testid": "hospital-status" });
  if (message !== undefined) statusLine.append(message);

  // Claim: every token with a balance, paid to the payout address, whoever clicks.
  const due = balances.filter((b) => b.claimable > 0n);
  const claim = el("button", { type: "button", id: "claim" }, "Claim to the payout address");
  if (due.length === 0) claim.disabled = true;
  claim.addEventListener("click", async () => {
    claim.disabled = true;
    statusLine.replaceChildren(pending("Simulating the claim…"));
    try {
      const sending = routerContract(ctx, await ctx.signer());
      const addresses = due.map((b) => b.token.address);
      await sending.claimHospital.staticCall(hospitalId, addresses);
      statusLine.replaceChildren(pending("Confirm the claim in your wallet…"));
      const tx = await sending.claimHospital(hospitalId, addresses);
      statusLine.replaceChildren(pending(`Claim sent (transaction ${tx.hash}), waiting for its block…`));
      const receipt = await tx.wait();
      const paid = new Map<string, bigint>();
      for (const log of (receipt?.logs ?? []) as Log[]) {
        const parsed = router.interface.parseLog(log);
        if (parsed?.name === "HospitalClaimed" && Number(parsed.args.hospitalId) === hospitalId) {
          const token = (parsed.args.token as string).toLowerCase();
          paid.set(token, (paid.get(token) ?? 0n) + (parsed.args.amount as bigint));
        }
      }
      const rows = due.map((b) => [b.token.symbol, amount(paid.get(b.token.address.toLowerCase()) ?? 0n, b.token)]);
      const sentence = `Paid hospital ${hospitalId}'s balances to its payout address ${payout} (transaction ${tx.hash})`;
      ctx.notify("ok", sentence);
      await refresh(el("div", {}, done(sentence, "claimed"), grid("Paid", ["token", "paid"], rows, "paid")));
    } catch (error) {
      claim.disabled = false;
      statusLine.replaceChildren(refusal(sentenceOf(ctx, error, "the claim")));
    }
  });

  // Rotate: from the current payout address only, checked before the wallet is asked.
  const newPayout = el("input", { id: "new-payout", name: "new-payout", autocomplete: "off", spellcheck: "false" });
  const rotate = el("button", { type: "submit", id: "rotate" }, "Rotate the payout address");
  const rotateForm = el(
    "form",
    { class: "row", "aria-label": "Rotate the payout address" },
    el("label", { for: "new-payout" }, "New payout address"),
    newPayout,
    rotate,
  );
  rotateForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    rotate.disabled = true;
    try {
      const text = newPayout.value.trim();
      if (!isAddress(text)) throw badInput(`new payout address "${text}" is not an address`);
      const next = getAddress(text);
      const caller = ctx.wallet?.account;
      if (caller === undefined) throw badInput("connect the wallet of the current payout address first");
      checkPayoutRotation(hospitalId, getAddress(caller), payout, next, "");
      const sending = routerContract(ctx, await ctx.signer());
      await sending.setPayout.staticCall(hospitalId, next);
      statusLine.replaceChildren(pending("Confirm the rotation in your wallet…"));
      const tx = await sending.setPayout(hospitalId, next);
      await tx.wait();
      const sentence = `Hospital ${hospitalId} is now paid to ${next} (transaction ${tx.hash})`;
      ctx.notify("ok", sentence);
      await refresh(done(sentence, "rotated"));
    } catch (error) {
      rotate.disabled = false;
      statusLine.replaceChildren(refusal(sentenceOf(ctx, error, "the rotation")));
    }
  });

  // The statement: the indexer's CSV, downloaded as it is served.
  const statement = el(
    "a",
    {
      id: "statement-csv",
      href: `/api/hospitals/${hospitalId}/statement?format=csv`,
      download: `hospital-${hospitalId}-statement.csv`,
    },
    "Download the statement (CSV)",
  );
  return el(
    "section",
    { "aria-labelledby": "hospital-title", "data-testid": "hospital" },
    el("h3", { id: "hospital-title" }, `Hospital ${hospitalId}`),
    facts(
      "Registration",
      [
        ["status", status],
        ["payout address", addressText(payout)],
      ],
      "registration",
    ),
    grid(
      "Claimable",
      ["token", "claimable"],
      balances.map((b) => [b.token.symbol, amount(b.claimable, b.token)]),
      "claimable",
    ),
    el("div", { class: "row" }, claim),
    statusLine,
    el("h3", {}, "Payout address"),
    el(
      "p",
      { class: "muted" },
      "Only the current payout address may rotate it: connect its wallet, and give the new address.",
    ),
    rotateForm,
    el("h3", {}, "Statement"),
    el(
      "p",
      {},
      statement,
      ": every credit, claim and payout change, in token units; the same file as ",
      el("code", {}, `npx hardhat hospital statement --hospital ${hospitalId} --format csv`),
      ".",
    ),
  );
}
