/**
 * The powers of the deployed suite (LocalSuite with deploy/parameters/local.json): after deployment
 * every admin power belongs to the timelock, and nobody else — the deployer, the guardian, a stranger —
 * can call any admin function of any contract. The admin functions are derived from the ABIs, so an
 * admin function added later without a guard fails here.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { type BaseContract, type FunctionFragment, type ParamType, ZeroAddress, id } from "ethers";
import { network } from "hardhat";

import { TIMELOCK_ROLES } from "../../../deploy/modules/Dao.js";
import { timelockRoleHolders } from "../../../domain/governance/check.js";
import { LOCAL_PARAMETERS, localSuiteFixture } from "../fixtures/suite.js";

const { ethers, ignition, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;
const deploySuite = localSuiteFixture({ ethers, ignition, networkHelpers });

const GUARDIAN_EXPIRY = BigInt(LOCAL_PARAMETERS.$global.guardianExpiry as string);

describe("Powers after deployment (LocalSuite, local parameters)", function () {
  it("gives the router, the buy-back, the job escrow and the treasury to the timelock, with no transfer pending", async function () {
    const { router, burner, escrow, treasury, timelock } = await loadFixture(deploySuite);
    const tl = await timelock.getAddress();
    for (const contract of [router, burner, escrow, treasury]) {
      expect(await contract.owner()).to.equal(tl);
      expect(await contract.pendingOwner()).to.equal(ZeroAddress);
    }
  });

  it("sets the timelock's delay once every power is handed over, and leaves no operation pending", async function () {
    const { timelock, router, burner, escrow } = await loadFixture(deploySuite);
    expect(await timelock.getMinDelay()).to.equal(2n * 86_400n);
    const scheduled = await timelock.queryFilter(timelock.filters.CallScheduled());
    const ids = [...new Set(scheduled.map((e) => e.args.id))];
    expect(ids, "one handover batch").to.have.length(1);
    expect(await timelock.isOperationDone(ids[0])).to.equal(true);
    // The batch: the router, the buy-back and the job escrow accept their ownership, the timelock sets its delay, then
    // opens execution to anyone and revokes the deployer's executor role (until then only the deployer
    // could execute, so nobody could execute the batch before it: test/ts/e2e/deployRace.test.ts).
    const targets = scheduled.map((e) => e.args.target);
    const timelockAddress = await timelock.getAddress();
    expect(targets).to.deep.equal([
      await router.getAddress(),
      await burner.getAddress(),
      await escrow.getAddress(),
      timelockAddress,
      timelockAddress,
      timelockAddress,
    ]);
    expect(
      scheduled.slice(3).map((e) => timelock.interface.parseTransaction({ data: e.args.data })?.name),
    ).to.deep.equal(["updateDelay", "grantRole", "revokeRole"]);
    const executed = await timelock.queryFilter(timelock.filters.CallExecuted());
    expect(executed.map((e) => e.args.id)).to.deep.equal([ids[0], ids[0], ids[0], ids[0], ids[0], ids[0]]);
    const delays = await timelock.queryFilter(timelock.filters.MinDelayChange());
    expect(delays.map((e) => [e.args.oldDuration, e.args.newDuration])).to.deep.equal([
      [0n, 0n],
      [0n, 2n * 86_400n],
    ]);
  });

  it("leaves the timelock's roles, rebuilt from its events, to exactly itself, the Governor and anyone", async function () {
    const { timelock, governor } = await loadFixture(deploySuite);
    const holders = await timelockRoleHolders(ethers.provider, await timelock.getAddress());
    const sorted = (role: string) => [...(holders.get(role) ?? [])].sort();
    expect([...holders.keys()].sort()).to.deep.equal(Object.values(TIMELOCK_ROLES).sort());
    expect(sorted(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE)).to.deep.equal([await timelock.getAddress()]);
    expect(sorted(TIMELOCK_ROLES.PROPOSER_ROLE)).to.deep.equal([await governor.getAddress()]);
    expect(sorted(TIMELOCK_ROLES.CANCELLER_ROLE)).to.deep.equal([await governor.getAddress()]);
    expect(sorted(TIMELOCK_ROLES.EXECUTOR_ROLE)).to.deep.equal([ZeroAddress]);
    // The role admin of every role is the admin role, held by the timelock alone.
    for (const role of Object.values(TIMELOCK_ROLES)) {
      expect(await timelock.getRoleAdmin(role)).to.equal(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE);
    }
  });

  it("leaves every dev account (deployer, guardian, attestor, payouts, holders) no role and nothing owned", async function () {
    const { devAccounts, timelock, router, burner, escrow, treasury } = await loadFixture(deploySuite);
    const owners = [await router.owner(), await burner.owner(), await escrow.owner(), await treasury.owner()];
    for (const account of devAccounts) {
      for (const [name, role] of Object.entries(TIMELOCK_ROLES)) {
        expect(await timelock.hasRole(role, account.address), `${account.address} ${name}`).to.equal(false);
      }
      expect(owners, account.address).to.not.include(account.address);
    }
  });

  it("wires the Governor to the timelock and $GALEON, with the configured settings", async function () {
    const { governor, timelock, token } = await loadFixture(deploySuite);
    expect(await governor.timelock()).to.equal(await timelock.getAddress());
    expect(await governor.token()).to.equal(await token.getAddress());
    expect(await governor.proposalThreshold()).to.equal(
      BigInt(LOCAL_PARAMETERS.LocalSuite.proposalThreshold as string),
    );
    expect(await timelock.getMinDelay()).to.equal(2n * 86_400n);
  });

  it("names the configured guardian and its expiry on the Governor, the router, the buy-back and the escrow", async function () {
    const { governor, router, burner, escrow, guardian } = await loadFixture(deploySuite);
    expect(guardian.address).to.equal(LOCAL_PARAMETERS.$global.guardian);
    expect(await governor.proposalGuardian()).to.equal(guardian.address);
    expect(await governor.proposalGuardianExpiry()).to.equal(GUARDIAN_EXPIRY);
    expect([...(await router.guardian())]).to.deep.equal([guardian.address, GUARDIAN_EXPIRY]);
    expect([...(await burner.guardian())]).to.deep.equal([guardian.address, GUARDIAN_EXPIRY]);
    expect([...(await escrow.guardian())]).to.deep.equal([guardian.address, GUARDIAN_EXPIRY]);
  });

  it("wires the job escrow and the payout batcher to the router", async function () {
    const { router, escrow, payoutBatcher } = await loadFixture(deploySuite);
    expect(await escrow.ROUTER()).to.equal(await router.getAddress());
    expect(await payoutBatcher.ROUTER()).to.equal(await router.getAddress());
  });

  it("wires the router's payees, attestor and tokens, and the buy-back to the router and its pair", async function () {
    const { router, burner, treasury, eurc, token, pairAddress, attestor } = await loadFixture(deploySuite);
    expect(await router.payeeAddress(0)).to.equal(await treasury.getAddress());
    expect(await router.payeeAddress(1)).to.equal(await burner.getAddress());
    expect(await router.payeeAddress(2)).to.equal(LOCAL_PARAMETERS.LocalSuite.galeonPayout);
    expect(await router.attestor()).to.equal(attestor.address);
    expect(await router.isTokenAllowed(await eurc.getAddress())).to.equal(true);
    expect(await router.isTokenAllowed(await token.getAddress())).to.equal(true);
    expect((await burner.parameters()).router).to.equal(await router.getAddress());
    const [pair, lot] = await burner.market(await eurc.getAddress());
    expect(pair).to.equal(pairAddress);
    expect(lot).to.equal(BigInt(LOCAL_PARAMETERS.LocalSuite.stablecoinLot as string));
  });
});

/* NOBODY BUT THE TIMELOCK */

/**
 * State-changing functions that are NOT admin functions, per contract, and who may call them. Every
 * other state-changing function of the ABI is an admin function and must refuse the deployer, the
 * guardian and a stranger. Adding a function to a contract without listing it here makes it an admin
 * function for this test: unguarded, the test fails.
 */
const PUBLIC_ENTRY_POINTS: Record<string, Record<string, string>> = {
  DataAccessRouter: {
    purchase: "a buyer or payer named in a signed quote",
    purchaseWithPermit: "a buyer or payer named in a signed quote",
    claimHospital: "anyone (pays the hospital's payout address)",
    withdrawPayee: "anyone (pays the payee's registered address)",
    setPayout: "the hospital's payout address (tested below)",
    pause: "the guardian until its expiry (tested below)",
  },
  BuybackBurner: {
    execute: "anyone (keepers)",
    recordObservation: "anyone (keepers)",
    pause: "the guardian until its expiry (tested below)",
  },
  JobEscrow: {
    fund: "anyone (locks its own tokens)",
    fundWithPermit: "anyone (locks its own tokens)",
    settle: "anyone (submits the attestor's signed settlement; pays the split and the payer only)",
    refund: "anyone, after the lock's deadline (pays the payer only)",
    withdrawRefund: "a payer, its own deferred refunds",
    pause: "the guardian until its expiry (tested below)",
  },
  GaleonTreasury: {
    collect: "anyone (pulls the treasury's leg from the router)",
  },
  GaleonGovernor: {
    propose: "a holder above the threshold",
    castVote: "holders",
    castVoteBySig: "holders (relayed)",
    castVoteWithReason: "holders",
    castVoteWithReasonAndParams: "holders",
    castVoteWithReasonAndParamsBySig: "holders (relayed)",
    queue: "anyone, once a proposal succeeded",
    execute: "anyone, once a queued proposal is ready",
    cancel: "the proposal guardian, or a proposer while Pending",
    onERC721Received: "token receiver hook",
    onERC1155Received: "token receiver hook",
    onERC1155BatchReceived: "token receiver hook",
  },
  TimelockController: {
    execute: "anyone (the executor role belongs to the zero address), once an operation is ready",
    executeBatch: "anyone (the executor role belongs to the zero address), once an operation is ready",
    renounceRole: "only for oneself (AccessControlBadConfirmation otherwise)",
    onERC721Received: "token receiver hook",
    onERC1155Received: "token receiver hook",
    onERC1155BatchReceived: "token receiver hook",
  },
};

/** The custom error an outsider gets from an admin function: by contract, then by function. */
function expectedRefusal(contract: string, fn: string, caller: string): { error: string; args: unknown[] } {
  switch (contract) {
    case "DataAccessRouter":
      if (fn === "revokeAccess") return { error: "DataAccessRouterNotRevoker", args: [caller] };
      return { error: "OwnableUnauthorizedAccount", args: [caller] };
    case "BuybackBurner":
    case "JobEscrow":
    case "GaleonTreasury":
      return { error: "OwnableUnauthorizedAccount", args: [caller] };
    case "GaleonGovernor":
      return { error: "GovernorOnlyExecutor", args: [caller] };
    case "TimelockController": {
      if (fn === "updateDelay") return { error: "TimelockUnauthorizedCaller", args: [caller] };
      const role =
        fn === "schedule" || fn === "scheduleBatch"
          ? TIMELOCK_ROLES.PROPOSER_ROLE
          : fn === "cancel"
            ? TIMELOCK_ROLES.CANCELLER_ROLE
            : TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE;
      return { error: "AccessControlUnauthorizedAccount", args: [caller, role] };
    }
    default:
      throw new Error(`no expected refusal for ${contract}`);
  }
}

/** A plausible, non-trivial argument of an ABI type (the guard must refuse before any other check). */
function sampleArgument(param: ParamType, target: string): unknown {
  if (param.isArray())
    return param.arrayLength === -1 ? [] : Array(param.arrayLength).fill(sampleArgument(param.arrayChildren, target));
  if (param.isTuple()) return param.components.map((c) => sampleArgument(c, target));
  if (param.type === "address") return target;
  if (param.type === "bool") return true;
  if (param.type === "string") return "x";
  if (param.type === "bytes") return "0x";
  if (param.type.startsWith("bytes")) return id(param.type);
  if (param.type.startsWith("uint") || param.type.startsWith("int"))
    return param.name.toLowerCase().includes("bps") ? 2500n : 1n;
  throw new Error(`no sample for ${param.type}`);
}

function stateChanging(contract: BaseContract): FunctionFragment[] {
  const fragments: FunctionFragment[] = [];
  contract.interface.forEachFunction((f) => {
    if (!f.constant) fragments.push(f);
  });
  return fragments;
}

describe("Nobody but the timelock (every admin function of every contract, from the ABIs)", function () {
  const CONTRACTS = [
    "DataAccessRouter",
    "BuybackBurner",
    "JobEscrow",
    "GaleonTreasury",
    "GaleonGovernor",
    "TimelockController",
  ];

  async function contractsByName() {
    const suite = await loadFixture(deploySuite);
    const byName: Record<string, BaseContract> = {
      DataAccessRouter: suite.router,
      BuybackBurner: suite.burner,
      JobEscrow: suite.escrow,
      GaleonTreasury: suite.treasury,
      GaleonGovernor: suite.governor,
      TimelockController: suite.timelock,
    };
    const outsiders: Array<[string, HardhatEthersSigner]> = [
      ["the deployer", suite.operator],
      ["the guardian", suite.guardian],
      ["a stranger", suite.stranger],
    ];
    return { suite, byName, outsiders };
  }

  for (const name of CONTRACTS) {
    it(`${name}: every admin function refuses the deployer, the guardian and a stranger`, async function () {
      const { suite, byName, outsiders } = await contractsByName();
      const contract = byName[name];
      const allowed = PUBLIC_ENTRY_POINTS[name];
      const admin = stateChanging(contract).filter((f) => !(f.name in allowed));
      // Guards against a vacuous pass: each contract has admin functions.
      expect(admin.length, `${name} admin functions`).to.be.greaterThan(0);
      // Every allowlisted name exists, so the allowlist cannot hide a typo.
      const names = new Set(stateChanging(contract).map((f) => f.name));
      for (const entry of Object.keys(allowed)) expect(names.has(entry), `${name}.${entry} exists`).to.equal(true);
      const target = suite.stranger.address;
      for (const fragment of admin) {
        const args = fragment.inputs.map((p) => sampleArgument(p, target));
        for (const [who, signer] of outsiders) {
          const { error, args: errorArgs } = expectedRefusal(name, fragment.name, signer.address);
          const call = (contract.connect(signer) as BaseContract).getFunction(fragment.format("sighash"));
          await expect(call(...args), `${name}.${fragment.format("sighash")} by ${who}`)
            .to.be.revertedWithCustomError(contract, error)
            .withArgs(...errorArgs);
        }
      }
    });
  }

  it("pause: the guardian may, the deployer and a stranger may not (router, buy-back and job escrow)", async function () {
    const { suite, outsiders } = await contractsByName();
    for (const contract of [suite.router, suite.burner, suite.escrow]) {
      for (const [, signer] of outsiders.filter(([who]) => who !== "the guardian")) {
        await expect(contract.connect(signer).pause())
          .to.be.revertedWithCustomError(contract, "GuardianPausableUnauthorized")
          .withArgs(signer.address, suite.guardian.address, GUARDIAN_EXPIRY);
      }
      const pausedAt = BigInt(await networkHelpers.time.latest()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(pausedAt);
      await expect(contract.connect(suite.guardian).pause())
        .to.emit(contract, "Paused")
        .withArgs(suite.guardian.address, pausedAt + 7n * 86_400n);
    }
  });

  it("PayoutBatcher: no admin function at all, only claimHospitals (anyone; the router pays each payout)", async function () {
    const { suite } = await contractsByName();
    expect(stateChanging(suite.payoutBatcher).map((f) => f.name)).to.deep.equal(["claimHospitals"]);
  });

  it("setPayout: only the hospital's payout address, not the deployer, the guardian or a stranger", async function () {
    const { suite, outsiders } = await contractsByName();
    const payout = suite.hospitals[0];
    for (const [, signer] of outsiders) {
      await expect(suite.router.connect(signer).setPayout(1, signer.address))
        .to.be.revertedWithCustomError(suite.router, "HospitalRegistryNotPayout")
        .withArgs(signer.address, 1, payout.address);
    }
    await expect(suite.router.connect(payout).setPayout(1, suite.stranger.address)).to.emit(suite.router, "PayoutSet");
    expect(await suite.router.payoutOf(1)).to.equal(suite.stranger.address);
  });
});
