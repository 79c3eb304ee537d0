// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IUniswapV2Pair
/// @notice The part of the Uniswap V2 pair (deployed from the `@uniswap/v2-core` npm artifact) that
/// the buy-back reads and calls.
interface IUniswapV2Pair {
    /// @notice The pair's lower-sorted token.
    /// @return The token address.
    function token0() external view returns (address);

    /// @notice The pair's higher-sorted token.
    /// @return The token address.
    function token1() external view returns (address);

    /// @notice The reserves and the timestamp (mod 2^32) of the last update.
    /// @return reserve0 The reserve of token0.
    /// @return reserve1 The reserve of token1.
    /// @return blockTimestampLast The block timestamp of the last update, mod 2^32.
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);

    /// @notice The sum over time of reserve1 / reserve0 (UQ112x112 × seconds), wrapping mod 2^256.
    /// @return The cumulative price of token0 in token1.
    function price0CumulativeLast() external view returns (uint256);

    /// @notice The sum over time of reserve0 / reserve1 (UQ112x112 × seconds), wrapping mod 2^256.
    /// @return The cumulative price of token1 in token0.
    function price1CumulativeLast() external view returns (uint256);

    /// @notice Sends the outputs to `to` after the inputs were transferred in; checks the invariant.
    /// @param amount0Out The token0 to send.
    /// @param amount1Out The token1 to send.
    /// @param to The recipient.
    /// @param data Empty for a plain swap (no callback).
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;

    /// @notice Sets the reserves to the balances.
    function sync() external;
}
