import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import BuybackBurnerModule from "./BuybackBurner.js";
import LocalDexModule from "./LocalDex.js";

/**
 * Local networks only: the buy-back wired to the seeded tEURC/GALEON pair of the LocalDex module,
 * with a lot of `eurcLot` (default 10,000 tEURC) and a first observation recorded, so a keeper can
 * execute once the 30-minute window has passed.
 */
export default buildModule("LocalBuyback", (m) => {
  const eurcLot = m.getParameter<bigint>("eurcLot", 10_000n * 10n ** 6n);
  const dex = m.useModule(LocalDexModule);
  const { burner } = m.useModule(BuybackBurnerModule);
  const pairSet = m.call(burner, "setPair", [dex.eurc, dex.pair]);
  m.call(burner, "setLot", [dex.eurc, eurcLot]);
  m.call(burner, "recordObservation", [dex.eurc], { after: [pairSet] });
  return { ...dex, burner };
});
