import type { FinishReason as _lmforge_v1_FinishReason, FinishReason__Output as _lmforge_v1_FinishReason__Output } from '../../lmforge/v1/FinishReason';
import type { TokenLogprob as _lmforge_v1_TokenLogprob, TokenLogprob__Output as _lmforge_v1_TokenLogprob__Output } from '../../lmforge/v1/TokenLogprob';
import type { ToolCall as _lmforge_v1_ToolCall, ToolCall__Output as _lmforge_v1_ToolCall__Output } from '../../lmforge/v1/ToolCall';
/**
 * One of the n samples of a unary Generate/Chat call.
 */
export interface Sample {
    /**
     * The sample's index, 0..n-1.
     */
    'index'?: (number);
    /**
     * The generated text.
     */
    'text'?: (string);
    /**
     * The generated token ids.
     */
    'tokenIds'?: (number)[];
    /**
     * Why this sample stopped.
     */
    'finishReason'?: (_lmforge_v1_FinishReason);
    /**
     * Per token, when logprobs was set (parallel to token_ids).
     */
    'logprobs'?: (_lmforge_v1_TokenLogprob)[];
    /**
     * Chat only: tool calls parsed from the text (then text holds what is
     * left outside them).
     */
    'toolCalls'?: (_lmforge_v1_ToolCall)[];
}
/**
 * One of the n samples of a unary Generate/Chat call.
 */
export interface Sample__Output {
    /**
     * The sample's index, 0..n-1.
     */
    'index': (number);
    /**
     * The generated text.
     */
    'text': (string);
    /**
     * The generated token ids.
     */
    'tokenIds': (number)[];
    /**
     * Why this sample stopped.
     */
    'finishReason': (_lmforge_v1_FinishReason__Output);
    /**
     * Per token, when logprobs was set (parallel to token_ids).
     */
    'logprobs': (_lmforge_v1_TokenLogprob__Output)[];
    /**
     * Chat only: tool calls parsed from the text (then text holds what is
     * left outside them).
     */
    'toolCalls': (_lmforge_v1_ToolCall__Output)[];
}
