import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  CallableContractFuture,
  Future,
  IgnitionModuleBuilder,
  NamedArtifactContractDeploymentFuture,
} from "@nomicfoundation/ignition-core";
import { ZeroAddress, ZeroHash, id } from "ethers";

import GaleonTokenModule from "./GaleonToken.js";

const DAY = 24n * 60n * 60n;

/** OpenZeppelin TimelockController roles. */
export const TIMELOCK_ROLES = {
  DEFAULT_ADMIN_ROLE: "0x" + "00".repeat(32),
  PROPOSER_ROLE: id("PROPOSER_ROLE"),
  EXECUTOR_ROLE: id("EXECUTOR_ROLE"),
  CANCELLER_ROLE: id("CANCELLER_ROLE"),
} as const;

/** The salt of the one timelock operation of a deployment (the handover batch). */
export const HANDOVER_SALT = id("galeon.deployment.handover");

/** The DAO's contracts, as futures of the module that builds them (a type alias: a module result). */
export type DaoContracts = {
  token: NamedArtifactContractDeploymentFuture<"GaleonToken">;
  timelock: NamedArtifactContractDeploymentFuture<"GaleonTimelock">;
  governor: NamedArtifactContractDeploymentFuture<"GaleonGovernor">;
  treasury: NamedArtifactContractDeploymentFuture<"GaleonTreasury">;
};

/** What a module deploys next to the DAO and hands to its timelock. */
export interface Handover<Result> {
  /** Returned with the DAO's contracts (e.g. the router and the buy-back). */
  result: Result;
  /**
   * Contracts the deployer owns (SuiteOwnable) and gives to the timelock; `name` makes the future ids
   * (`<name>ToTimelock` for `transferOwnership(timelock)`, `<name>AcceptOwnershipCall` for the timelock's call).
   */
  owned: Array<{ name: string; contract: CallableContractFuture<string> }>;
  /** Configuration that must run while the deployer still owns them. */
  configured: Future[];
}

/**
 * Builds the DAO inside module `m`: TimelockController, GaleonGovernor and GaleonTreasury on the $GALEON of
 * the GaleonToken module, then hands everything to the timelock before the module ends.
 *
 * The timelock starts with a 0 delay and the deployer as temporary proposer, only executor and admin (the
 * Governor's address is not known yet). `beforeHandover` may deploy and configure more contracts owned by the deployer
 * (the suite's router and buy-back); each is offered to the timelock (`transferOwnership`, two-step). Then
 * the deployer schedules and executes through the timelock, at once, one batch: every offered contract's
 * `acceptOwnership()`, the timelock's own `updateDelay(minDelay)`, then execution opened to anyone (executor
 * role to the zero address) and the deployer's executor role revoked: until that batch runs nobody else can
 * execute it, so no third party can make the deployer's `executeBatch` revert. The Governor gets the proposer
 * and canceller roles, and the deployer renounces its proposer, canceller and admin roles: the timelock administers itself, the Governor alone proposes.
 *
 * Parameters (read from module `m`, e.g. `Dao`, `LocalSuite` or `GaleonSuite`), times in seconds, amounts in
 * base units:
 * - `minDelay` (2 days), `votingDelay` (2 days), `votingPeriod` (7 days), `lateQuorumExtension` (2 days),
 *   `quorumNumerator` (4, percent of the past total supply);
 * - `proposalThreshold` (required: 0.1% of the supply, e.g. "1000000000000000000000000" for 1 billion);
 * - `guardian` and `guardianExpiry` (required: the multisig and the end of its mandate, unix seconds;
 *   the same values go to the router's and the buy-back's GuardianPausable).
 */
export function buildDao(m: IgnitionModuleBuilder): DaoContracts;
export function buildDao<Result>(
  m: IgnitionModuleBuilder,
  beforeHandover: (dao: DaoContracts) => Handover<Result>,
): DaoContracts & Result;
export function buildDao<Result>(
  m: IgnitionModuleBuilder,
  beforeHandover?: (dao: DaoContracts) => Handover<Result>,
): DaoContracts | (DaoContracts & Result) {
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

  // Delay 0 and the deployer as proposer and only executor until the handover below; then minDelay, the
  // Governor, and anyone executes. Nobody but the deployer can execute the handover batch in between (a
  // stranger who executed it first made the deployer's executeBatch revert and stopped the deployment).
  // GaleonTimelock: OpenZeppelin's TimelockController that refuses to lose its last proposer, canceller,
  // executor or admin, and any delay above 30 days (the future keeps the id `TimelockController`).
  const timelock = m.contract("GaleonTimelock", [0n, [deployer], [deployer], deployer], { id: "TimelockController" });
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
  const dao: DaoContracts = { token, timelock, governor, treasury };

  const extra = beforeHandover?.(dao);
  const owned = extra?.owned ?? [];
  const offered = owned.map(({ name, contract }) =>
    m.call(contract, "transferOwnership", [timelock], { id: `${name}ToTimelock`, after: extra?.configured ?? [] }),
  );

  // One batch, scheduled and executed at once while the delay is 0: the timelock accepts what it was
  // offered, then sets its real delay.
  const targets = [...owned.map((o) => o.contract), timelock, timelock, timelock];
  const values = targets.map(() => 0n);
  const payloads = [
    ...owned.map(({ name, contract }) =>
      m.encodeFunctionCall(contract, "acceptOwnership", [], { id: `${name}AcceptOwnershipCall` }),
    ),
    m.encodeFunctionCall(timelock, "updateDelay", [minDelay], { id: "TimelockUpdateDelayCall" }),
    m.encodeFunctionCall(timelock, "grantRole", [TIMELOCK_ROLES.EXECUTOR_ROLE, ZeroAddress], {
      id: "TimelockOpenExecutionCall",
    }),
    m.encodeFunctionCall(timelock, "revokeRole", [TIMELOCK_ROLES.EXECUTOR_ROLE, deployer], {
      id: "TimelockRevokeDeployerExecutorCall",
    }),
  ];
  const scheduled = m.call(timelock, "scheduleBatch", [targets, values, payloads, ZeroHash, HANDOVER_SALT, 0n], {
    id: "HandoverScheduled",
    after: [governor, treasury, ...offered],
  });
  const executed = m.call(timelock, "executeBatch", [targets, values, payloads, ZeroHash, HANDOVER_SALT], {
    id: "HandoverExecuted",
    after: [scheduled],
  });

  // The Governor gets its roles before the deployer gives up its own: GaleonTimelock refuses to lose the
  // last proposer or canceller.
  const governorRoles = [
    m.call(timelock, "grantRole", [TIMELOCK_ROLES.PROPOSER_ROLE, governor], {
      id: "GrantProposerToGovernor",
      after: [executed],
    }),
    m.call(timelock, "grantRole", [TIMELOCK_ROLES.CANCELLER_ROLE, governor], {
      id: "GrantCancellerToGovernor",
      after: [executed],
    }),
  ];
  const roleChanges = [
    ...governorRoles,
    m.call(timelock, "renounceRole", [TIMELOCK_ROLES.PROPOSER_ROLE, deployer], {
      id: "DeployerRenouncesTimelockProposer",
      after: governorRoles,
    }),
    m.call(timelock, "renounceRole", [TIMELOCK_ROLES.CANCELLER_ROLE, deployer], {
      id: "DeployerRenouncesTimelockCanceller",
      after: governorRoles,
    }),
  ];
  m.call(timelock, "renounceRole", [TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer], {
    id: "DeployerRenouncesTimelockAdmin",
    after: roleChanges,
  });

  return extra === undefined ? dao : { ...dao, ...extra.result };
}

/**
 * The DAO alone: TimelockController + GaleonGovernor + GaleonTreasury on the $GALEON of the GaleonToken
 * module, every power handed to the timelock and the Governor before the module ends (see `buildDao`;
 * parameters under `Dao`). The suite modules build the DAO with `buildDao` inside their own module instead,
 * so that the same handover also gives the timelock the router and the buy-back.
 */
export default buildModule("Dao", (m) => buildDao(m));
