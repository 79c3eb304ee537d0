import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { Signature, id, ZeroHash } from "ethers";

import DataAccessRouterModule from "../../../deploy/modules/DataAccessRouter.js";
import HospitalRegistryModule from "../../../deploy/modules/HospitalRegistry.js";
import { packUsage, signQuote, type Quote, type UsageEntry } from "../../../domain/quotes/quote.js";
import type { DataAccessRouter, TestStablecoin } from "../../../typechain-types/index.js";
import { PERMIT_TYPES } from "../../../domain/chain/permit.js";

export const EURC = 10n ** 6n;
export const HOUR = 3600n;
export const DAY = 86_400n;

/** Payee enum values. */
export const TREASURY = 0;
export const BUYBACK = 1;
export const GALEON = 2;

interface Connection {
  ethers: HardhatEthers;
  ignition: { deploy: (...args: any[]) => Promise<any> };
  networkHelpers: NetworkHelpers;
}

/** Deploys the router through the Ignition modules, with a 6- and an 18-decimal stablecoin. */
export async function deployRouter({ ethers, ignition, networkHelpers }: Connection) {
  const signers = await ethers.getSigners();
  const [admin, attestor, buyer, payer, treasury, buyback, galeon, guardian, other, ...hospitals] = signers;
  const eurc = (await ethers.deployContract("TestStablecoin", ["Test Euro", "tEURC", 6])) as unknown as TestStablecoin;
  const dai = (await ethers.deployContract("TestStablecoin", ["Test Dai", "tDAI", 18])) as unknown as TestStablecoin;
  const guardianExpiry = BigInt(await networkHelpers.time.latest()) + 365n * DAY;
  const { router: deployed, registry } = await ignition.deploy(HospitalRegistryModule, {
    parameters: {
      DataAccessRouter: {
        admin: admin.address,
        guardian: guardian.address,
        guardianExpiry: guardianExpiry.toString(),
        attestor: attestor.address,
        treasury: treasury.address,
        buyback: buyback.address,
        galeon: galeon.address,
        allowedTokens: [await eurc.getAddress(), await dai.getAddress()],
      },
    },
  });
  const router = (await ethers.getContractAt(
    "DataAccessRouter",
    await deployed.getAddress(),
  )) as unknown as DataAccessRouter;
  const routerAddress = await router.getAddress();
  // Hospitals 1..5 active, paid to distinct signers.
  for (let i = 1; i <= 5; i++) await router.register(i, hospitals[i - 1].address, id(`hospital-${i}`));
  for (const token of [eurc, dai]) {
    for (const who of [buyer, payer]) {
      await token.mint(who.address, 10n ** 30n);
      await token.connect(who).approve(routerAddress, ethers.MaxUint256);
    }
  }
  const chainId = (await ethers.provider.getNetwork()).chainId;
  return {
    router,
    registry,
    routerAddress,
    eurc,
    dai,
    chainId,
    admin,
    attestor,
    buyer,
    payer,
    treasury,
    buyback,
    galeon,
    guardian,
    guardianExpiry,
    other,
    hospitals,
    DataAccessRouterModule,
  };
}

let counter = 0;

/** A fresh quote from `buyer` for `amount` of `token`, with `usage`, valid for an hour. */
export async function makeQuote(
  networkHelpers: NetworkHelpers,
  fields: { buyer: string; token: string; amount: bigint; usage: UsageEntry[]; payer?: string },
): Promise<Quote> {
  const now = BigInt(await networkHelpers.time.latest());
  counter++;
  return {
    accessId: id(`access-${counter}`),
    buyer: fields.buyer,
    payer: fields.payer ?? "0x0000000000000000000000000000000000000000",
    token: fields.token,
    amount: fields.amount,
    deadline: now + HOUR,
    accessExpiry: now + 30n * DAY,
    usage: fields.usage.map(packUsage),
    jobHash: id(`job-${counter}`),
    permitId: id(`permit-${counter}`),
    permitExpiry: now + 365n * DAY,
    renews: ZeroHash,
  };
}

/** The attestor's signature of `quote` for this chain and router. */
export async function sign(attestor: HardhatEthersSigner, chainId: bigint, router: string, quote: Quote) {
  return signQuote(attestor, chainId, router, quote);
}

/** An EIP-2612 permit signature. */
export async function signPermit(
  token: TestStablecoin,
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
  chainId: bigint,
) {
  const raw = await owner.signTypedData(
    { name: await token.name(), version: "1", chainId, verifyingContract: await token.getAddress() },
    PERMIT_TYPES,
    { owner: owner.address, spender, value, nonce: await token.nonces(owner.address), deadline },
  );
  return Signature.from(raw);
}
