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
    /**
     * Preference tuning (trl's DPOTrainer) of a LoRA adapter, causal LMs only:
     * the dataset has prompt, chosen and rejected columns (ColumnMapping), and
     * Hyperparameters.beta sets how far the policy may move from the base.
     */
    readonly TRAINING_METHOD_DPO: "TRAINING_METHOD_DPO";
    /**
     * Preference tuning (DPOTrainer) of every weight; a frozen copy of the base
     * is the reference model.
     */
    readonly TRAINING_METHOD_DPO_FULL: "TRAINING_METHOD_DPO_FULL";
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
 | 'TRAINING_METHOD_LORA' | 2
/**
 * Preference tuning (trl's DPOTrainer) of a LoRA adapter, causal LMs only:
 * the dataset has prompt, chosen and rejected columns (ColumnMapping), and
 * Hyperparameters.beta sets how far the policy may move from the base.
 */
 | 'TRAINING_METHOD_DPO' | 3
/**
 * Preference tuning (DPOTrainer) of every weight; a frozen copy of the base
 * is the reference model.
 */
 | 'TRAINING_METHOD_DPO_FULL' | 4;
/**
 * Which weights are trained.
 */
export type TrainingMethod__Output = typeof TrainingMethod[keyof typeof TrainingMethod];
