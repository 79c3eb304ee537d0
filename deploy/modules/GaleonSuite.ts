import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { buildSuite } from "./suite.js";

/**
 * The production suite on an existing Uniswap V2 deployment: $GALEON, the DAO, the buy-back and the
 * router, every admin power handed to the timelock (see `buildSuite` and `buildDao`). Parameters (see
 * deploy/parameters/sepolia.json): `GaleonToken.recipients/amounts`, `$global.guardian/guardianExpiry`, and
 * for this module the DAO's (`proposalThreshold`, `minDelay`, `votingDelay`, `votingPeriod`,
 * `lateQuorumExtension`, `quorumNumerator`), `attestor`, `galeonPayout`, `uniswapFactory`, `stablecoin` (EURC),
 * `stablecoinPair` (the factory's EURC/GALEON pair, created and seeded beforehand) and `stablecoinLot`.
 * Hospitals are registered afterwards by DAO proposal (`dao propose --register-hospital`).
 */
export default buildModule("GaleonSuite", (m) => {
  return buildSuite(m, {
    factory: m.getParameter<string>("uniswapFactory"),
    stablecoin: m.getParameter<string>("stablecoin"),
    pair: m.getParameter<string>("stablecoinPair"),
  });
});
