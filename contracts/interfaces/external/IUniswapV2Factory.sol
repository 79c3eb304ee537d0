// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IUniswapV2Factory
/// @notice The part of the Uniswap V2 factory (deployed from the `@uniswap/v2-core` npm artifact)
/// that the buy-back reads.
interface IUniswapV2Factory {
    /// @notice The pair of two tokens, in either order (zero when none was created).
    /// @param tokenA One token.
    /// @param tokenB The other token.
    /// @return pair The pair's address.
    function getPair(address tokenA, address tokenB) external view returns (address pair);
}
