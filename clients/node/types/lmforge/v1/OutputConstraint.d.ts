import type { ChoiceList as _lmforge_v1_ChoiceList, ChoiceList__Output as _lmforge_v1_ChoiceList__Output } from '../../lmforge/v1/ChoiceList';
/**
 * A constraint on generated text, compiled to a grammar (llguidance) against
 * the model's tokenizer before the request is queued; one that does not
 * compile is INVALID_ARGUMENT naming the field.
 */
export interface OutputConstraint {
    /**
     * A JSON Schema (as JSON text); the output is compact JSON valid against it.
     */
    'jsonSchema'?: (string);
    /**
     * Any JSON object (compact).
     */
    'jsonObject'?: (boolean);
    /**
     * A regular expression (Rust regex syntax) the whole output must match.
     */
    'regex'?: (string);
    /**
     * The output is exactly one of these strings.
     */
    'choice'?: (_lmforge_v1_ChoiceList | null);
    /**
     * Exactly one may be set; none means no constraint.
     */
    'kind'?: "jsonSchema" | "jsonObject" | "regex" | "choice";
}
/**
 * A constraint on generated text, compiled to a grammar (llguidance) against
 * the model's tokenizer before the request is queued; one that does not
 * compile is INVALID_ARGUMENT naming the field.
 */
export interface OutputConstraint__Output {
    /**
     * A JSON Schema (as JSON text); the output is compact JSON valid against it.
     */
    'jsonSchema'?: (string);
    /**
     * Any JSON object (compact).
     */
    'jsonObject'?: (boolean);
    /**
     * A regular expression (Rust regex syntax) the whole output must match.
     */
    'regex'?: (string);
    /**
     * The output is exactly one of these strings.
     */
    'choice'?: (_lmforge_v1_ChoiceList__Output | null);
    /**
     * Exactly one may be set; none means no constraint.
     */
    'kind'?: "jsonSchema" | "jsonObject" | "regex" | "choice";
}
