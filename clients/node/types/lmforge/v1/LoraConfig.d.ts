/**
 * LoRA settings.
 */
export interface LoraConfig {
    /**
     * Rank (default 8).
     */
    'r'?: (number);
    /**
     * Scaling alpha (default 16).
     */
    'alpha'?: (number);
    /**
     * Dropout (0, unset, means the default 0.05).
     */
    'dropout'?: (number | string);
    /**
     * Module names to adapt; empty, or the one name "all-linear", means every
     * linear layer but the output head (peft's "all-linear", Superduper's default).
     */
    'targetModules'?: (string)[];
    /**
     * QLoRA: load the base in 4 or 8 bits; 0 for none. GPU only; not with
     * DeepSpeed ZeRO-3. Compute dtype: bf16, fp16 or float32 as the
     * hyperparameters say.
     */
    'loadInBits'?: (number);
    /**
     * Which biases are trained: "none" (default), "all" or "lora_only".
     */
    'bias'?: (string);
}
/**
 * LoRA settings.
 */
export interface LoraConfig__Output {
    /**
     * Rank (default 8).
     */
    'r': (number);
    /**
     * Scaling alpha (default 16).
     */
    'alpha': (number);
    /**
     * Dropout (0, unset, means the default 0.05).
     */
    'dropout': (number);
    /**
     * Module names to adapt; empty, or the one name "all-linear", means every
     * linear layer but the output head (peft's "all-linear", Superduper's default).
     */
    'targetModules': (string)[];
    /**
     * QLoRA: load the base in 4 or 8 bits; 0 for none. GPU only; not with
     * DeepSpeed ZeRO-3. Compute dtype: bf16, fp16 or float32 as the
     * hyperparameters say.
     */
    'loadInBits': (number);
    /**
     * Which biases are trained: "none" (default), "all" or "lora_only".
     */
    'bias': (string);
}
