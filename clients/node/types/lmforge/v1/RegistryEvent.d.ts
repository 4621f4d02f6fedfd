import type { EventKind as _lmforge_v1_EventKind, EventKind__Output as _lmforge_v1_EventKind__Output } from '../../lmforge/v1/EventKind';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { PromotionDecision as _lmforge_v1_PromotionDecision, PromotionDecision__Output as _lmforge_v1_PromotionDecision__Output } from '../../lmforge/v1/PromotionDecision';
import type { Long } from '@grpc/proto-loader';
/**
 * One change in the registry.
 */
export interface RegistryEvent {
    /**
     * Position in the registry's event log: strictly increasing, without gaps
     * in commit order.
     */
    'sequence'?: (number | string | Long);
    /**
     * What changed.
     */
    'kind'?: (_lmforge_v1_EventKind);
    /**
     * The model the event is about (empty for dataset events).
     */
    'model'?: (string);
    /**
     * The dataset the event is about (empty for model events).
     */
    'dataset'?: (string);
    /**
     * The version the event is about (0 for model/dataset and alias events).
     */
    'version'?: (number | string | Long);
    /**
     * Alias events: the alias name.
     */
    'alias'?: (string);
    /**
     * Alias events: the version the alias pointed at before (0: it did not exist).
     */
    'oldVersion'?: (number | string | Long);
    /**
     * Alias events: the version it points at now (0: it was deleted).
     */
    'newVersion'?: (number | string | Long);
    /**
     * FAILED, DEPLOYMENT_FAILED and PROMOTION_DECIDED events: why.
     */
    'reason'?: (string);
    /**
     * When the change was committed.
     */
    'createTime'?: (_google_protobuf_Timestamp | null);
    /**
     * PROMOTION_DECIDED events: the decision with both figures.
     */
    'promotion'?: (_lmforge_v1_PromotionDecision | null);
    /**
     * DEPLOYMENT_* events: the inference server that reported it.
     */
    'server'?: (string);
}
/**
 * One change in the registry.
 */
export interface RegistryEvent__Output {
    /**
     * Position in the registry's event log: strictly increasing, without gaps
     * in commit order.
     */
    'sequence': (number);
    /**
     * What changed.
     */
    'kind': (_lmforge_v1_EventKind__Output);
    /**
     * The model the event is about (empty for dataset events).
     */
    'model': (string);
    /**
     * The dataset the event is about (empty for model events).
     */
    'dataset': (string);
    /**
     * The version the event is about (0 for model/dataset and alias events).
     */
    'version': (number);
    /**
     * Alias events: the alias name.
     */
    'alias': (string);
    /**
     * Alias events: the version the alias pointed at before (0: it did not exist).
     */
    'oldVersion': (number);
    /**
     * Alias events: the version it points at now (0: it was deleted).
     */
    'newVersion': (number);
    /**
     * FAILED, DEPLOYMENT_FAILED and PROMOTION_DECIDED events: why.
     */
    'reason': (string);
    /**
     * When the change was committed.
     */
    'createTime': (_google_protobuf_Timestamp__Output | null);
    /**
     * PROMOTION_DECIDED events: the decision with both figures.
     */
    'promotion': (_lmforge_v1_PromotionDecision__Output | null);
    /**
     * DEPLOYMENT_* events: the inference server that reported it.
     */
    'server': (string);
}
