/**
 * What the hospital and buyer screens share: the router and tokens read through the app's provider,
 * revert data as the command line's sentences, and a few table helpers. No domain logic here: the
 * checks and their sentences are imported from the shared layer (`scripts/lib`).
 */
import { Contract, type Signer } from "ethers";

import routerAbi from "../../../abi/DataAccessRouter.json" with { type: "json" };
import errorsAbi from "../../../abi/errors.json" with { type: "json" };
import { type TokenInfo, tokenInfo } from "../../../domain/amounts/tokens.js";
import { describeError } from "../../../domain/errors/explain.js";
import type { RpcRequester } from "../../../domain/chain/logs.js";
import { ErrorDecoder } from "../../../domain/errors/revert.js";
import { sentenceContext } from "../../../domain/errors/sentences/say.js";
import type { AppContext } from "../context.js";
import { el } from "../ui/dom.js";
import { failureSentence } from "../ui/tx.js";
import { isRejection } from "../wallet.js";

/** The router, read through the app's provider (`signer`: to send from the wallet). */
export function routerContract(ctx: AppContext, signer?: Signer): Contract {
  return new Contract(ctx.address("DataAccessRouter"), routerAbi, signer ?? ctx.read);
}

/** Symbol and decimals of a token: the deployment's from the config, any other read on chain. */
export async function tokenOf(ctx: AppContext, address: string): Promise<TokenInfo> {
  const known = ctx.token(address);
  if (known !== undefined) return { address: known.address, symbol: known.symbol, decimals: known.decimals };
  return await tokenInfo(ctx.read, address);
}

/** The custom errors of every contract of the suite (`abi/errors.json`), as one ABI. */
const ERROR_ABI = Object.values(errorsAbi as Record<string, { abi: unknown }>).map((e) => e.abi);

/** Revert data as the command line's sentences, amounts in the deployment's tokens (`current` by default). */
export function decoder(ctx: AppContext, current?: TokenInfo): ErrorDecoder {
  return new ErrorDecoder([ERROR_ABI], sentenceContext(ctx.config.tokens, current));
}

/**
 * The wallet's EIP-1193 provider, for what ethers' providers do not pass on: `eth_call` with a state
 * override, and the `pending` block's time.
 */
export function walletRpc(ctx: AppContext): RpcRequester {
  const wallet = ctx.wallet;
  if (wallet === undefined) throw new Error("Connect a wallet first: nothing can be checked or signed without one.");
  return { request: async (args) => await wallet.provider.request(args as { method: string; params?: unknown[] }) };
}

/**
 * One sentence for any failure: the wallet's refusal as the app says it everywhere; a refusal of the
 * shared checks, or a revert, in the command line's words.
 */
export function sentenceOf(ctx: AppContext, error: unknown, what: string, current?: TokenInfo): string {
  if (isRejection(error)) return failureSentence(error, what, ctx);
  return describeError(error, decoder(ctx, current));
}

/** A two-column table of label and value, scrolling sideways on a phone. */
export function facts(caption: string, rows: Array<[string, Node | string]>, testId?: string): HTMLElement {
  const body = el("tbody", {});
  for (const [label, value] of rows) body.append(el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, value)));
  return el("div", { class: "table-wrap", "data-testid": testId }, el("table", {}, el("caption", {}, caption), body));
}

/** A table with a header row, scrolling sideways on a phone. */
export function grid(
  caption: string,
  headers: string[],
  rows: Array<Array<Node | string>>,
  testId?: string,
): HTMLElement {
  const body = el("tbody", {});
  for (const row of rows) body.append(el("tr", {}, ...row.map((cell) => el("td", {}, cell))));
  const head = el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col" }, h))));
  return el(
    "div",
    { class: "table-wrap", "data-testid": testId },
    el("table", {}, el("caption", {}, caption), head, body),
  );
}

/** A refusal, announced to screen readers. */
export function refusal(sentence: string): HTMLElement {
  return el("p", { class: "error", role: "alert", "data-testid": "refusal" }, sentence);
}

/** A sentence of success. */
export function done(sentence: string, testId?: string): HTMLElement {
  return el("p", { class: "ok", role: "status", "data-testid": testId }, sentence);
}

/** A note while something is read or awaited. */
export function pending(sentence: string): HTMLElement {
  return el("p", { class: "muted" }, sentence);
}
