/**
 * The checks of a quote before anything is asked of a wallet, and their sentences: one source for
 * `buyer pay` and the wallet app's buyer screen. Browser-safe (ethers only): the chain is read through
 * the router and token contracts the caller passes (a typechain contract on the command line, an
 * ethers `Contract` over the ABI in the app), and the next block's time the caller read.
 *
 * In order: network and router, the attestor's signature (before any field is trusted), who may pay,
 * the deadline against the next block's time with a safety margin, the access's end, the data
 * permit, the access id, a renewal, the token, the hospitals, the price against the maximum, the
 * balance. Each refusal is a `CliError` with the command line's sentence; `hints` adds the command
 * line's advice (an option to use), which the app leaves out.
 */
import { verifyTypedData, ZeroAddress, ZeroHash } from "ethers";

import { formatAmount } from "../amounts/amounts.js";
import { CliError, environmentError } from "../errors/refusal.js";
import { type Quote, QUOTE_TYPES, routerDomain, unpackUsage } from "./quote.js";
import { isoSeconds, type LoadedQuote } from "./quoteFile.js";

/** The access record's statuses, by the router's enum. */
export const ACCESS_STATUS = ["none", "active", "revoked"] as const;

/** What the checks read of the router (its typechain contract, or a `Contract` over its ABI). */
export interface QuoteRouterReader {
  attestor(): Promise<string>;
  accessRecord(accessId: string): Promise<{ buyer: string; expiry: bigint; status: bigint | number }>;
  isTokenAllowed(token: string): Promise<boolean>;
  isActive(hospitalId: number | bigint): Promise<boolean>;
}

/** What the checks read of the payment token. */
export interface QuoteTokenReader {
  balanceOf(owner: string): Promise<bigint>;
  allowance(owner: string, spender: string): Promise<bigint>;
}

/** The token of the quote, for sentences. */
export interface QuoteToken {
  address: string;
  symbol: string;
  decimals: number;
}

/** The command line's advice after some sentences; the app passes none. */
export interface QuoteCheckHints {
  /** After "may not pay this quote": " (use --from)". */
  from?: string;
  /** After the safety-margin refusal: " (or pay with a smaller --margin)". */
  margin?: string;
  /** The maximum's name: "your --max" (the app: "your maximum"). */
  max?: string;
}

/**
 * The default safety margin: a quote must stay valid this long after the next block. Two
 * transactions (the approval, then the purchase) each get up to five 12-second Ethereum slots to be
 * included; a quote closer to its deadline would likely expire between the two.
 */
export const DEFAULT_MARGIN = "2m";
/** `DEFAULT_MARGIN` in seconds. */
export const DEFAULT_MARGIN_SECONDS = 120n;

export const CLI_HINTS: QuoteCheckHints = {
  from: " (use --from)",
  margin: " (or pay with a smaller --margin)",
  max: "your --max",
};

export interface QuoteCheckInput {
  /** The quote file as read (`parseQuoteFile`), and its name for sentences. */
  loaded: LoadedQuote;
  file: string;
  /** The network's chain id and the deployment's router address (checksummed). */
  chainId: number;
  routerAddress: string;
  router: QuoteRouterReader;
  token: QuoteToken;
  erc20: QuoteTokenReader;
  /** Who pays (the signer, the connected wallet). */
  payer: string;
  /** The next block's time (`nextBlockTime`), and the safety margin in seconds. */
  nextBlockTime: bigint;
  margin: bigint;
  /** The most the payer accepts (default: the quote's amount). */
  maxAmount?: bigint;
  hints?: QuoteCheckHints;
}

export interface QuoteCheckResult {
  quote: Quote;
  /** The access a renewal extends, and its expiry before. */
  renewed: { expiry: bigint } | undefined;
  balance: bigint;
  allowance: bigint;
  maxAmount: bigint;
}

/** The network and router the quote was signed for. */
export function checkQuoteNetwork(
  loaded: Pick<LoadedQuote, "chainId" | "router">,
  file: string,
  chainId: number,
  routerAddress: string,
): void {
  if (loaded.chainId !== chainId) {
    throw environmentError(`${file} is a quote for chain ${loaded.chainId} but the network is chain ${chainId}`);
  }
  if (loaded.router !== routerAddress) {
    throw environmentError(`${file} is a quote for router ${loaded.router}, not this deployment's ${routerAddress}`);
  }
}

/** The attestor's signature, checked before any field of the quote is trusted. */
export function checkQuoteSignature(
  quote: Quote,
  signature: string,
  domain: { chainId: number; router: string },
  attestor: string,
  claimed: string,
): void {
  let recovered: string | undefined;
  try {
    recovered = verifyTypedData(routerDomain(BigInt(domain.chainId), domain.router), QUOTE_TYPES, quote, signature);
  } catch {
    recovered = undefined;
  }
  if (recovered === attestor) return;
  if (recovered !== undefined && recovered === claimed) {
    throw new CliError(
      `the quote was signed by ${recovered}, which is no longer the router's attestor (${attestor}):` +
        ` ask the attestor for a new quote`,
    );
  }
  // An edited field changes the signed digest: nothing in the file can be trusted, not even who may pay.
  throw new CliError(
    `the quote was altered, or not signed by the attestor (the router's attestor is ${attestor}):` +
      ` ask the attestor for a new quote`,
  );
}

/**
 * The access a renewal quote extends, checked as the router will: it exists and is not revoked (an
 * expired one may be renewed), it is the quote's buyer's, and the quote ends it later than today.
 */
export async function checkRenewal(router: QuoteRouterReader, quote: Quote, me: string): Promise<{ expiry: bigint }> {
  const record = await router.accessRecord(quote.renews);
  const status = Number(record.status);
  if (status === 0) {
    throw new CliError(
      `the quote renews access ${quote.renews}, which was never paid: ask the attestor for a new quote`,
    );
  }
  if (status !== 1) {
    throw new CliError(
      `the quote renews access ${quote.renews}, which was ${ACCESS_STATUS[status] ?? status}: it cannot be renewed`,
    );
  }
  if (record.buyer !== quote.buyer) {
    throw new CliError(
      `the quote renews access ${quote.renews} of ${record.buyer}, not of its buyer ${quote.buyer}` +
        (me === record.buyer ? "" : `: ${me} cannot extend someone else's access`) +
        `; ask the attestor for a new quote`,
    );
  }
  if (quote.accessExpiry <= record.expiry) {
    throw new CliError(
      `the quote renews access ${quote.renews} until ${isoSeconds(quote.accessExpiry)}, but it already runs until` +
        ` ${isoSeconds(record.expiry)}: a renewal must end it later`,
    );
  }
  return { expiry: record.expiry };
}

/**
 * Every check of `buyer pay` before the simulation, in its order; the first that fails throws its
 * sentence. Nothing is signed or sent here.
 */
export async function checkQuote(input: QuoteCheckInput): Promise<QuoteCheckResult> {
  const { loaded, file, router, token, payer: me } = input;
  const { quote, signature } = loaded;
  const hints = input.hints ?? {};
  const maxAmount = input.maxAmount ?? quote.amount;
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);

  checkQuoteNetwork(loaded, file, input.chainId, input.routerAddress);
  // The signature before anything else: an altered quote names nobody who may pay.
  checkQuoteSignature(
    quote,
    signature,
    { chainId: input.chainId, router: input.routerAddress },
    await router.attestor(),
    loaded.attestor,
  );

  if (me !== quote.buyer && (quote.payer === ZeroAddress || me !== quote.payer)) {
    throw new CliError(
      `${me} may not pay this quote: only its buyer ${quote.buyer}` +
        (quote.payer === ZeroAddress ? "" : ` or its payer ${quote.payer}`) +
        (hints.from ?? ""),
    );
  }

  // Time: what counts is the next block's, plus the time the transactions take to be mined.
  const next = input.nextBlockTime;
  const margin = input.margin;
  if (next > quote.deadline) {
    throw new CliError(
      `the quote expired at ${isoSeconds(quote.deadline)} (chain time ${isoSeconds(next)}):` +
        ` ask the attestor for a new one`,
    );
  }
  if (next + margin > quote.deadline) {
    throw new CliError(
      `the quote expires at ${isoSeconds(quote.deadline)}, ${quote.deadline - next} s after the next block` +
        ` (${isoSeconds(next)}), within the safety margin of ${margin} s: ask the attestor for a fresh quote` +
        (hints.margin ?? ""),
    );
  }
  if (next >= quote.accessExpiry) {
    throw new CliError(`the quote's access ended at ${isoSeconds(quote.accessExpiry)}: ask for a new quote`);
  }
  // The data permit: named, and outliving the access it covers.
  if (quote.permitId === ZeroHash) {
    throw new CliError("the quote names no data permit (its permit id is zero): ask the attestor for a new quote");
  }
  if (quote.accessExpiry > quote.permitExpiry) {
    throw new CliError(
      `the quote's access (until ${isoSeconds(quote.accessExpiry)}) would outlive its data permit` +
        ` ${quote.permitId} (until ${isoSeconds(quote.permitExpiry)}): ask the attestor for a new quote`,
    );
  }
  const [record, allowed] = await Promise.all([
    router.accessRecord(quote.accessId),
    router.isTokenAllowed(quote.token),
  ]);
  if (Number(record.status) !== 0) {
    throw new CliError(`access id ${quote.accessId} was already used: a quote can be paid once`);
  }
  const renewed = quote.renews === ZeroHash ? undefined : await checkRenewal(router, quote, me);
  if (!allowed) throw new CliError(`${token.symbol} (${token.address}) is no longer a payment token of the router`);
  const entries = quote.usage.map(unpackUsage);
  const active = await Promise.all(entries.map((e) => router.isActive(e.hospitalId)));
  const inactive = entries.filter((_, i) => !active[i]).map((e) => e.hospitalId);
  if (inactive.length > 0) {
    throw new CliError(`hospital ${inactive.join(", ")} is no longer active: ask for a new quote`);
  }
  if (quote.amount > maxAmount) {
    throw new CliError(
      `the quote costs ${fmt(quote.amount)}, above ${hints.max ?? "your maximum"} of ${fmt(maxAmount)}`,
    );
  }
  const [balance, allowance] = await Promise.all([
    input.erc20.balanceOf(me),
    input.erc20.allowance(me, input.routerAddress),
  ]);
  if (balance < quote.amount) {
    throw new CliError(`${me} holds ${fmt(balance)} but the quote costs ${fmt(quote.amount)}`);
  }
  return { quote, renewed, balance, allowance, maxAmount };
}

/**
 * The sentence of a payment that failed after its approval was sent: what failed, what was sent,
 * the allowance left, and how to reset it (`undo`: the command line's task, the app's button), with
 * the raw transaction any wallet can send.
 */
export function afterApprovalSentence(sent: {
  /** Why the purchase failed, in a sentence. */
  line: string;
  approvalHash: string;
  purchase?: { hash: string; confirmed: boolean };
  routerAddress: string;
  me: string;
  token: QuoteToken;
  /** The allowance left, if it could be read. */
  left: bigint | undefined;
  /** "npx hardhat ... buyer unapprove ..." or "the Revoke button". */
  undo: string;
  /** The calldata of `approve(router, 0)` on the token. */
  undoData: string;
}): string {
  const fmt = (v: bigint) => formatAmount(v, sent.token.decimals, sent.token.symbol);
  return (
    `the payment failed after the approval was sent: ${sent.line}.` +
    ` Sent: approval ${sent.approvalHash} (confirmed)` +
    (sent.purchase === undefined
      ? ""
      : `, purchase ${sent.purchase.hash} (${sent.purchase.confirmed ? "confirmed" : "failed"})`) +
    `; the router (${sent.routerAddress}) may still spend ` +
    (sent.left === undefined ? "what the approval allowed" : fmt(sent.left)) +
    ` of ${sent.me}'s ${sent.token.symbol}.` +
    ` Undo it with: ${sent.undo}` +
    ` (or send ${sent.token.address} the data ${sent.undoData}, approve(router, 0))`
  );
}
