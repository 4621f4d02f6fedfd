import type { ChatMessage as _lmforge_v1_ChatMessage, ChatMessage__Output as _lmforge_v1_ChatMessage__Output } from '../../lmforge/v1/ChatMessage';
import type { FinishReason as _lmforge_v1_FinishReason, FinishReason__Output as _lmforge_v1_FinishReason__Output } from '../../lmforge/v1/FinishReason';
import type { Usage as _lmforge_v1_Usage, Usage__Output as _lmforge_v1_Usage__Output } from '../../lmforge/v1/Usage';
import type { TokenLogprob as _lmforge_v1_TokenLogprob, TokenLogprob__Output as _lmforge_v1_TokenLogprob__Output } from '../../lmforge/v1/TokenLogprob';
import type { Sample as _lmforge_v1_Sample, Sample__Output as _lmforge_v1_Sample__Output } from '../../lmforge/v1/Sample';
/**
 * Response of Chat.
 */
export interface ChatResponse {
    /**
     * The assistant's answer.
     */
    'message'?: (_lmforge_v1_ChatMessage | null);
    /**
     * The generated token ids.
     */
    'tokenIds'?: (number)[];
    /**
     * Why generation stopped.
     */
    'finishReason'?: (_lmforge_v1_FinishReason);
    /**
     * Token counts (over all samples: completion tokens summed).
     */
    'usage'?: (_lmforge_v1_Usage | null);
    /**
     * Per token of sample 0, when logprobs was set.
     */
    'logprobs'?: (_lmforge_v1_TokenLogprob)[];
    /**
     * Every sample, index 0..n-1 (message, token_ids, finish_reason and
     * logprobs above are those of sample 0).
     */
    'samples'?: (_lmforge_v1_Sample)[];
}
/**
 * Response of Chat.
 */
export interface ChatResponse__Output {
    /**
     * The assistant's answer.
     */
    'message': (_lmforge_v1_ChatMessage__Output | null);
    /**
     * The generated token ids.
     */
    'tokenIds': (number)[];
    /**
     * Why generation stopped.
     */
    'finishReason': (_lmforge_v1_FinishReason__Output);
    /**
     * Token counts (over all samples: completion tokens summed).
     */
    'usage': (_lmforge_v1_Usage__Output | null);
    /**
     * Per token of sample 0, when logprobs was set.
     */
    'logprobs': (_lmforge_v1_TokenLogprob__Output)[];
    /**
     * Every sample, index 0..n-1 (message, token_ids, finish_reason and
     * logprobs above are those of sample 0).
     */
    'samples': (_lmforge_v1_Sample__Output)[];
}
