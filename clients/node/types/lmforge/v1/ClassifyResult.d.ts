import type { LabelScore as _lmforge_v1_LabelScore, LabelScore__Output as _lmforge_v1_LabelScore__Output } from '../../lmforge/v1/LabelScore';
import type { ItemError as _lmforge_v1_ItemError, ItemError__Output as _lmforge_v1_ItemError__Output } from '../../lmforge/v1/ItemError';
/**
 * The result for one text of a Classify call.
 */
export interface ClassifyResult {
    /**
     * Labels sorted by descending score (empty when error is set).
     */
    'scores'?: (_lmforge_v1_LabelScore)[];
    /**
     * True when the text was longer than the model's limit and was truncated.
     */
    'truncated'?: (boolean);
    /**
     * Set when this text could not be classified (e.g. it was empty).
     */
    'error'?: (_lmforge_v1_ItemError | null);
}
/**
 * The result for one text of a Classify call.
 */
export interface ClassifyResult__Output {
    /**
     * Labels sorted by descending score (empty when error is set).
     */
    'scores': (_lmforge_v1_LabelScore__Output)[];
    /**
     * True when the text was longer than the model's limit and was truncated.
     */
    'truncated': (boolean);
    /**
     * Set when this text could not be classified (e.g. it was empty).
     */
    'error': (_lmforge_v1_ItemError__Output | null);
}
