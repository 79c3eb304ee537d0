// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// The bounds are inclusive by specification (a window of at least 30 minutes, at most `lot`, an
// output of at least `minOut`): strict rewrites would obscure them for a few gas.
// solhint-disable gas-strict-inequalities

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {GuardianPausable} from "../access/GuardianPausable.sol";
import {IBuybackBurner} from "../interfaces/IBuybackBurner.sol";
import {IGaleonToken} from "../interfaces/IGaleonToken.sol";
import {IUniswapV2Factory} from "../interfaces/external/IUniswapV2Factory.sol";
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

    /// @dev keccak256 of the Uniswap V2 pair creation code (the `@uniswap/v2-core` build), with which
    /// the factory deploys every pair by CREATE2; UniswapV2Router02 hard-codes the same value.
    bytes32 public constant PAIR_INIT_CODE_HASH = 0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f;

    /// @dev The $GALEON token.
    address private immutable GALEON;
    /// @dev The Uniswap V2 factory whose canonical pairs the burner trades on.
    address private immutable FACTORY;

    /* STORAGE */

    /// @dev Everything `execute` needs about a payment token in one slot (8 + 40 × 3 + 128 bits).
    /// The pair is not stored: it is the factory's CREATE2 address for (token, $GALEON).
    struct Market {
        bool enabled;
        uint40 lastExecutedAt;
        uint40 observedAt0;
        uint40 observedAt1;
        uint128 lot;
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
    /// @dev The cumulative price ($GALEON per token) of observations 0 and 1.
    mapping(address token => uint256[2]) private _cumulatives;
    Params private _params;

    /// @param initialAdmin The admin (the DAO timelock after deployment).
    /// @param initialGuardian The guardian that may pause (zero: none).
    /// @param guardianExpiry When the guardian's mandate ends (unix seconds).
    /// @param galeonToken The $GALEON token.
    /// @param uniswapFactory The Uniswap V2 factory.
    constructor(
        address initialAdmin,
        address initialGuardian,
        uint64 guardianExpiry,
        address galeonToken,
        address uniswapFactory
    ) GuardianPausable(initialAdmin, initialGuardian, guardianExpiry) {
        require(galeonToken != address(0), BuybackBurnerInvalidToken(galeonToken));
        require(uniswapFactory != address(0), BuybackBurnerZeroFactory());
        GALEON = galeonToken;
        FACTORY = uniswapFactory;
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
        require(m.enabled, BuybackBurnerTokenNotConfigured(token));
        uint256 nextAt = uint256(m.lastExecutedAt) + params.hop;
        require(block.timestamp >= nextAt, BuybackBurnerHopNotElapsed(token, nextAt, block.timestamp));

        // The router is admin-set and trusted; `nonReentrant` guards the burner while it pays.
        _withdrawLeg(params.router, token);

        address pair = _pairFor(token);
        Quote memory q = _quote(token, pair, m, params);
        (amountIn, galeonBurned) = (q.amountIn, q.amountOut);

        // Fits: timestamps stay below 2^40 seconds for 34,000 years.
        _markets[token].lastExecutedAt = uint40(block.timestamp);
        emit BuybackExecuted(token, amountIn, galeonBurned, q.twapX112, q.minOut);

        IERC20(token).safeTransfer(pair, amountIn);
        (uint256 amount0Out, uint256 amount1Out) = token < GALEON ? (uint256(0), galeonBurned) : (galeonBurned, 0);
        IUniswapV2Pair(pair).swap(amount0Out, amount1Out, address(this), "");
        IGaleonToken(GALEON).burn(galeonBurned);
    }

    /// @inheritdoc IBuybackBurner
    function recordObservation(address token) external {
        Market memory m = _markets[token];
        require(m.enabled, BuybackBurnerTokenNotConfigured(token));
        uint256 newest = Math.max(m.observedAt0, m.observedAt1);
        if (newest != 0) {
            uint256 nextAt = newest + _params.twapWindow;
            require(block.timestamp >= nextAt, BuybackBurnerObservationTooRecent(token, nextAt, block.timestamp));
        }

        (, , uint256 cumulative) = _currentCumulative(token, _pairFor(token));
        // Overwrite the older snapshot (slot 0 first when both are empty).
        uint256 index = m.observedAt0 <= m.observedAt1 ? 0 : 1;
        Market storage stored = _markets[token];
        // Fits: timestamps stay below 2^40 seconds for 34,000 years.
        if (index == 0) stored.observedAt0 = uint40(block.timestamp);
        else stored.observedAt1 = uint40(block.timestamp);
        _cumulatives[token][index] = cumulative;
        emit ObservationRecorded(token, cumulative, uint64(block.timestamp));
    }

    /* ADMIN FUNCTIONS (THE DAO TIMELOCK) */

    /// @inheritdoc IBuybackBurner
    function setPair(address token, address newPair) external onlyOwner {
        _requirePaymentToken(token);
        if (newPair != address(0)) {
            address canonical = IUniswapV2Factory(FACTORY).getPair(token, GALEON);
            require(
                newPair == canonical && newPair == _pairFor(token),
                BuybackBurnerNotCanonicalPair(newPair, canonical)
            );
            address token0 = IUniswapV2Pair(newPair).token0();
            address token1 = IUniswapV2Pair(newPair).token1();
            (address expected0, address expected1) = token < GALEON ? (token, GALEON) : (GALEON, token);
            require(token0 == expected0 && token1 == expected1, BuybackBurnerPairMismatch(newPair, token0, token1));
        }
        Market storage m = _markets[token];
        m.enabled = newPair != address(0);
        m.observedAt0 = 0;
        m.observedAt1 = 0;
        delete _cumulatives[token];
        emit PairSet(token, newPair);
    }

    /// @inheritdoc IBuybackBurner
    function setLot(address token, uint256 newLot) external onlyOwner {
        _requirePaymentToken(token);
        require(newLot <= type(uint128).max, BuybackBurnerLotTooLarge(newLot));
        _markets[token].lot = uint128(newLot);
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
        require(m.enabled, BuybackBurnerTokenNotConfigured(token));
        Params memory params = _params;
        (uint256 reserveIn, uint256 reserveOut, uint256 twapX112) = _readPrices(token, _pairFor(token), m, params);
        uint256 spotX112 = TwapLib.spotPrice(reserveIn, reserveOut);
        if (!TwapLib.withinBand(spotX112, twapX112, params.deviationBps)) return 0;
        return TwapLib.maxAmountIn(reserveIn, reserveOut, twapX112, params.deviationBps);
    }

    /// @inheritdoc IBuybackBurner
    function prices(address token) external view returns (uint256 twapX112, uint256 spotX112) {
        Market memory m = _markets[token];
        require(m.enabled, BuybackBurnerTokenNotConfigured(token));
        uint256 reserveIn;
        uint256 reserveOut;
        (reserveIn, reserveOut, twapX112) = _readPrices(token, _pairFor(token), m, _params);
        spotX112 = TwapLib.spotPrice(reserveIn, reserveOut);
    }

    /// @inheritdoc IBuybackBurner
    function galeon() external view returns (address) {
        return GALEON;
    }

    /// @inheritdoc IBuybackBurner
    function factory() external view returns (address) {
        return FACTORY;
    }

    /// @inheritdoc IBuybackBurner
    function market(address token) external view returns (address pair, uint256 lot, uint256 lastExecutedAt) {
        Market memory m = _markets[token];
        return (m.enabled ? _pairFor(token) : address(0), m.lot, m.lastExecutedAt);
    }

    /// @inheritdoc IBuybackBurner
    function observation(
        address token,
        uint256 index
    ) external view returns (uint256 priceCumulative, uint256 timestamp) {
        Market memory m = _markets[token];
        return (_cumulatives[token][index], index == 0 ? m.observedAt0 : m.observedAt1);
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
    function _quote(
        address token,
        address pair,
        Market memory m,
        Params memory params
    ) private view returns (Quote memory q) {
        uint256 reserveIn;
        uint256 reserveOut;
        (reserveIn, reserveOut, q.twapX112) = _readPrices(token, pair, m, params);
        uint256 deviationBps = params.deviationBps;
        uint256 spotX112 = TwapLib.spotPrice(reserveIn, reserveOut);
        require(
            TwapLib.withinBand(spotX112, q.twapX112, deviationBps),
            BuybackBurnerSpotOutOfBand(token, spotX112, q.twapX112, deviationBps)
        );

        uint256 balance = IERC20(token).balanceOf(address(this));
        uint256 maxLot = TwapLib.maxAmountIn(reserveIn, reserveOut, q.twapX112, deviationBps);
        q.amountIn = Math.min(balance, Math.min(m.lot, maxLot));
        require(q.amountIn != 0, BuybackBurnerNothingToSpend(token, balance, m.lot, maxLot));

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

    /// @dev The factory's CREATE2 address of the (token, $GALEON) pair, as `UniswapV2Library.pairFor`.
    function _pairFor(address token) private view returns (address) {
        (address token0, address token1) = token < GALEON ? (token, GALEON) : (GALEON, token);
        bytes32 salt = keccak256(abi.encodePacked(token0, token1));
        return address(uint160(uint256(keccak256(abi.encodePacked(hex"ff", FACTORY, salt, PAIR_INIT_CODE_HASH)))));
    }

    /// @dev The pair's reserves (payment token in, $GALEON out) and its counterfactual cumulative
    /// price of $GALEON per payment token now.
    function _currentCumulative(
        address token,
        address pairAddress
    ) private view returns (uint256 reserveIn, uint256 reserveOut, uint256 cumulative) {
        IUniswapV2Pair pair = IUniswapV2Pair(pairAddress);
        (uint112 reserve0, uint112 reserve1, uint32 lastTimestamp) = pair.getReserves();
        uint256 cumulativeLast;
        if (token < GALEON) {
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
        address pair,
        Market memory m,
        Params memory params
    ) private view returns (uint256 reserveIn, uint256 reserveOut, uint256 twapX112) {
        uint256 cumulativeNow;
        (reserveIn, reserveOut, cumulativeNow) = _currentCumulative(token, pair);
        bool zeroIsNewer = m.observedAt0 >= m.observedAt1;
        (uint256 newer, uint256 older) = zeroIsNewer ? (m.observedAt0, m.observedAt1) : (m.observedAt1, m.observedAt0);
        bool useNewer = block.timestamp - newer >= params.twapWindow || older == 0;
        uint256 age = block.timestamp - (useNewer ? newer : older);
        require(age >= params.twapWindow, BuybackBurnerTwapWindowTooShort(token, age, params.twapWindow));
        require(age <= params.maxObservationAge, BuybackBurnerObservationStale(token, age, params.maxObservationAge));
        uint256 cumulativeThen = _cumulatives[token][useNewer == zeroIsNewer ? 0 : 1];
        twapX112 = TwapLib.average(cumulativeThen, cumulativeNow, age);
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
