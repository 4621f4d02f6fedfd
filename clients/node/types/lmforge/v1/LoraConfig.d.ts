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
     * Dropout (default 0.05).
     */
    'dropout'?: (number | string);
    /**
     * Module names to adapt (default: peft's choice for the architecture).
     */
    'targetModules'?: (string)[];
    /**
     * QLoRA: load the base in 4 or 8 bits; 0 for none. GPU only.
     */
    'loadInBits'?: (number);
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
     * Dropout (default 0.05).
     */
    'dropout': (number);
    /**
     * Module names to adapt (default: peft's choice for the architecture).
     */
    'targetModules': (string)[];
    /**
     * QLoRA: load the base in 4 or 8 bits; 0 for none. GPU only.
     */
    'loadInBits': (number);
}
