import type { GenerationParameters as _lmforge_v1_GenerationParameters, GenerationParameters__Output as _lmforge_v1_GenerationParameters__Output } from '../../lmforge/v1/GenerationParameters';
/**
 * Request of Generate.
 */
export interface GenerateRequest {
    /**
     * Name of the loaded model.
     */
    'model'?: (string);
    /**
     * Name of an attached adapter, or empty for the base model.
     */
    'adapter'?: (string);
    /**
     * The prompt; must not be empty.
     */
    'prompt'?: (string);
    /**
     * Sampling and stopping.
     */
    'parameters'?: (_lmforge_v1_GenerationParameters | null);
}
/**
 * Request of Generate.
 */
export interface GenerateRequest__Output {
    /**
     * Name of the loaded model.
     */
    'model': (string);
    /**
     * Name of an attached adapter, or empty for the base model.
     */
    'adapter': (string);
    /**
     * The prompt; must not be empty.
     */
    'prompt': (string);
    /**
     * Sampling and stopping.
     */
    'parameters': (_lmforge_v1_GenerationParameters__Output | null);
}
