/**
 * A gated alias move of OutputConfig.
 */
export interface Promotion {
    /**
     * Alias of the output model: "prod", or "<output model>@prod".
     */
    'alias'?: (string);
    /**
     * Eval metric compared, one the job computes (e.g. "eval_loss").
     */
    'metric'?: (string);
    /**
     * Whether larger is better (default: false for losses and perplexity, true otherwise).
     */
    'greaterIsBetter'?: (boolean);
    '_greaterIsBetter'?: "greaterIsBetter";
}
/**
 * A gated alias move of OutputConfig.
 */
export interface Promotion__Output {
    /**
     * Alias of the output model: "prod", or "<output model>@prod".
     */
    'alias': (string);
    /**
     * Eval metric compared, one the job computes (e.g. "eval_loss").
     */
    'metric': (string);
    /**
     * Whether larger is better (default: false for losses and perplexity, true otherwise).
     */
    'greaterIsBetter'?: (boolean);
    '_greaterIsBetter'?: "greaterIsBetter";
}
