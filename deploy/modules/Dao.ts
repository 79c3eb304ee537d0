import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroAddress, id } from "ethers";

import GaleonTokenModule from "./GaleonToken.js";

const DAY = 24n * 60n * 60n;

/** OpenZeppelin TimelockController roles. */
export const TIMELOCK_ROLES = {
  DEFAULT_ADMIN_ROLE: "0x" + "00".repeat(32),
  PROPOSER_ROLE: id("PROPOSER_ROLE"),
  EXECUTOR_ROLE: id("EXECUTOR_ROLE"),
  CANCELLER_ROLE: id("CANCELLER_ROLE"),
} as const;

/**
 * The DAO: TimelockController + GaleonGovernor + GaleonTreasury, on the $GALEON of the GaleonToken
 * module (compose with `m.useModule(DaoModule)`; the token is the same future).
 *
 * The timelock is created with the deployer as a temporary admin (the Governor's address is not known
 * yet), gives the Governor the proposer and canceller roles, lets anyone execute (executor role to the
 * zero address), then the deployer renounces its admin role: the timelock administers itself alone.
 *
 * Parameters (module `Dao`), times in seconds, amounts in base units:
 * - `minDelay` (2 days), `votingDelay` (2 days), `votingPeriod` (7 days), `lateQuorumExtension` (2 days),
 *   `quorumNumerator` (4, percent of the past total supply);
 * - `proposalThreshold` (required: 0.1% of the supply, e.g. "1000000000000000000000000" for 1 billion);
 * - `guardian` and `guardianExpiry` (required: the multisig and the end of its mandate, unix seconds;
 *   the same values go to the router's and the buy-back's GuardianPausable).
 */
export default buildModule("Dao", (m) => {
  const { token } = m.useModule(GaleonTokenModule);

  const minDelay = m.getParameter<bigint>("minDelay", 2n * DAY);
  const votingDelay = m.getParameter<bigint>("votingDelay", 2n * DAY);
  const votingPeriod = m.getParameter<bigint>("votingPeriod", 7n * DAY);
  const lateQuorumExtension = m.getParameter<bigint>("lateQuorumExtension", 2n * DAY);
  const quorumNumerator = m.getParameter<bigint>("quorumNumerator", 4n);
  const proposalThreshold = m.getParameter<bigint>("proposalThreshold");
  const guardian = m.getParameter<string>("guardian");
  const guardianExpiry = m.getParameter<bigint>("guardianExpiry");

  const deployer = m.getAccount(0);

  const timelock = m.contract("TimelockController", [minDelay, [], [ZeroAddress], deployer]);
  const governor = m.contract("GaleonGovernor", [
    token,
    timelock,
    votingDelay,
    votingPeriod,
    lateQuorumExtension,
    proposalThreshold,
    quorumNumerator,
    guardian,
    guardianExpiry,
  ]);
  const treasury = m.contract("GaleonTreasury", [timelock]);

  const grantProposer = m.call(timelock, "grantRole", [TIMELOCK_ROLES.PROPOSER_ROLE, governor], {
    id: "GrantProposerToGovernor",
  });
  const grantCanceller = m.call(timelock, "grantRole", [TIMELOCK_ROLES.CANCELLER_ROLE, governor], {
    id: "GrantCancellerToGovernor",
  });
  m.call(timelock, "renounceRole", [TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer], {
    id: "DeployerRenouncesTimelockAdmin",
    after: [grantProposer, grantCanceller],
  });

  return { token, timelock, governor, treasury };
});
