import type { Long } from '@grpc/proto-loader';
/**
 * A gated promotion's decision (PromoteVersion, PROMOTION_DECIDED events).
 */
export interface PromotionDecision {
    /**
     * The metric compared.
     */
    'metric'?: (string);
    /**
     * Whether larger is better.
     */
    'greaterIsBetter'?: (boolean);
    /**
     * Whether the alias now points at the candidate.
     */
    'promoted'?: (boolean);
    /**
     * The candidate version's metric.
     */
    'candidateValue'?: (number | string);
    /**
     * The version the alias pointed at (0: it did not exist).
     */
    'baselineVersion'?: (number | string | Long);
    /**
     * That version's metric; unset when it has none (or there is no baseline).
     */
    'baselineValue'?: (number | string);
    '_baselineValue'?: "baselineValue";
}
/**
 * A gated promotion's decision (PromoteVersion, PROMOTION_DECIDED events).
 */
export interface PromotionDecision__Output {
    /**
     * The metric compared.
     */
    'metric': (string);
    /**
     * Whether larger is better.
     */
    'greaterIsBetter': (boolean);
    /**
     * Whether the alias now points at the candidate.
     */
    'promoted': (boolean);
    /**
     * The candidate version's metric.
     */
    'candidateValue': (number);
    /**
     * The version the alias pointed at (0: it did not exist).
     */
    'baselineVersion': (number);
    /**
     * That version's metric; unset when it has none (or there is no baseline).
     */
    'baselineValue'?: (number);
    '_baselineValue'?: "baselineValue";
}
