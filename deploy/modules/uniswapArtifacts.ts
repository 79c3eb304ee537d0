import { createRequire } from "node:module";

import type { Artifact } from "hardhat/types/artifacts";

const require = createRequire(import.meta.url);

/** The shape of the build JSON files shipped in `@uniswap/v2-core` and `@uniswap/v2-periphery`. */
interface UniswapBuildJson {
  abi: Artifact["abi"];
  bytecode: string;
  evm: { deployedBytecode: { object: string; immutableReferences?: Artifact["immutableReferences"] } };
}

/**
 * Adapts a Uniswap V2 npm build JSON (bytecode without `0x`, no `_format`) to a Hardhat 3 artifact
 * (`hh3-artifact-1`), the format Hardhat Ignition stores in a deployment's folder. Ignition refuses
 * to continue a deployment whose stored artifacts carry the Hardhat 2 format (HHE10002), so this
 * format is what lets the same `ignition deploy` run again to resume. The bytecode is used as
 * shipped: never recompiled, so the pair's init code hash is the one `UniswapV2Router02` hard-codes.
 */
function uniswapArtifact(contractName: string, jsonPath: string): Artifact {
  const json = require(jsonPath) as UniswapBuildJson;
  const hex = (code: string) => (code.startsWith("0x") ? code : `0x${code}`);
  return {
    _format: "hh3-artifact-1",
    contractName,
    sourceName: jsonPath,
    inputSourceName: jsonPath,
    abi: json.abi,
    bytecode: hex(json.bytecode),
    deployedBytecode: hex(json.evm.deployedBytecode.object),
    linkReferences: {},
    deployedLinkReferences: {},
    immutableReferences: json.evm.deployedBytecode.immutableReferences ?? {},
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
