// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {RouterTestLib} from "./RouterTestLib.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {Quote} from "../../../contracts/interfaces/IDataAccessRouter.sol";
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

    /// @dev Any amount, any sorted subset of 1 to 256 registered hospitals with any units.
    function testFuzz_purchase_CreditsMatchSplitLib(uint256 amount, uint256 seed, uint256 count) public {
        amount = bound(amount, 1, type(uint128).max);
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
}
