/**
 * A hospital's registration and payout rotation as the command line and the wallet app check them,
 * with one set of sentences. Browser-safe (no Node built-ins): the registry is read through the
 * contract the caller passes (typechain on the command line, an ethers `Contract` in the app).
 */
import { badInput, CliError } from "../errors/refusal.js";

export const HOSPITAL_STATUS = ["unregistered", "active", "suspended"] as const;

/** What these checks read of the hospital registry (the router). */
export interface HospitalRegistryReader {
  hospital(
    hospitalId: number,
  ): Promise<{ payout: string; status: bigint | number } | [string, bigint | number, ...unknown[]]>;
}

/** A registered hospital's payout and status; a refusal (exit 2) for an unknown id. */
export async function registeredHospital(
  registry: HospitalRegistryReader,
  hospitalId: number,
): Promise<{ payout: string; status: (typeof HOSPITAL_STATUS)[number] }> {
  const [payout, status] = (await registry.hospital(hospitalId)) as unknown as [string, bigint | number];
  if (Number(status) === 0) throw badInput(`hospital ${hospitalId} is not registered`);
  return { payout, status: HOSPITAL_STATUS[Number(status)] ?? "unregistered" };
}

/**
 * Who may rotate a hospital's payout (only the current payout address) and to what (another
 * address). `hint` is the command line's advice (" (use --from 0x...)"); the app passes none.
 */
export function checkPayoutRotation(
  hospitalId: number,
  caller: string,
  payout: string,
  newPayout: string,
  hint = ` (use --from ${payout})`,
): void {
  if (caller !== payout) {
    throw new CliError(
      `${caller} is not the payout address of hospital ${hospitalId} (${payout}): only it may rotate it${hint}`,
    );
  }
  if (newPayout === payout) throw badInput(`${newPayout} is already hospital ${hospitalId}'s payout address`);
}
