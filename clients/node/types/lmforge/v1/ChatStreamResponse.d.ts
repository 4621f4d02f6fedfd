import type { FinishReason as _lmforge_v1_FinishReason, FinishReason__Output as _lmforge_v1_FinishReason__Output } from '../../lmforge/v1/FinishReason';
import type { Usage as _lmforge_v1_Usage, Usage__Output as _lmforge_v1_Usage__Output } from '../../lmforge/v1/Usage';
import type { TokenLogprob as _lmforge_v1_TokenLogprob, TokenLogprob__Output as _lmforge_v1_TokenLogprob__Output } from '../../lmforge/v1/TokenLogprob';
import type { ToolCall as _lmforge_v1_ToolCall, ToolCall__Output as _lmforge_v1_ToolCall__Output } from '../../lmforge/v1/ToolCall';
/**
 * One step of a streamed chat answer.
 */
export interface ChatStreamResponse {
    /**
     * New text of the assistant's answer since the previous message.
     */
    'textDelta'?: (string);
    /**
     * Token ids generated since the previous message.
     */
    'tokenIds'?: (number)[];
    /**
     * Set on the last message of a sample only.
     */
    'finishReason'?: (_lmforge_v1_FinishReason);
    /**
     * Set on the last message of a sample only (that sample's counts).
     */
    'usage'?: (_lmforge_v1_Usage | null);
    /**
     * Which sample (0..n-1) this message belongs to.
     */
    'index'?: (number);
    /**
     * Per token in token_ids, when logprobs was set.
     */
    'logprobs'?: (_lmforge_v1_TokenLogprob)[];
    /**
     * On the last message of a sample, with tools: the tool calls parsed from
     * the sample's whole text (the text deltas carry the raw text).
     */
    'toolCalls'?: (_lmforge_v1_ToolCall)[];
}
/**
 * One step of a streamed chat answer.
 */
export interface ChatStreamResponse__Output {
    /**
     * New text of the assistant's answer since the previous message.
     */
    'textDelta': (string);
    /**
     * Token ids generated since the previous message.
     */
    'tokenIds': (number)[];
    /**
     * Set on the last message of a sample only.
     */
    'finishReason': (_lmforge_v1_FinishReason__Output);
    /**
     * Set on the last message of a sample only (that sample's counts).
     */
    'usage': (_lmforge_v1_Usage__Output | null);
    /**
     * Which sample (0..n-1) this message belongs to.
     */
    'index': (number);
    /**
     * Per token in token_ids, when logprobs was set.
     */
    'logprobs': (_lmforge_v1_TokenLogprob__Output)[];
    /**
     * On the last message of a sample, with tools: the tool calls parsed from
     * the sample's whole text (the text deltas carry the raw text).
     */
    'toolCalls': (_lmforge_v1_ToolCall__Output)[];
}
