import type { Job as _lmforge_v1_Job, Job__Output as _lmforge_v1_Job__Output } from '../../lmforge/v1/Job';
/**
 * Response of SubmitJob.
 */
export interface SubmitJobResponse {
    /**
     * The job, QUEUED.
     */
    'job'?: (_lmforge_v1_Job | null);
}
/**
 * Response of SubmitJob.
 */
export interface SubmitJobResponse__Output {
    /**
     * The job, QUEUED.
     */
    'job': (_lmforge_v1_Job__Output | null);
}
