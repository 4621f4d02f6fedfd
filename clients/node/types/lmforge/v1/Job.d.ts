import type { JobSpec as _lmforge_v1_JobSpec, JobSpec__Output as _lmforge_v1_JobSpec__Output } from '../../lmforge/v1/JobSpec';
import type { JobState as _lmforge_v1_JobState, JobState__Output as _lmforge_v1_JobState__Output } from '../../lmforge/v1/JobState';
import type { ModelVersionKey as _lmforge_v1_ModelVersionKey, ModelVersionKey__Output as _lmforge_v1_ModelVersionKey__Output } from '../../lmforge/v1/ModelVersionKey';
import type { DatasetVersionKey as _lmforge_v1_DatasetVersionKey, DatasetVersionKey__Output as _lmforge_v1_DatasetVersionKey__Output } from '../../lmforge/v1/DatasetVersionKey';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';
/**
 * A training job.
 */
export interface Job {
    /**
     * Server-assigned id.
     */
    'id'?: (string);
    /**
     * The spec as submitted.
     */
    'spec'?: (_lmforge_v1_JobSpec | null);
    /**
     * Lifecycle state.
     */
    'state'?: (_lmforge_v1_JobState);
    /**
     * Why the job failed, if it did.
     */
    'error'?: (string);
    /**
     * Last reported step.
     */
    'step'?: (number | string | Long);
    /**
     * Total optimizer steps, once known.
     */
    'totalSteps'?: (number | string | Long);
    /**
     * Final (or latest) metrics.
     */
    'metrics'?: ({
        [key: string]: number | string;
    });
    /**
     * The registered output version, once SUCCEEDED.
     */
    'output'?: (_lmforge_v1_ModelVersionKey | null);
    /**
     * The resolved base model version.
     */
    'baseVersion'?: (_lmforge_v1_ModelVersionKey | null);
    /**
     * The resolved dataset version.
     */
    'datasetVersion'?: (_lmforge_v1_DatasetVersionKey | null);
    /**
     * When the job was submitted.
     */
    'createTime'?: (_google_protobuf_Timestamp | null);
    /**
     * When training started.
     */
    'startTime'?: (_google_protobuf_Timestamp | null);
    /**
     * When the job ended.
     */
    'endTime'?: (_google_protobuf_Timestamp | null);
}
/**
 * A training job.
 */
export interface Job__Output {
    /**
     * Server-assigned id.
     */
    'id': (string);
    /**
     * The spec as submitted.
     */
    'spec': (_lmforge_v1_JobSpec__Output | null);
    /**
     * Lifecycle state.
     */
    'state': (_lmforge_v1_JobState__Output);
    /**
     * Why the job failed, if it did.
     */
    'error': (string);
    /**
     * Last reported step.
     */
    'step': (number);
    /**
     * Total optimizer steps, once known.
     */
    'totalSteps': (number);
    /**
     * Final (or latest) metrics.
     */
    'metrics': ({
        [key: string]: number;
    });
    /**
     * The registered output version, once SUCCEEDED.
     */
    'output': (_lmforge_v1_ModelVersionKey__Output | null);
    /**
     * The resolved base model version.
     */
    'baseVersion': (_lmforge_v1_ModelVersionKey__Output | null);
    /**
     * The resolved dataset version.
     */
    'datasetVersion': (_lmforge_v1_DatasetVersionKey__Output | null);
    /**
     * When the job was submitted.
     */
    'createTime': (_google_protobuf_Timestamp__Output | null);
    /**
     * When training started.
     */
    'startTime': (_google_protobuf_Timestamp__Output | null);
    /**
     * When the job ended.
     */
    'endTime': (_google_protobuf_Timestamp__Output | null);
}
