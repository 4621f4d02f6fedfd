/**
 * What is trained.
 */
export declare const TrainingTask: {
    /**
     * Inferred from the base model's registry task.
     */
    readonly TRAINING_TASK_UNSPECIFIED: "TRAINING_TASK_UNSPECIFIED";
    /**
     * Causal language modelling (trl SFTTrainer).
     */
    readonly TRAINING_TASK_CAUSAL_LM: "TRAINING_TASK_CAUSAL_LM";
    /**
     * Sequence classification (HF Trainer).
     */
    readonly TRAINING_TASK_SEQUENCE_CLASSIFICATION: "TRAINING_TASK_SEQUENCE_CLASSIFICATION";
};
/**
 * What is trained.
 */
export type TrainingTask = 
/**
 * Inferred from the base model's registry task.
 */
'TRAINING_TASK_UNSPECIFIED' | 0
/**
 * Causal language modelling (trl SFTTrainer).
 */
 | 'TRAINING_TASK_CAUSAL_LM' | 1
/**
 * Sequence classification (HF Trainer).
 */
 | 'TRAINING_TASK_SEQUENCE_CLASSIFICATION' | 2;
/**
 * What is trained.
 */
export type TrainingTask__Output = typeof TrainingTask[keyof typeof TrainingTask];
