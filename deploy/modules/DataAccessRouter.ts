import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * DataAccessRouter alone (which is also the hospital registry: see HospitalRegistry.ts; the suite modules
 * deploy it with the rest and hand it to the DAO timelock).
 * Parameters: `admin` (required: the owner, e.g. the DAO timelock; nothing defaults to the deployer),
 * `guardian` and `guardianExpiry` (unix seconds; default: no guardian), `attestor`, `treasury`, `buyback`,
 * `galeon` (payee addresses) and `allowedTokens` (payment tokens, default none).
 */
export default buildModule("DataAccessRouter", (m) => {
  const admin = m.getParameter<string>("admin");
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
    attestor,
    [treasury, buyback, galeon],
    allowedTokens,
  ]);
  return { router };
});
