import type { OutputConstraint as _lmforge_v1_OutputConstraint, OutputConstraint__Output as _lmforge_v1_OutputConstraint__Output } from '../../lmforge/v1/OutputConstraint';
import type { Long } from '@grpc/proto-loader';
/**
 * Sampling and stopping parameters.
 */
export interface GenerationParameters {
    /**
     * Maximum tokens to generate (default 64; at most the server limit).
     */
    'maxNewTokens'?: (number);
    /**
     * Sampling temperature; 0 means greedy (the default). Must be >= 0.
     */
    'temperature'?: (number | string);
    /**
     * Nucleus sampling mass in (0, 1]; 0 means 1.
     */
    'topP'?: (number | string);
    /**
     * Keep only the k most likely tokens; 0 means no limit. Must be >= 0.
     */
    'topK'?: (number);
    /**
     * Repetition penalty; 0 means 1 (none).
     */
    'repetitionPenalty'?: (number | string);
    /**
     * Stop when the text ends with one of these; the stop text is not returned.
     */
    'stop'?: (string)[];
    /**
     * Random seed for sampling; the same seed and parameters give the same
     * output. Unset means a random seed. With n > 1, sample i uses seed + i.
     */
    'seed'?: (number | string | Long);
    /**
     * OpenAI presence penalty in [-2, 2]: subtracted once from the logit of
     * every token already generated.
     */
    'presencePenalty'?: (number | string);
    /**
     * OpenAI frequency penalty in [-2, 2]: subtracted from a token's logit
     * once per time it was generated.
     */
    'frequencyPenalty'?: (number | string);
    /**
     * Drop tokens whose probability is below min_p times the most likely
     * token's, in [0, 1]; 0 means off. Applies when sampling (temperature > 0).
     */
    'minP'?: (number | string);
    /**
     * Do not end (EOS or stop_token_ids) before this many new tokens; at most
     * max_new_tokens.
     */
    'minNewTokens'?: (number);
    /**
     * Token ids that end the generation like the end-of-sequence token
     * (finish reason END_OF_SEQUENCE); at most 64, each in the vocabulary.
     */
    'stopTokenIds'?: (number)[];
    /**
     * Keep generating past the model's end-of-sequence token (until
     * max_new_tokens, a stop sequence or a stop token id).
     */
    'ignoreEos'?: (boolean);
    /**
     * Added to the logits of these token ids before sampling, each bias in
     * [-100, 100]; ids must be in the vocabulary; at most 300 entries.
     */
    'logitBias'?: ({
        [key: number]: number | string;
    });
    /**
     * Number of samples of the same prompt, 1..16 (0 means 1); each is its
     * own sequence in the batch, returned with its index.
     */
    'n'?: (number);
    /**
     * Return the log-probability of each generated token (the model's own
     * distribution: log-softmax of its logits, before sampling settings).
     */
    'logprobs'?: (boolean);
    /**
     * With logprobs: also the k most likely alternatives per token, 0..20.
     */
    'topLogprobs'?: (number);
    /**
     * Structured output: the generated text must match this constraint,
     * enforced token by token. When max_new_tokens runs out first, the finish
     * reason is LENGTH and the text is a prefix of a match.
     */
    'constraint'?: (_lmforge_v1_OutputConstraint | null);
    '_seed'?: "seed";
}
/**
 * Sampling and stopping parameters.
 */
export interface GenerationParameters__Output {
    /**
     * Maximum tokens to generate (default 64; at most the server limit).
     */
    'maxNewTokens': (number);
    /**
     * Sampling temperature; 0 means greedy (the default). Must be >= 0.
     */
    'temperature': (number);
    /**
     * Nucleus sampling mass in (0, 1]; 0 means 1.
     */
    'topP': (number);
    /**
     * Keep only the k most likely tokens; 0 means no limit. Must be >= 0.
     */
    'topK': (number);
    /**
     * Repetition penalty; 0 means 1 (none).
     */
    'repetitionPenalty': (number);
    /**
     * Stop when the text ends with one of these; the stop text is not returned.
     */
    'stop': (string)[];
    /**
     * Random seed for sampling; the same seed and parameters give the same
     * output. Unset means a random seed. With n > 1, sample i uses seed + i.
     */
    'seed'?: (number);
    /**
     * OpenAI presence penalty in [-2, 2]: subtracted once from the logit of
     * every token already generated.
     */
    'presencePenalty': (number);
    /**
     * OpenAI frequency penalty in [-2, 2]: subtracted from a token's logit
     * once per time it was generated.
     */
    'frequencyPenalty': (number);
    /**
     * Drop tokens whose probability is below min_p times the most likely
     * token's, in [0, 1]; 0 means off. Applies when sampling (temperature > 0).
     */
    'minP': (number);
    /**
     * Do not end (EOS or stop_token_ids) before this many new tokens; at most
     * max_new_tokens.
     */
    'minNewTokens': (number);
    /**
     * Token ids that end the generation like the end-of-sequence token
     * (finish reason END_OF_SEQUENCE); at most 64, each in the vocabulary.
     */
    'stopTokenIds': (number)[];
    /**
     * Keep generating past the model's end-of-sequence token (until
     * max_new_tokens, a stop sequence or a stop token id).
     */
    'ignoreEos': (boolean);
    /**
     * Added to the logits of these token ids before sampling, each bias in
     * [-100, 100]; ids must be in the vocabulary; at most 300 entries.
     */
    'logitBias': ({
        [key: number]: number;
    });
    /**
     * Number of samples of the same prompt, 1..16 (0 means 1); each is its
     * own sequence in the batch, returned with its index.
     */
    'n': (number);
    /**
     * Return the log-probability of each generated token (the model's own
     * distribution: log-softmax of its logits, before sampling settings).
     */
    'logprobs': (boolean);
    /**
     * With logprobs: also the k most likely alternatives per token, 0..20.
     */
    'topLogprobs': (number);
    /**
     * Structured output: the generated text must match this constraint,
     * enforced token by token. When max_new_tokens runs out first, the finish
     * reason is LENGTH and the text is a prefix of a match.
     */
    'constraint': (_lmforge_v1_OutputConstraint__Output | null);
    '_seed'?: "seed";
}
