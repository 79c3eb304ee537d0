import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import LocalDexModule from "./LocalDex.js";

/**
 * Local networks only: the buy-back (deployed as in the BuybackBurner module, on the LocalDex
 * factory) wired to the seeded tEURC/GALEON pair of the LocalDex module,
 * with a lot of `eurcLot` (default 10,000 tEURC) and a first observation recorded, so a keeper can
 * execute once the 30-minute window has passed.
 */
export default buildModule("LocalBuyback", (m) => {
  const eurcLot = m.getParameter<bigint>("eurcLot", 10_000n * 10n ** 6n);
  const dex = m.useModule(LocalDexModule);
  const admin = m.getAccount(0);
  const guardian = m.getParameter<string>("guardian", "0x0000000000000000000000000000000000000000");
  const guardianExpiry = m.getParameter<bigint>("guardianExpiry", 0n);
  const burner = m.contract("BuybackBurner", [admin, guardian, guardianExpiry, dex.galeon, dex.factory]);
  const pairSet = m.call(burner, "setPair", [dex.eurc, dex.pair]);
  m.call(burner, "setLot", [dex.eurc, eurcLot]);
  m.call(burner, "recordObservation", [dex.eurc], { after: [pairSet] });
  return { ...dex, burner };
});
