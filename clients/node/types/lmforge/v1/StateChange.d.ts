import type { JobState as _lmforge_v1_JobState, JobState__Output as _lmforge_v1_JobState__Output } from '../../lmforge/v1/JobState';
/**
 * The job changed state.
 */
export interface StateChange {
    /**
     * The new state.
     */
    'state'?: (_lmforge_v1_JobState);
    /**
     * Why, for FAILED and CANCELLED.
     */
    'reason'?: (string);
}
/**
 * The job changed state.
 */
export interface StateChange__Output {
    /**
     * The new state.
     */
    'state': (_lmforge_v1_JobState__Output);
    /**
     * Why, for FAILED and CANCELLED.
     */
    'reason': (string);
}
