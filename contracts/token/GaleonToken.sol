// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

import {IGaleonToken} from "../interfaces/IGaleonToken.sol";

/// @title GaleonToken
/// @notice $GALEON: fixed-supply governance token. Minted once at deployment; burnable; votes on a
/// timestamp clock. No owner, no mint key, no pause.
contract GaleonToken is ERC20, ERC20Permit, ERC20Votes, ERC20Burnable, IGaleonToken {
    /// @notice Mints the whole supply to `recipients`, `amounts[i]` to `recipients[i]`.
    /// @param recipients The holders of the initial supply; non-zero, no duplicates.
    /// @param amounts The amount for each recipient, in base units (18 decimals); each non-zero.
    constructor(address[] memory recipients, uint256[] memory amounts) ERC20("Galeon", "GALEON") ERC20Permit("Galeon") {
        uint256 count = recipients.length;
        require(count != 0, GaleonTokenEmptyAllocation());
        require(count == amounts.length, GaleonTokenAllocationLengthMismatch(count, amounts.length));
        for (uint256 i; i < count; ++i) {
            address recipient = recipients[i];
            uint256 amount = amounts[i];
            require(recipient != address(0), GaleonTokenZeroRecipient(i));
            require(amount != 0, GaleonTokenZeroAmount(i, recipient));
            // Every earlier recipient received a non-zero amount, so a non-zero balance means a repeat.
            require(balanceOf(recipient) == 0, GaleonTokenDuplicateRecipient(i, recipient));
            _mint(recipient, amount);
            emit GaleonAllocated(recipient, amount);
        }
    }

    /* ERC-6372 CLOCK */

    /// @inheritdoc IERC6372
    function clock() public view override(Votes, IERC6372) returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @inheritdoc IERC6372
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(Votes, IERC6372) returns (string memory) {
        return "mode=timestamp";
    }

    /* BURNING */

    /// @inheritdoc IGaleonToken
    function burn(uint256 value) public override(ERC20Burnable, IGaleonToken) {
        super.burn(value);
    }

    /// @inheritdoc IGaleonToken
    function burnFrom(address account, uint256 value) public override(ERC20Burnable, IGaleonToken) {
        super.burnFrom(account, value);
    }

    /* REQUIRED OVERRIDES */

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
