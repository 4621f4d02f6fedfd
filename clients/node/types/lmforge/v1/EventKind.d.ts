/**
 * What changed, in a RegistryEvent.
 */
export declare const EventKind: {
    /**
     * Not set (a filter with no kinds matches every kind).
     */
    readonly EVENT_KIND_UNSPECIFIED: "EVENT_KIND_UNSPECIFIED";
    /**
     * A model was created.
     */
    readonly EVENT_KIND_MODEL_CREATED: "EVENT_KIND_MODEL_CREATED";
    /**
     * A model was deleted (with its versions and aliases).
     */
    readonly EVENT_KIND_MODEL_DELETED: "EVENT_KIND_MODEL_DELETED";
    /**
     * A model version was created (PENDING).
     */
    readonly EVENT_KIND_MODEL_VERSION_CREATED: "EVENT_KIND_MODEL_VERSION_CREATED";
    /**
     * A model version became READY.
     */
    readonly EVENT_KIND_MODEL_VERSION_READY: "EVENT_KIND_MODEL_VERSION_READY";
    /**
     * A model version became FAILED (aborted or expired).
     */
    readonly EVENT_KIND_MODEL_VERSION_FAILED: "EVENT_KIND_MODEL_VERSION_FAILED";
    /**
     * A model version was deleted.
     */
    readonly EVENT_KIND_MODEL_VERSION_DELETED: "EVENT_KIND_MODEL_VERSION_DELETED";
    /**
     * An alias was created (old_version 0, new_version its target).
     */
    readonly EVENT_KIND_ALIAS_SET: "EVENT_KIND_ALIAS_SET";
    /**
     * An existing alias was pointed at another version (old_version, new_version).
     */
    readonly EVENT_KIND_ALIAS_MOVED: "EVENT_KIND_ALIAS_MOVED";
    /**
     * An alias was removed (old_version its last target, new_version 0).
     */
    readonly EVENT_KIND_ALIAS_DELETED: "EVENT_KIND_ALIAS_DELETED";
    /**
     * A dataset was created.
     */
    readonly EVENT_KIND_DATASET_CREATED: "EVENT_KIND_DATASET_CREATED";
    /**
     * A dataset was deleted (with its versions).
     */
    readonly EVENT_KIND_DATASET_DELETED: "EVENT_KIND_DATASET_DELETED";
    /**
     * A dataset version was created (PENDING).
     */
    readonly EVENT_KIND_DATASET_VERSION_CREATED: "EVENT_KIND_DATASET_VERSION_CREATED";
    /**
     * A dataset version became READY.
     */
    readonly EVENT_KIND_DATASET_VERSION_READY: "EVENT_KIND_DATASET_VERSION_READY";
    /**
     * A dataset version became FAILED (aborted or expired).
     */
    readonly EVENT_KIND_DATASET_VERSION_FAILED: "EVENT_KIND_DATASET_VERSION_FAILED";
    /**
     * A dataset version was deleted.
     */
    readonly EVENT_KIND_DATASET_VERSION_DELETED: "EVENT_KIND_DATASET_VERSION_DELETED";
    /**
     * A gated promotion was decided (promotion holds both figures; version is
     * the candidate, old_version the baseline, new_version what the alias
     * points at afterwards). A promotion that moved the alias is followed by
     * its ALIAS_SET/ALIAS_MOVED event.
     */
    readonly EVENT_KIND_PROMOTION_DECIDED: "EVENT_KIND_PROMOTION_DECIDED";
    /**
     * An inference server now serves version through the alias (server says which).
     */
    readonly EVENT_KIND_DEPLOYMENT_SWAPPED: "EVENT_KIND_DEPLOYMENT_SWAPPED";
    /**
     * An inference server failed to load or warm version; its old one keeps serving.
     */
    readonly EVENT_KIND_DEPLOYMENT_FAILED: "EVENT_KIND_DEPLOYMENT_FAILED";
};
/**
 * What changed, in a RegistryEvent.
 */
export type EventKind = 
/**
 * Not set (a filter with no kinds matches every kind).
 */
'EVENT_KIND_UNSPECIFIED' | 0
/**
 * A model was created.
 */
 | 'EVENT_KIND_MODEL_CREATED' | 1
/**
 * A model was deleted (with its versions and aliases).
 */
 | 'EVENT_KIND_MODEL_DELETED' | 2
/**
 * A model version was created (PENDING).
 */
 | 'EVENT_KIND_MODEL_VERSION_CREATED' | 3
/**
 * A model version became READY.
 */
 | 'EVENT_KIND_MODEL_VERSION_READY' | 4
/**
 * A model version became FAILED (aborted or expired).
 */
 | 'EVENT_KIND_MODEL_VERSION_FAILED' | 5
/**
 * A model version was deleted.
 */
 | 'EVENT_KIND_MODEL_VERSION_DELETED' | 6
/**
 * An alias was created (old_version 0, new_version its target).
 */
 | 'EVENT_KIND_ALIAS_SET' | 7
/**
 * An existing alias was pointed at another version (old_version, new_version).
 */
 | 'EVENT_KIND_ALIAS_MOVED' | 8
/**
 * An alias was removed (old_version its last target, new_version 0).
 */
 | 'EVENT_KIND_ALIAS_DELETED' | 9
/**
 * A dataset was created.
 */
 | 'EVENT_KIND_DATASET_CREATED' | 10
/**
 * A dataset was deleted (with its versions).
 */
 | 'EVENT_KIND_DATASET_DELETED' | 11
/**
 * A dataset version was created (PENDING).
 */
 | 'EVENT_KIND_DATASET_VERSION_CREATED' | 12
/**
 * A dataset version became READY.
 */
 | 'EVENT_KIND_DATASET_VERSION_READY' | 13
/**
 * A dataset version became FAILED (aborted or expired).
 */
 | 'EVENT_KIND_DATASET_VERSION_FAILED' | 14
/**
 * A dataset version was deleted.
 */
 | 'EVENT_KIND_DATASET_VERSION_DELETED' | 15
/**
 * A gated promotion was decided (promotion holds both figures; version is
 * the candidate, old_version the baseline, new_version what the alias
 * points at afterwards). A promotion that moved the alias is followed by
 * its ALIAS_SET/ALIAS_MOVED event.
 */
 | 'EVENT_KIND_PROMOTION_DECIDED' | 16
/**
 * An inference server now serves version through the alias (server says which).
 */
 | 'EVENT_KIND_DEPLOYMENT_SWAPPED' | 17
/**
 * An inference server failed to load or warm version; its old one keeps serving.
 */
 | 'EVENT_KIND_DEPLOYMENT_FAILED' | 18;
/**
 * What changed, in a RegistryEvent.
 */
export type EventKind__Output = typeof EventKind[keyof typeof EventKind];
