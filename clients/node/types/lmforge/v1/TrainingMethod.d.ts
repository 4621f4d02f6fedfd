/**
 * Which weights are trained.
 */
export declare const TrainingMethod: {
    /**
     * Same as TRAINING_METHOD_LORA.
     */
    readonly TRAINING_METHOD_UNSPECIFIED: "TRAINING_METHOD_UNSPECIFIED";
    /**
     * Every weight.
     */
    readonly TRAINING_METHOD_FULL: "TRAINING_METHOD_FULL";
    /**
     * A LoRA adapter (peft).
     */
    readonly TRAINING_METHOD_LORA: "TRAINING_METHOD_LORA";
};
/**
 * Which weights are trained.
 */
export type TrainingMethod = 
/**
 * Same as TRAINING_METHOD_LORA.
 */
'TRAINING_METHOD_UNSPECIFIED' | 0
/**
 * Every weight.
 */
 | 'TRAINING_METHOD_FULL' | 1
/**
 * A LoRA adapter (peft).
 */
 | 'TRAINING_METHOD_LORA' | 2;
/**
 * Which weights are trained.
 */
export type TrainingMethod__Output = typeof TrainingMethod[keyof typeof TrainingMethod];
