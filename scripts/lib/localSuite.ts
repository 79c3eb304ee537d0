/** The `LocalSuite` Ignition module's results bound to typed contracts (the demo and the test fixture). */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import type {
  BuybackBurner,
  DataAccessRouter,
  GaleonGovernor,
  GaleonToken,
  GaleonTreasury,
  JobEscrow,
  PayoutBatcher,
  TestStablecoin,
  TimelockController,
} from "../../typechain-types/index.js";

type Deployed = { getAddress(): Promise<string> };

/** The futures of `LocalSuiteModule` that `localSuiteContracts` binds. */
export type LocalSuiteDeployment = Record<
  "token" | "timelock" | "governor" | "treasury" | "router" | "burner" | "escrow" | "payoutBatcher" | "eurc",
  Deployed
>;

export interface LocalSuiteContracts {
  token: GaleonToken;
  timelock: TimelockController;
  governor: GaleonGovernor;
  treasury: GaleonTreasury;
  router: DataAccessRouter;
  burner: BuybackBurner;
  escrow: JobEscrow;
  payoutBatcher: PayoutBatcher;
  eurc: TestStablecoin;
}

/** Each contract of the deployed local suite, typed (`ethers.getContractAt` at its address). */
export async function localSuiteContracts(
  ethers: HardhatEthers,
  deployed: LocalSuiteDeployment,
): Promise<LocalSuiteContracts> {
  const at = async <T>(name: string, contract: Deployed) =>
    (await ethers.getContractAt(name, await contract.getAddress())) as unknown as T;
  return {
    token: await at<GaleonToken>("GaleonToken", deployed.token),
    timelock: await at<TimelockController>("TimelockController", deployed.timelock),
    governor: await at<GaleonGovernor>("GaleonGovernor", deployed.governor),
    treasury: await at<GaleonTreasury>("GaleonTreasury", deployed.treasury),
    router: await at<DataAccessRouter>("DataAccessRouter", deployed.router),
    burner: await at<BuybackBurner>("BuybackBurner", deployed.burner),
    escrow: await at<JobEscrow>("JobEscrow", deployed.escrow),
    payoutBatcher: await at<PayoutBatcher>("PayoutBatcher", deployed.payoutBatcher),
    eurc: await at<TestStablecoin>("TestStablecoin", deployed.eurc),
  };
}
