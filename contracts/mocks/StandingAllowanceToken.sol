// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title StandingAllowanceToken
/// @notice Odd token for tests: `transferFrom` checks the allowance but never lowers it, so an approval
/// stands after it is used (as with tokens that treat approvals as permanent).
contract StandingAllowanceToken is ERC20 {
    constructor() ERC20("Standing Allowance", "STA") {}

    /// @notice Mints test tokens.
    /// @param to The recipient.
    /// @param amount The amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _spendAllowance(address owner, address spender, uint256 value) internal view override {
        uint256 current = allowance(owner, spender);
        if (current < value) revert ERC20InsufficientAllowance(spender, current, value);
    }
}
