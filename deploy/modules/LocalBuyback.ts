import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import LocalDexModule from "./LocalDex.js";

/**
 * Local networks only: the buy-back (as in the BuybackBurner module, on the LocalDex factory) wired to the
 * seeded tEURC/GALEON pair of the LocalDex module, with a lot of `eurcLot` (default 10,000 tEURC) and a
 * first observation recorded, so a keeper can execute once the 30-minute window has passed. The deployer
 * configures it, then offers it to `admin` (required; two-step ownership: the admin calls
 * `acceptOwnership()`, until then the deployer stays the owner).
 */
export default buildModule("LocalBuyback", (m) => {
  const eurcLot = m.getParameter<bigint>("eurcLot", 10_000n * 10n ** 6n);
  const admin = m.getParameter<string>("admin");
  const dex = m.useModule(LocalDexModule);
  const deployer = m.getAccount(0);
  const guardian = m.getParameter<string>("guardian", "0x0000000000000000000000000000000000000000");
  const guardianExpiry = m.getParameter<bigint>("guardianExpiry", 0n);
  const burner = m.contract("BuybackBurner", [deployer, guardian, guardianExpiry, dex.galeon, dex.factory]);
  const pairSet = m.call(burner, "setPair", [dex.eurc, dex.pair]);
  const lotSet = m.call(burner, "setLot", [dex.eurc, eurcLot]);
  const observed = m.call(burner, "recordObservation", [dex.eurc], { after: [pairSet] });
  m.call(burner, "transferOwnership", [admin], { id: "OfferToAdmin", after: [pairSet, lotSet, observed] });
  return { ...dex, burner };
});
