import type { Long } from '@grpc/proto-loader';
/**
 * What a gated promotion decided, with both figures.
 */
export interface PromotionOutcome {
    /**
     * The alias (of the output model).
     */
    'alias'?: (string);
    /**
     * The metric compared.
     */
    'metric'?: (string);
    /**
     * Whether the alias now points at the new version.
     */
    'promoted'?: (boolean);
    /**
     * The new version.
     */
    'newVersion'?: (number | string | Long);
    /**
     * The new version's metric.
     */
    'newValue'?: (number | string);
    /**
     * The version the alias pointed at when the job was submitted (0: none).
     */
    'baselineVersion'?: (number | string | Long);
    /**
     * That version's metric (unset when it has none).
     */
    'baselineValue'?: (number | string);
    /**
     * Why, in words.
     */
    'reason'?: (string);
    '_baselineValue'?: "baselineValue";
}
/**
 * What a gated promotion decided, with both figures.
 */
export interface PromotionOutcome__Output {
    /**
     * The alias (of the output model).
     */
    'alias': (string);
    /**
     * The metric compared.
     */
    'metric': (string);
    /**
     * Whether the alias now points at the new version.
     */
    'promoted': (boolean);
    /**
     * The new version.
     */
    'newVersion': (number);
    /**
     * The new version's metric.
     */
    'newValue': (number);
    /**
     * The version the alias pointed at when the job was submitted (0: none).
     */
    'baselineVersion': (number);
    /**
     * That version's metric (unset when it has none).
     */
    'baselineValue'?: (number);
    /**
     * Why, in words.
     */
    'reason': (string);
    '_baselineValue'?: "baselineValue";
}
