// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "./Vm.sol";

/// @notice The factory and pair functions the tests call beyond the burner's own interfaces.
interface IUniswapV2FactoryForTests {
    function createPair(address tokenA, address tokenB) external returns (address pair);
}

interface IUniswapV2PairForTests {
    function mint(address to) external returns (uint256 liquidity);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function token0() external view returns (address);
}

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
