// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The three fixed parties of every payment besides the hospitals.
/// @dev Treasury: the DAO's 30%; Buyback: the 20% that buys and burns $GALEON; Galeon: the company's 10%.
enum Payee {
    Treasury,
    Buyback,
    Galeon
}

/// @title IPayeeWithdrawals
/// @notice The part of the payment router that the treasury, the buy-back and Galeon use to take
/// their credited shares. Pull payments: anyone may trigger a withdrawal, and it always pays the
/// payee's registered address.
interface IPayeeWithdrawals {
    /// @notice Pays `payee`'s whole credited balance of each token in `tokens` to its registered
    /// address and zeroes it. Anyone may call; a token with nothing credited pays nothing.
    /// @param payee The party whose balances are paid out.
    /// @param tokens The payment tokens to withdraw.
    /// @return amounts The amount paid for each token, in that token's base units.
    function withdrawPayee(Payee payee, address[] calldata tokens) external returns (uint256[] memory amounts);

    /// @notice The amount of `token` credited to `payee` and not yet withdrawn.
    /// @param payee The party.
    /// @param token The payment token.
    /// @return The claimable balance, in base units.
    function payeeBalance(Payee payee, address token) external view returns (uint256);

    /// @notice The address a payee's withdrawals are paid to.
    /// @param payee The party.
    /// @return The registered address.
    function payeeAddress(Payee payee) external view returns (address);
}
