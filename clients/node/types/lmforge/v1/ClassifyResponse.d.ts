import type { ClassifyResult as _lmforge_v1_ClassifyResult, ClassifyResult__Output as _lmforge_v1_ClassifyResult__Output } from '../../lmforge/v1/ClassifyResult';
/**
 * Response of Classify.
 */
export interface ClassifyResponse {
    /**
     * One result per text, in request order.
     */
    'results'?: (_lmforge_v1_ClassifyResult)[];
}
/**
 * Response of Classify.
 */
export interface ClassifyResponse__Output {
    /**
     * One result per text, in request order.
     */
    'results': (_lmforge_v1_ClassifyResult__Output)[];
}
