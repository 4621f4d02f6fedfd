import type { WatchStarted as _lmforge_v1_WatchStarted, WatchStarted__Output as _lmforge_v1_WatchStarted__Output } from '../../lmforge/v1/WatchStarted';
import type { RegistryEvent as _lmforge_v1_RegistryEvent, RegistryEvent__Output as _lmforge_v1_RegistryEvent__Output } from '../../lmforge/v1/RegistryEvent';
/**
 * One message of a WatchEvents stream.
 */
export interface WatchEventsResponse {
    /**
     * Sent once, first.
     */
    'started'?: (_lmforge_v1_WatchStarted | null);
    /**
     * One event.
     */
    'event'?: (_lmforge_v1_RegistryEvent | null);
    /**
     * Either the start marker (first message) or an event.
     */
    'payload'?: "started" | "event";
}
/**
 * One message of a WatchEvents stream.
 */
export interface WatchEventsResponse__Output {
    /**
     * Sent once, first.
     */
    'started'?: (_lmforge_v1_WatchStarted__Output | null);
    /**
     * One event.
     */
    'event'?: (_lmforge_v1_RegistryEvent__Output | null);
    /**
     * Either the start marker (first message) or an event.
     */
    'payload'?: "started" | "event";
}
