import type { FinishReason as _lmforge_v1_FinishReason, FinishReason__Output as _lmforge_v1_FinishReason__Output } from '../../lmforge/v1/FinishReason';
import type { Usage as _lmforge_v1_Usage, Usage__Output as _lmforge_v1_Usage__Output } from '../../lmforge/v1/Usage';
import type { TokenLogprob as _lmforge_v1_TokenLogprob, TokenLogprob__Output as _lmforge_v1_TokenLogprob__Output } from '../../lmforge/v1/TokenLogprob';
import type { Sample as _lmforge_v1_Sample, Sample__Output as _lmforge_v1_Sample__Output } from '../../lmforge/v1/Sample';
/**
 * Response of Generate.
 */
export interface GenerateResponse {
    /**
     * The generated text (without the prompt or a stop sequence).
     */
    'text'?: (string);
    /**
     * The generated token ids (with the end-of-sequence token when one ended
     * the generation; it is never part of the text).
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
     * Per token of sample 0, when logprobs was set (parallel to token_ids).
     */
    'logprobs'?: (_lmforge_v1_TokenLogprob)[];
    /**
     * Every sample, index 0..n-1 (text, token_ids, finish_reason and logprobs
     * above are those of sample 0).
     */
    'samples'?: (_lmforge_v1_Sample)[];
}
/**
 * Response of Generate.
 */
export interface GenerateResponse__Output {
    /**
     * The generated text (without the prompt or a stop sequence).
     */
    'text': (string);
    /**
     * The generated token ids (with the end-of-sequence token when one ended
     * the generation; it is never part of the text).
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
     * Per token of sample 0, when logprobs was set (parallel to token_ids).
     */
    'logprobs': (_lmforge_v1_TokenLogprob__Output)[];
    /**
     * Every sample, index 0..n-1 (text, token_ids, finish_reason and logprobs
     * above are those of sample 0).
     */
    'samples': (_lmforge_v1_Sample__Output)[];
}
