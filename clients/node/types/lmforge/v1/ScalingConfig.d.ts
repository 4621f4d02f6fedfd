/**
 * Ray resources.
 */
export interface ScalingConfig {
    /**
     * Data-parallel workers (default 1); must be >= 1.
     */
    'numWorkers'?: (number);
    /**
     * Give each worker a GPU.
     */
    'useGpu'?: (boolean);
    /**
     * CPUs per worker (default 1).
     */
    'cpusPerWorker'?: (number | string);
    /**
     * GPUs per worker when use_gpu (default 1).
     */
    'gpusPerWorker'?: (number | string);
    /**
     * How Ray places the workers' bundles: PACK (default: as few nodes as
     * possible), SPREAD (across nodes when it can), STRICT_PACK (one node) or
     * STRICT_SPREAD (every worker on a different node; refused when the
     * cluster has fewer alive nodes than workers).
     */
    'placementStrategy'?: (string);
}
/**
 * Ray resources.
 */
export interface ScalingConfig__Output {
    /**
     * Data-parallel workers (default 1); must be >= 1.
     */
    'numWorkers': (number);
    /**
     * Give each worker a GPU.
     */
    'useGpu': (boolean);
    /**
     * CPUs per worker (default 1).
     */
    'cpusPerWorker': (number);
    /**
     * GPUs per worker when use_gpu (default 1).
     */
    'gpusPerWorker': (number);
    /**
     * How Ray places the workers' bundles: PACK (default: as few nodes as
     * possible), SPREAD (across nodes when it can), STRICT_PACK (one node) or
     * STRICT_SPREAD (every worker on a different node; refused when the
     * cluster has fewer alive nodes than workers).
     */
    'placementStrategy': (string);
}
