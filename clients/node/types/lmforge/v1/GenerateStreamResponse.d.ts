import type { FinishReason as _lmforge_v1_FinishReason, FinishReason__Output as _lmforge_v1_FinishReason__Output } from '../../lmforge/v1/FinishReason';
import type { Usage as _lmforge_v1_Usage, Usage__Output as _lmforge_v1_Usage__Output } from '../../lmforge/v1/Usage';
import type { TokenLogprob as _lmforge_v1_TokenLogprob, TokenLogprob__Output as _lmforge_v1_TokenLogprob__Output } from '../../lmforge/v1/TokenLogprob';
/**
 * One step of a streamed generation. The text deltas concatenate to exactly
 * the text Generate returns; a delta never splits a multi-byte character.
 */
export interface GenerateStreamResponse {
    /**
     * New text since the previous message (may be empty on the last one).
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
     * Which sample (0..n-1) this message belongs to; messages of different
     * samples interleave.
     */
    'index'?: (number);
    /**
     * Per token in token_ids, when logprobs was set.
     */
    'logprobs'?: (_lmforge_v1_TokenLogprob)[];
}
/**
 * One step of a streamed generation. The text deltas concatenate to exactly
 * the text Generate returns; a delta never splits a multi-byte character.
 */
export interface GenerateStreamResponse__Output {
    /**
     * New text since the previous message (may be empty on the last one).
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
     * Which sample (0..n-1) this message belongs to; messages of different
     * samples interleave.
     */
    'index': (number);
    /**
     * Per token in token_ids, when logprobs was set.
     */
    'logprobs': (_lmforge_v1_TokenLogprob__Output)[];
}
