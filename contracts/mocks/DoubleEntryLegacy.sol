// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DoubleEntryToken} from "./DoubleEntryToken.sol";

/// @title DoubleEntryLegacy
/// @notice The legacy entry point of a DoubleEntryToken: the same balances under another address.
contract DoubleEntryLegacy {
    DoubleEntryToken private immutable TOKEN;

    /// @param token The token whose ledger this entry point moves.
    constructor(DoubleEntryToken token) {
        TOKEN = token;
    }

    /// @notice Moves the caller's tokens on the shared ledger.
    /// @param to The recipient.
    /// @param amount The amount.
    /// @return Always true.
    function transfer(address to, uint256 amount) external returns (bool) {
        TOKEN.legacyTransfer(msg.sender, to, amount);
        return true;
    }

    /// @notice The shared ledger's balance.
    /// @param account The account.
    /// @return The balance.
    function balanceOf(address account) external view returns (uint256) {
        return TOKEN.balanceOf(account);
    }
}
