import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { keccak256, toUtf8Bytes } from "ethers";

import LocalDexModule from "./LocalDex.js";
import { buildSuite } from "./suite.js";

/** Hospitals registered on local networks: ids 1..5, paid to dev accounts 3..7. */
export const LOCAL_HOSPITALS = [1, 2, 3, 4, 5].map((id) => ({
  id,
  account: id + 2,
  // Only a hash of off-chain metadata goes on chain, never a name.
  metadataHash: keccak256(toUtf8Bytes(`galeon-local-hospital-${id}`)),
}));

/**
 * Local networks only (in-process chain, `hardhat node`, anvil): the real Uniswap V2 from npm
 * artifacts with a seeded tEURC/GALEON pool (LocalDex), the whole suite on top of it, and five
 * registered hospitals, then every admin power handed to the timelock, as in production.
 */
export default buildModule("LocalSuite", (m) => {
  const dex = m.useModule(LocalDexModule);
  const suite = buildSuite(m, { factory: dex.factory, stablecoin: dex.eurc, pair: dex.pair }, (router) =>
    LOCAL_HOSPITALS.map((h) =>
      m.call(router, "register", [h.id, m.getAccount(h.account), h.metadataHash], { id: `RegisterHospital${h.id}` }),
    ),
  );
  return { ...suite, eurc: dex.eurc, pair: dex.pair, uniswapRouter: dex.router, factory: dex.factory, weth: dex.weth };
});
