// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGuardianPausable} from "./IGuardianPausable.sol";

/// @title IBuybackBurner
/// @notice Buys $GALEON with the buy-back leg of every payment (20%) on a hard-wired Uniswap V2 pair
/// per payment token and burns all of it, so `totalSupply` falls. Never swaps inside a purchase:
/// anyone (a keeper) calls `execute` when it is due. Per token, the burner spends at most `lot` per
/// budget window of `hop` seconds, however the calls are split: a window opens at the first `execute`
/// after the previous one closed, and each call spends only what is left of it, so a stranger's tiny
/// call blocks nobody. Each swap is bounded by a time-weighted average price (TWAP) of at least 30
/// minutes read from the pair's cumulative prices: the spot price must lie within `deviationBps` of it
/// in either direction before the swap, the output must reach `minOut` = input × TWAP × (1 − deviation),
/// and the swap is sized so that the spot price after it is still inside the band. A leg paid in
/// $GALEON is burned without a swap. The admin (the DAO timelock) sets every parameter and may recover
/// a token the burner cannot buy back with (never $GALEON); the guardian can only pause.
/// @dev Observations: the burner keeps two snapshots per token of the pair's cumulative price. Anyone
/// may record one once the newest is at least `twapWindow` old, so `execute` always finds one that is
/// at least `twapWindow` old (the newest, or else the previous one) and nobody can keep the window
/// short by recording often. An observation older than `maxObservationAge` is stale: keepers record
/// at least every `maxObservationAge − twapWindow` seconds.
/// Storage: a market's timestamps are kept in 32 bits (valid until 2106, as the pair's own clock) and
/// its lot and the window's spending in 80 bits, so that one storage slot holds a market.
interface IBuybackBurner is IGuardianPausable {
    /* ERRORS */

    /// @notice `execute` or a setter named a token without a configured pair.
    /// @param token The payment token.
    error BuybackBurnerTokenNotConfigured(address token);

    /// @notice The token cannot be configured: $GALEON itself, or the zero address.
    /// @param token The refused token.
    error BuybackBurnerInvalidToken(address token);

    /// @notice The constructor was given no Uniswap V2 factory.
    error BuybackBurnerZeroFactory();

    /// @notice The offered pair is not the factory's pair of the payment token and $GALEON.
    /// @param pair The offered pair.
    /// @param canonical The factory's pair for the two tokens (zero: none created).
    error BuybackBurnerNotCanonicalPair(address pair, address canonical);

    /// @notice A lot above 2^80 − 1 base units (1,208,925 whole tokens of 18 decimals).
    /// @param lot The refused lot.
    error BuybackBurnerLotTooLarge(uint256 lot);

    /// @notice The pair's two tokens are not the payment token and $GALEON.
    /// @param pair The offered pair.
    /// @param token0 The pair's token0.
    /// @param token1 The pair's token1.
    error BuybackBurnerPairMismatch(address pair, address token0, address token1);

    /// @notice The open budget window of this token has spent its whole `lot`.
    /// @param token The payment token.
    /// @param nextWindowAt When the window closes: the first `execute` from then opens the next one.
    /// @param now_ The current block timestamp.
    error BuybackBurnerBudgetSpent(address token, uint256 nextWindowAt, uint256 now_);

    /// @notice The usable observation is younger than `twapWindow`: the average would be too short. Also
    /// when the newest observation is that young and the previous one is stale or missing: the newest
    /// becomes usable once it is `twapWindow` old.
    /// @param token The payment token.
    /// @param age The newest observation's age in seconds.
    /// @param window The required window in seconds.
    error BuybackBurnerTwapWindowTooShort(address token, uint256 age, uint256 window);

    /// @notice The usable observation is older than `maxObservationAge` (or none was recorded).
    /// @param token The payment token.
    /// @param age The observation's age in seconds (the current timestamp when none exists).
    /// @param maxAge The largest age accepted, in seconds.
    error BuybackBurnerObservationStale(address token, uint256 age, uint256 maxAge);

    /// @notice `recordObservation` was called, by anyone but the admin, while the newest observation is
    /// younger than `twapWindow`.
    /// @param token The payment token.
    /// @param nextAt The first timestamp at which a new observation may be recorded.
    /// @param now_ The current block timestamp.
    error BuybackBurnerObservationTooRecent(address token, uint256 nextAt, uint256 now_);

    /// @notice The spot price is outside the band around the TWAP (either direction).
    /// @param token The payment token.
    /// @param spotX112 The spot price, $GALEON per token, UQ112x112.
    /// @param twapX112 The time-weighted average price, UQ112x112.
    /// @param deviationBps The band half-width in basis points.
    error BuybackBurnerSpotOutOfBand(address token, uint256 spotX112, uint256 twapX112, uint256 deviationBps);

    /// @notice There is nothing to spend: no balance, no budget left (a zero `lot`), or no room within
    /// the band.
    /// @param token The payment token.
    /// @param balance The burner's balance of the token.
    /// @param budget What the budget window has left (the whole `lot` when the call opens a window).
    /// @param maxLot The largest input the reserves allow within the band (`maxLotForDeviation`).
    error BuybackBurnerNothingToSpend(address token, uint256 balance, uint256 budget, uint256 maxLot);

    /// @notice The swap would return less $GALEON than `minOut`.
    /// @param token The payment token.
    /// @param amountOut The output the reserves give.
    /// @param minOut The least output accepted.
    error BuybackBurnerOutputBelowMinimum(address token, uint256 amountOut, uint256 minOut);

    /// @notice The spot price after the swap would fall below the band (a guard behind the sizing of
    /// `maxLotForDeviation`, which keeps it inside).
    /// @param token The payment token.
    /// @param spotAfterX112 The spot price the pair would have after the swap, UQ112x112.
    /// @param twapX112 The time-weighted average price, UQ112x112.
    /// @param deviationBps The band half-width in basis points.
    error BuybackBurnerSpotAfterOutOfBand(address token, uint256 spotAfterX112, uint256 twapX112, uint256 deviationBps);

    /// @notice `hop` outside [MIN_HOP, MAX_HOP].
    /// @param hop The refused value, in seconds.
    error BuybackBurnerHopOutOfRange(uint256 hop);

    /// @notice `deviationBps` above MAX_DEVIATION_BPS (10%).
    /// @param deviationBps The refused value.
    error BuybackBurnerDeviationTooHigh(uint256 deviationBps);

    /// @notice `twapWindow` below MIN_TWAP_WINDOW (30 minutes) or above MAX_TWAP_WINDOW, or
    /// `maxObservationAge` below twice the window or above MAX_OBSERVATION_AGE.
    /// @param twapWindow The refused window, in seconds.
    /// @param maxObservationAge The refused maximum age, in seconds.
    error BuybackBurnerWindowOutOfRange(uint256 twapWindow, uint256 maxObservationAge);

    /// @notice The router does not pay the buy-back leg to this contract.
    /// @param router The offered router.
    /// @param payee The router's registered buy-back payee.
    error BuybackBurnerNotRouterPayee(address router, address payee);

    /// @notice `recoverToken` named $GALEON (always burnable through `execute`) or the zero address.
    /// @param token The refused token.
    error BuybackBurnerNotRecoverable(address token);

    /// @notice `recoverToken` named a token with an enabled market: `execute` spends it. Retire the
    /// market first (`setPair(token, 0)`).
    /// @param token The refused token.
    error BuybackBurnerMarketEnabled(address token);

    /// @notice `recoverToken` was given the zero address as recipient.
    error BuybackBurnerZeroRecipient();

    /// @notice `recoverToken` asked for zero, or for more than the burner holds.
    /// @param token The token.
    /// @param amount The refused amount.
    /// @param balance The burner's balance, after withdrawing the router's credited leg.
    error BuybackBurnerRecoverAmountInvalid(address token, uint256 amount, uint256 balance);

    /* EVENTS */

    /// @notice $GALEON was bought and burned, or a $GALEON leg burned directly.
    /// @param token The payment token spent ($GALEON for a direct burn).
    /// @param amountIn The amount of `token` spent, in its base units.
    /// @param galeonBurned The $GALEON burned (the drop in `totalSupply`).
    /// @param twapX112 The reference TWAP, $GALEON per token, UQ112x112 (2^112 for a direct burn).
    /// @param minOut The least output that was accepted (`galeonBurned` for a direct burn).
    event BuybackExecuted(
        address indexed token,
        uint256 amountIn,
        uint256 galeonBurned,
        uint256 twapX112,
        uint256 minOut
    );

    /// @notice A snapshot of a pair's cumulative price was stored.
    /// @param token The payment token.
    /// @param priceCumulative The counterfactual cumulative price, $GALEON per token.
    /// @param timestamp The block timestamp of the snapshot.
    event ObservationRecorded(address indexed token, uint256 priceCumulative, uint64 timestamp);

    /// @notice The pair of a payment token changed (zero: buy-backs in that token disabled). Its
    /// observations are cleared.
    /// @param token The payment token.
    /// @param pair The new pair.
    event PairSet(address indexed token, address indexed pair);

    /// @notice The most spent per budget window changed. It applies to the open window at once.
    /// @param token The payment token.
    /// @param lot The new lot, in the token's base units.
    event LotSet(address indexed token, uint256 lot);

    /// @notice The length of a budget window changed. It applies to the open window at once.
    /// @param hop The new hop, in seconds.
    event HopSet(uint256 hop);

    /// @notice The band half-width around the TWAP changed.
    /// @param deviationBps The new deviation, basis points.
    event DeviationSet(uint256 deviationBps);

    /// @notice The TWAP window or the staleness bound changed.
    /// @param twapWindow The least averaging window, in seconds.
    /// @param maxObservationAge The largest age of a usable observation, in seconds.
    event TwapWindowSet(uint256 twapWindow, uint256 maxObservationAge);

    /// @notice The payment router the buy-back leg is withdrawn from changed (zero: none).
    /// @param router The new router.
    event RouterSet(address indexed router);

    /// @notice The admin recovered a token the burner cannot buy back with.
    /// @param token The token.
    /// @param to The recipient.
    /// @param amount The amount sent, in the token's base units.
    event TokenRecovered(address indexed token, address indexed to, uint256 amount);

    /* FUNCTIONS */

    /// @notice Buys $GALEON with this contract's balance of `token` and burns it; for `token` ==
    /// $GALEON, burns the whole balance without a swap. Anyone may call.
    /// @dev First withdraws the buy-back leg credited in the router, when one is set. Opens a budget
    /// window when none is open (the previous one is `hop` old or more), then spends
    /// min(balance, lot − spent in the window, maxLotForDeviation(token)). Reverts when paused, when the
    /// window has spent its lot, when the TWAP is stale or too short, when the spot price is outside
    /// the band, when there is nothing to spend, when the output is below `minOut` or when the spot
    /// after the swap would leave the band.
    /// @param token The payment token.
    /// @return amountIn The amount of `token` spent.
    /// @return galeonBurned The $GALEON burned.
    function execute(address token) external returns (uint256 amountIn, uint256 galeonBurned);

    /// @notice Stores a snapshot of the pair's cumulative price, overwriting the older of the two.
    /// Anyone may call, once the newest snapshot is at least `twapWindow` old. Before that, a call reverts
    /// (`BuybackBurnerObservationTooRecent`), except the admin's, which does nothing (no event): a deployment
    /// or a proposal that records an observation cannot be stopped by a stranger who recorded one first.
    /// @param token The payment token.
    function recordObservation(address token) external;

    /// @notice Sets (or, with the zero address, removes) the Uniswap V2 pair of a payment token and
    /// clears its observations. Admin only.
    /// @dev The pair must be the factory's canonical (CREATE2) pair of `token` and $GALEON, and its
    /// token0/token1 must be those two tokens: a look-alike contract is refused. `execute` then
    /// recomputes the address from the factory instead of storing it.
    /// @param token The payment token (not $GALEON).
    /// @param newPair The factory's pair of `token` and $GALEON.
    function setPair(address token, address newPair) external;

    /// @notice Sets the most the burner may spend of `token` per budget window. Admin only.
    /// @param token A payment token (not $GALEON).
    /// @param newLot The lot, in the token's base units, at most 2^80 − 1 (1,208,925 whole tokens of
    /// 18 decimals; zero stops buy-backs in that token).
    function setLot(address token, uint256 newLot) external;

    /// @notice Sets the length of a budget window, for every token. Admin only.
    /// @param newHop Seconds, within [MIN_HOP, MAX_HOP].
    function setHop(uint256 newHop) external;

    /// @notice Sets the band half-width around the TWAP. Admin only.
    /// @param newDeviationBps Basis points, at most MAX_DEVIATION_BPS.
    function setDeviation(uint256 newDeviationBps) external;

    /// @notice Sets the TWAP window and the staleness bound. Admin only.
    /// @param newTwapWindow Seconds, within [MIN_TWAP_WINDOW, MAX_TWAP_WINDOW].
    /// @param newMaxObservationAge Seconds, within [2 × newTwapWindow, MAX_OBSERVATION_AGE].
    function setTwapWindow(uint256 newTwapWindow, uint256 newMaxObservationAge) external;

    /// @notice Sets the router the buy-back leg is withdrawn from. Admin only.
    /// @param newRouter A router whose buy-back payee is this contract, or zero for none.
    function setRouter(address newRouter) external;

    /// @notice Sends a token the burner cannot buy back with (no enabled market: its pair does not
    /// exist yet, or the admin retired it) to `to`, after withdrawing the router's credited leg of
    /// that token. Never $GALEON, which `execute` always burns. Admin only; works while paused.
    /// @param token The token, without an enabled market.
    /// @param to The recipient (the DAO treasury, typically).
    /// @param amount The amount in base units, or `type(uint256).max` for the whole balance (what a
    /// proposal voted days before its execution should ask for).
    /// @return recovered The amount sent.
    function recoverToken(address token, address to, uint256 amount) external returns (uint256 recovered);

    /// @notice The largest amount of `token` an `execute` could spend now within the band: the
    /// largest input that meets `minOut` and leaves the spot price inside the band after the swap (a
    /// conservative closed form, see `TwapLib.maxAmountIn`), zero when the spot price is outside the
    /// band.
    /// @dev Reverts like `execute` when the token is not configured or the TWAP is stale or too short.
    /// @param token The payment token.
    /// @return The amount, in the token's base units (not capped by `lot` or the balance).
    function maxLotForDeviation(address token) external view returns (uint256);

    /// @notice The current TWAP of `token`'s pair over the usable observation.
    /// @dev Reverts like `execute` when the token is not configured or the TWAP is stale or too short.
    /// @param token The payment token.
    /// @return twapX112 $GALEON per token in base units, UQ112x112.
    /// @return spotX112 The current spot price, UQ112x112.
    function prices(address token) external view returns (uint256 twapX112, uint256 spotX112);

    /// @notice The floor of `hop`: 5 minutes.
    /// @return Seconds.
    function MIN_HOP() external view returns (uint256);

    /// @notice The ceiling of `hop`: 30 days.
    /// @return Seconds.
    function MAX_HOP() external view returns (uint256);

    /// @notice The ceiling of the band half-width: 10%.
    /// @return Basis points.
    function MAX_DEVIATION_BPS() external view returns (uint256);

    /// @notice The floor of the TWAP window: 30 minutes.
    /// @return Seconds.
    function MIN_TWAP_WINDOW() external view returns (uint256);

    /// @notice The ceiling of the TWAP window: 1 day.
    /// @return Seconds.
    function MAX_TWAP_WINDOW() external view returns (uint256);

    /// @notice The ceiling of the staleness bound: 7 days.
    /// @return Seconds.
    function MAX_OBSERVATION_AGE() external view returns (uint256);

    /// @notice The ceiling of `lot`: 2^80 − 1 base units (1,208,925 whole tokens of 18 decimals).
    /// @return Base units.
    function MAX_LOT() external view returns (uint256);

    /// @notice keccak256 of the Uniswap V2 pair creation code, from which pair addresses are derived.
    /// @return 0x96e8ac42…845f, the value UniswapV2Router02 hard-codes.
    function PAIR_INIT_CODE_HASH() external view returns (bytes32);

    /// @notice The $GALEON token bought and burned.
    /// @return The token address.
    function galeon() external view returns (address);

    /// @notice The Uniswap V2 factory whose pairs the burner trades on.
    /// @return The factory address.
    function factory() external view returns (address);

    /// @notice A payment token's market and its last budget window, as stored.
    /// @param token The payment token.
    /// @return pair The Uniswap V2 pair (zero: not configured).
    /// @return lot The most spent per budget window, in base units.
    /// @return windowStart When the last budget window opened (zero: none yet); it closes `hop` later.
    /// @return spent What `execute` spent in that window, in base units.
    function market(
        address token
    ) external view returns (address pair, uint256 lot, uint256 windowStart, uint256 spent);

    /// @notice What `execute` may still spend of `token` before the budget window closes, whatever
    /// the balance and the band.
    /// @dev Reverts when the token is not configured.
    /// @param token The payment token.
    /// @return remaining lot − spent in the open window, or the whole lot when no window is open (the
    /// next `execute` opens one).
    /// @return windowEnd When the open window closes (zero: none is open).
    function budget(address token) external view returns (uint256 remaining, uint256 windowEnd);

    /// @notice The two stored observations of a token (index 0 and 1; timestamp zero: empty).
    /// @param token The payment token.
    /// @param index 0 or 1.
    /// @return priceCumulative The stored cumulative price (zero while the slot is empty).
    /// @return timestamp The block timestamp of the snapshot.
    function observation(
        address token,
        uint256 index
    ) external view returns (uint256 priceCumulative, uint256 timestamp);

    /// @notice The global parameters.
    /// @return hop The length of a budget window, seconds.
    /// @return deviationBps The band half-width, basis points.
    /// @return twapWindow The least averaging window, seconds.
    /// @return maxObservationAge The largest age of a usable observation, seconds.
    /// @return router The router the leg is withdrawn from (zero: none).
    function parameters()
        external
        view
        returns (uint256 hop, uint256 deviationBps, uint256 twapWindow, uint256 maxObservationAge, address router);
}
