// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title BlocklistToken
/// @notice Hostile token for tests, like USDC's blocklist: transfers to a blocked address revert.
contract BlocklistToken is ERC20 {
    mapping(address account => bool) public blocked;

    error BlocklistTokenBlocked(address account);

    constructor() ERC20("Blocklist", "BLT") {}

    /// @notice Mints test tokens.
    /// @param to The recipient.
    /// @param amount The amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Blocks or unblocks an account as a recipient.
    /// @param account The account.
    /// @param isBlocked Whether transfers to it revert.
    function setBlocked(address account, bool isBlocked) external {
        blocked[account] = isBlocked;
    }

    function _update(address from, address to, uint256 value) internal override {
        require(!blocked[to], BlocklistTokenBlocked(to));
        super._update(from, to, value);
    }
}
