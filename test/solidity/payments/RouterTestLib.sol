// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "../utils/Vm.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {Quote} from "../../../contracts/interfaces/IDataAccessRouter.sol";

/// @notice Router deployment, quote building and signing with `vm.sign`, shared by the router's unit, fuzz and
/// invariant tests.
library RouterTestLib {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev A router administered by the calling test contract, with no burner and no minimum, the attestor of
    /// `attestorKey`, the treasury, buy-back and Galeon payees in that order, and `tokens` allowlisted.
    function deploy(
        uint256 attestorKey,
        address[3] memory payees,
        address[] memory tokens
    ) internal returns (DataAccessRouter) {
        return new DataAccessRouter(address(this), address(0), 0, vm.addr(attestorKey), payees, tokens);
    }

    /// @dev `deploy` with one token allowlisted.
    function deploy(uint256 attestorKey, address[3] memory payees, address token) internal returns (DataAccessRouter) {
        address[] memory tokens = new address[](1);
        tokens[0] = token;
        return deploy(attestorKey, payees, tokens);
    }

    /// @dev A quote valid for an hour, access for 30 days under a permit of a year (`permitOf(accessId)`),
    /// a new access (renews nothing), paid by the buyer only.
    function quote(
        bytes32 accessId,
        address buyer,
        address token,
        uint256 amount,
        uint256[] memory usage
    ) internal view returns (Quote memory q) {
        q.accessId = accessId;
        q.buyer = buyer;
        q.token = token;
        q.amount = amount;
        q.deadline = uint64(block.timestamp + 1 hours);
        q.accessExpiry = uint64(block.timestamp + 30 days);
        q.usage = usage;
        q.jobHash = keccak256(abi.encode("job", accessId));
        q.permitId = permitOf(accessId);
        q.permitExpiry = uint64(block.timestamp + 365 days);
    }

    /// @dev The permit id `quote` gives an access id.
    function permitOf(bytes32 accessId) internal pure returns (bytes32) {
        return keccak256(abi.encode("permit", accessId));
    }

    /// @dev The attestor's 65-byte signature (r, s, v) of the quote's EIP-712 digest.
    function sign(DataAccessRouter router, uint256 attestorKey, Quote memory q) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(attestorKey, router.quoteDigest(q));
        return abi.encodePacked(r, s, v);
    }

    /// @dev One packed usage entry.
    function entry(uint256 hospitalId, uint256 units) internal pure returns (uint256) {
        return (hospitalId << 224) | units;
    }
}
