// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "./Vm.sol";

/// @notice Deploys the real Uniswap V2 factory from its `@uniswap/v2-core` npm build (never
/// recompiled), read through the `readFile` cheatcode (allowed in `test.solidity.fsPermissions`).
library UniswapV2Deployer {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    string internal constant FACTORY_JSON = "node_modules/@uniswap/v2-core/build/UniswapV2Factory.json";

    error UniswapV2DeployerFailed();

    function deployFactory(address feeToSetter) internal returns (address factory) {
        bytes memory code = vm.parseBytes(vm.parseJsonString(vm.readFile(FACTORY_JSON), ".bytecode"));
        bytes memory initCode = bytes.concat(code, abi.encode(feeToSetter));
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            factory := create(0, add(initCode, 0x20), mload(initCode))
        }
        if (factory == address(0)) revert UniswapV2DeployerFailed();
    }
}
