import type { Long } from '@grpc/proto-loader';
/**
 * Request of PromoteVersion.
 */
export interface PromoteVersionRequest {
    /**
     * Name of the model.
     */
    'model'?: (string);
    /**
     * The READY candidate version.
     */
    'version'?: (number | string | Long);
    /**
     * The alias to move (of the same model).
     */
    'alias'?: (string);
    /**
     * The metric compared, a key of both versions' metrics (e.g. "eval_loss").
     */
    'metric'?: (string);
    /**
     * Whether a larger value is better.
     */
    'greaterIsBetter'?: (boolean);
    /**
     * Compare-and-swap: the version the alias pointed at when the gate was set
     * (0: the alias did not exist). Unset: whatever it points at now. If the
     * alias has moved since, nothing changes and the call fails with ABORTED.
     */
    'expectedVersion'?: (number | string | Long);
    '_expectedVersion'?: "expectedVersion";
}
/**
 * Request of PromoteVersion.
 */
export interface PromoteVersionRequest__Output {
    /**
     * Name of the model.
     */
    'model': (string);
    /**
     * The READY candidate version.
     */
    'version': (number);
    /**
     * The alias to move (of the same model).
     */
    'alias': (string);
    /**
     * The metric compared, a key of both versions' metrics (e.g. "eval_loss").
     */
    'metric': (string);
    /**
     * Whether a larger value is better.
     */
    'greaterIsBetter': (boolean);
    /**
     * Compare-and-swap: the version the alias pointed at when the gate was set
     * (0: the alias did not exist). Unset: whatever it points at now. If the
     * alias has moved since, nothing changes and the call fails with ABORTED.
     */
    'expectedVersion'?: (number);
    '_expectedVersion'?: "expectedVersion";
}
