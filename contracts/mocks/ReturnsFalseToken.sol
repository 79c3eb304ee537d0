// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReturnsFalseToken
/// @notice Hostile token for tests: once `failing` is set, `transfer` and `transferFrom` return false
/// without moving anything instead of reverting.
contract ReturnsFalseToken is ERC20 {
    bool public failing;

    constructor() ERC20("Returns False", "RFT") {}

    /// @notice Mints test tokens.
    /// @param to The recipient.
    /// @param amount The amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Turns the failure mode on or off.
    /// @param newFailing Whether transfers return false.
    function setFailing(bool newFailing) external {
        failing = newFailing;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (failing) return false;
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (failing) return false;
        return super.transferFrom(from, to, value);
    }
}
