/**
 * Every Ignition module that deploys an owned contract, deployed alone: it either takes its admin as a
 * required parameter, or hands every power to the DAO timelock before it ends. Nothing is left to the
 * deployer by default.
 */
import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";

import BuybackBurnerModule from "../../../deploy/modules/BuybackBurner.js";
import DaoModule, { TIMELOCK_ROLES } from "../../../deploy/modules/Dao.js";
import DataAccessRouterModule from "../../../deploy/modules/DataAccessRouter.js";
import HospitalRegistryModule from "../../../deploy/modules/HospitalRegistry.js";
import JobEscrowModule from "../../../deploy/modules/JobEscrow.js";
import LocalBuybackModule from "../../../deploy/modules/LocalBuyback.js";
import { timelockRoleHolders } from "../../../domain/governance/check.js";

const { ethers, ignition, networkHelpers } = await network.create();
const { time } = networkHelpers;

const SUPPLY = 1_000_000_000n * 10n ** 18n;
const DAY = 86_400n;

async function accounts() {
  const [deployer, admin, guardian, attestor, treasury, buyback, galeon, holder] = await ethers.getSigners();
  return { deployer, admin, guardian, attestor, treasury, buyback, galeon, holder };
}

async function tokenParameters() {
  const { deployer, holder } = await accounts();
  return {
    recipients: [deployer.address, holder.address],
    amounts: [((SUPPLY * 9n) / 10n).toString(), (SUPPLY / 10n).toString()],
  };
}

async function routerParameters(withAdmin: boolean) {
  const { admin, guardian, attestor, treasury, buyback, galeon } = await accounts();
  return {
    ...(withAdmin ? { admin: admin.address } : {}),
    guardian: guardian.address,
    guardianExpiry: (BigInt(await time.latest()) + 365n * DAY).toString(),
    attestor: attestor.address,
    treasury: treasury.address,
    buyback: buyback.address,
    galeon: galeon.address,
  };
}

/** Deploys and returns the error Ignition throws (or fails the test when it deploys). */
async function refusal(deploy: () => Promise<unknown>): Promise<Error> {
  return await deploy().then(
    () => expect.fail("expected Ignition to refuse the deployment"),
    (e: unknown) => e as Error,
  );
}

describe("Each deploy module alone leaves power only where it should", function () {
  describe("DataAccessRouter and HospitalRegistry", function () {
    it("require the admin: no default to the deployer", async function () {
      for (const module of [DataAccessRouterModule, HospitalRegistryModule]) {
        const error = await refusal(async () =>
          ignition.deploy(module, { parameters: { DataAccessRouter: (await routerParameters(false)) as never } }),
        );
        expect(error.message).to.match(/admin/);
      }
    });

    it("make the given admin the owner; the deployer holds nothing", async function () {
      const { deployer, admin } = await accounts();
      const { router } = await ignition.deploy(HospitalRegistryModule, {
        parameters: { DataAccessRouter: (await routerParameters(true)) as never },
      });
      const deployed = await ethers.getContractAt("DataAccessRouter", await router.getAddress());
      expect(await deployed.owner()).to.equal(admin.address);
      expect(await deployed.pendingOwner()).to.equal(ZeroAddress);
      expect(await deployed.owner()).to.not.equal(deployer.address);
    });
  });

  describe("JobEscrow (with the ownerless PayoutBatcher)", function () {
    async function escrowParameters(withAdmin: boolean) {
      const { admin, guardian, attestor } = await accounts();
      return {
        ...(withAdmin ? { admin: admin.address } : {}),
        guardian: guardian.address,
        guardianExpiry: (BigInt(await time.latest()) + 365n * DAY).toString(),
        // Any address stands for the router here: the escrow only stores it.
        router: attestor.address,
      };
    }

    it("requires the admin: no default to the deployer", async function () {
      const error = await refusal(async () =>
        ignition.deploy(JobEscrowModule, { parameters: { JobEscrow: (await escrowParameters(false)) as never } }),
      );
      expect(error.message).to.match(/admin/);
    });

    it("makes the given admin the owner; the deployer holds nothing", async function () {
      const { deployer, admin, attestor } = await accounts();
      const { escrow, payoutBatcher } = await ignition.deploy(JobEscrowModule, {
        parameters: { JobEscrow: (await escrowParameters(true)) as never },
      });
      const deployed = await ethers.getContractAt("JobEscrow", await escrow.getAddress());
      expect(await deployed.owner()).to.equal(admin.address);
      expect(await deployed.pendingOwner()).to.equal(ZeroAddress);
      expect(await deployed.owner()).to.not.equal(deployer.address);
      expect(await deployed.ROUTER()).to.equal(attestor.address);
      const batcher = await ethers.getContractAt("PayoutBatcher", await payoutBatcher.getAddress());
      expect(await batcher.ROUTER()).to.equal(attestor.address);
    });
  });

  describe("BuybackBurner", function () {
    it("requires the admin: no default to the deployer", async function () {
      const error = await refusal(async () =>
        ignition.deploy(BuybackBurnerModule, {
          parameters: { GaleonToken: await tokenParameters(), BuybackBurner: { uniswapFactory: ZeroAddress } },
        }),
      );
      expect(error.message).to.match(/admin/);
    });

    it("makes the given admin the owner; the deployer holds nothing", async function () {
      const { deployer, admin, guardian } = await accounts();
      const { burner } = await ignition.deploy(BuybackBurnerModule, {
        parameters: {
          GaleonToken: await tokenParameters(),
          // Any non-zero factory: the burner checks pairs against it only when the admin sets one.
          BuybackBurner: {
            admin: admin.address,
            guardian: guardian.address,
            guardianExpiry: (BigInt(await time.latest()) + DAY).toString(),
            uniswapFactory: guardian.address,
          },
        },
      });
      const deployed = await ethers.getContractAt("BuybackBurner", await burner.getAddress());
      expect(await deployed.owner()).to.equal(admin.address);
      expect(await deployed.pendingOwner()).to.equal(ZeroAddress);
      expect(await deployed.owner()).to.not.equal(deployer.address);
    });
  });

  describe("LocalBuyback", function () {
    it("requires the admin, configures the burner, then offers it to the admin, who accepts", async function () {
      const { deployer, admin } = await accounts();
      const error = await refusal(async () =>
        ignition.deploy(LocalBuybackModule, { parameters: { GaleonToken: await tokenParameters() } }),
      );
      expect(error.message).to.match(/admin/);

      const { burner, eurc, pair } = await ignition.deploy(LocalBuybackModule, {
        parameters: { GaleonToken: await tokenParameters(), LocalBuyback: { admin: admin.address } },
      });
      const deployed = await ethers.getContractAt("BuybackBurner", await burner.getAddress());
      const [configuredPair] = await deployed.market(await eurc.getAddress());
      expect(configuredPair).to.equal(await pair.getAddress());
      expect(await deployed.pendingOwner()).to.equal(admin.address);
      await expect(deployed.connect(admin).acceptOwnership())
        .to.emit(deployed, "OwnershipTransferred")
        .withArgs(deployer.address, admin.address);
      expect(await deployed.owner()).to.equal(admin.address);
    });
  });

  describe("Dao", function () {
    it("ends with the timelock administering itself, the Governor its only proposer and canceller, the delay set", async function () {
      const { deployer, guardian } = await accounts();
      const { timelock, governor, treasury } = await ignition.deploy(DaoModule, {
        parameters: {
          GaleonToken: await tokenParameters(),
          Dao: {
            minDelay: (3n * DAY).toString(),
            proposalThreshold: (SUPPLY / 1000n).toString(),
            guardian: guardian.address,
            guardianExpiry: (BigInt(await time.latest()) + 365n * DAY).toString(),
          },
        },
      });
      const tl = await ethers.getContractAt("TimelockController", await timelock.getAddress());
      const gov = await governor.getAddress();
      expect(await tl.getMinDelay()).to.equal(3n * DAY);
      const holders = await timelockRoleHolders(ethers.provider, await tl.getAddress());
      const sorted = (role: string) => [...(holders.get(role) ?? [])].sort();
      expect(sorted(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE)).to.deep.equal([await tl.getAddress()]);
      expect(sorted(TIMELOCK_ROLES.PROPOSER_ROLE)).to.deep.equal([gov]);
      expect(sorted(TIMELOCK_ROLES.CANCELLER_ROLE)).to.deep.equal([gov]);
      expect(sorted(TIMELOCK_ROLES.EXECUTOR_ROLE)).to.deep.equal([ZeroAddress]);
      for (const role of Object.values(TIMELOCK_ROLES)) {
        expect(await tl.hasRole(role, deployer.address)).to.equal(false);
      }
      const deployedTreasury = await ethers.getContractAt("GaleonTreasury", await treasury.getAddress());
      expect(await deployedTreasury.owner()).to.equal(await tl.getAddress());
      expect(await deployedTreasury.pendingOwner()).to.equal(ZeroAddress);
    });
  });
});
