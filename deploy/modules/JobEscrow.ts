import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * JobEscrow alone (metered data jobs, settled through a router; the suite modules deploy it with the rest
 * and hand it to the DAO timelock), with the stateless PayoutBatcher beside it.
 * Parameters: `admin` (required: the owner, e.g. the DAO timelock; nothing defaults to the deployer),
 * `guardian` and `guardianExpiry` (unix seconds; default: no guardian), `router` (the DataAccessRouter).
 */
export default buildModule("JobEscrow", (m) => {
  const admin = m.getParameter<string>("admin");
  const guardian = m.getParameter<string>("guardian", "0x0000000000000000000000000000000000000000");
  const guardianExpiry = m.getParameter<bigint>("guardianExpiry", 0n);
  const router = m.getParameter<string>("router");
  const escrow = m.contract("JobEscrow", [admin, guardian, guardianExpiry, router]);
  const payoutBatcher = m.contract("PayoutBatcher", [router]);
  return { escrow, payoutBatcher };
});
