import type { Job as _lmforge_v1_Job, Job__Output as _lmforge_v1_Job__Output } from '../../lmforge/v1/Job';
/**
 * Response of GetJob.
 */
export interface GetJobResponse {
    /**
     * The job.
     */
    'job'?: (_lmforge_v1_Job | null);
}
/**
 * Response of GetJob.
 */
export interface GetJobResponse__Output {
    /**
     * The job.
     */
    'job': (_lmforge_v1_Job__Output | null);
}
