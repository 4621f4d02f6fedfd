import type { Long } from '@grpc/proto-loader';
/**
 * The first message of a WatchEvents stream.
 */
export interface WatchStarted {
    /**
     * The newest sequence number committed when the watch started; events
     * after it (or after after_sequence when that was given) follow.
     */
    'headSequence'?: (number | string | Long);
}
/**
 * The first message of a WatchEvents stream.
 */
export interface WatchStarted__Output {
    /**
     * The newest sequence number committed when the watch started; events
     * after it (or after after_sequence when that was given) follow.
     */
    'headSequence': (number);
}
