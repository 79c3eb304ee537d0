// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "../utils/Vm.sol";
import {IUniswapV2PairForTests} from "../utils/UniswapV2Deployer.sol";
import {BuybackBurner} from "../../../contracts/buyback/BuybackBurner.sol";
import {GaleonToken} from "../../../contracts/token/GaleonToken.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";

/// @notice Drives the burner and its real Uniswap V2 pair through random accruals, time, keeper
/// calls, market trades (front-runs included) and GALEON legs, keeping ghost totals.
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
    /// @dev Keeper calls the burner refused (too early, stale, out of band, nothing to spend).
    uint256 public refusals;

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
        try burner.execute(address(eurc)) returns (uint256 amountIn, uint256 galeonBurned) {
            spent += amountIn;
            burned += galeonBurned;
            ++executions;
            if (amountIn > maxSpentInOneCall) maxSpentInOneCall = amountIn;
        } catch {
            ++refusals;
        }
    }

    /// @dev A trader buys (or sells back) GALEON on the pair, up to 3% of the reserve.
    function trade(uint256 amount, bool buy) external timed {
        (uint112 r0, uint112 r1, ) = IUniswapV2PairForTests(pair).getReserves();
        bool eurcIs0 = IUniswapV2PairForTests(pair).token0() == address(eurc);
        (uint256 eurcReserve, uint256 galeonReserve) = eurcIs0
            ? (uint256(r0), uint256(r1))
            : (uint256(r1), uint256(r0));
        if (buy) {
            amount = 1 + (amount % ((eurcReserve * 3) / 100));
            uint256 out = (amount * 997 * galeonReserve) / (eurcReserve * 1000 + amount * 997);
            eurc.mint(pair, amount);
            IUniswapV2PairForTests(pair).swap(eurcIs0 ? 0 : out, eurcIs0 ? out : 0, address(this), "");
        } else {
            uint256 held = galeon.balanceOf(address(this));
            if (held == 0) return;
            amount = 1 + (amount % held);
            uint256 out = (amount * 997 * eurcReserve) / (galeonReserve * 1000 + amount * 997);
            require(galeon.transfer(pair, amount), "sell");
            IUniswapV2PairForTests(pair).swap(eurcIs0 ? out : 0, eurcIs0 ? 0 : out, address(this), "");
        }
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
