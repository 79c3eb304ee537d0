// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BuybackBase, PayeeWithdrawalsStub} from "./BuybackBase.sol";
import {OversizingBuybackBurner} from "./OversizingBuybackBurner.sol";
import {IUniswapV2PairForTests} from "../utils/UniswapV2Deployer.sol";
import {IBuybackBurner} from "../../../contracts/interfaces/IBuybackBurner.sol";
import {IUniswapV2Pair} from "../../../contracts/interfaces/external/IUniswapV2Pair.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {TwapLib} from "../../../contracts/libraries/TwapLib.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";
import {Vm} from "../utils/Vm.sol";

contract BuybackBurnerTest is BuybackBase {
    TestStablecoin internal eurc;
    address internal pair;
    uint256 internal constant LOT = 10_000e6;

    function setUp() public {
        _deployCore();
        eurc = _stablecoin(6, true);
        pair = _market(eurc, LOT);
    }

    function test_execute_BuysAndBurnsWhenTheTokenSortsEitherSideOfGaleon() public {
        TestStablecoin usd = _stablecoin(18, false);
        _market(usd, 10_000e18);
        eurc.mint(address(burner), 1_000e6);
        usd.mint(address(burner), 1_000e18);
        uint256 supplyBefore = galeon.totalSupply();
        vm.prank(KEEPER);
        (uint256 inEurc, uint256 burnedEurc) = burner.execute(address(eurc));
        vm.prank(KEEPER);
        (uint256 inUsd, uint256 burnedUsd) = burner.execute(address(usd));
        assertEq(inEurc, 1_000e6, "6-decimal token0 leg spent");
        assertEq(inUsd, 1_000e18, "18-decimal token1 leg spent");
        assertEq(burnedEurc, burnedUsd, "same price, same GALEON bought");
        assertEq(supplyBefore - galeon.totalSupply(), burnedEurc + burnedUsd, "supply falls by what was bought");
        assertEq(galeon.balanceOf(address(burner)), 0, "nothing kept");
    }

    function test_execute_WithdrawsTheRouterLegFirst() public {
        PayeeWithdrawalsStub router = new PayeeWithdrawalsStub(address(burner));
        vm.prank(ADMIN);
        vm.expectEmit();
        emit IBuybackBurner.RouterSet(address(router));
        burner.setRouter(address(router));
        eurc.mint(address(router), 4_000e6);
        router.credit(address(eurc), 4_000e6);
        uint256 supplyBefore = galeon.totalSupply();
        (uint256 amountIn, uint256 burned) = burner.execute(address(eurc));
        assertEq(amountIn, 4_000e6, "the credited leg was spent");
        assertEq(router.payeeBalance(Payee.Buyback, address(eurc)), 0, "router credit withdrawn");
        assertEq(supplyBefore - galeon.totalSupply(), burned, "burned");

        require(galeon.transfer(address(router), 5e18), "fund");
        router.credit(address(galeon), 5e18);
        (amountIn, burned) = burner.execute(address(galeon));
        assertEq(amountIn, 5e18, "GALEON leg withdrawn and burned");
        assertEq(burned, 5e18, "burned directly");
    }

    /// @dev Tokens sent to the pair without `sync()` are booked into its reserve by the burner's own swap:
    /// the burner sizes its swap and checks the spot from what the pair will hold, so the spot after the
    /// swap stays at or above the band's floor (it ended at 0.9951 x floor when sized from the reserves).
    function test_execute_SpotStaysAboveTheFloorWhenThePairHoldsUnsyncedTokens() public {
        vm.prank(ADMIN);
        burner.setLot(address(eurc), 1_000_000e6);
        eurc.mint(address(burner), 1_000_000e6);
        // A stranger's gift to the pair, not synced into its reserves.
        eurc.mint(pair, 5_000e6);
        (uint256 twapX112, ) = burner.prices(address(eurc));
        vm.prank(KEEPER);
        (uint256 amountIn, uint256 burned) = burner.execute(address(eurc));
        assertTrue(amountIn != 0, "bought");
        assertTrue(burned != 0, "burned");
        (uint112 r0, uint112 r1, ) = IUniswapV2PairForTests(pair).getReserves();
        uint256 spotAfter = TwapLib.spotPrice(r0, r1);
        assertGe(spotAfter, TwapLib.bandFloor(twapX112, 200), "the spot after the swap is in the band");
        assertEq(eurc.balanceOf(pair), r0, "the gift is booked");
    }

    /// @dev The checks behind the sizing fire when the sizing is wrong: a burner that swaps 1.5 times the
    /// largest input within the band is stopped by the spot after the swap (its output still meets
    /// `minOut`), one that swaps 6 times that by the output.
    function test_execute_RevertWhen_OversizedSwapLeavesTheBand() public {
        vm.warp(block.timestamp + 30 minutes);
        uint256[2] memory factors = [uint256(15_000), 60_000];
        bytes4[2] memory errors = [
            IBuybackBurner.BuybackBurnerSpotAfterOutOfBand.selector,
            IBuybackBurner.BuybackBurnerOutputBelowMinimum.selector
        ];
        for (uint256 i; i < 2; ++i) {
            OversizingBuybackBurner oversizing = new OversizingBuybackBurner(
                ADMIN,
                address(galeon),
                factory,
                factors[i]
            );
            vm.startPrank(ADMIN);
            oversizing.setPair(address(eurc), pair);
            oversizing.setLot(address(eurc), 1_000_000e6);
            vm.stopPrank();
            oversizing.recordObservation(address(eurc));
            vm.warp(block.timestamp + 30 minutes);
            eurc.mint(address(oversizing), 1_000_000e6);
            assertTrue(burner.maxLotForDeviation(address(eurc)) < 1_000_000e6, "the band binds");
            try oversizing.execute(address(eurc)) {
                revert("the oversized swap went through");
            } catch (bytes memory reason) {
                assertTrue(bytes4(reason) == errors[i], "the check behind the sizing fired");
            }
        }
    }

    function test_setRouter_RevertWhen_TheRouterPaysSomeoneElse() public {
        PayeeWithdrawalsStub router = new PayeeWithdrawalsStub(KEEPER);
        vm.prank(ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(IBuybackBurner.BuybackBurnerNotRouterPayee.selector, address(router), KEEPER)
        );
        burner.setRouter(address(router));
    }

    function test_execute_RevertWhen_FrontRunBeyondTheBand() public {
        eurc.mint(address(burner), LOT);
        uint256 twap = (GALEON_LIQUIDITY << 112) / 1_000_000e6;
        _buyGaleon(eurc, pair, 20_000e6);
        (uint112 r0, uint112 r1, ) = IUniswapV2PairForTests(pair).getReserves();
        uint256 spot = (uint256(r1) << 112) / r0; // tEURC is token0 here
        assertLe(spot * 10_000, twap * 9_800, "the front-run pushed the spot below the band");
        // Same block as the front-run: the manipulated price has not entered the TWAP at all.
        vm.expectRevert(
            abi.encodeWithSelector(IBuybackBurner.BuybackBurnerSpotOutOfBand.selector, address(eurc), spot, twap, 200)
        );
        burner.execute(address(eurc));
    }

    function test_execute_AStrangersTinyCallLeavesTheRestOfTheHopsBudget() public {
        eurc.mint(address(burner), 3 * LOT);
        // The attacker, in one transaction: buys GALEON until the band leaves the burner a few base
        // units, executes (spending them), and sells back.
        uint256 bought = _buyGaleon(eurc, pair, _suppressingBuy(eurc, pair));
        vm.prank(STRANGER);
        (uint256 tiny, ) = burner.execute(address(eurc));
        _sellGaleon(eurc, pair, bought);
        assertGe(tiny, 1, "the stranger spent something");
        assertLe(tiny, 1_000, "only a few base units");

        // The keeper, later in the same hop: the rest of the hop's budget.
        vm.warp(block.timestamp + 5 minutes);
        vm.prank(KEEPER);
        (uint256 rest, ) = burner.execute(address(eurc));
        assertEq(tiny + rest, LOT, "the hop's whole budget is spent");
        assertEq(eurc.balanceOf(address(burner)), 2 * LOT, "the rest waits for the next hops");
    }

    /// @dev Within one hop, a stranger interleaves executes with the price pushed anywhere from the
    /// seeded price to beyond the band's floor (buying, executing, selling back in one transaction);
    /// then the market settles and the keeper calls. The window spends min(accrued, lot): whatever the
    /// stranger took is counted, and the keeper gets all the rest.
    function testFuzz_execute_InterleavedStrangersLeaveTheKeeperTheRestOfTheBudget(
        uint256 seed,
        uint256 accrued
    ) public {
        accrued = bound(accrued, 1, 3 * LOT);
        eurc.mint(address(burner), accrued);
        uint256 total;
        for (uint256 i; i < 4; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 depth = (eurc.balanceOf(pair) * (r % 151)) / 10_000; // 0 to 1.5% of the reserve
            uint256 bought = depth == 0 ? 0 : _buyGaleon(eurc, pair, depth);
            vm.prank(STRANGER);
            try burner.execute(address(eurc)) returns (uint256 amountIn, uint256) {
                total += amountIn;
            } catch (bytes memory reason) {
                assertTrue(reason.length >= 4, "refused with a custom error");
            }
            if (bought != 0) _sellGaleon(eurc, pair, bought);
            vm.warp(block.timestamp + 1 + ((r >> 128) % 10 minutes));
        }
        for (uint256 k; k < 2; ++k) {
            _restorePrice(eurc, pair);
            vm.prank(KEEPER);
            try burner.execute(address(eurc)) returns (uint256 amountIn, uint256) {
                total += amountIn;
            } catch (bytes memory reason) {
                assertTrue(reason.length >= 4, "refused with a custom error");
            }
        }
        uint256 budget = accrued < LOT ? accrued : LOT;
        assertEq(total, budget, "the hop's budget is spent in full, and no more");
        (, , , uint256 spent) = burner.market(address(eurc));
        assertEq(spent, budget, "the window counted every call");
        assertEq(eurc.balanceOf(address(burner)), accrued - budget, "the rest waits for the next window");
    }

    function test_execute_RevertWhen_SpotAboveTheBand() public {
        eurc.mint(address(burner), LOT);
        uint256 twap = (GALEON_LIQUIDITY << 112) / 1_000_000e6;
        // A GALEON donation plus sync: more GALEON per tEURC, the spot rises above TWAP x (1 + 2%).
        require(galeon.transfer(pair, (GALEON_LIQUIDITY * 3) / 100), "donate");
        IUniswapV2Pair(pair).sync();
        uint256 spot = (((GALEON_LIQUIDITY * 103) / 100) << 112) / 1_000_000e6;
        assertGe(spot * 10_000, twap * 10_200 + 1, "the spot is above the band");
        vm.expectRevert(
            abi.encodeWithSelector(IBuybackBurner.BuybackBurnerSpotOutOfBand.selector, address(eurc), spot, twap, 200)
        );
        burner.execute(address(eurc));
        assertEq(burner.maxLotForDeviation(address(eurc)), 0, "no room above the band either");
    }

    function test_recordObservation_RevertWhen_TheNewestIsYoungerThanTheWindow() public {
        burner.recordObservation(address(eurc));
        uint256 recordedAt = block.timestamp;
        vm.warp(recordedAt + 30 minutes - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBuybackBurner.BuybackBurnerObservationTooRecent.selector,
                address(eurc),
                recordedAt + 30 minutes,
                recordedAt + 30 minutes - 1
            )
        );
        burner.recordObservation(address(eurc));
        vm.warp(recordedAt + 30 minutes);
        burner.recordObservation(address(eurc));
        (, uint256 t0) = burner.observation(address(eurc), 0);
        (, uint256 t1) = burner.observation(address(eurc), 1);
        assertEq(t0 > t1 ? t0 : t1, recordedAt + 30 minutes, "recorded once the window has passed");
    }

    /// @dev No window open: the whole lot, no end. Within a window: the lot less what it spent, until its
    /// end second; from then on the whole lot again.
    function test_budget_TheLotLessWhatTheOpenWindowSpentUntilItsEnd() public {
        (uint256 remaining, uint256 windowEnd) = burner.budget(address(eurc));
        assertEq(remaining, LOT, "no window: the whole lot");
        assertEq(windowEnd, 0, "no window: no end");
        eurc.mint(address(burner), 1_000e6);
        burner.execute(address(eurc));
        (uint256 hop, , , , ) = burner.parameters();
        uint256 end = block.timestamp + hop;
        (remaining, windowEnd) = burner.budget(address(eurc));
        assertEq(remaining, LOT - 1_000e6, "the lot less what was spent");
        assertEq(windowEnd, end, "the window's end");
        vm.warp(end - 1);
        (remaining, windowEnd) = burner.budget(address(eurc));
        assertEq(remaining, LOT - 1_000e6, "until the last second of the window");
        assertEq(windowEnd, end, "same end");
        vm.warp(end);
        (remaining, windowEnd) = burner.budget(address(eurc));
        assertEq(remaining, LOT, "the window is over: the whole lot");
        assertEq(windowEnd, 0, "no open window");
        vm.expectRevert(abi.encodeWithSelector(IBuybackBurner.BuybackBurnerTokenNotConfigured.selector, address(0xE)));
        burner.budget(address(0xE));
    }

    /// @dev A window that spent its whole lot has nothing left and refuses an execute until its end; at
    /// its end second a new window opens with the whole lot.
    function test_budget_ASpentWindowRefusesUntilItsEndThenANewOneOpens() public {
        vm.prank(ADMIN);
        burner.setLot(address(eurc), 1_000e6);
        eurc.mint(address(burner), 3_000e6);
        (uint256 spent, ) = burner.execute(address(eurc));
        assertEq(spent, 1_000e6, "the whole lot");
        (uint256 hop, , , , ) = burner.parameters();
        uint256 end = block.timestamp + hop;
        (uint256 remaining, uint256 windowEnd) = burner.budget(address(eurc));
        assertEq(remaining, 0, "nothing left");
        assertEq(windowEnd, end, "until the window's end");
        vm.warp(end - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IBuybackBurner.BuybackBurnerBudgetSpent.selector, address(eurc), end, end - 1)
        );
        burner.execute(address(eurc));
        vm.warp(end);
        _restorePrice(eurc, pair);
        (spent, ) = burner.execute(address(eurc));
        assertEq(spent, 1_000e6, "a new window, a new lot");
        (remaining, windowEnd) = burner.budget(address(eurc));
        assertEq(remaining, 0, "spent again");
        assertEq(windowEnd, end + hop, "the new window ends a hop later");
    }

    function test_execute_RevertWhen_NoGaleonToBurn() public {
        vm.expectRevert(
            abi.encodeWithSelector(IBuybackBurner.BuybackBurnerNothingToSpend.selector, address(galeon), 0, 0, 0)
        );
        burner.execute(address(galeon));
    }

    /// @dev Observations alternate between two slots. When the newest (here in slot 0, the third record)
    /// is younger than the window, the price is read since the older one (slot 1), which is old enough.
    function test_execute_ReadsTheOlderSlotWhenTheNewestInSlotZeroIsTooYoung() public {
        // setUp recorded slot 0 at START; slot 1 now, slot 0 again a window later.
        burner.recordObservation(address(eurc));
        uint256 olderAt = block.timestamp;
        vm.warp(block.timestamp + 30 minutes);
        burner.recordObservation(address(eurc));
        (, uint256 t0) = burner.observation(address(eurc), 0);
        (, uint256 t1) = burner.observation(address(eurc), 1);
        assertEq(t0, block.timestamp, "the newest in slot 0");
        assertEq(t1, olderAt, "the older in slot 1");
        vm.warp(block.timestamp + 1 minutes);
        eurc.mint(address(burner), 1_000e6);
        (uint256 amountIn, uint256 burned) = burner.execute(address(eurc));
        assertEq(amountIn, 1_000e6, "spent, priced since slot 1");
        assertTrue(burned != 0, "burned");
    }

    /// @dev Every admin function refuses a stranger with OpenZeppelin's error, and changes nothing.
    function test_adminFunctions_RevertWhen_CalledByAStranger() public {
        bytes memory refusal = abi.encodeWithSignature("OwnableUnauthorizedAccount(address)", STRANGER);
        vm.startPrank(STRANGER);
        vm.expectRevert(refusal);
        burner.setPair(address(eurc), address(0));
        vm.expectRevert(refusal);
        burner.setLot(address(eurc), 1);
        vm.expectRevert(refusal);
        burner.setHop(2 hours);
        vm.expectRevert(refusal);
        burner.setDeviation(100);
        vm.expectRevert(refusal);
        burner.setTwapWindow(1 hours, 2 days);
        vm.expectRevert(refusal);
        burner.setRouter(address(0));
        vm.expectRevert(refusal);
        burner.recoverToken(address(eurc), STRANGER, 1);
        vm.stopPrank();
        (address marketPair, uint256 lot, , ) = burner.market(address(eurc));
        assertEq(marketPair, pair, "pair kept");
        assertEq(lot, LOT, "lot kept");
    }

    /// @dev The admin's early record (a deployment or a proposal that a stranger's record preceded) is a
    /// no-op, not a revert: nothing is recorded or emitted. The admin is the caller, whoever signed the
    /// transaction.
    function test_recordObservation_TheAdminsEarlyRecordIsANoOp() public {
        burner.recordObservation(address(eurc));
        (uint256 c0, uint256 t0) = burner.observation(address(eurc), 0);
        (uint256 c1, uint256 t1) = burner.observation(address(eurc), 1);
        vm.warp(block.timestamp + 1);
        vm.recordLogs();
        vm.prank(ADMIN);
        burner.recordObservation(address(eurc));
        assertEq(vm.getRecordedLogs().length, 0, "nothing emitted");
        (uint256 c0After, uint256 t0After) = burner.observation(address(eurc), 0);
        (uint256 c1After, uint256 t1After) = burner.observation(address(eurc), 1);
        assertEq(c0After, c0, "slot 0 cumulative");
        assertEq(t0After, t0, "slot 0 time");
        assertEq(c1After, c1, "slot 1 cumulative");
        assertEq(t1After, t1, "slot 1 time");
    }

    /// @dev The event carries the cumulative price recorded and the block's timestamp.
    function test_recordObservation_EmitsTheCumulativeAndTheTimestamp() public {
        vm.roll(block.number + 7);
        vm.recordLogs();
        burner.recordObservation(address(eurc));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1, "one event");
        assertTrue(logs[0].topics[0] == IBuybackBurner.ObservationRecorded.selector, "ObservationRecorded");
        assertTrue(logs[0].topics[1] == bytes32(uint256(uint160(address(eurc)))), "token");
        (uint256 cumulative, uint64 timestamp) = abi.decode(logs[0].data, (uint256, uint64));
        (uint256 c0, uint256 t0) = burner.observation(address(eurc), 0);
        (uint256 c1, uint256 t1) = burner.observation(address(eurc), 1);
        assertEq(timestamp, block.timestamp, "the block's timestamp");
        assertEq(cumulative, t0 > t1 ? c0 : c1, "the cumulative recorded");
        assertTrue(cumulative != 0, "a real cumulative");
    }

    /// @dev The zero pair disables the token's market: its window and observations are cleared.
    function test_setPair_ZeroDisablesTheMarket() public {
        vm.expectEmit();
        emit IBuybackBurner.PairSet(address(eurc), address(0));
        vm.prank(ADMIN);
        burner.setPair(address(eurc), address(0));
        (address marketPair, uint256 lot, uint256 windowStart, uint256 spent) = burner.market(address(eurc));
        assertEq(marketPair, address(0), "no pair");
        assertEq(lot, LOT, "the lot stays");
        assertEq(windowStart, 0, "disabled");
        assertEq(spent, 0, "nothing spent");
        vm.expectRevert(abi.encodeWithSelector(IBuybackBurner.BuybackBurnerTokenNotConfigured.selector, address(eurc)));
        burner.recordObservation(address(eurc));
    }

    /// @dev A gas estimate made in the second a pair was seeded (no time elapsed: its cumulative price
    /// is still zero) must hold a second later. A node that mines several blocks within one second
    /// (anvil) lets a deployment estimate `recordObservation` in the pair's first second and run it in
    /// the next: the call must not then need more gas than estimated (it ran out of gas in CI).
    function test_recordObservation_CostsTheSameGasInThePairsFirstSecondAsLater() public {
        TestStablecoin first = _stablecoin(6, true);
        TestStablecoin later = _stablecoin(6, true);
        _seededPair(first);
        _seededPair(later);

        uint256 gasBefore = gasleft();
        burner.recordObservation(address(first));
        uint256 inTheFirstSecond = gasBefore - gasleft();
        (uint256 cumulative, ) = burner.observation(address(first), 0);
        assertEq(cumulative, 0, "no time elapsed: the cumulative price is zero");

        vm.warp(block.timestamp + 1);
        gasBefore = gasleft();
        burner.recordObservation(address(later));
        uint256 aSecondLater = gasBefore - gasleft();
        (cumulative, ) = burner.observation(address(later), 0);
        assertTrue(cumulative > 0, "a second later the cumulative price has grown");
        assertEq(aSecondLater, inTheFirstSecond, "the same gas either side of the second");
    }

    /// @dev For any TWAP window the DAO sets, recording is refused until the newest of the two
    /// observations is one window old, to the second (the limit runs from the newest, not from the
    /// older one it overwrites), and allowed from then on.
    function testFuzz_recordObservation_RefusedUntilTheNewestIsOneWindowOld(
        uint256 window,
        uint256 gap,
        uint256 early
    ) public {
        window = bound(window, 30 minutes, 1 days);
        vm.prank(ADMIN);
        burner.setTwapWindow(window, 2 * window);
        uint256 first = block.timestamp - 30 minutes; // setUp's observation
        if (window > 30 minutes) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IBuybackBurner.BuybackBurnerObservationTooRecent.selector,
                    address(eurc),
                    first + window,
                    block.timestamp
                )
            );
            burner.recordObservation(address(eurc));
        }
        uint256 second = first + window + bound(gap, 0, window);
        vm.warp(second);
        burner.recordObservation(address(eurc));

        early = bound(early, 1, window);
        vm.warp(second + window - early);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBuybackBurner.BuybackBurnerObservationTooRecent.selector,
                address(eurc),
                second + window,
                second + window - early
            )
        );
        burner.recordObservation(address(eurc));

        vm.warp(second + window);
        burner.recordObservation(address(eurc));
        (, uint256 t0) = burner.observation(address(eurc), 0);
        (, uint256 t1) = burner.observation(address(eurc), 1);
        assertEq(t0, second + window, "the third observation overwrote the older slot");
        assertEq(t1, second, "the second observation is kept");
    }

    /// @dev Whichever way a donation and `sync` move the spot (GALEON in: above the TWAP; tEURC in:
    /// below), execute refuses with SpotOutOfBand exactly when the spot is outside [bandFloor,
    /// bandCeiling], and never for that reason inside it.
    function testFuzz_execute_RefusedExactlyWhenTheSpotLeavesTheBandEitherWay(uint256 moveBps, bool up) public {
        _checkBand(bound(moveBps, 0, 400), up);
    }

    /// @dev The band's edges (2%) both ways: reserve moves of 1.99% and 2% keep the spot inside; 2.02%
    /// more GALEON (spot × 1.0202) or 2.05% more tEURC (spot ÷ 1.0205 < 0.98) leave it.
    function test_execute_BandEdgesEitherWay() public {
        for (uint256 i; i < 2; ++i) {
            uint256 snapshot = vm.snapshotState();
            assertTrue(_checkBand(199, i == 0), "a 1.99% move stays in the band");
            vm.revertToState(snapshot);
            assertTrue(_checkBand(200, i == 0), "a 2% move stays in the band");
            vm.revertToState(snapshot);
            assertTrue(!_checkBand(i == 0 ? 202 : 205, i == 0), "a 2.02% move up, 2.05% down, leaves the band");
            vm.revertToState(snapshot);
        }
    }

    /// @dev Moves the spot `moveBps` of the reserve up (a GALEON donation) or down (a tEURC donation),
    /// then executes and checks the outcome against the band. Returns whether the spot was inside.
    function _checkBand(uint256 moveBps, bool up) private returns (bool inside) {
        eurc.mint(address(burner), LOT);
        (uint256 twap, ) = burner.prices(address(eurc));
        if (up) require(galeon.transfer(pair, (GALEON_LIQUIDITY * moveBps) / 10_000), "donate GALEON");
        else eurc.mint(pair, (1_000_000e6 * moveBps) / 10_000);
        IUniswapV2Pair(pair).sync();
        (uint256 twapAfter, uint256 spot) = burner.prices(address(eurc));
        assertEq(twapAfter, twap, "a move in this block does not enter the TWAP");
        inside = spot >= TwapLib.bandFloor(twap, 200) && spot <= TwapLib.bandCeiling(twap, 200);
        bytes memory outOfBand = abi.encodeWithSelector(
            IBuybackBurner.BuybackBurnerSpotOutOfBand.selector,
            address(eurc),
            spot,
            twap,
            200
        );
        try burner.execute(address(eurc)) returns (uint256 amountIn, uint256) {
            assertTrue(inside, "executed only with the spot inside the band");
            assertTrue(amountIn != 0, "spent something");
        } catch (bytes memory reason) {
            if (!inside) assertTrue(keccak256(reason) == keccak256(outOfBand), "refused as out of band");
            else assertTrue(bytes4(reason) != IBuybackBurner.BuybackBurnerSpotOutOfBand.selector, "not out of band");
        }
    }

    /// @dev Over random hops, lots and keeper timings: at most one budget window opens per hop, a window
    /// spends at most lot, the total spent never exceeds lot × the number of hops that elapsed (plus the
    /// first), every GALEON bought is burned, and stablecoin is conserved.
    function testFuzz_execute_SpendsAtMostLotPerElapsedHop(
        uint256 hop,
        uint256 lot,
        uint256 accrued,
        uint256 seed,
        bool eighteenDecimals
    ) public {
        TestStablecoin token = eighteenDecimals ? _stablecoin(18, false) : eurc;
        uint256 unit = 10 ** token.decimals();
        hop = bound(hop, 5 minutes, 6 hours);
        lot = bound(lot, 1, 20_000 * unit);
        accrued = bound(accrued, 0, 200_000 * unit);
        if (eighteenDecimals) _market(token, lot);
        vm.startPrank(ADMIN);
        burner.setHop(hop);
        burner.setLot(address(token), lot);
        vm.stopPrank();
        token.mint(address(burner), accrued);

        uint256 start = block.timestamp;
        uint256 supplyBefore = galeon.totalSupply();
        (uint256 spent, uint256 burned, uint256 windows) = _keeperRounds(token, hop, lot, seed);
        uint256 elapsedHops = (block.timestamp - start) / hop + 1;
        assertLe(windows, elapsedHops, "at most one budget window per hop");
        assertLe(spent, lot * elapsedHops, "spent <= lot x elapsed hops");
        assertEq(supplyBefore - galeon.totalSupply(), burned, "GALEON burned == drop in totalSupply");
        assertEq(token.balanceOf(address(burner)) + spent, accrued, "stablecoin in + still held == accrued");
    }

    /// @dev Eight keeper rounds at random times within two hops: record when allowed, execute when
    /// allowed (sometimes twice in a row). Counts the budget windows opened and checks what each spent.
    function _keeperRounds(
        TestStablecoin token,
        uint256 hop,
        uint256 lot,
        uint256 seed
    ) private returns (uint256 spent, uint256 burned, uint256 windows) {
        uint256 lastWindowStart;
        uint256 windowSpent;
        for (uint256 i; i < 8; ++i) {
            vm.warp(block.timestamp + bound(uint256(keccak256(abi.encode(seed, i))), 1, 2 * hop));
            try burner.recordObservation(address(token)) {
                (, uint256 t0) = burner.observation(address(token), 0);
                (, uint256 t1) = burner.observation(address(token), 1);
                assertTrue(t0 == block.timestamp || t1 == block.timestamp, "the new observation is stored");
            } catch (bytes memory reason) {
                assertEq(
                    uint32(bytes4(reason)),
                    uint32(IBuybackBurner.BuybackBurnerObservationTooRecent.selector),
                    "recording is only refused while the newest observation is young"
                );
            }
            for (uint256 calls = 1 + (uint256(keccak256(abi.encode(seed, i, "calls"))) % 2); calls > 0; --calls) {
                try burner.execute(address(token)) returns (uint256 amountIn, uint256 galeonBurned) {
                    assertLe(amountIn, lot, "one execute spends at most lot");
                    spent += amountIn;
                    burned += galeonBurned;
                    (, , uint256 windowStart, ) = burner.market(address(token));
                    if (windowStart != lastWindowStart) {
                        (lastWindowStart, windowSpent) = (windowStart, 0);
                        ++windows;
                    }
                    windowSpent += amountIn;
                    assertLe(windowSpent, lot, "one budget window spends at most lot");
                } catch (bytes memory reason) {
                    assertTrue(reason.length >= 4, "refused with a custom error");
                }
            }
        }
    }
}
