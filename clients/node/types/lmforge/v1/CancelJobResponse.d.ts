import type { Job as _lmforge_v1_Job, Job__Output as _lmforge_v1_Job__Output } from '../../lmforge/v1/Job';
/**
 * Response of CancelJob.
 */
export interface CancelJobResponse {
    /**
     * The job (CANCELLED, or already ended).
     */
    'job'?: (_lmforge_v1_Job | null);
}
/**
 * Response of CancelJob.
 */
export interface CancelJobResponse__Output {
    /**
     * The job (CANCELLED, or already ended).
     */
    'job': (_lmforge_v1_Job__Output | null);
}
