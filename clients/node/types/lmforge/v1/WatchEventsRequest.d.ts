import type { EventKind as _lmforge_v1_EventKind, EventKind__Output as _lmforge_v1_EventKind__Output } from '../../lmforge/v1/EventKind';
import type { Long } from '@grpc/proto-loader';
/**
 * Request of WatchEvents.
 */
export interface WatchEventsRequest {
    /**
     * Resume after this sequence number (the last one the watcher saw). Unset:
     * start with the events committed after the watch started. 0: replay every
     * retained event. A sequence older than the retained history
     * (events_retention_seconds) fails with OUT_OF_RANGE.
     */
    'afterSequence'?: (number | string | Long);
    /**
     * Only events about this model (its versions and aliases included). Empty: all.
     */
    'model'?: (string);
    /**
     * Only events of these kinds. Empty: all kinds.
     */
    'kinds'?: (_lmforge_v1_EventKind)[];
    '_afterSequence'?: "afterSequence";
}
/**
 * Request of WatchEvents.
 */
export interface WatchEventsRequest__Output {
    /**
     * Resume after this sequence number (the last one the watcher saw). Unset:
     * start with the events committed after the watch started. 0: replay every
     * retained event. A sequence older than the retained history
     * (events_retention_seconds) fails with OUT_OF_RANGE.
     */
    'afterSequence'?: (number);
    /**
     * Only events about this model (its versions and aliases included). Empty: all.
     */
    'model': (string);
    /**
     * Only events of these kinds. Empty: all kinds.
     */
    'kinds': (_lmforge_v1_EventKind__Output)[];
    '_afterSequence'?: "afterSequence";
}
