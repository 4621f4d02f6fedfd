/**
 * DeepSpeed configuration, passed through to the trainer.
 */
export interface DeepSpeedConfig {
    /**
     * "zero2" or "zero3".
     */
    'preset'?: (string);
    /**
     * A DeepSpeed JSON config ("auto" values are filled by the trainer).
     */
    'configJson'?: (string);
    /**
     * Exactly one may be set.
     */
    'config'?: "preset" | "configJson";
}
/**
 * DeepSpeed configuration, passed through to the trainer.
 */
export interface DeepSpeedConfig__Output {
    /**
     * "zero2" or "zero3".
     */
    'preset'?: (string);
    /**
     * A DeepSpeed JSON config ("auto" values are filled by the trainer).
     */
    'configJson'?: (string);
    /**
     * Exactly one may be set.
     */
    'config'?: "preset" | "configJson";
}
