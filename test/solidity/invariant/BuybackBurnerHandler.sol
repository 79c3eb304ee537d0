// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "../utils/Vm.sol";
import {IUniswapV2PairForTests} from "../utils/UniswapV2Deployer.sol";
import {BuybackBurner} from "../../../contracts/buyback/BuybackBurner.sol";
import {TwapLib} from "../../../contracts/libraries/TwapLib.sol";
import {GaleonToken} from "../../../contracts/token/GaleonToken.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";

/// @notice Drives the burner and its real Uniswap V2 pair through random accruals, time, keeper
/// calls, market trades (front-runs included), a stranger's tiny executes interleaved with the
/// keeper's, and GALEON legs, keeping ghost totals per call and per budget window.
contract BuybackBurnerHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    BuybackBurner public burner;
    GaleonToken public galeon;
    TestStablecoin public eurc;
    address public pair;
    uint256 public lot;
    uint256 public hop;
    uint256 public startTime;

    uint256 public now_;
    uint256 public accrued;
    uint256 public spent;
    uint256 public burned;
    uint256 public executions;
    uint256 public maxSpentInOneCall;
    uint256 public records;
    /// @dev Budget windows opened, what the current one spent, and the most any window spent.
    uint256 public windows;
    uint256 public lastWindowStart;
    uint256 public windowSpent;
    uint256 public maxWindowSpent;
    /// @dev Calls that spent other than min(balance, budget left, band), or were refused although
    /// that minimum was positive: both must stay zero.
    uint256 public shortfalls;
    /// @dev Calls whose share was positive (they must all have spent it).
    uint256 public sharedCalls;
    /// @dev A stranger's executes made with the price pushed to the band's floor.
    /// @dev Keeper calls the burner refused (too early, stale, out of band, nothing to spend).
    uint256 public refusals;
    uint256 public strangerExecutions;
    /// @dev Executes after which the pair's spot was below the band's floor of the TWAP they used.
    uint256 public spotBelowFloor;
    /// @dev Tokens sent to the pair without sync(), and executes that found some there.
    uint256 public gifts;
    uint256 public giftedExecutions;

    constructor(BuybackBurner burner_, GaleonToken galeon_, TestStablecoin eurc_, address pair_, uint256 lot_) {
        burner = burner_;
        galeon = galeon_;
        eurc = eurc_;
        pair = pair_;
        lot = lot_;
        (hop, , , , ) = burner_.parameters();
        startTime = block.timestamp;
        now_ = block.timestamp;
    }

    /// @dev Invariant calls may not carry the block time over: every action re-applies ours.
    modifier timed() {
        vm.warp(now_);
        _;
    }

    function accrue(uint256 amount) external timed {
        amount = amount % 30_000e6;
        eurc.mint(address(burner), amount);
        accrued += amount;
    }

    function wait(uint256 secondsAhead) external timed {
        now_ += 1 + (secondsAhead % 3 hours);
        vm.warp(now_);
    }

    function record() external timed {
        try burner.recordObservation(address(eurc)) {
            ++records;
        } catch {
            ++refusals;
        }
    }

    function execute() external timed {
        _execute();
    }

    /// @dev A stranger, in one transaction: pushes the spot down to the band's floor by buying GALEON
    /// (leaving the burner only a sliver of room), executes, and sells back.
    function strangerExecute(uint256 depth) external timed {
        (uint256 eurcReserve, ) = _reserves();
        // A buy of 0.5% to 1.5% of the reserve moves the spot 1% to 3%: around the 2% band's floor.
        uint256 amount = (eurcReserve * (50 + (depth % 101))) / 10_000;
        uint256 bought = _buy(amount);
        _execute();
        ++strangerExecutions;
        _sell(bought);
    }

    /// @dev Calls execute and checks its share: exactly min(balance, budget left, band), whenever
    /// that is positive.
    function _execute() private {
        uint256 share = _expectedShare();
        if (share != 0) ++sharedCalls;
        uint256 floorX112 = _floor();
        (uint256 eurcReserve, ) = _reserves();
        bool gifted = eurc.balanceOf(pair) > eurcReserve;
        try burner.execute(address(eurc)) returns (uint256 amountIn, uint256 galeonBurned) {
            (uint256 eurcAfter, uint256 galeonAfter) = _reserves();
            if (TwapLib.spotPrice(eurcAfter, galeonAfter) < floorX112) ++spotBelowFloor;
            if (gifted) ++giftedExecutions;
            spent += amountIn;
            burned += galeonBurned;
            ++executions;
            if (amountIn > maxSpentInOneCall) maxSpentInOneCall = amountIn;
            if (amountIn != share) ++shortfalls;
            (, , uint256 windowStart, ) = burner.market(address(eurc));
            if (windowStart != lastWindowStart) {
                (lastWindowStart, windowSpent) = (windowStart, 0);
                ++windows;
            }
            windowSpent += amountIn;
            if (windowSpent > maxWindowSpent) maxWindowSpent = windowSpent;
        } catch {
            if (share != 0) ++shortfalls;
            ++refusals;
        }
    }

    /// @dev min(balance, what the window has left, what the band allows), zero when the burner
    /// cannot price (no usable observation).
    function _expectedShare() private view returns (uint256) {
        uint256 balance = eurc.balanceOf(address(burner));
        (uint256 remaining, ) = burner.budget(address(eurc));
        uint256 band;
        try burner.maxLotForDeviation(address(eurc)) returns (uint256 maxLot) {
            band = maxLot;
        } catch {
            return 0;
        }
        uint256 share = balance < remaining ? balance : remaining;
        return share < band ? share : band;
    }

    /// @dev The band's floor of the TWAP an execute now would use (zero when it cannot price).
    function _floor() private view returns (uint256) {
        try burner.prices(address(eurc)) returns (uint256 twapX112, uint256) {
            (, uint256 deviationBps, , , ) = burner.parameters();
            return TwapLib.bandFloor(twapX112, deviationBps);
        } catch {
            return 0;
        }
    }

    /// @dev Someone sends the pair up to 0.5% of its stablecoin reserve without calling sync(): the next
    /// swap, the burner's included, books it as input.
    function giftToPair(uint256 amount) external timed {
        (uint256 eurcReserve, ) = _reserves();
        eurc.mint(pair, 1 + (amount % (eurcReserve / 200)));
        ++gifts;
    }

    /// @dev A trader buys (or sells back) GALEON on the pair, up to 3% of the reserve.
    function trade(uint256 amount, bool buy) external timed {
        (uint256 eurcReserve, ) = _reserves();
        if (buy) {
            _buy(1 + (amount % ((eurcReserve * 3) / 100)));
        } else {
            uint256 held = galeon.balanceOf(address(this));
            if (held == 0) return;
            _sell(1 + (amount % held));
        }
    }

    function _reserves() private view returns (uint256 eurcReserve, uint256 galeonReserve) {
        (uint112 r0, uint112 r1, ) = IUniswapV2PairForTests(pair).getReserves();
        (eurcReserve, galeonReserve) = _eurcIs0() ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
    }

    function _eurcIs0() private view returns (bool) {
        return IUniswapV2PairForTests(pair).token0() == address(eurc);
    }

    function _buy(uint256 amount) private returns (uint256 out) {
        (uint256 eurcReserve, uint256 galeonReserve) = _reserves();
        out = (amount * 997 * galeonReserve) / (eurcReserve * 1000 + amount * 997);
        eurc.mint(pair, amount);
        bool eurcIs0 = _eurcIs0();
        IUniswapV2PairForTests(pair).swap(eurcIs0 ? 0 : out, eurcIs0 ? out : 0, address(this), "");
    }

    function _sell(uint256 amount) private {
        (uint256 eurcReserve, uint256 galeonReserve) = _reserves();
        uint256 out = (amount * 997 * eurcReserve) / (galeonReserve * 1000 + amount * 997);
        require(galeon.transfer(pair, amount), "sell");
        bool eurcIs0 = _eurcIs0();
        IUniswapV2PairForTests(pair).swap(eurcIs0 ? out : 0, eurcIs0 ? 0 : out, address(this), "");
    }

    /// @dev A leg paid in GALEON, burned directly.
    function burnGaleonLeg(uint256 amount) external timed {
        uint256 held = galeon.balanceOf(address(this));
        if (held == 0) return;
        amount = 1 + (amount % held);
        require(galeon.transfer(address(burner), amount), "leg");
        (, uint256 galeonBurned) = burner.execute(address(galeon));
        burned += galeonBurned;
    }
}
