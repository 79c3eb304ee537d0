import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import HospitalRegistryModule from "./HospitalRegistry.js";

/**
 * DataAccessRouter on top of the HospitalRegistry module.
 * Parameters: `admin` (default: the deployer), `guardian` and `guardianExpiry` (unix seconds;
 * default: no guardian), `attestor`, `treasury`, `buyback`, `galeon` (payee addresses) and
 * `allowedTokens` (payment tokens).
 */
export default buildModule("DataAccessRouter", (m) => {
  const { registry } = m.useModule(HospitalRegistryModule);
  const admin = m.getParameter<string>("admin", m.getAccount(0));
  const guardian = m.getParameter<string>("guardian", "0x0000000000000000000000000000000000000000");
  const guardianExpiry = m.getParameter<bigint>("guardianExpiry", 0n);
  const attestor = m.getParameter<string>("attestor");
  const treasury = m.getParameter<string>("treasury");
  const buyback = m.getParameter<string>("buyback");
  const galeon = m.getParameter<string>("galeon");
  const allowedTokens = m.getParameter<string[]>("allowedTokens", []);
  const router = m.contract("DataAccessRouter", [
    admin,
    guardian,
    guardianExpiry,
    registry,
    attestor,
    [treasury, buyback, galeon],
    allowedTokens,
  ]);
  return { registry, router };
});
