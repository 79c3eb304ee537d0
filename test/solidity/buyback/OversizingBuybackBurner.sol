// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BuybackBurner} from "../../../contracts/buyback/BuybackBurner.sol";

/// @notice A BuybackBurner whose sizing is wrong on purpose: it allows `factorBps / 10,000` times the
/// largest input that keeps the spot in the band, so that tests reach the checks behind the sizing.
contract OversizingBuybackBurner is BuybackBurner {
    uint256 private immutable FACTOR_BPS;

    constructor(
        address initialAdmin,
        address galeonToken,
        address uniswapFactory,
        uint256 factorBps
    ) BuybackBurner(initialAdmin, address(0), 0, galeonToken, uniswapFactory) {
        FACTOR_BPS = factorBps;
    }

    function _maxAmountIn(
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 floorX112
    ) internal view override returns (uint256) {
        return (super._maxAmountIn(reserveIn, reserveOut, floorX112) * FACTOR_BPS) / 10_000;
    }
}
