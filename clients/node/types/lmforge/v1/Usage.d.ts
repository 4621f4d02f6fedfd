/**
 * Token counts of one request.
 */
export interface Usage {
    /**
     * Number of tokens in the prompt (after the chat template, if any).
     */
    'promptTokens'?: (number);
    /**
     * Number of tokens generated.
     */
    'completionTokens'?: (number);
    /**
     * prompt_tokens + completion_tokens.
     */
    'totalTokens'?: (number);
}
/**
 * Token counts of one request.
 */
export interface Usage__Output {
    /**
     * Number of tokens in the prompt (after the chat template, if any).
     */
    'promptTokens': (number);
    /**
     * Number of tokens generated.
     */
    'completionTokens': (number);
    /**
     * prompt_tokens + completion_tokens.
     */
    'totalTokens': (number);
}
