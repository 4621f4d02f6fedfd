/**
 * Why generation stopped.
 */
export declare const FinishReason: {
    /**
     * Not finished yet (intermediate stream messages).
     */
    readonly FINISH_REASON_UNSPECIFIED: "FINISH_REASON_UNSPECIFIED";
    /**
     * max_new_tokens reached.
     */
    readonly FINISH_REASON_LENGTH: "FINISH_REASON_LENGTH";
    /**
     * A stop sequence was produced (it is not part of the text).
     */
    readonly FINISH_REASON_STOP_SEQUENCE: "FINISH_REASON_STOP_SEQUENCE";
    /**
     * The model produced its end-of-sequence token.
     */
    readonly FINISH_REASON_END_OF_SEQUENCE: "FINISH_REASON_END_OF_SEQUENCE";
    /**
     * The request was cancelled.
     */
    readonly FINISH_REASON_CANCELLED: "FINISH_REASON_CANCELLED";
    /**
     * The answer is a tool call (Chat with tools; see ChatMessage.tool_calls).
     */
    readonly FINISH_REASON_TOOL_CALLS: "FINISH_REASON_TOOL_CALLS";
};
/**
 * Why generation stopped.
 */
export type FinishReason = 
/**
 * Not finished yet (intermediate stream messages).
 */
'FINISH_REASON_UNSPECIFIED' | 0
/**
 * max_new_tokens reached.
 */
 | 'FINISH_REASON_LENGTH' | 1
/**
 * A stop sequence was produced (it is not part of the text).
 */
 | 'FINISH_REASON_STOP_SEQUENCE' | 2
/**
 * The model produced its end-of-sequence token.
 */
 | 'FINISH_REASON_END_OF_SEQUENCE' | 3
/**
 * The request was cancelled.
 */
 | 'FINISH_REASON_CANCELLED' | 4
/**
 * The answer is a tool call (Chat with tools; see ChatMessage.tool_calls).
 */
 | 'FINISH_REASON_TOOL_CALLS' | 5;
/**
 * Why generation stopped.
 */
export type FinishReason__Output = typeof FinishReason[keyof typeof FinishReason];
