/**
 * Lifecycle of a job.
 */
export declare const JobState: {
    /**
     * Not set.
     */
    readonly JOB_STATE_UNSPECIFIED: "JOB_STATE_UNSPECIFIED";
    /**
     * Accepted, waiting for resources.
     */
    readonly JOB_STATE_QUEUED: "JOB_STATE_QUEUED";
    /**
     * Training.
     */
    readonly JOB_STATE_RUNNING: "JOB_STATE_RUNNING";
    /**
     * Finished; the output is registered.
     */
    readonly JOB_STATE_SUCCEEDED: "JOB_STATE_SUCCEEDED";
    /**
     * Failed; see error.
     */
    readonly JOB_STATE_FAILED: "JOB_STATE_FAILED";
    /**
     * Cancelled by a user.
     */
    readonly JOB_STATE_CANCELLED: "JOB_STATE_CANCELLED";
};
/**
 * Lifecycle of a job.
 */
export type JobState = 
/**
 * Not set.
 */
'JOB_STATE_UNSPECIFIED' | 0
/**
 * Accepted, waiting for resources.
 */
 | 'JOB_STATE_QUEUED' | 1
/**
 * Training.
 */
 | 'JOB_STATE_RUNNING' | 2
/**
 * Finished; the output is registered.
 */
 | 'JOB_STATE_SUCCEEDED' | 3
/**
 * Failed; see error.
 */
 | 'JOB_STATE_FAILED' | 4
/**
 * Cancelled by a user.
 */
 | 'JOB_STATE_CANCELLED' | 5;
/**
 * Lifecycle of a job.
 */
export type JobState__Output = typeof JobState[keyof typeof JobState];
