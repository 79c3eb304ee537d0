import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import GaleonTokenModule from "./GaleonToken.js";

/**
 * The buy-back-and-burn alone, trading on the canonical pairs of the Uniswap V2 factory `uniswapFactory`
 * (on local networks, use the LocalBuyback module, which wires the LocalDex factory; the suite modules
 * deploy it with the rest and hand it to the DAO timelock). Parameters: `admin` (required: the owner, e.g.
 * the DAO timelock or a multisig; nothing defaults to the deployer), `uniswapFactory` (required),
 * `guardian` (zero: none) who may only pause, until `guardianExpiry` (unix seconds).
 * Defaults: hop 1 hour, deviation 2%, TWAP window 30 minutes, observations stale after 4 hours; pauses last
 * 7 days, the guardian's cooldown is 7 days. Pairs, lots and the router are set afterwards by the admin.
 */
export default buildModule("BuybackBurner", (m) => {
  const admin = m.getParameter<string>("admin");
  const guardian = m.getParameter<string>("guardian", "0x0000000000000000000000000000000000000000");
  const guardianExpiry = m.getParameter<bigint>("guardianExpiry", 0n);
  const factory = m.getParameter<string>("uniswapFactory");
  const { token: galeon } = m.useModule(GaleonTokenModule);
  const burner = m.contract("BuybackBurner", [admin, guardian, guardianExpiry, galeon, factory]);
  return { burner, galeon };
});
