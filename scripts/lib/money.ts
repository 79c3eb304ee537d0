/**
 * Helpers shared by the money-side tasks (attestor, buyer, hospital): required options, the router
 * of the deployment, hospital checks and chain time.
 */
import type { TaskContext } from "./context.js";
import { FUTURES } from "./deployment.js";
import { badInput, CliError } from "./errors.js";
import type { DataAccessRouter } from "../../typechain-types/index.js";

/** A required option's value, or a one-line refusal naming it. */
export function required(value: string | undefined, option: string, what: string): string {
  if (value === undefined || value.trim() === "") throw badInput(`${option} is required: ${what}`);
  return value;
}

/** The deployment's router (also the hospital registry), bound to the signer. */
export async function router(ctx: TaskContext): Promise<DataAccessRouter> {
  return await ctx.contract<DataAccessRouter>(FUTURES.router);
}

export const HOSPITAL_STATUS = ["unregistered", "active", "suspended"] as const;
export const ACCESS_STATUS = ["none", "active", "revoked"] as const;

/** The latest block's timestamp: quotes expire in chain time, not wall-clock time. */
export async function chainTime(ctx: TaskContext): Promise<bigint> {
  const ethers = await ctx.ethers();
  const block = await ethers.provider.getBlock("latest");
  if (block === null) throw new CliError("the node returned no latest block");
  return BigInt(block.timestamp);
}

/** A registered hospital's payout and status; a refusal (exit 2) for an unknown id. */
export async function registeredHospital(
  registry: DataAccessRouter,
  hospitalId: number,
): Promise<{ payout: string; status: (typeof HOSPITAL_STATUS)[number] }> {
  const [payout, status] = await registry.hospital(hospitalId);
  if (Number(status) === 0) throw badInput(`hospital ${hospitalId} is not registered`);
  return { payout, status: HOSPITAL_STATUS[Number(status)] ?? "unregistered" };
}
