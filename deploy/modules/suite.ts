import type {
  ArgumentType,
  Future,
  IgnitionModuleBuilder,
  NamedArtifactContractDeploymentFuture,
} from "@nomicfoundation/ignition-core";

import { buildDao } from "./Dao.js";

/** What the suite needs from a Uniswap V2 deployment: the factory, the stablecoin and its GALEON pair. */
export interface SuiteMarket {
  factory: ArgumentType;
  stablecoin: ArgumentType;
  pair: ArgumentType;
}

/**
 * Builds the whole suite inside module `m`: the DAO (token, timelock, governor, treasury), the buy-back on
 * `market`, the router (also the hospital registry) that pays the treasury, the buy-back and Galeon, the job
 * escrow that settles metered jobs through the router, and the stateless, ownerless payout batcher. The
 * deployer configures the router and the buy-back while it owns them, then `buildDao`'s handover gives them
 * and the escrow to the timelock (two-step: the timelock accepts, in the same batch that sets its real
 * delay): afterwards every admin power of the suite belongs to the DAO.
 *
 * Parameters, read from module `m` or `$global`: the DAO's (see `buildDao`: `proposalThreshold`, `minDelay`,
 * ...), `guardian`, `guardianExpiry` (the multisig's emergency brake and its end, unix seconds; also the
 * Governor's proposal guardian), `attestor` (the quote signer), `galeonPayout` (Galeon's 10%), `stablecoinLot`
 * (largest buy-back per hop, base units). `beforeHandover` adds configuration steps (e.g. registering local
 * hospitals) that run while the deployer is still the router's admin.
 */
export function buildSuite(
  m: IgnitionModuleBuilder,
  market: SuiteMarket,
  beforeHandover: (router: NamedArtifactContractDeploymentFuture<"DataAccessRouter">) => Future[] = () => [],
) {
  const deployer = m.getAccount(0);
  const guardian = m.getParameter<string>("guardian");
  const guardianExpiry = m.getParameter<bigint>("guardianExpiry");
  const attestor = m.getParameter<string>("attestor");
  const galeonPayout = m.getParameter<string>("galeonPayout");
  const stablecoinLot = m.getParameter<bigint>("stablecoinLot");

  return buildDao(m, (dao) => {
    const burner = m.contract("BuybackBurner", [deployer, guardian, guardianExpiry, dao.token, market.factory]);
    const router = m.contract("DataAccessRouter", [
      deployer,
      guardian,
      guardianExpiry,
      attestor,
      [dao.treasury, burner, galeonPayout],
      [market.stablecoin, dao.token],
    ]);
    const escrow = m.contract("JobEscrow", [deployer, guardian, guardianExpiry, router]);
    const payoutBatcher = m.contract("PayoutBatcher", [router]);
    const pairSet = m.call(burner, "setPair", [market.stablecoin, market.pair], { id: "BuybackSetPair" });
    return {
      result: { router, burner, escrow, payoutBatcher },
      owned: [
        { name: "Router", contract: router },
        { name: "Buyback", contract: burner },
        { name: "JobEscrow", contract: escrow },
      ],
      configured: [
        m.call(burner, "setRouter", [router], { id: "BuybackSetRouter" }),
        pairSet,
        m.call(burner, "setLot", [market.stablecoin, stablecoinLot], { id: "BuybackSetLot" }),
        m.call(burner, "recordObservation", [market.stablecoin], { id: "BuybackFirstObservation", after: [pairSet] }),
        ...beforeHandover(router),
      ],
    };
  });
}
