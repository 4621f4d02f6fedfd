import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../google/protobuf/Value';
/**
 * Response of RunPipeline.
 */
export interface RunPipelineResponse {
    /**
     * The pipeline's output as JSON (tensors and arrays become lists).
     */
    'output'?: (_google_protobuf_Value | null);
    /**
     * The task that ran.
     */
    'task'?: (string);
}
/**
 * Response of RunPipeline.
 */
export interface RunPipelineResponse__Output {
    /**
     * The pipeline's output as JSON (tensors and arrays become lists).
     */
    'output': (_google_protobuf_Value__Output | null);
    /**
     * The task that ran.
     */
    'task': (string);
}
