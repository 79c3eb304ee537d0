/**
 * What an account is to the suite, read from the chain and the indexer: a $GALEON holder (a balance),
 * a delegate (votes it can cast), a hospital's payout address (registered in the router), a buyer (a
 * purchase on record).
 */
import { Contract } from "ethers";

import type { AppContext, Role } from "./context.js";

const TOKEN_ABI = [
  "function balanceOf(address) view returns (uint256)",
  "function getVotes(address) view returns (uint256)",
];

interface HospitalsAnswer {
  hospitals: Array<{ id: number | string; payout: string; status: string }>;
}
interface PurchasesAnswer {
  purchases: unknown[];
}

export interface AccountRoles {
  roles: Role[];
  /** The hospitals whose payout address the account is. */
  hospitals: number[];
  balance: bigint;
  votes: bigint;
}

export async function readRoles(ctx: AppContext, account: string): Promise<AccountRoles> {
  const token = new Contract(ctx.address("GaleonToken"), TOKEN_ABI, ctx.read);
  const lower = account.toLowerCase();
  const [balance, votes, hospitals, purchases] = await Promise.all([
    token.balanceOf(account) as Promise<bigint>,
    token.getVotes(account) as Promise<bigint>,
    ctx.api<HospitalsAnswer>("/api/hospitals"),
    ctx.api<PurchasesAnswer>(`/api/purchases?buyer=${lower}&limit=1`),
  ]);
  const payoutOf = hospitals.hospitals.filter((h) => h.payout.toLowerCase() === lower).map((h) => Number(h.id));
  const roles: Role[] = [];
  if (balance > 0n) roles.push("holder");
  if (votes > 0n) roles.push("delegate");
  if (payoutOf.length > 0) roles.push("hospital payout");
  if (purchases.purchases.length > 0) roles.push("buyer");
  return { roles, hospitals: payoutOf, balance, votes };
}

/** "holder and delegate", "hospital payout (hospital 3)", or a sentence for an account with no role yet. */
export function describeRoles(r: Pick<AccountRoles, "roles" | "hospitals"> & { rolesPending?: boolean }): string {
  if (r.rolesPending === true) return "reading its roles…";
  if (r.roles.length === 0) {
    return "no role yet: no $GALEON, no votes, no hospital's payout, no purchase on record";
  }
  const words = r.roles.map((role) =>
    role === "hospital payout" ? `hospital payout (hospital ${r.hospitals.join(", ")})` : role,
  );
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
