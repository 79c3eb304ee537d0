import { createRequire } from "node:module";

import type { Artifact } from "@nomicfoundation/ignition-core";

const require = createRequire(import.meta.url);

/** The shape of the build JSON files shipped in `@uniswap/v2-core` and `@uniswap/v2-periphery`. */
interface UniswapBuildJson {
  abi: Artifact["abi"];
  bytecode: string;
  evm: { deployedBytecode: { object: string } };
}

/**
 * Adapts a Uniswap V2 npm build JSON (bytecode without `0x`, no `_format`) to the artifact shape
 * Hardhat Ignition deploys. The bytecode is used as shipped: never recompiled, so the pair's init
 * code hash is the one `UniswapV2Router02` hard-codes.
 */
function uniswapArtifact(contractName: string, jsonPath: string): Artifact {
  const json = require(jsonPath) as UniswapBuildJson;
  const hex = (code: string) => (code.startsWith("0x") ? code : `0x${code}`);
  return {
    _format: "hh-sol-artifact-1",
    contractName,
    sourceName: jsonPath,
    abi: json.abi,
    bytecode: hex(json.bytecode),
    deployedBytecode: hex(json.evm.deployedBytecode.object),
    linkReferences: {},
    deployedLinkReferences: {},
  };
}

export const WETH9_ARTIFACT = uniswapArtifact("WETH9", "@uniswap/v2-periphery/build/WETH9.json");
export const FACTORY_ARTIFACT = uniswapArtifact("UniswapV2Factory", "@uniswap/v2-core/build/UniswapV2Factory.json");
export const PAIR_ARTIFACT = uniswapArtifact("UniswapV2Pair", "@uniswap/v2-core/build/UniswapV2Pair.json");
export const ROUTER_ARTIFACT = uniswapArtifact(
  "UniswapV2Router02",
  "@uniswap/v2-periphery/build/UniswapV2Router02.json",
);

/** The pair init code hash that `UniswapV2Library.pairFor` (inside UniswapV2Router02) hard-codes. */
export const PAIR_INIT_CODE_HASH = "0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f";
