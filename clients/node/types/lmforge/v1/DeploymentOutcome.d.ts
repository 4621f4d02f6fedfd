/**
 * Whether a followed alias's new version is being served.
 */
export declare const DeploymentOutcome: {
    /**
     * Not set (refused).
     */
    readonly DEPLOYMENT_OUTCOME_UNSPECIFIED: "DEPLOYMENT_OUTCOME_UNSPECIFIED";
    /**
     * The server switched to the version.
     */
    readonly DEPLOYMENT_OUTCOME_SWAPPED: "DEPLOYMENT_OUTCOME_SWAPPED";
    /**
     * Loading or warming the version failed; the old one keeps serving.
     */
    readonly DEPLOYMENT_OUTCOME_FAILED: "DEPLOYMENT_OUTCOME_FAILED";
};
/**
 * Whether a followed alias's new version is being served.
 */
export type DeploymentOutcome = 
/**
 * Not set (refused).
 */
'DEPLOYMENT_OUTCOME_UNSPECIFIED' | 0
/**
 * The server switched to the version.
 */
 | 'DEPLOYMENT_OUTCOME_SWAPPED' | 1
/**
 * Loading or warming the version failed; the old one keeps serving.
 */
 | 'DEPLOYMENT_OUTCOME_FAILED' | 2;
/**
 * Whether a followed alias's new version is being served.
 */
export type DeploymentOutcome__Output = typeof DeploymentOutcome[keyof typeof DeploymentOutcome];
