import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { StateChange as _lmforge_v1_StateChange, StateChange__Output as _lmforge_v1_StateChange__Output } from '../../lmforge/v1/StateChange';
import type { StepMetrics as _lmforge_v1_StepMetrics, StepMetrics__Output as _lmforge_v1_StepMetrics__Output } from '../../lmforge/v1/StepMetrics';
import type { EvalMetrics as _lmforge_v1_EvalMetrics, EvalMetrics__Output as _lmforge_v1_EvalMetrics__Output } from '../../lmforge/v1/EvalMetrics';
import type { CheckpointSaved as _lmforge_v1_CheckpointSaved, CheckpointSaved__Output as _lmforge_v1_CheckpointSaved__Output } from '../../lmforge/v1/CheckpointSaved';
import type { LogLine as _lmforge_v1_LogLine, LogLine__Output as _lmforge_v1_LogLine__Output } from '../../lmforge/v1/LogLine';
import type { JobResult as _lmforge_v1_JobResult, JobResult__Output as _lmforge_v1_JobResult__Output } from '../../lmforge/v1/JobResult';
import type { PromotionOutcome as _lmforge_v1_PromotionOutcome, PromotionOutcome__Output as _lmforge_v1_PromotionOutcome__Output } from '../../lmforge/v1/PromotionOutcome';
import type { Long } from '@grpc/proto-loader';
/**
 * One event of a job.
 */
export interface JobEvent {
    /**
     * Position in the job's event history, from 1.
     */
    'sequence'?: (number | string | Long);
    /**
     * When it happened.
     */
    'time'?: (_google_protobuf_Timestamp | null);
    /**
     * State change.
     */
    'stateChange'?: (_lmforge_v1_StateChange | null);
    /**
     * Step metrics.
     */
    'metrics'?: (_lmforge_v1_StepMetrics | null);
    /**
     * Evaluation metrics.
     */
    'evaluation'?: (_lmforge_v1_EvalMetrics | null);
    /**
     * Checkpoint.
     */
    'checkpoint'?: (_lmforge_v1_CheckpointSaved | null);
    /**
     * Log line.
     */
    'log'?: (_lmforge_v1_LogLine | null);
    /**
     * Final result.
     */
    'result'?: (_lmforge_v1_JobResult | null);
    /**
     * Outcome of a gated promotion (OutputConfig.promote).
     */
    'promotion'?: (_lmforge_v1_PromotionOutcome | null);
    /**
     * Exactly one is set.
     */
    'event'?: "stateChange" | "metrics" | "evaluation" | "checkpoint" | "log" | "result" | "promotion";
}
/**
 * One event of a job.
 */
export interface JobEvent__Output {
    /**
     * Position in the job's event history, from 1.
     */
    'sequence': (number);
    /**
     * When it happened.
     */
    'time': (_google_protobuf_Timestamp__Output | null);
    /**
     * State change.
     */
    'stateChange'?: (_lmforge_v1_StateChange__Output | null);
    /**
     * Step metrics.
     */
    'metrics'?: (_lmforge_v1_StepMetrics__Output | null);
    /**
     * Evaluation metrics.
     */
    'evaluation'?: (_lmforge_v1_EvalMetrics__Output | null);
    /**
     * Checkpoint.
     */
    'checkpoint'?: (_lmforge_v1_CheckpointSaved__Output | null);
    /**
     * Log line.
     */
    'log'?: (_lmforge_v1_LogLine__Output | null);
    /**
     * Final result.
     */
    'result'?: (_lmforge_v1_JobResult__Output | null);
    /**
     * Outcome of a gated promotion (OutputConfig.promote).
     */
    'promotion'?: (_lmforge_v1_PromotionOutcome__Output | null);
    /**
     * Exactly one is set.
     */
    'event'?: "stateChange" | "metrics" | "evaluation" | "checkpoint" | "log" | "result" | "promotion";
}
