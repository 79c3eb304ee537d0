// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SuiteOwnable} from "../access/SuiteOwnable.sol";
import {HospitalStatus, IHospitalRegistry} from "../interfaces/IHospitalRegistry.sol";

/// @title HospitalRegistry
/// @notice Pseudonymous hospital ids, their payout addresses, statuses and metadata hashes.
/// @dev Abstract: its state lives in the storage of the contract that inherits it (the router), so
/// a purchase reads the active bitmap and a claim reads the payout address without a call to another
/// contract (saving a cold account access, 2,600 gas plus call overhead, on each). The owner is the
/// admin (the DAO timelock after deployment).
abstract contract HospitalRegistry is SuiteOwnable, IHospitalRegistry {
    /* STORAGE */

    /// @dev Payout address and status share one slot; the metadata hash sits in the next one.
    struct Hospital {
        address payout;
        HospitalStatus status;
        bytes32 metadataHash;
    }

    mapping(uint32 hospitalId => Hospital) private _hospitals;

    /// @dev Bit `id & 255` of word `id >> 8` is set exactly when hospital `id` is active.
    mapping(uint256 word => uint256 bits) private _activeBits;

    /* ADMIN FUNCTIONS */

    /// @inheritdoc IHospitalRegistry
    function register(uint32 hospitalId, address payout, bytes32 metadataHash) external onlyOwner {
        Hospital storage h = _hospitals[hospitalId];
        require(h.status == HospitalStatus.Unregistered, HospitalRegistryAlreadyRegistered(hospitalId));
        require(payout != address(0), HospitalRegistryZeroPayout(hospitalId));
        require(_canReceive(payout), HospitalRegistryInvalidPayout(hospitalId, payout));
        h.payout = payout;
        h.status = HospitalStatus.Active;
        h.metadataHash = metadataHash;
        _activeBits[hospitalId >> 8] |= _bit(hospitalId);
        emit HospitalRegistered(hospitalId, payout, metadataHash);
    }

    /// @inheritdoc IHospitalRegistry
    function suspend(uint32 hospitalId) external onlyOwner {
        _setStatus(hospitalId, HospitalStatus.Suspended);
        _activeBits[hospitalId >> 8] &= ~_bit(hospitalId);
        emit HospitalSuspended(hospitalId);
    }

    /// @inheritdoc IHospitalRegistry
    function reactivate(uint32 hospitalId) external onlyOwner {
        _setStatus(hospitalId, HospitalStatus.Active);
        _activeBits[hospitalId >> 8] |= _bit(hospitalId);
        emit HospitalReactivated(hospitalId);
    }

    /// @inheritdoc IHospitalRegistry
    function setMetadataHash(uint32 hospitalId, bytes32 newMetadataHash) external onlyOwner {
        Hospital storage h = _hospitals[hospitalId];
        require(h.status != HospitalStatus.Unregistered, HospitalRegistryUnknownHospital(hospitalId));
        h.metadataHash = newMetadataHash;
        emit MetadataHashSet(hospitalId, newMetadataHash);
    }

    /* HOSPITAL FUNCTIONS */

    /// @inheritdoc IHospitalRegistry
    function setPayout(uint32 hospitalId, address newPayout) external {
        Hospital storage h = _hospitals[hospitalId];
        address previous = h.payout;
        // An unregistered id has a zero payout, which no caller can be.
        require(msg.sender == previous, HospitalRegistryNotPayout(msg.sender, hospitalId, previous));
        require(newPayout != address(0), HospitalRegistryZeroPayout(hospitalId));
        require(_canReceive(newPayout), HospitalRegistryInvalidPayout(hospitalId, newPayout));
        h.payout = newPayout;
        emit PayoutSet(hospitalId, previous, newPayout);
    }

    /* VIEWS */

    /// @inheritdoc IHospitalRegistry
    function hospital(
        uint32 hospitalId
    ) external view returns (address payout, HospitalStatus status, bytes32 metadataHash) {
        Hospital storage h = _hospitals[hospitalId];
        return (h.payout, h.status, h.metadataHash);
    }

    /// @inheritdoc IHospitalRegistry
    function payoutOf(uint32 hospitalId) external view returns (address) {
        return _hospitals[hospitalId].payout;
    }

    /// @inheritdoc IHospitalRegistry
    function statusOf(uint32 hospitalId) external view returns (HospitalStatus) {
        return _hospitals[hospitalId].status;
    }

    /// @inheritdoc IHospitalRegistry
    function isActive(uint32 hospitalId) external view returns (bool) {
        return _activeBits[hospitalId >> 8] & _bit(hospitalId) != 0;
    }

    /// @inheritdoc IHospitalRegistry
    function activeWord(uint256 word) external view returns (uint256) {
        return _activeBits[word];
    }

    /* INTERNAL */

    /// @dev Whether `account` (not zero) can use what it is paid: false for the addresses the inheritor
    /// knows cannot (itself, the tokens it pays in).
    function _canReceive(address account) internal view virtual returns (bool);

    /// @dev The payout address of `hospitalId` (zero when unregistered).
    function _payoutOf(uint32 hospitalId) internal view returns (address) {
        return _hospitals[hospitalId].payout;
    }

    /// @dev The status of `hospitalId`.
    function _statusOf(uint32 hospitalId) internal view returns (HospitalStatus) {
        return _hospitals[hospitalId].status;
    }

    /// @dev The active bitmap word `word`.
    function _activeWord(uint256 word) internal view returns (uint256) {
        return _activeBits[word];
    }

    function _setStatus(uint32 hospitalId, HospitalStatus newStatus) private {
        Hospital storage h = _hospitals[hospitalId];
        HospitalStatus current = h.status;
        require(current != HospitalStatus.Unregistered, HospitalRegistryUnknownHospital(hospitalId));
        require(current != newStatus, HospitalRegistryAlreadyInStatus(hospitalId, current));
        h.status = newStatus;
    }

    function _bit(uint32 hospitalId) private pure returns (uint256) {
        return uint256(1) << (hospitalId & 255);
    }
}
