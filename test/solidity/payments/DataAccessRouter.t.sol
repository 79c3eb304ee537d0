// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {RouterTestLib} from "./RouterTestLib.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {IDataAccessRouter, Quote} from "../../../contracts/interfaces/IDataAccessRouter.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {SplitLib} from "../../../contracts/libraries/SplitLib.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";

/// @notice Fuzz tests of a purchase: the router's packed crediting matches `SplitLib` exactly.
contract DataAccessRouterFuzzTest is BaseTest {
    uint256 internal constant ATTESTOR_KEY = 0xA77E57;
    uint256 internal constant HOSPITALS = 300;
    address internal constant BUYER = address(0xB0B);

    DataAccessRouter internal router;
    TestStablecoin internal token;

    function setUp() public {
        token = new TestStablecoin("Test Euro", "tEURC", 6);
        address[] memory tokens = new address[](1);
        tokens[0] = address(token);
        router = new DataAccessRouter(
            address(this),
            address(0),
            0,
            vm.addr(ATTESTOR_KEY),
            [address(0x7), address(0x8), address(0x9)],
            tokens
        );
        for (uint256 i; i < HOSPITALS; ++i) {
            router.register(uint32(i), address(uint160(0x10000 + i)), keccak256(abi.encode(i)));
        }
        token.mint(BUYER, type(uint128).max);
        vm.prank(BUYER);
        token.approve(address(router), type(uint256).max);
    }

    /// @dev Any splittable amount, any sorted subset of 1 to 256 registered hospitals with any units.
    function testFuzz_purchase_CreditsMatchSplitLib(uint256 amount, uint256 seed, uint256 count) public {
        count = bound(count, 1, 256);
        uint256[] memory usage = new uint256[](count);
        uint256[] memory units = new uint256[](count);
        uint256[] memory ids = new uint256[](count);
        // Strictly increasing ids in [0, HOSPITALS): random gaps that always leave room for the rest.
        uint256 id;
        uint256 room = HOSPITALS - count;
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 gap = room == 0 ? 0 : (r % (room + 1)) / 4;
            room -= gap;
            id += gap;
            ids[i] = id;
            units[i] = bound(r >> 128, 1, type(uint96).max);
            usage[i] = RouterTestLib.entry(id, units[i]);
            ++id;
        }
        // From this amount on every hospital gets at least one base unit (dust is refused: see below).
        amount = bound(amount, _smallestSplittable(units), type(uint128).max);
        Quote memory q = RouterTestLib.quote(keccak256(abi.encode(seed)), BUYER, address(token), amount, usage);
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        vm.prank(BUYER);
        router.purchase(q, signature, amount);

        SplitLib.Parts memory parts = SplitLib.split(amount, 4_000, 3_000, 2_000);
        uint256[] memory shares = SplitLib.proRata(parts.hospitals, units);
        for (uint256 i; i < count; ++i) {
            assertEq(router.hospitalBalance(uint32(ids[i]), address(token)), shares[i], "hospital credit == SplitLib");
        }
        assertEq(router.payeeBalance(Payee.Treasury, address(token)), parts.treasury, "treasury credit");
        assertEq(router.payeeBalance(Payee.Buyback, address(token)), parts.buyback, "buy-back credit");
        assertEq(router.payeeBalance(Payee.Galeon, address(token)), parts.galeon, "Galeon credit");
        assertEq(token.balanceOf(address(router)), amount, "router received the amount");
        assertTrue(router.isAccessValid(q.accessId), "access recorded");
    }
    /// @dev An amount too small for a party with a non-zero share: refused, naming the first such part
    /// (hospitals, treasury, buy-back), whatever the split.
    function testFuzz_purchase_RevertWhen_PartTooSmall(
        uint256 amount,
        uint256 hospitalsBps,
        uint256 treasuryBps,
        uint256 buybackBps
    ) public {
        hospitalsBps = bound(hospitalsBps, 4_000, 10_000);
        treasuryBps = bound(treasuryBps, 0, 10_000 - hospitalsBps);
        buybackBps = bound(buybackBps, 0, 10_000 - hospitalsBps - treasuryBps);
        router.setSplit(
            uint16(hospitalsBps),
            uint16(treasuryBps),
            uint16(buybackBps),
            uint16(10_000 - hospitalsBps - treasuryBps - buybackBps)
        );
        // The smallest non-zero share among the three floored parts needs 10,000 / bps base units.
        uint256 smallestBps = hospitalsBps;
        if (treasuryBps != 0 && treasuryBps < smallestBps) smallestBps = treasuryBps;
        if (buybackBps != 0 && buybackBps < smallestBps) smallestBps = buybackBps;
        amount = bound(amount, 1, (10_000 - 1) / smallestBps);
        uint256[3] memory bps = [hospitalsBps, treasuryBps, buybackBps];
        uint256 part;
        while (bps[part] == 0 || amount * bps[part] >= 10_000) ++part;
        uint256[] memory usage = new uint256[](1);
        usage[0] = RouterTestLib.entry(7, 1);
        Quote memory q = RouterTestLib.quote(keccak256(abi.encode(amount)), BUYER, address(token), amount, usage);
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        vm.expectRevert(
            abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterPartTooSmall.selector, part, amount, bps[part])
        );
        vm.prank(BUYER);
        router.purchase(q, signature, amount);
    }

    /// @dev Fewer base units in the hospitals' part than hospitals: some hospital would get nothing, and
    /// the purchase is refused naming the first one (found by plain cumulative floors, small numbers).
    function testFuzz_purchase_RevertWhen_HospitalCreditTooSmall(uint256 amount, uint256 seed, uint256 count) public {
        count = bound(count, 3, 64);
        // Every fixed part non-zero (at least 5 base units), the hospitals' part below `count`.
        amount = bound(amount, 5, (count * 10_000 - 1) / 4_000);
        uint256[] memory usage = new uint256[](count);
        uint256[] memory units = new uint256[](count);
        uint256 total;
        for (uint256 i; i < count; ++i) {
            units[i] = 1 + (uint256(keccak256(abi.encode(seed, i))) % 1_000_000);
            usage[i] = RouterTestLib.entry(3 * i + 1, units[i]);
            total += units[i];
        }
        uint256 part = (amount * 4_000) / 10_000;
        uint256 first;
        uint256 cumulative;
        uint256 previous;
        for (uint256 i; i < count; ++i) {
            cumulative += units[i];
            uint256 upTo = (part * cumulative) / total;
            if (upTo == previous) {
                first = i;
                break;
            }
            previous = upTo;
        }
        assertTrue(part < count, "fewer base units than hospitals");
        Quote memory q = RouterTestLib.quote(keccak256(abi.encode(seed)), BUYER, address(token), amount, usage);
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataAccessRouter.DataAccessRouterHospitalCreditTooSmall.selector,
                uint32(3 * first + 1),
                units[first],
                total,
                part
            )
        );
        vm.prank(BUYER);
        router.purchase(q, signature, amount);
    }

    /// @dev With the default split, the least amount from which every amount credits each party and each
    /// hospital at least one base unit: a hospitals' part `H >= ceil(T / u_min)` gives every hospital
    /// `H * u_i / T >= 1`, so its cumulative floor moves by at least one; and at least 5 base units
    /// (the buy-back's 20%).
    function _smallestSplittable(uint256[] memory units) internal pure returns (uint256) {
        uint256 total;
        uint256 least = type(uint256).max;
        for (uint256 i; i < units.length; ++i) {
            total += units[i];
            if (units[i] < least) least = units[i];
        }
        uint256 part = (total + least - 1) / least;
        uint256 amount = (part * 10_000 + 4_000 - 1) / 4_000;
        return amount < 5 ? 5 : amount;
    }
}
