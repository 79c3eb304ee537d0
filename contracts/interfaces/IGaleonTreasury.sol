// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGaleonTreasury
/// @notice The DAO treasury. It takes the treasury's 30% leg from the payment router (anyone may
/// trigger that), and pays tokens and ETH out, or streams them through OpenZeppelin `VestingWallet`
/// grants, only when its owner (the DAO timelock, i.e. an executed proposal) says so.
/// @dev Amounts are in each token's base units; nothing assumes 18 decimals.
interface IGaleonTreasury {
    /* TYPES */

    /// @notice A vesting grant: `amount` of `token` streamed linearly to `beneficiary` by `wallet`
    /// from `start` over `duration` seconds.
    struct VestingGrant {
        address wallet;
        address beneficiary;
        address token;
        uint256 amount;
        uint64 start;
        uint64 duration;
    }

    /* ERRORS */

    /// @notice A router, token, recipient or beneficiary is the zero address.
    error GaleonTreasuryZeroAddress();

    /// @notice A payment or grant of zero.
    error GaleonTreasuryZeroAmount();

    /// @notice The treasury holds less than the payment or grant asks.
    /// @param token The token (the zero address for ETH).
    /// @param balance What the treasury holds, in base units.
    /// @param amount What was asked, in base units.
    error GaleonTreasuryInsufficientBalance(address token, uint256 balance, uint256 amount);

    /// @notice The recipient refused an ETH payment.
    /// @param to The recipient.
    /// @param amount The amount, in wei.
    error GaleonTreasuryEthTransferFailed(address to, uint256 amount);

    /* EVENTS */

    /// @notice The treasury's leg of `token` was withdrawn from `router`.
    /// @param router The payment router (an `IPayeeWithdrawals`).
    /// @param token The token.
    /// @param amount What the treasury's balance grew by, in base units (zero when nothing was due).
    event Collected(address indexed router, address indexed token, uint256 amount);

    /// @notice The treasury received ETH.
    /// @param from The sender.
    /// @param amount The amount, in wei.
    event EthReceived(address indexed from, uint256 amount);

    /// @notice The treasury paid out a token.
    /// @param token The token.
    /// @param to The recipient.
    /// @param amount The amount, in base units.
    event TokenPaid(address indexed token, address indexed to, uint256 amount);

    /// @notice The treasury paid out ETH.
    /// @param to The recipient.
    /// @param amount The amount, in wei.
    event EthPaid(address indexed to, uint256 amount);

    /// @notice A vesting grant was created and funded.
    /// @param grantId The grant's index (see `vestingGrant`).
    /// @param wallet The new `VestingWallet` that holds and streams the grant.
    /// @param beneficiary Who receives the stream (the wallet's owner).
    /// @param token The token streamed.
    /// @param amount The amount granted, in base units.
    /// @param start When the stream starts (unix seconds).
    /// @param duration How long it lasts, in seconds.
    event VestingGrantCreated(
        uint256 indexed grantId,
        address indexed wallet,
        address indexed beneficiary,
        address token,
        uint256 amount,
        uint64 start,
        uint64 duration
    );

    /* PERMISSIONLESS FUNCTIONS */

    /// @notice Withdraws the treasury's credited balance of each token in `tokens` from `router`.
    /// Anyone may call: the router only ever pays the treasury leg to its registered address.
    /// @dev Each token is withdrawn on its own and the event reports what the treasury's balance grew
    /// by, so a repeated token or a router that lies about its amounts cannot inflate the events.
    /// Not reentrant.
    /// @param router The payment router.
    /// @param tokens The payment tokens to withdraw.
    /// @return amounts What the treasury received of each token, in base units.
    function collect(address router, address[] calldata tokens) external returns (uint256[] memory amounts);

    /* OWNER-ONLY FUNCTIONS (THE DAO TIMELOCK) */

    /// @notice Pays `amount` of `token` to `to`. Owner only (an executed proposal).
    /// @param token The token.
    /// @param to The recipient.
    /// @param amount The amount, in base units.
    function transferToken(address token, address to, uint256 amount) external;

    /// @notice Pays `amount` wei to `to`. Owner only (an executed proposal).
    /// @param to The recipient.
    /// @param amount The amount, in wei.
    function transferEth(address payable to, uint256 amount) external;

    /// @notice Creates an OpenZeppelin `VestingWallet` owned by `beneficiary` and funds it with
    /// `amount` of `token`, streamed linearly from `start` over `duration`. Owner only (an executed
    /// proposal). The grant is irrevocable once made.
    /// @param beneficiary Who receives the stream.
    /// @param token The token granted.
    /// @param amount The amount, in base units.
    /// @param start When the stream starts (unix seconds; may be in the past).
    /// @param duration How long it lasts, in seconds (zero: everything releasable at `start`).
    /// @return grantId The grant's index.
    /// @return wallet The new vesting wallet.
    function createVestingGrant(
        address beneficiary,
        address token,
        uint256 amount,
        uint64 start,
        uint64 duration
    ) external returns (uint256 grantId, address wallet);

    /* VIEWS */

    /// @notice What the treasury holds of `token`.
    /// @param token The token.
    /// @return The balance, in base units.
    function balanceOf(address token) external view returns (uint256);

    /// @notice What the treasury holds in ETH.
    /// @return The balance, in wei.
    function ethBalance() external view returns (uint256);

    /// @notice How many vesting grants were created.
    /// @return The number of grants.
    function vestingGrantCount() external view returns (uint256);

    /// @notice A vesting grant by index.
    /// @param grantId The index, below `vestingGrantCount()`.
    /// @return The grant.
    function vestingGrant(uint256 grantId) external view returns (VestingGrant memory);
}
