/**
 * Which tool calls the model may or must make.
 */
export interface ToolChoice {
    /**
     * "auto" (default when tools are given: the model may call; calls are
     * parsed from its output), "none" (no calls; tools still shown),
     * "required" (it must call one of the tools; enforced by a grammar).
     */
    'mode'?: (string);
    /**
     * Force a call of this function (enforced by a grammar); overrides mode.
     */
    'function'?: (string);
}
/**
 * Which tool calls the model may or must make.
 */
export interface ToolChoice__Output {
    /**
     * "auto" (default when tools are given: the model may call; calls are
     * parsed from its output), "none" (no calls; tools still shown),
     * "required" (it must call one of the tools; enforced by a grammar).
     */
    'mode': (string);
    /**
     * Force a call of this function (enforced by a grammar); overrides mode.
     */
    'function': (string);
}
