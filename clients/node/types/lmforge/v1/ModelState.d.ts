/**
 * State of a loaded model.
 */
export declare const ModelState: {
    /**
     * Not set.
     */
    readonly MODEL_STATE_UNSPECIFIED: "MODEL_STATE_UNSPECIFIED";
    /**
     * Files are being fetched or the model is being built and warmed up.
     */
    readonly MODEL_STATE_LOADING: "MODEL_STATE_LOADING";
    /**
     * Warm-up done; serving requests.
     */
    readonly MODEL_STATE_READY: "MODEL_STATE_READY";
    /**
     * Loading failed; see error.
     */
    readonly MODEL_STATE_FAILED: "MODEL_STATE_FAILED";
};
/**
 * State of a loaded model.
 */
export type ModelState = 
/**
 * Not set.
 */
'MODEL_STATE_UNSPECIFIED' | 0
/**
 * Files are being fetched or the model is being built and warmed up.
 */
 | 'MODEL_STATE_LOADING' | 1
/**
 * Warm-up done; serving requests.
 */
 | 'MODEL_STATE_READY' | 2
/**
 * Loading failed; see error.
 */
 | 'MODEL_STATE_FAILED' | 3;
/**
 * State of a loaded model.
 */
export type ModelState__Output = typeof ModelState[keyof typeof ModelState];
