import type { TopLogprob as _lmforge_v1_TopLogprob, TopLogprob__Output as _lmforge_v1_TopLogprob__Output } from '../../lmforge/v1/TopLogprob';
/**
 * The log-probability of one generated token, with its alternatives.
 */
export interface TokenLogprob {
    /**
     * The token id.
     */
    'tokenId'?: (number);
    /**
     * The token decoded alone (may be part of a multi-byte character).
     */
    'token'?: (string);
    /**
     * Natural log of its probability.
     */
    'logprob'?: (number | string);
    /**
     * The most likely tokens at this position (top_logprobs of them), best first.
     */
    'topLogprobs'?: (_lmforge_v1_TopLogprob)[];
    /**
     * The token's bytes (UTF-8 of its text for byte-level tokenizers).
     */
    'tokenBytes'?: (Buffer | Uint8Array | string);
}
/**
 * The log-probability of one generated token, with its alternatives.
 */
export interface TokenLogprob__Output {
    /**
     * The token id.
     */
    'tokenId': (number);
    /**
     * The token decoded alone (may be part of a multi-byte character).
     */
    'token': (string);
    /**
     * Natural log of its probability.
     */
    'logprob': (number);
    /**
     * The most likely tokens at this position (top_logprobs of them), best first.
     */
    'topLogprobs': (_lmforge_v1_TopLogprob__Output)[];
    /**
     * The token's bytes (UTF-8 of its text for byte-level tokenizers).
     */
    'tokenBytes': (Buffer);
}
