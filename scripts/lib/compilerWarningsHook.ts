/** The Solidity hook of `compilerWarnings.ts`: drops the accepted warnings from what a build prints. */
import type { SolidityHooks } from "hardhat/types/hooks";

import { isAcceptedWarning } from "./compilerWarnings.js";

export default async (): Promise<Partial<SolidityHooks>> => ({
  async getCompilationJobErrors(context, compilationJob, compilerOutput, next) {
    const errors = await next(context, compilationJob, compilerOutput);
    return errors.filter((error) => !isAcceptedWarning(error));
  },
});
