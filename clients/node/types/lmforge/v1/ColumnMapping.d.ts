/**
 * Which dataset columns feed the trainer.
 */
export interface ColumnMapping {
    /**
     * Plain text column (causal LM or classifier input).
     */
    'text'?: (string);
    /**
     * Prompt column (causal LM, with completion).
     */
    'prompt'?: (string);
    /**
     * Completion column (causal LM, with prompt).
     */
    'completion'?: (string);
    /**
     * Chat messages column: a list of {role, content} (causal LM).
     */
    'messages'?: (string);
    /**
     * Label column (classifier): a label name or a class index.
     */
    'label'?: (string);
    /**
     * Preferred answer column (DPO, with prompt and rejected; default "chosen").
     */
    'chosen'?: (string);
    /**
     * Dispreferred answer column (DPO, with prompt and chosen; default "rejected").
     */
    'rejected'?: (string);
}
/**
 * Which dataset columns feed the trainer.
 */
export interface ColumnMapping__Output {
    /**
     * Plain text column (causal LM or classifier input).
     */
    'text': (string);
    /**
     * Prompt column (causal LM, with completion).
     */
    'prompt': (string);
    /**
     * Completion column (causal LM, with prompt).
     */
    'completion': (string);
    /**
     * Chat messages column: a list of {role, content} (causal LM).
     */
    'messages': (string);
    /**
     * Label column (classifier): a label name or a class index.
     */
    'label': (string);
    /**
     * Preferred answer column (DPO, with prompt and rejected; default "chosen").
     */
    'chosen': (string);
    /**
     * Dispreferred answer column (DPO, with prompt and chosen; default "rejected").
     */
    'rejected': (string);
}
