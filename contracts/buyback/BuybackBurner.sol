// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {GuardianPausable} from "../access/GuardianPausable.sol";
import {IBuybackBurner} from "../interfaces/IBuybackBurner.sol";
import {IGaleonToken} from "../interfaces/IGaleonToken.sol";
import {IUniswapV2Pair} from "../interfaces/external/IUniswapV2Pair.sol";
import {IPayeeWithdrawals, Payee} from "../interfaces/IPayeeWithdrawals.sol";
import {TwapLib} from "../libraries/TwapLib.sol";

/// @title BuybackBurner
/// @notice Buys $GALEON with the buy-back leg on a hard-wired Uniswap V2 pair per payment token,
/// bounded by a TWAP of at least 30 minutes, and burns every unit bought.
contract BuybackBurner is GuardianPausable, ReentrancyGuardTransient, IBuybackBurner {
    using SafeERC20 for IERC20;

    /* CONSTANTS */

    /// @dev Floor of `hop`, seconds.
    uint256 public constant MIN_HOP = 5 minutes;
    /// @dev Ceiling of `hop`, seconds.
    uint256 public constant MAX_HOP = 30 days;
    /// @dev Ceiling of the band half-width: 10% in basis points.
    uint256 public constant MAX_DEVIATION_BPS = 1_000;
    /// @dev Floor of the TWAP window, seconds.
    uint256 public constant MIN_TWAP_WINDOW = 30 minutes;
    /// @dev Ceiling of the TWAP window, seconds.
    uint256 public constant MAX_TWAP_WINDOW = 1 days;
    /// @dev Ceiling of the staleness bound, seconds.
    uint256 public constant MAX_OBSERVATION_AGE = 7 days;

    /// @dev The $GALEON token.
    address private immutable GALEON;

    /* STORAGE */

    /// @dev One slot: the pair, whether the payment token is its token0, the last `execute`.
    struct Market {
        address pair;
        bool tokenIsToken0;
        uint64 lastExecutedAt;
    }

    /// @dev Two snapshots of the pair's cumulative price (payment token → $GALEON); both
    /// timestamps share one slot so `execute` reads them with one load.
    struct Observations {
        uint256 cumulative0;
        uint256 cumulative1;
        uint64 timestamp0;
        uint64 timestamp1;
    }

    /// @dev One slot: 4 + 2 + 3 + 3 + 20 bytes.
    struct Params {
        uint32 hop;
        uint16 deviationBps;
        uint24 twapWindow;
        uint24 maxObservationAge;
        address router;
    }

    /// @dev The amounts of one buy-back (memory only).
    struct Quote {
        uint256 amountIn;
        uint256 amountOut;
        uint256 twapX112;
        uint256 minOut;
    }

    mapping(address token => Market) private _markets;
    mapping(address token => uint256) private _lots;
    mapping(address token => Observations) private _observations;
    Params private _params;

    /// @param initialAdmin The admin (the DAO timelock after deployment).
    /// @param initialGuardian The guardian that may pause (zero: none).
    /// @param guardianExpiry When the guardian's mandate ends (unix seconds).
    /// @param galeonToken The $GALEON token.
    constructor(
        address initialAdmin,
        address initialGuardian,
        uint64 guardianExpiry,
        address galeonToken
    ) GuardianPausable(initialAdmin, initialGuardian, guardianExpiry) {
        require(galeonToken != address(0), BuybackBurnerInvalidToken(galeonToken));
        GALEON = galeonToken;
        _setHop(1 hours);
        _setDeviation(200);
        _setTwapWindow(30 minutes, 4 hours);
    }

    /* KEEPER FUNCTIONS (ANYONE) */

    /// @inheritdoc IBuybackBurner
    function execute(
        address token
    ) external nonReentrant whenNotPaused returns (uint256 amountIn, uint256 galeonBurned) {
        Params memory params = _params;
        if (token == GALEON) return _burnGaleonLeg(params.router);

        Market memory m = _markets[token];
        require(m.pair != address(0), BuybackBurnerTokenNotConfigured(token));
        uint256 nextAt = uint256(m.lastExecutedAt) + params.hop;
        require(block.timestamp >= nextAt, BuybackBurnerHopNotElapsed(token, nextAt, block.timestamp));

        // The router is admin-set and trusted; `nonReentrant` guards the burner while it pays.
        _withdrawLeg(params.router, token);

        Quote memory q = _quote(token, m, params);
        (amountIn, galeonBurned) = (q.amountIn, q.amountOut);

        _markets[token].lastExecutedAt = uint64(block.timestamp);
        emit BuybackExecuted(token, amountIn, galeonBurned, q.twapX112, q.minOut);

        IERC20(token).safeTransfer(m.pair, amountIn);
        (uint256 amount0Out, uint256 amount1Out) = m.tokenIsToken0 ? (uint256(0), galeonBurned) : (galeonBurned, 0);
        IUniswapV2Pair(m.pair).swap(amount0Out, amount1Out, address(this), "");
        IGaleonToken(GALEON).burn(galeonBurned);
    }

    /// @inheritdoc IBuybackBurner
    function recordObservation(address token) external {
        Market memory m = _markets[token];
        require(m.pair != address(0), BuybackBurnerTokenNotConfigured(token));
        Observations storage obs = _observations[token];
        (uint64 timestamp0, uint64 timestamp1) = (obs.timestamp0, obs.timestamp1);
        uint256 newest = Math.max(timestamp0, timestamp1);
        if (newest != 0) {
            uint256 nextAt = newest + _params.twapWindow;
            require(block.timestamp >= nextAt, BuybackBurnerObservationTooRecent(token, nextAt, block.timestamp));
        }

        (, , uint256 cumulative) = _currentCumulative(m);
        uint64 nowTimestamp = uint64(block.timestamp);
        // Overwrite the older snapshot (slot 0 first when both are empty).
        if (timestamp0 <= timestamp1) {
            obs.cumulative0 = cumulative;
            obs.timestamp0 = nowTimestamp;
        } else {
            obs.cumulative1 = cumulative;
            obs.timestamp1 = nowTimestamp;
        }
        emit ObservationRecorded(token, cumulative, nowTimestamp);
    }

    /* ADMIN FUNCTIONS (THE DAO TIMELOCK) */

    /// @inheritdoc IBuybackBurner
    function setPair(address token, address newPair) external onlyOwner {
        _requirePaymentToken(token);
        bool tokenIsToken0;
        if (newPair != address(0)) {
            address token0 = IUniswapV2Pair(newPair).token0();
            address token1 = IUniswapV2Pair(newPair).token1();
            tokenIsToken0 = token0 == token;
            require(
                tokenIsToken0 ? token1 == GALEON : (token1 == token && token0 == GALEON),
                BuybackBurnerPairMismatch(newPair, token0, token1)
            );
        }
        Market storage m = _markets[token];
        m.pair = newPair;
        m.tokenIsToken0 = tokenIsToken0;
        delete _observations[token];
        emit PairSet(token, newPair);
    }

    /// @inheritdoc IBuybackBurner
    function setLot(address token, uint256 newLot) external onlyOwner {
        _requirePaymentToken(token);
        _lots[token] = newLot;
        emit LotSet(token, newLot);
    }

    /// @inheritdoc IBuybackBurner
    function setHop(uint256 newHop) external onlyOwner {
        _setHop(newHop);
    }

    /// @inheritdoc IBuybackBurner
    function setDeviation(uint256 newDeviationBps) external onlyOwner {
        _setDeviation(newDeviationBps);
    }

    /// @inheritdoc IBuybackBurner
    function setTwapWindow(uint256 newTwapWindow, uint256 newMaxObservationAge) external onlyOwner {
        _setTwapWindow(newTwapWindow, newMaxObservationAge);
    }

    /// @inheritdoc IBuybackBurner
    function setRouter(address newRouter) external onlyOwner {
        if (newRouter != address(0)) {
            address payee = IPayeeWithdrawals(newRouter).payeeAddress(Payee.Buyback);
            require(payee == address(this), BuybackBurnerNotRouterPayee(newRouter, payee));
        }
        _params.router = newRouter;
        emit RouterSet(newRouter);
    }

    /* VIEWS */

    /// @inheritdoc IBuybackBurner
    function maxLotForDeviation(address token) external view returns (uint256) {
        Market memory m = _markets[token];
        require(m.pair != address(0), BuybackBurnerTokenNotConfigured(token));
        Params memory params = _params;
        (uint256 reserveIn, uint256 reserveOut, uint256 twapX112) = _readPrices(token, m, params);
        uint256 spotX112 = TwapLib.spotPrice(reserveIn, reserveOut);
        if (!TwapLib.withinBand(spotX112, twapX112, params.deviationBps)) return 0;
        return TwapLib.maxAmountIn(reserveIn, reserveOut, twapX112, params.deviationBps);
    }

    /// @inheritdoc IBuybackBurner
    function prices(address token) external view returns (uint256 twapX112, uint256 spotX112) {
        Market memory m = _markets[token];
        require(m.pair != address(0), BuybackBurnerTokenNotConfigured(token));
        uint256 reserveIn;
        uint256 reserveOut;
        (reserveIn, reserveOut, twapX112) = _readPrices(token, m, _params);
        spotX112 = TwapLib.spotPrice(reserveIn, reserveOut);
    }

    /// @inheritdoc IBuybackBurner
    function galeon() external view returns (address) {
        return GALEON;
    }

    /// @inheritdoc IBuybackBurner
    function market(address token) external view returns (address pair, uint256 lot, uint256 lastExecutedAt) {
        Market memory m = _markets[token];
        return (m.pair, _lots[token], m.lastExecutedAt);
    }

    /// @inheritdoc IBuybackBurner
    function observation(
        address token,
        uint256 index
    ) external view returns (uint256 priceCumulative, uint256 timestamp) {
        Observations memory obs = _observations[token];
        return index == 0 ? (obs.cumulative0, obs.timestamp0) : (obs.cumulative1, obs.timestamp1);
    }

    /// @inheritdoc IBuybackBurner
    function parameters()
        external
        view
        returns (uint256 hop, uint256 deviationBps, uint256 twapWindow, uint256 maxObservationAge, address router)
    {
        Params memory p = _params;
        return (p.hop, p.deviationBps, p.twapWindow, p.maxObservationAge, p.router);
    }

    /* INTERNAL */

    /// @dev Burns the whole $GALEON balance (after pulling the $GALEON leg): no swap, no price.
    function _burnGaleonLeg(address router) private returns (uint256 amount, uint256 burned) {
        _withdrawLeg(router, GALEON);
        amount = IERC20(GALEON).balanceOf(address(this));
        require(amount != 0, BuybackBurnerNothingToSpend(GALEON, 0, 0, 0));
        emit BuybackExecuted(GALEON, amount, amount, TwapLib.Q112, amount);
        IGaleonToken(GALEON).burn(amount);
        return (amount, amount);
    }

    /// @dev The amounts of one buy-back, checked: the spot price within the band around the TWAP,
    /// something to spend, and the output at least `minOut`.
    function _quote(address token, Market memory m, Params memory params) private view returns (Quote memory q) {
        uint256 reserveIn;
        uint256 reserveOut;
        (reserveIn, reserveOut, q.twapX112) = _readPrices(token, m, params);
        uint256 deviationBps = params.deviationBps;
        uint256 spotX112 = TwapLib.spotPrice(reserveIn, reserveOut);
        require(
            TwapLib.withinBand(spotX112, q.twapX112, deviationBps),
            BuybackBurnerSpotOutOfBand(token, spotX112, q.twapX112, deviationBps)
        );

        uint256 balance = IERC20(token).balanceOf(address(this));
        uint256 lot = _lots[token];
        uint256 maxLot = TwapLib.maxAmountIn(reserveIn, reserveOut, q.twapX112, deviationBps);
        q.amountIn = Math.min(balance, Math.min(lot, maxLot));
        require(q.amountIn != 0, BuybackBurnerNothingToSpend(token, balance, lot, maxLot));

        q.amountOut = TwapLib.amountOut(q.amountIn, reserveIn, reserveOut);
        q.minOut = TwapLib.minOut(q.amountIn, q.twapX112, deviationBps);
        require(q.amountOut >= q.minOut, BuybackBurnerOutputBelowMinimum(token, q.amountOut, q.minOut));
    }

    /// @dev Pulls the buy-back leg of `token` credited in the router, if a router is set.
    function _withdrawLeg(address router, address token) private {
        if (router == address(0)) return;
        address[] memory tokens = new address[](1);
        tokens[0] = token;
        IPayeeWithdrawals(router).withdrawPayee(Payee.Buyback, tokens);
    }

    /// @dev The pair's reserves (payment token in, $GALEON out) and its counterfactual cumulative
    /// price of $GALEON per payment token now.
    function _currentCumulative(
        Market memory m
    ) private view returns (uint256 reserveIn, uint256 reserveOut, uint256 cumulative) {
        IUniswapV2Pair pair = IUniswapV2Pair(m.pair);
        (uint112 reserve0, uint112 reserve1, uint32 lastTimestamp) = pair.getReserves();
        uint256 cumulativeLast;
        if (m.tokenIsToken0) {
            (reserveIn, reserveOut) = (reserve0, reserve1);
            cumulativeLast = pair.price0CumulativeLast();
        } else {
            (reserveIn, reserveOut) = (reserve1, reserve0);
            cumulativeLast = pair.price1CumulativeLast();
        }
        // Truncation to 32 bits is intended: the pair keeps its clock modulo 2^32.
        cumulative = TwapLib.currentCumulative(
            cumulativeLast,
            reserveIn,
            reserveOut,
            lastTimestamp,
            uint32(block.timestamp)
        );
    }

    /// @dev Reserves and the TWAP since the usable observation: the newest one when it is at least
    /// `twapWindow` old (or the only one), else the previous one. Reverts when it is too young or stale.
    function _readPrices(
        address token,
        Market memory m,
        Params memory params
    ) private view returns (uint256 reserveIn, uint256 reserveOut, uint256 twapX112) {
        uint256 cumulativeNow;
        (reserveIn, reserveOut, cumulativeNow) = _currentCumulative(m);
        (uint256 cumulativeThen, uint256 observedAt) = _usableObservation(token, params.twapWindow);
        uint256 age = block.timestamp - observedAt;
        require(age >= params.twapWindow, BuybackBurnerTwapWindowTooShort(token, age, params.twapWindow));
        require(age <= params.maxObservationAge, BuybackBurnerObservationStale(token, age, params.maxObservationAge));
        twapX112 = TwapLib.average(cumulativeThen, cumulativeNow, age);
    }

    /// @dev The newest observation when it is at least `twapWindow` old or the only one (timestamp
    /// zero when there is none), else the previous one.
    function _usableObservation(
        address token,
        uint256 twapWindow
    ) private view returns (uint256 cumulative, uint256 observedAt) {
        Observations storage obs = _observations[token];
        (uint64 timestamp0, uint64 timestamp1) = (obs.timestamp0, obs.timestamp1);
        bool zeroIsNewer = timestamp0 >= timestamp1;
        (uint256 newer, uint256 older) = zeroIsNewer ? (timestamp0, timestamp1) : (timestamp1, timestamp0);
        bool useNewer = block.timestamp - newer >= twapWindow || older == 0;
        observedAt = useNewer ? newer : older;
        cumulative = (useNewer == zeroIsNewer) ? obs.cumulative0 : obs.cumulative1;
    }

    function _requirePaymentToken(address token) private view {
        require(token != address(0) && token != GALEON, BuybackBurnerInvalidToken(token));
    }

    function _setHop(uint256 newHop) private {
        require(newHop >= MIN_HOP && newHop <= MAX_HOP, BuybackBurnerHopOutOfRange(newHop));
        // Fits: MAX_HOP is below 2^32 seconds.
        _params.hop = uint32(newHop);
        emit HopSet(newHop);
    }

    function _setDeviation(uint256 newDeviationBps) private {
        require(newDeviationBps <= MAX_DEVIATION_BPS, BuybackBurnerDeviationTooHigh(newDeviationBps));
        _params.deviationBps = uint16(newDeviationBps);
        emit DeviationSet(newDeviationBps);
    }

    function _setTwapWindow(uint256 newTwapWindow, uint256 newMaxObservationAge) private {
        require(
            newTwapWindow >= MIN_TWAP_WINDOW &&
                newTwapWindow <= MAX_TWAP_WINDOW &&
                newMaxObservationAge >= 2 * newTwapWindow &&
                newMaxObservationAge <= MAX_OBSERVATION_AGE,
            BuybackBurnerWindowOutOfRange(newTwapWindow, newMaxObservationAge)
        );
        // Fits: both are at most 7 days, below 2^24 seconds.
        _params.twapWindow = uint24(newTwapWindow);
        _params.maxObservationAge = uint24(newMaxObservationAge);
        emit TwapWindowSet(newTwapWindow, newMaxObservationAge);
    }
}
