/**
 * Hardhat configuration variables that are not set (e.g. `SEPOLIA_RPC_URL`): which one an error
 * names, and the environment error that says how to set it (the keystore, or the environment in CI).
 */
import { environmentError, type CliError } from "../../domain/errors/refusal.js";

/** A Hardhat configuration variable that is not set, and whether the development keystore was asked. */
export interface MissingVariable {
  name: string;
  dev: boolean;
}

/**
 * The Hardhat configuration variable (e.g. `SEPOLIA_RPC_URL`) an error says is not set: Hardhat's
 * HHE7 ("Configuration Variable ... not found"), or the keystore plugin's HHE50002 (not in the
 * development keystore, which tests use); `undefined` for any other error.
 */
export function missingConfigVariable(error: unknown): MissingVariable | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const record = error as {
    descriptor?: { number?: unknown };
    messageArguments?: { name?: unknown; key?: unknown };
    message?: unknown;
  };
  const number = record.descriptor?.number;
  if (number === 7 && typeof record.messageArguments?.name === "string") {
    return { name: record.messageArguments.name, dev: false };
  }
  if (number === 50002 && typeof record.messageArguments?.key === "string") {
    return { name: record.messageArguments.key, dev: true };
  }
  const message = typeof record.message === "string" ? record.message : "";
  const plain = /Configuration Variable "([^"]+)" not found/.exec(message);
  if (plain !== null) return { name: plain[1], dev: false };
  const dev = /Key "([^"]+)" not found in the development keystore/.exec(message);
  return dev === null ? undefined : { name: dev[1], dev: true };
}

/**
 * The environment variables by which Hardhat knows it runs in CI (the list of `isCi` in
 * `@nomicfoundation/hardhat-utils`). There its keystore plugin reads no keystore: a configuration
 * variable comes from the environment only.
 */
const CI_VARIABLES = [
  "GITHUB_ACTIONS",
  "NOW",
  "DEPLOYMENT_ID",
  "CODEBUILD_BUILD_NUMBER",
  "CI",
  "CONTINUOUS_INTEGRATION",
  "BUILD_NUMBER",
  "RUN_ID",
] as const;

/** Whether Hardhat considers `env` a CI environment, where it reads no keystore. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return CI_VARIABLES.some((name) => env[name] !== undefined);
}

/**
 * The environment error (exit code 3) for a configuration variable that is not set. In CI
 * (`ci`, by default from the environment) Hardhat reads no keystore, so only the environment
 * variable is offered.
 */
export function configVariableError(variable: MissingVariable, ci: boolean = inCi()): CliError {
  if (ci && !variable.dev) {
    return environmentError(
      `configuration variable ${variable.name} is not set: set the environment variable ${variable.name}` +
        " (Hardhat reads no keystore in CI)",
    );
  }
  const store = `npx hardhat keystore set ${variable.name}${variable.dev ? " --dev" : ""}`;
  return environmentError(
    `configuration variable ${variable.name} is not set${variable.dev ? " in the development keystore" : ""}:` +
      ` store it with \`${store}\` or set the environment variable ${variable.name}`,
  );
}
