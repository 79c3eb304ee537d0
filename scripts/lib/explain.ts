/**
 * Any error as one line, for the command line and the wallet app alike: a refusal's own sentence, a
 * revert decoded into its sentence, a wallet's refusal, else the error's first line. Browser-safe.
 */
import { CliError } from "./errors.js";
import { findRevertData } from "./revert.js";

/** The first non-empty line of `text`, trimmed. */
export function firstLine(text: string): string {
  return (text.split("\n").find((l) => l.trim() !== "") ?? text).trim();
}

/** What turns revert data into a sentence (`ErrorDecoder`). */
export interface RevertDescriber {
  describe(data: string): string | undefined;
}

/**
 * Whether a wallet refused the request: EIP-1193's code 4001 (user rejected), ethers'
 * `ACTION_REJECTED`, or the standard message when a bridge dropped the code.
 */
export function isWalletRejection(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== "object" || error === null) return false;
  const record = error as { code?: unknown; message?: unknown; error?: unknown; info?: unknown; cause?: unknown };
  if (record.code === 4001 || record.code === "ACTION_REJECTED") return true;
  if (typeof record.message === "string" && /user (rejected|denied)/i.test(record.message)) return true;
  const info = record.info as { error?: unknown } | undefined;
  return [record.error, info?.error, record.cause].some((inner) => isWalletRejection(inner, depth + 1));
}

/** One line for `error`: a `CliError`'s sentence, "the chain refused: ..." for a decoded revert, else the first line. */
export function describeError(error: unknown, decoder?: RevertDescriber): string {
  if (error instanceof CliError) return error.message;
  const data = findRevertData(error);
  if (data !== undefined && decoder !== undefined) {
    const sentence = decoder.describe(data);
    if (sentence !== undefined) return `the chain refused: ${sentence}`;
  }
  if (error instanceof Error) {
    const short = (error as { shortMessage?: unknown }).shortMessage;
    const text = typeof short === "string" && short !== "" ? short : error.message;
    return firstLine(text);
  }
  return firstLine(String(error));
}
