/**
 * Lifecycle of a model or dataset version.
 */
export declare const VersionState: {
    /**
     * Not set.
     */
    readonly VERSION_STATE_UNSPECIFIED: "VERSION_STATE_UNSPECIFIED";
    /**
     * Created; files may still be uploaded.
     */
    readonly VERSION_STATE_PENDING: "VERSION_STATE_PENDING";
    /**
     * Every file is in the store and verified; immutable from now on.
     */
    readonly VERSION_STATE_READY: "VERSION_STATE_READY";
    /**
     * Aborted or expired; its objects were removed.
     */
    readonly VERSION_STATE_FAILED: "VERSION_STATE_FAILED";
};
/**
 * Lifecycle of a model or dataset version.
 */
export type VersionState = 
/**
 * Not set.
 */
'VERSION_STATE_UNSPECIFIED' | 0
/**
 * Created; files may still be uploaded.
 */
 | 'VERSION_STATE_PENDING' | 1
/**
 * Every file is in the store and verified; immutable from now on.
 */
 | 'VERSION_STATE_READY' | 2
/**
 * Aborted or expired; its objects were removed.
 */
 | 'VERSION_STATE_FAILED' | 3;
/**
 * Lifecycle of a model or dataset version.
 */
export type VersionState__Output = typeof VersionState[keyof typeof VersionState];
