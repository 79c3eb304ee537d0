// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

import {DoubleEntryLegacy} from "./DoubleEntryLegacy.sol";

/// @title DoubleEntryToken
/// @notice Hostile token for tests: one ledger reachable at two addresses, as TUSD once was (a proxy and
/// its implementation's legacy entry point). `legacy` is a second contract whose `transfer` and
/// `balanceOf` act on this token's balances for the caller.
contract DoubleEntryToken is ERC20 {
    /// @notice Only the legacy entry point may move balances through `legacyTransfer`.
    /// @param caller The caller.
    error DoubleEntryTokenNotLegacy(address caller);

    address private immutable LEGACY;

    constructor() ERC20("Double entry", "DBL") {
        LEGACY = address(new DoubleEntryLegacy(this));
    }

    /// @notice The second address of the same ledger.
    /// @return The legacy entry point.
    function legacy() external view returns (address) {
        return LEGACY;
    }

    /// @notice Mints test tokens.
    /// @param to The recipient.
    /// @param amount The amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Moves `amount` from `from` to `to`; only for the legacy entry point, on its caller's behalf.
    /// @param from The legacy entry point's caller.
    /// @param to The recipient.
    /// @param amount The amount.
    function legacyTransfer(address from, address to, uint256 amount) external {
        require(msg.sender == LEGACY, DoubleEntryTokenNotLegacy(msg.sender));
        _transfer(from, to, amount);
    }
}
