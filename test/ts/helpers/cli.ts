/** Assertions shared by the command-line tests (no tests here: mocha loads this file too). */
import { expect } from "chai";

import { CliError, EXIT } from "../../../domain/errors/refusal.js";

/** Runs `fn`, expects a bad-input `CliError` (exit code 2), returns its message. */
export function badInput(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(CliError);
    expect((error as CliError).exitCode).to.equal(EXIT.BAD_INPUT);
    return (error as CliError).message;
  }
  expect.fail("expected a bad-input refusal");
}
