import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import DataAccessRouterModule from "./DataAccessRouter.js";

/**
 * The hospital registry. Its state lives inside the DataAccessRouter (the router inherits the
 * abstract `HospitalRegistry`), so a purchase checks hospitals and a claim reads the payout address
 * without calling another contract. This module deploys the router (same parameters) and returns a
 * handle on it through the `IHospitalRegistry` interface, for scripts that only manage hospitals.
 */
export default buildModule("HospitalRegistry", (m) => {
  const { router } = m.useModule(DataAccessRouterModule);
  const registry = m.contractAt("IHospitalRegistry", router);
  return { registry, router };
});
