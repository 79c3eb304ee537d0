/**
 * The one wrapper every Galeon task action goes through. It builds the `TaskContext`, prints the
 * result (a table, or one JSON object with `--json`), and turns any failure into one line on
 * stderr and a non-zero exit code (2 bad input, 3 environment, 1 anything else): no stack trace.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NewTaskActionFunction } from "hardhat/types/tasks";

import { type CommonTaskArgs, TaskContext } from "./context.js";
import { CliError, EXIT, type ExitCode } from "../../domain/errors/refusal.js";
import { configVariableError, missingConfigVariable } from "./configVariables.js";
import { describeError } from "../../domain/errors/explain.js";
import { toJson } from "./output.js";
import { findRevertData } from "../../domain/errors/revert.js";

/** What an action returns: the data (printed as JSON with `--json`) and the text for people. */
export interface TaskOutput<T extends object = Record<string, unknown>> {
  data: T;
  text: string;
}

export type TaskOutcome<T extends object = Record<string, unknown>> =
  | ({ ok: true } & T)
  | { ok: false; error: string; exitCode: ExitCode };

/**
 * Explains any error in one line. Revert data is decoded with every known ABI. When the task had
 * already sent transactions, the line says which (unless the error's own sentence did).
 */
export async function explain(error: unknown, ctx: TaskContext): Promise<{ line: string; exitCode: ExitCode }> {
  const { line, exitCode } = await explainError(error, ctx);
  const reported = error instanceof CliError && error.reportsSent;
  if (ctx.sent.length === 0 || reported) return { line, exitCode };
  const sent = ctx.sent.map((t) => `${t.label} ${t.hash}${t.confirmed ? "" : " (not confirmed)"}`).join(", ");
  return { line: `${line} (already sent: ${sent})`, exitCode };
}

/** One line for an error, without the list of transactions already sent. */
export async function explainError(error: unknown, ctx: TaskContext): Promise<{ line: string; exitCode: ExitCode }> {
  if (error instanceof CliError) return { line: error.message, exitCode: error.exitCode };
  // A Hardhat configuration variable (e.g. SEPOLIA_PRIVATE_KEY) that is not set: the environment.
  const variable = missingConfigVariable(error);
  if (variable !== undefined) {
    const refusal = configVariableError(variable);
    return { line: refusal.message, exitCode: refusal.exitCode };
  }
  // Revert data is decoded with every compiled ABI; the decoder is built only when there is some.
  const decoder = findRevertData(error) === undefined ? undefined : await ctx.decoder();
  return { line: describeError(error, decoder), exitCode: EXIT.FAILED };
}

/**
 * Wraps a task body. The body gets the typed arguments and a context, and returns its data and
 * text; the wrapper prints and returns `{ ok: true, ...data }`, or `{ ok: false, error }` after
 * printing the one-line explanation and setting the exit code.
 */
export function galeonAction<A extends CommonTaskArgs, T extends object>(
  body: (args: A, ctx: TaskContext) => Promise<TaskOutput<T>>,
): NewTaskActionFunction<A> {
  return async (args: A, hre: HardhatRuntimeEnvironment): Promise<TaskOutcome<T>> => {
    const ctx = new TaskContext(hre, args);
    try {
      const { data, text } = await body(args, ctx);
      const outcome = { ok: true as const, ...data };
      console.log(args.json ? toJson(outcome) : text);
      return outcome;
    } catch (error) {
      const { line, exitCode } = await explain(error, ctx);
      console.error(`error: ${line}`);
      if (args.json) console.log(toJson({ ok: false, error: line }));
      process.exitCode = exitCode;
      return { ok: false, error: line, exitCode };
    } finally {
      // After a task, the Hardhat CLI fetches a banner from GitHub when stdout is a terminal and it
      // does not think it runs on CI. Galeon tasks talk to the chosen RPC node only.
      process.env.CI ??= "galeon-task";
    }
  };
}
