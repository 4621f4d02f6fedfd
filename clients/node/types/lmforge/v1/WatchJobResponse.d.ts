import type { JobEvent as _lmforge_v1_JobEvent, JobEvent__Output as _lmforge_v1_JobEvent__Output } from '../../lmforge/v1/JobEvent';
/**
 * Response of WatchJob.
 */
export interface WatchJobResponse {
    /**
     * One event.
     */
    'event'?: (_lmforge_v1_JobEvent | null);
}
/**
 * Response of WatchJob.
 */
export interface WatchJobResponse__Output {
    /**
     * One event.
     */
    'event': (_lmforge_v1_JobEvent__Output | null);
}
