import type {
  ArgumentType,
  Future,
  IgnitionModuleBuilder,
  NamedArtifactContractDeploymentFuture,
} from "@nomicfoundation/ignition-core";

import DaoModule from "./Dao.js";

/** What the suite needs from a Uniswap V2 deployment: the factory, the stablecoin and its GALEON pair. */
export interface SuiteMarket {
  factory: ArgumentType;
  stablecoin: ArgumentType;
  pair: ArgumentType;
}

/**
 * Builds the whole suite inside module `m`: the DAO (token, timelock, governor, treasury), the
 * buy-back on `market`, and the router (also the hospital registry) that pays the treasury, the
 * buy-back and Galeon. The deployer configures both while it is their admin, then hands each to
 * the timelock: afterwards every admin power of the suite belongs to the DAO.
 *
 * Parameters, read from module `m` or `$global`: `guardian`, `guardianExpiry` (the multisig's
 * emergency brake and its end, unix seconds; also the Governor's proposal guardian), `attestor`
 * (the quote signer), `galeonPayout` (Galeon's 10%), `stablecoinLot` (largest buy-back per hop,
 * base units). `beforeHandover` adds configuration steps (e.g. registering local hospitals) that run
 * while the deployer is still the router's admin.
 */
export function buildSuite(
  m: IgnitionModuleBuilder,
  market: SuiteMarket,
  beforeHandover: (router: NamedArtifactContractDeploymentFuture<"DataAccessRouter">) => Future[] = () => [],
) {
  const dao = m.useModule(DaoModule);
  const deployer = m.getAccount(0);
  const guardian = m.getParameter<string>("guardian");
  const guardianExpiry = m.getParameter<bigint>("guardianExpiry");
  const attestor = m.getParameter<string>("attestor");
  const galeonPayout = m.getParameter<string>("galeonPayout");
  const stablecoinLot = m.getParameter<bigint>("stablecoinLot");

  const burner = m.contract("BuybackBurner", [deployer, guardian, guardianExpiry, dao.token, market.factory]);
  const router = m.contract("DataAccessRouter", [
    deployer,
    guardian,
    guardianExpiry,
    attestor,
    [dao.treasury, burner, galeonPayout],
    [market.stablecoin, dao.token],
  ]);

  const pairSet = m.call(burner, "setPair", [market.stablecoin, market.pair], { id: "BuybackSetPair" });
  const configured: Future[] = [
    m.call(burner, "setRouter", [router], { id: "BuybackSetRouter" }),
    pairSet,
    m.call(burner, "setLot", [market.stablecoin, stablecoinLot], { id: "BuybackSetLot" }),
    m.call(burner, "recordObservation", [market.stablecoin], { id: "BuybackFirstObservation", after: [pairSet] }),
    ...beforeHandover(router),
  ];
  m.call(router, "transferOwnership", [dao.timelock], { id: "RouterToTimelock", after: configured });
  m.call(burner, "transferOwnership", [dao.timelock], { id: "BuybackToTimelock", after: configured });

  return { ...dao, router, burner };
}
