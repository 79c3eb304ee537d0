/**
 * Sending transactions from the wallet with their status on the page, and the command line's rule:
 * nothing half-done. A flow is a list of steps; each is sent only after the previous one is mined.
 * When a step fails after earlier ones were sent, the report says what was sent (each transaction)
 * and how to undo it. Failures are sentences: a wallet's refusal, or the contract's revert phrased by
 * the command line's own decoder (`scripts/lib/revert.ts`, the same sentences as `npx hardhat ...`).
 */
import type { Signer, TransactionReceipt, TransactionResponse } from "ethers";

import errorsAbi from "../../../abi/errors.json" with { type: "json" };
import { ErrorDecoder, findRevertData } from "../../../domain/errors/revert.js";
import { sentenceContext } from "../../../domain/errors/sentences/say.js";
import type { AppContext } from "../context.js";
import { isRejection, message } from "../wallet.js";

/** One transaction of a flow. */
export interface Step {
  /** What it does, for people: "approve 25 tEURC for the router". */
  label: string;
  /** Asks the wallet to send it. */
  send(signer: Signer): Promise<TransactionResponse>;
  /** How to undo this step if a later one fails ("approve 0 tEURC for the router" ...). */
  undo?: string;
}

/** A step that was mined. */
export interface Sent {
  label: string;
  hash: string;
  block: number;
  undo?: string;
}

/** What `sendSteps` throws: the sentence, and the steps that were mined before the failure. */
export class FlowError extends Error {
  constructor(
    message: string,
    readonly sent: Sent[],
    readonly rejected: boolean,
  ) {
    super(message);
    this.name = "FlowError";
  }
}

let decoder: ErrorDecoder | undefined;

/** A contract's revert as the command line words it; undefined when the error carries no revert data. */
export function revertSentence(error: unknown, ctx?: Pick<AppContext, "config">): string | undefined {
  const data = findRevertData(error);
  if (data === undefined) return undefined;
  const abis = [Object.values(errorsAbi as Record<string, { abi: unknown }>).map((e) => e.abi)];
  const say = sentenceContext(ctx?.config.tokens ?? []);
  decoder = ctx === undefined ? (decoder ?? new ErrorDecoder(abis)) : new ErrorDecoder(abis, say);
  return decoder.describe(data);
}

/** Any failure of a wallet request or a transaction as one sentence. */
export function failureSentence(error: unknown, what: string, ctx?: Pick<AppContext, "config">): string {
  if (isRejection(error)) return `You rejected ${what} in your wallet: nothing was sent.`;
  const revert = revertSentence(error, ctx);
  if (revert !== undefined) return `${capitalize(what)} was refused by the contract: ${revert}.`.replace(/\.\.$/, ".");
  return `${capitalize(what)} failed: ${message(error)}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A status line for a flow: a live region the steps write to. */
export function txStatus(): HTMLElement {
  const el = document.createElement("div");
  el.className = "tx-status";
  el.setAttribute("role", "status");
  el.setAttribute("aria-live", "polite");
  return el;
}

function line(status: HTMLElement, kind: "pending" | "ok" | "error", text: string, hash?: string): HTMLElement {
  const p = document.createElement("p");
  p.className = `tx-line ${kind}`;
  p.textContent = text;
  if (hash !== undefined) {
    const code = document.createElement("code");
    code.className = "hash";
    code.textContent = hash;
    p.append(" ", code);
  }
  status.append(p);
  return p;
}

/**
 * Sends the steps one after the other from the wallet's signer, writing each one's status into
 * `status`. Returns the receipts; throws a `FlowError` whose message is the whole report (the failure
 * as a sentence, then what was sent and how to undo it), also written into `status`.
 */
export async function sendSteps(ctx: AppContext, status: HTMLElement, steps: Step[]): Promise<TransactionReceipt[]> {
  status.replaceChildren();
  const sent: Sent[] = [];
  const receipts: TransactionReceipt[] = [];
  const total = steps.length;
  for (const [i, step] of steps.entries()) {
    const prefix = total > 1 ? `Step ${i + 1} of ${total}: ` : "";
    const pending = line(status, "pending", `${prefix}${step.label}: confirm in your wallet…`);
    let hash: string | undefined;
    try {
      const signer = await ctx.signer();
      const response = await step.send(signer);
      hash = response.hash;
      pending.textContent = `${prefix}${step.label}: sent, waiting for its block…`;
      const receipt = await response.wait();
      if (receipt === null || receipt.status !== 1) throw new Error(`transaction ${response.hash} reverted`);
      receipts.push(receipt);
      sent.push({ label: step.label, hash: receipt.hash, block: receipt.blockNumber, undo: step.undo });
      pending.remove();
      line(status, "ok", `${prefix}${step.label}: done in block ${receipt.blockNumber}, transaction`, receipt.hash);
    } catch (error) {
      pending.remove();
      const rejected = isRejection(error);
      const report = [failureSentence(error, step.label, ctx)];
      if (hash !== undefined && !rejected) report.push(`Its transaction was ${hash}.`);
      report.push(...sentReport(sent));
      line(status, "error", report.join(" "));
      ctx.notify("error", report[0]);
      throw new FlowError(report.join(" "), sent, rejected);
    }
  }
  return receipts;
}

/** "Already sent: ... How to undo it: ..." for the steps mined before a failure (none: nothing to undo). */
export function sentReport(sent: Sent[]): string[] {
  if (sent.length === 0) return [];
  const lines = [
    `Already sent before this failure: ${sent.map((s) => `${s.label} (transaction ${s.hash}, block ${s.block})`).join("; ")}.`,
  ];
  const undo = sent.filter((s) => s.undo !== undefined).map((s) => s.undo!);
  lines.push(undo.length === 0 ? "It needs no undoing." : `How to undo it: ${undo.join("; ")}.`);
  return lines;
}
