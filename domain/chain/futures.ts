/**
 * The suite's contracts, by the part of their Ignition future id after `#`. The module part differs
 * between deployments (`LocalSuite#DataAccessRouter`, `GaleonSuite#DataAccessRouter`, ...), so
 * `Deployment` resolves a bare name to the one future that ends with it.
 */
export const FUTURES = {
  galeonToken: "GaleonToken#GaleonToken",
  router: "DataAccessRouter",
  burner: "BuybackBurner",
  escrow: "JobEscrow",
  payoutBatcher: "PayoutBatcher",
  timelock: "TimelockController",
  governor: "GaleonGovernor",
  treasury: "GaleonTreasury",
  eurc: "TestEuro",
  pair: "UniswapV2Pair",
} as const;
