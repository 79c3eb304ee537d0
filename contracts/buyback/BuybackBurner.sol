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
/// @notice Buys $GALEON with the buy-back leg on a hard-wired Uniswap V2 pair per payment token, at
/// most `lot` per budget window of `hop` however the calls are split, bounded by a TWAP of at least
/// 30 minutes so that the spot price stays in the band, and burns every unit bought.
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
    /// @dev Ceiling of `lot`, base units: the 80 bits a market keeps for it (1,208,925 whole tokens
    /// of 18 decimals, 1.2 × 10^18 of 6 decimals).
    uint256 public constant MAX_LOT = type(uint80).max;

    /// @dev `windowStart` of a market that has a pair but has never opened a budget window: any
    /// block time is at least `hop` past it. Zero means no pair.
    uint32 private constant NO_WINDOW = 1;

    /// @dev What an observation slot's cumulative holds while the slot is empty (timestamp zero).
    /// Never zero, so that recording an observation costs the same gas whatever the cumulative price:
    /// in a pair's first second its cumulative is zero, and writing zero over zero would cost 20,000
    /// gas less than the same call a second later, so a gas estimate made in that second falls short in
    /// the next (a node that mines several blocks in one second, such as anvil, does exactly that).
    uint256 private constant EMPTY_CUMULATIVE = 1;

    /// @dev keccak256 of the Uniswap V2 pair creation code (the `@uniswap/v2-core` build), with which
    /// the factory deploys every pair by CREATE2; UniswapV2Router02 hard-codes the same value.
    bytes32 public constant PAIR_INIT_CODE_HASH = 0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f;

    /// @dev The $GALEON token.
    address private immutable GALEON;
    /// @dev The Uniswap V2 factory whose canonical pairs the burner trades on.
    address private immutable FACTORY;

    /* STORAGE */

    /// @dev Everything `execute` reads and writes about a payment token, in one slot (32 × 3 + 80 × 2
    /// bits). Timestamps fit 32 bits until 2106 (the pair's own clock is 32-bit too); `lot` is at most
    /// MAX_LOT and `spent` at most `lot`. The pair is not stored: it is the factory's CREATE2 address for
    /// (token, $GALEON), and `windowStart` tells whether the admin enabled it.
    struct Market {
        // When the current budget window opened; 0: no pair; NO_WINDOW: a pair, no window yet.
        uint32 windowStart;
        uint32 observedAt0;
        uint32 observedAt1;
        uint80 lot;
        // What `execute` spent in the window that opened at `windowStart`.
        uint80 spent;
    }

    /// @dev One slot: 4 + 2 + 3 + 3 + 20 bytes.
    struct Params {
        uint32 hop;
        uint16 deviationBps;
        uint24 twapWindow;
        uint24 maxObservationAge;
        address router;
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

        Market storage stored = _markets[token];
        (uint256 windowStart, uint256 spent, uint256 budget_) = _budget(token, stored, params.hop);

        // The router is admin-set and trusted; `nonReentrant` guards the burner while it pays.
        _withdrawLeg(params.router, token);

        address pair = _pairFor(token);
        uint256 twapX112;
        uint256 minOut;
        (amountIn, galeonBurned, twapX112, minOut) = _quote(token, pair, stored, params, budget_);

        // Fits: block timestamps stay below 2^32 until 2106.
        stored.windowStart = uint32(windowStart);
        // Cannot overflow, and fits: amountIn is at most the budget, lot − spent, so the sum is at most
        // lot < 2^80.
        unchecked {
            stored.spent = uint80(spent + amountIn);
        }
        emit BuybackExecuted(token, amountIn, galeonBurned, twapX112, minOut);

        IERC20(token).safeTransfer(pair, amountIn);
        (uint256 amount0Out, uint256 amount1Out) = token < GALEON ? (uint256(0), galeonBurned) : (galeonBurned, 0);
        IUniswapV2Pair(pair).swap(amount0Out, amount1Out, address(this), "");
        IGaleonToken(GALEON).burn(galeonBurned);
    }

    /// @inheritdoc IBuybackBurner
    function recordObservation(address token) external {
        Market memory m = _markets[token];
        require(m.windowStart != 0, BuybackBurnerTokenNotConfigured(token));
        uint256 newest = Math.max(m.observedAt0, m.observedAt1);
        if (newest != 0) {
            uint256 nextAt = newest + _params.twapWindow;
            if (block.timestamp < nextAt) {
                // The admin's record is a no-op then, never a revert: a deployment or a proposal that
                // records an observation cannot be stopped by a stranger who recorded one first.
                if (msg.sender == owner()) return;
                revert BuybackBurnerObservationTooRecent(token, nextAt, block.timestamp);
            }
        }

        (, , uint256 cumulative) = _currentCumulative(token, _pairFor(token));
        // Overwrite the older snapshot (slot 0 first when both are empty).
        uint256 index = m.observedAt0 <= m.observedAt1 ? 0 : 1;
        Market storage stored = _markets[token];
        // Fits: block timestamps stay below 2^32 until 2106.
        if (index == 0) stored.observedAt0 = uint32(block.timestamp);
        else stored.observedAt1 = uint32(block.timestamp);
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
        if (newPair == address(0)) {
            m.windowStart = 0;
            m.spent = 0;
        } else if (m.windowStart == 0) {
            m.windowStart = NO_WINDOW;
        }
        m.observedAt0 = 0;
        m.observedAt1 = 0;
        _cumulatives[token][0] = EMPTY_CUMULATIVE;
        _cumulatives[token][1] = EMPTY_CUMULATIVE;
        emit PairSet(token, newPair);
    }

    /// @inheritdoc IBuybackBurner
    function setLot(address token, uint256 newLot) external onlyOwner {
        _requirePaymentToken(token);
        require(newLot <= MAX_LOT, BuybackBurnerLotTooLarge(newLot));
        // Fits: at most MAX_LOT, checked above.
        _markets[token].lot = uint80(newLot);
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

    /// @inheritdoc IBuybackBurner
    function recoverToken(
        address token,
        address to,
        uint256 amount
    ) external onlyOwner nonReentrant returns (uint256 recovered) {
        require(token != GALEON && token != address(0), BuybackBurnerNotRecoverable(token));
        require(_markets[token].windowStart == 0, BuybackBurnerMarketEnabled(token));
        require(to != address(0), BuybackBurnerZeroRecipient());
        // The router is admin-set and trusted: its credited leg of the token is recovered too.
        _withdrawLeg(_params.router, token);
        uint256 balance = IERC20(token).balanceOf(address(this));
        recovered = amount == type(uint256).max ? balance : amount;
        require(recovered != 0 && recovered <= balance, BuybackBurnerRecoverAmountInvalid(token, amount, balance));
        emit TokenRecovered(token, to, recovered);
        IERC20(token).safeTransfer(to, recovered);
    }

    /* VIEWS */

    /// @inheritdoc IBuybackBurner
    function maxLotForDeviation(address token) external view returns (uint256) {
        Market memory m = _markets[token];
        require(m.windowStart != 0, BuybackBurnerTokenNotConfigured(token));
        Params memory params = _params;
        (uint256 reserveIn, uint256 reserveOut, uint256 twapX112) = _readPrices(
            token,
            _pairFor(token),
            m.observedAt0,
            m.observedAt1,
            params
        );
        uint256 spotX112 = TwapLib.spotPrice(reserveIn, reserveOut);
        if (!TwapLib.withinBand(spotX112, twapX112, params.deviationBps)) return 0;
        uint256 maxLot = TwapLib.maxAmountIn(reserveIn, reserveOut, twapX112, params.deviationBps);
        uint256 unsynced = _unsynced(token, _pairFor(token), reserveIn);
        return maxLot > unsynced ? maxLot - unsynced : 0;
    }

    /// @inheritdoc IBuybackBurner
    function prices(address token) external view returns (uint256 twapX112, uint256 spotX112) {
        Market memory m = _markets[token];
        require(m.windowStart != 0, BuybackBurnerTokenNotConfigured(token));
        uint256 reserveIn;
        uint256 reserveOut;
        (reserveIn, reserveOut, twapX112) = _readPrices(token, _pairFor(token), m.observedAt0, m.observedAt1, _params);
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
    function market(
        address token
    ) external view returns (address pair, uint256 lot, uint256 windowStart, uint256 spent) {
        Market memory m = _markets[token];
        bool opened = m.windowStart > NO_WINDOW;
        return (m.windowStart != 0 ? _pairFor(token) : address(0), m.lot, opened ? m.windowStart : 0, m.spent);
    }

    /// @inheritdoc IBuybackBurner
    function budget(address token) external view returns (uint256 remaining, uint256 windowEnd) {
        Market memory m = _markets[token];
        require(m.windowStart != 0, BuybackBurnerTokenNotConfigured(token));
        windowEnd = uint256(m.windowStart) + _params.hop;
        if (block.timestamp >= windowEnd) return (m.lot, 0);
        return (m.lot > m.spent ? m.lot - m.spent : 0, windowEnd);
    }

    /// @inheritdoc IBuybackBurner
    function observation(
        address token,
        uint256 index
    ) external view returns (uint256 priceCumulative, uint256 timestamp) {
        Market memory m = _markets[token];
        timestamp = index == 0 ? m.observedAt0 : m.observedAt1;
        priceCumulative = timestamp == 0 ? 0 : _cumulatives[token][index];
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

    /// @dev The budget window an execute of `token` spends in now: the open one, or a new one from now
    /// when the last opened `hop` or more ago; what it spent and what it has left. Reverts when the
    /// token has no pair or when the open window has spent its lot.
    function _budget(
        address token,
        Market storage stored,
        uint256 hop
    ) private view returns (uint256 windowStart, uint256 spent, uint256 remaining) {
        uint256 lot;
        (windowStart, lot, spent) = (stored.windowStart, stored.lot, stored.spent);
        require(windowStart != 0, BuybackBurnerTokenNotConfigured(token));
        uint256 windowEnd;
        // Cannot overflow: a 32-bit timestamp plus at most 30 days. Cannot underflow: `spent` is below
        // `lot` once checked, or zero in a new window.
        unchecked {
            windowEnd = windowStart + hop;
            if (block.timestamp >= windowEnd) {
                (windowStart, spent) = (block.timestamp, 0);
            } else {
                require(spent < lot, BuybackBurnerBudgetSpent(token, windowEnd, block.timestamp));
            }
            remaining = lot - spent;
        }
    }

    /// @dev The prices and amounts of one buy-back: the TWAP since the usable observation, then
    /// `_size` within `budget_`.
    function _quote(
        address token,
        address pair,
        Market storage stored,
        Params memory params,
        uint256 budget_
    ) private view returns (uint256 amountIn, uint256 amountOut, uint256 twapX112, uint256 minOut) {
        uint256 reserveIn;
        uint256 reserveOut;
        (reserveIn, reserveOut, twapX112) = _readPrices(token, pair, stored.observedAt0, stored.observedAt1, params);
        (amountIn, amountOut, minOut) = _size(
            token,
            reserveIn,
            reserveOut,
            _unsynced(token, pair, reserveIn),
            twapX112,
            params.deviationBps,
            budget_
        );
    }

    /// @dev What the pair holds of `token` beyond its reserve (sent without `sync()`): its next swap
    /// books it as input, so the burner's swap counts it in.
    function _unsynced(address token, address pair, uint256 reserveIn) private view returns (uint256) {
        uint256 held = _balanceOf(token, pair);
        // Cannot underflow: checked.
        unchecked {
            return held > reserveIn ? held - reserveIn : 0;
        }
    }

    /// @dev The one-word answer of the pair's argument-less view `selector` (its cumulative prices), in
    /// assembly in the scratch space like `_balanceOf`. It is called right after the same pair answered
    /// `getReserves()` (the factory's CREATE2 pair, whose public reads do not fail); a failure bubbles up.
    function _readWord(address pair, uint256 selector) private view returns (uint256 word) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, selector)
            if iszero(staticcall(gas(), pair, 0x1c, 0x04, 0x00, 0x20)) {
                returndatacopy(0x00, 0x00, returndatasize())
                revert(0x00, returndatasize())
            }
            word := mload(0x00)
        }
    }

    /// @dev `token.balanceOf(account)`, in assembly in the scratch space: about 200 gas less per call than
    /// Solidity's encoding into fresh memory, on the path whose gas the benchmark budgets. A failed call
    /// or a short answer reads as zero: nothing to spend, nothing unsynced (and the swap's transfer
    /// reverts on such a token anyway).
    function _balanceOf(address token, address account) private view returns (uint256 held) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, 0x70a08231) // balanceOf(address), in bytes 0x1c to 0x1f
            // The high 96 bits of an address on the stack are not guaranteed clean (a CREATE2 hash).
            mstore(0x20, and(account, 0xffffffffffffffffffffffffffffffffffffffff))
            if staticcall(gas(), token, 0x1c, 0x24, 0x00, 0x20) {
                if gt(returndatasize(), 0x1f) {
                    held := mload(0x00)
                }
            }
        }
    }

    /// @dev The amounts of one buy-back, checked: the spot price within the band around the TWAP,
    /// something to spend within `budget_` and the band, the output at least `minOut`, and the spot
    /// price after the swap still within the band. `unsynced` is what the pair holds of the token in
    /// beyond its reserve (`_unsynced`): the swap books it too, so the sizing and the check after the
    /// swap count it, and the output pays for it (the burner burns it).
    function _size(
        address token,
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 unsynced,
        uint256 twapX112,
        uint256 deviationBps,
        uint256 budget_
    ) private view returns (uint256 amountIn, uint256 amountOut, uint256 minOut) {
        uint256 floorX112 = TwapLib.bandFloor(twapX112, deviationBps);
        uint256 spotX112 = TwapLib.spotPrice(reserveIn, reserveOut);
        require(
            spotX112 >= floorX112 && spotX112 <= TwapLib.bandCeiling(twapX112, deviationBps),
            BuybackBurnerSpotOutOfBand(token, spotX112, twapX112, deviationBps)
        );

        uint256 balance = _balanceOf(token, address(this));
        uint256 maxLot = _maxAmountIn(reserveIn, reserveOut, floorX112);
        // Cannot underflow: checked.
        unchecked {
            maxLot = maxLot > unsynced ? maxLot - unsynced : 0;
        }
        amountIn = Math.min(balance, Math.min(budget_, maxLot));
        require(amountIn != 0, BuybackBurnerNothingToSpend(token, balance, budget_, maxLot));

        // Cannot overflow or underflow: amountIn is below 2^80 (at most `lot`), unsynced below 2^112 (the
        // pair's balances fit its reserves' 112 bits or it stops working), and amountOut below reserveOut
        // (the constant-product output never reaches the reserve).
        unchecked {
            unsynced += amountIn;
            amountOut = TwapLib.amountOut(unsynced, reserveIn, reserveOut);
            // A guard behind maxAmountIn's sizing: the pair's spot after the swap, from what it will hold.
            spotX112 = TwapLib.spotPrice(reserveIn + unsynced, reserveOut - amountOut);
        }
        minOut = TwapLib.minOut(amountIn, twapX112, deviationBps);
        require(amountOut >= minOut, BuybackBurnerOutputBelowMinimum(token, amountOut, minOut));
        require(spotX112 >= floorX112, BuybackBurnerSpotAfterOutOfBand(token, spotX112, twapX112, deviationBps));
    }

    /// @dev The largest swap input that keeps the spot after the swap at or above `floorX112`
    /// (`TwapLib.maxAmountInAboveFloor`). Virtual so that a test double can oversize the swap and show
    /// that the checks after the sizing (`minOut`, the spot after the swap) catch it.
    function _maxAmountIn(
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 floorX112
    ) internal view virtual returns (uint256) {
        return TwapLib.maxAmountInAboveFloor(reserveIn, reserveOut, floorX112);
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
            cumulativeLast = _readWord(pairAddress, 0x5909c0d5); // price0CumulativeLast()
        } else {
            (reserveIn, reserveOut) = (reserve1, reserve0);
            cumulativeLast = _readWord(pairAddress, 0x5a3d5493); // price1CumulativeLast()
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
    /// `twapWindow` old, else the previous one while it is not stale. Reverts when the one to use is too
    /// young (naming the newest when the previous one is missing or stale: that is the one to wait for)
    /// or stale (or when there is none).
    function _readPrices(
        address token,
        address pair,
        uint256 observedAt0,
        uint256 observedAt1,
        Params memory params
    ) private view returns (uint256 reserveIn, uint256 reserveOut, uint256 twapX112) {
        uint256 index = observedAt0 >= observedAt1 ? 0 : 1;
        uint256 age;
        uint256 olderAge;
        // Cannot underflow: observations are recorded at past block timestamps; index is 0 or 1.
        // An empty slot (timestamp zero) has the current timestamp as its age.
        unchecked {
            age = block.timestamp - (index == 0 ? observedAt0 : observedAt1);
            olderAge = block.timestamp - (index == 0 ? observedAt1 : observedAt0);
            if (age < params.twapWindow) {
                require(
                    olderAge != block.timestamp && olderAge <= params.maxObservationAge,
                    BuybackBurnerTwapWindowTooShort(token, age, params.twapWindow)
                );
                (index, age) = (1 - index, olderAge);
            }
        }
        require(age >= params.twapWindow, BuybackBurnerTwapWindowTooShort(token, age, params.twapWindow));
        require(age <= params.maxObservationAge, BuybackBurnerObservationStale(token, age, params.maxObservationAge));
        uint256 cumulativeNow;
        (reserveIn, reserveOut, cumulativeNow) = _currentCumulative(token, pair);
        twapX112 = TwapLib.average(_cumulatives[token][index], cumulativeNow, age);
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
