import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import GaleonTokenModule from "./GaleonToken.js";

/**
 * The buy-back-and-burn, trading on the canonical pairs of the Uniswap V2 factory `uniswapFactory`
 * (on local networks, use the LocalBuyback module, which wires the LocalDex factory). The deployer is its admin until the suite module hands it to the DAO
 * timelock; `guardian` (zero: none) may only pause, until `guardianExpiry` (unix seconds).
 * Defaults: hop 1 hour, deviation 2%, TWAP window 30 minutes, observations stale after 4 hours.
 * Pairs, lots and the router are set afterwards by the admin (see the LocalBuyback module).
 */
export default buildModule("BuybackBurner", (m) => {
  const admin = m.getAccount(0);
  const guardian = m.getParameter<string>("guardian", "0x0000000000000000000000000000000000000000");
  const guardianExpiry = m.getParameter<bigint>("guardianExpiry", 0n);
  const factory = m.getParameter<string>("uniswapFactory");
  const { token: galeon } = m.useModule(GaleonTokenModule);
  const burner = m.contract("BuybackBurner", [admin, guardian, guardianExpiry, galeon, factory]);
  return { burner, galeon };
});
