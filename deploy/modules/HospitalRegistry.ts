import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * HospitalRegistry: pseudonymous hospital ids -> payout address, status, metadata hash.
 * Parameter `admin` (default: the deployer; the DAO timelock in production).
 */
export default buildModule("HospitalRegistry", (m) => {
  const admin = m.getParameter<string>("admin", m.getAccount(0));
  const registry = m.contract("HospitalRegistry", [admin]);
  return { registry };
});
