import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';
/**
 * A registered dataset.
 */
export interface Dataset {
    /**
     * Unique name, same rules as model names.
     */
    'name'?: (string);
    /**
     * Free text.
     */
    'description'?: (string);
    /**
     * Free key/value tags.
     */
    'tags'?: ({
        [key: string]: string;
    });
    /**
     * Highest version number ever created.
     */
    'latestVersion'?: (number | string | Long);
    /**
     * When the dataset was created.
     */
    'createTime'?: (_google_protobuf_Timestamp | null);
    /**
     * When the dataset was last changed.
     */
    'updateTime'?: (_google_protobuf_Timestamp | null);
}
/**
 * A registered dataset.
 */
export interface Dataset__Output {
    /**
     * Unique name, same rules as model names.
     */
    'name': (string);
    /**
     * Free text.
     */
    'description': (string);
    /**
     * Free key/value tags.
     */
    'tags': ({
        [key: string]: string;
    });
    /**
     * Highest version number ever created.
     */
    'latestVersion': (number);
    /**
     * When the dataset was created.
     */
    'createTime': (_google_protobuf_Timestamp__Output | null);
    /**
     * When the dataset was last changed.
     */
    'updateTime': (_google_protobuf_Timestamp__Output | null);
}
