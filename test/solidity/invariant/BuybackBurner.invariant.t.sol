// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BuybackBase} from "../buyback/BuybackBase.sol";
import {BuybackBurnerHandler} from "./BuybackBurnerHandler.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";

contract BuybackBurnerInvariantTest is BuybackBase {
    uint256 internal constant LOT = 10_000e6;
    BuybackBurnerHandler internal handler;
    uint256 internal supplyAtStart;

    function setUp() public {
        _deployCore();
        TestStablecoin eurc = _stablecoin(6, true);
        address pair = _market(eurc, LOT);
        handler = new BuybackBurnerHandler(burner, galeon, eurc, pair, LOT);
        // The handler trades and pays GALEON legs from its own stock.
        require(galeon.transfer(address(handler), 1_000_000e18), "stock");
        supplyAtStart = galeon.totalSupply();
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = BuybackBurnerHandler.accrue.selector;
        selectors[1] = BuybackBurnerHandler.wait.selector;
        selectors[2] = BuybackBurnerHandler.record.selector;
        selectors[3] = BuybackBurnerHandler.execute.selector;
        selectors[4] = BuybackBurnerHandler.trade.selector;
        selectors[5] = BuybackBurnerHandler.burnGaleonLeg.selector;
        selectors[6] = BuybackBurnerHandler.strangerExecute.selector;
        selectors[7] = BuybackBurnerHandler.giftToPair.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function invariant_burnedEqualsSupplyDrop() public view {
        assertEq(supplyAtStart - galeon.totalSupply(), handler.burned(), "GALEON burned == drop in totalSupply");
        assertEq(galeon.balanceOf(address(burner)), 0, "the burner keeps no GALEON");
    }

    function invariant_stablecoinConserved() public view {
        assertEq(
            handler.eurc().balanceOf(address(burner)) + handler.spent(),
            handler.accrued(),
            "stablecoin spent + still held == accrued"
        );
    }

    function invariant_spentAtMostLotPerElapsedHop() public view {
        uint256 elapsedHops = (handler.now_() - handler.startTime()) / handler.hop() + 1;
        assertLe(handler.maxSpentInOneCall(), LOT, "one execute spends at most lot");
        assertLe(handler.maxWindowSpent(), LOT, "one budget window spends at most lot, however the calls are split");
        assertLe(handler.windows(), elapsedHops, "at most one budget window opens per hop");
        assertLe(handler.spent(), LOT * elapsedHops, "spent <= lot x elapsed hops");
    }

    /// @dev Whoever calls, and however the keeper's and a stranger's calls interleave with trades,
    /// each execute spends exactly min(balance, what the window has left, what the band allows): the
    /// window's budget is spent in full whenever the balance and the price allow it.
    function invariant_eachExecuteSpendsItsWholeShare() public view {
        assertEq(handler.shortfalls(), 0, "no call spent less than its share, nor was refused with one");
    }

    /// @dev After every execute, the pair's spot is at or above the band's floor of the TWAP the execute
    /// used, tokens sent to the pair without sync() included (the burner's swap books them).
    function invariant_spotAtOrAboveTheFloorAfterEveryExecute() public view {
        assertEq(handler.spotBelowFloor(), 0, "no execute left the spot below the band's floor");
    }
}
