/**
 * Any error as one line, for the command line and the wallet app alike: a refusal's own sentence, a
 * revert decoded into its sentence, else the error's first line. Browser-safe.
 */
import { CliError } from "./refusal.js";
import { findRevertData } from "./revert.js";

/** The first non-empty line of `text`, trimmed. */
export function firstLine(text: string): string {
  return (text.split("\n").find((l) => l.trim() !== "") ?? text).trim();
}

/** What turns revert data into a sentence (`ErrorDecoder`). */
export interface RevertDescriber {
  describe(data: string): string | undefined;
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
