// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A hospital's state in the registry.
/// @dev `Unregistered` is the default of every id never registered.
enum HospitalStatus {
    Unregistered,
    Active,
    Suspended
}

/// @title IHospitalRegistry
/// @notice Pseudonymous hospital ids (`uint32`) mapped to a payout address, a status and the hash of
/// off-chain metadata. No names or personal data on chain. The admin (the DAO timelock after
/// deployment) registers, suspends and reactivates; a hospital's current payout address rotates it.
/// @dev Active hospitals are also kept in a bitmap (256 ids per storage word, id `i` is bit `i % 256`
/// of word `i / 256`), so a caller checks a whole sorted usage vector with one read per word instead
/// of one cold read per hospital.
interface IHospitalRegistry {
    /* ERRORS */

    /// @notice The id is already registered.
    /// @param hospitalId The id.
    error HospitalRegistryAlreadyRegistered(uint32 hospitalId);

    /// @notice No hospital is registered under this id.
    /// @param hospitalId The id.
    error HospitalRegistryUnknownHospital(uint32 hospitalId);

    /// @notice The hospital already has the requested status.
    /// @param hospitalId The id.
    /// @param status Its current status.
    error HospitalRegistryAlreadyInStatus(uint32 hospitalId, HospitalStatus status);

    /// @notice A payout address cannot be the zero address.
    /// @param hospitalId The id it was meant for.
    error HospitalRegistryZeroPayout(uint32 hospitalId);

    /// @notice A payout address cannot be an address known to be unable to move what it receives: the
    /// router itself (a claim would zero the credit and leave the tokens in the router, owned by nobody)
    /// or a payment token the router allowlists (tokens sent to a token contract are lost).
    /// @param hospitalId The id it was meant for.
    /// @param payout The refused address.
    error HospitalRegistryInvalidPayout(uint32 hospitalId, address payout);

    /// @notice Only the hospital's current payout address may rotate it.
    /// @param caller The account that tried.
    /// @param hospitalId The id.
    /// @param payout The current payout address.
    error HospitalRegistryNotPayout(address caller, uint32 hospitalId, address payout);

    /* EVENTS */

    /// @notice A hospital was registered, active.
    /// @param hospitalId The pseudonymous id.
    /// @param payout Its payout address.
    /// @param metadataHash Hash of its off-chain metadata.
    event HospitalRegistered(uint32 indexed hospitalId, address indexed payout, bytes32 metadataHash);

    /// @notice A hospital was suspended: it cannot appear in new purchases, keeps what it earned.
    /// @param hospitalId The id.
    event HospitalSuspended(uint32 indexed hospitalId);

    /// @notice A suspended hospital was made active again.
    /// @param hospitalId The id.
    event HospitalReactivated(uint32 indexed hospitalId);

    /// @notice A hospital's payout address changed.
    /// @param hospitalId The id.
    /// @param previousPayout The old address.
    /// @param newPayout The new address.
    event PayoutSet(uint32 indexed hospitalId, address indexed previousPayout, address indexed newPayout);

    /// @notice A hospital's metadata hash changed.
    /// @param hospitalId The id.
    /// @param metadataHash The new hash.
    event MetadataHashSet(uint32 indexed hospitalId, bytes32 metadataHash);

    /* ADMIN FUNCTIONS */

    /// @notice Registers a new, active hospital. Admin only.
    /// @param hospitalId A pseudonymous id not registered yet.
    /// @param payout Where its claims are paid (a Safe or an EOA); not zero, not the router, not an
    /// allowlisted payment token.
    /// @param metadataHash Hash of its off-chain metadata (never a name).
    function register(uint32 hospitalId, address payout, bytes32 metadataHash) external;

    /// @notice Suspends an active hospital: new purchases naming it are refused. Admin only.
    /// @param hospitalId The id.
    function suspend(uint32 hospitalId) external;

    /// @notice Reactivates a suspended hospital. Admin only.
    /// @param hospitalId The id.
    function reactivate(uint32 hospitalId) external;

    /// @notice Replaces a registered hospital's metadata hash. Admin only.
    /// @param hospitalId The id.
    /// @param newMetadataHash The new hash.
    function setMetadataHash(uint32 hospitalId, bytes32 newMetadataHash) external;

    /* HOSPITAL FUNCTIONS */

    /// @notice Rotates the payout address. Only the current payout address may call, whatever the
    /// hospital's status.
    /// @param hospitalId The id.
    /// @param newPayout The new payout address; not zero, not the router, not an allowlisted payment token.
    function setPayout(uint32 hospitalId, address newPayout) external;

    /* VIEWS */

    /// @notice A hospital's record.
    /// @param hospitalId The id.
    /// @return payout The payout address (zero when unregistered).
    /// @return status Its status.
    /// @return metadataHash Hash of its off-chain metadata.
    function hospital(
        uint32 hospitalId
    ) external view returns (address payout, HospitalStatus status, bytes32 metadataHash);

    /// @notice Where a hospital's claims are paid.
    /// @param hospitalId The id.
    /// @return The payout address (zero when unregistered).
    function payoutOf(uint32 hospitalId) external view returns (address);

    /// @notice A hospital's status.
    /// @param hospitalId The id.
    /// @return The status.
    function statusOf(uint32 hospitalId) external view returns (HospitalStatus);

    /// @notice Whether a hospital is registered and active.
    /// @param hospitalId The id.
    /// @return True when active.
    function isActive(uint32 hospitalId) external view returns (bool);

    /// @notice 256 active flags in one word: bit `b` is set when hospital `word * 256 + b` is active.
    /// @param word The word index (`hospitalId >> 8`).
    /// @return The bitmap word.
    function activeWord(uint256 word) external view returns (uint256);
}
