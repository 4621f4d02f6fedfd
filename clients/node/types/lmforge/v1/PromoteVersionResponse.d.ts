import type { PromotionDecision as _lmforge_v1_PromotionDecision, PromotionDecision__Output as _lmforge_v1_PromotionDecision__Output } from '../../lmforge/v1/PromotionDecision';
import type { Long } from '@grpc/proto-loader';
/**
 * Response of PromoteVersion.
 */
export interface PromoteVersionResponse {
    /**
     * What was decided.
     */
    'decision'?: (_lmforge_v1_PromotionDecision | null);
    /**
     * The decision in words, e.g. "eval_loss 0.41 beats 0.52 of version 3".
     */
    'reason'?: (string);
    /**
     * Sequence number of the PROMOTION_DECIDED event.
     */
    'sequence'?: (number | string | Long);
}
/**
 * Response of PromoteVersion.
 */
export interface PromoteVersionResponse__Output {
    /**
     * What was decided.
     */
    'decision': (_lmforge_v1_PromotionDecision__Output | null);
    /**
     * The decision in words, e.g. "eval_loss 0.41 beats 0.52 of version 3".
     */
    'reason': (string);
    /**
     * Sequence number of the PROMOTION_DECIDED event.
     */
    'sequence': (number);
}
