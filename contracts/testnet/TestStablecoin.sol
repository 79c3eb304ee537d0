// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title TestStablecoin
/// @notice A stand-in for EURC/USDC on local and test networks only: EIP-2612 permit, any number of
/// decimals (6 like EURC by default in the local deployment), and an open faucet.
/// @dev Never deploy on a production network: anyone can mint.
contract TestStablecoin is ERC20, ERC20Permit {
    uint8 private immutable DECIMALS;

    /// @notice Emitted when the faucet mints.
    /// @param to The recipient.
    /// @param amount The amount minted, in base units.
    event FaucetMinted(address indexed to, uint256 amount);

    /// @param name_ The token name (also the EIP-712 domain name).
    /// @param symbol_ The token symbol.
    /// @param decimals_ The number of decimals (6 for a EURC stand-in).
    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) ERC20Permit(name_) {
        DECIMALS = decimals_;
    }

    /// @notice Mints `amount` to `to`. Open to anyone: a test token.
    /// @param to The recipient.
    /// @param amount The amount, in base units.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
        emit FaucetMinted(to, amount);
    }

    /// @notice The token's decimals.
    /// @return The number of decimals set at deployment.
    function decimals() public view override returns (uint8) {
        return DECIMALS;
    }
}
