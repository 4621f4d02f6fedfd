import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';
/**
 * A registered model: a name, a task and its versions.
 */
export interface Model {
    /**
     * Unique name: lowercase letters, digits, "-", "_" and ".", 1 to 128
     * characters, starting with a letter or digit.
     */
    'name'?: (string);
    /**
     * A transformers pipeline task name, e.g. "text-generation",
     * "text-classification", "feature-extraction", "token-classification".
     */
    'task'?: (string);
    /**
     * Label names, in class-index order, for classifiers.
     */
    'labels'?: (string)[];
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
     * Alias name -> version number.
     */
    'aliases'?: ({
        [key: string]: number | string | Long;
    });
    /**
     * Highest version number ever created (numbers are never reused).
     */
    'latestVersion'?: (number | string | Long);
    /**
     * When the model was created.
     */
    'createTime'?: (_google_protobuf_Timestamp | null);
    /**
     * When the model was last changed.
     */
    'updateTime'?: (_google_protobuf_Timestamp | null);
}
/**
 * A registered model: a name, a task and its versions.
 */
export interface Model__Output {
    /**
     * Unique name: lowercase letters, digits, "-", "_" and ".", 1 to 128
     * characters, starting with a letter or digit.
     */
    'name': (string);
    /**
     * A transformers pipeline task name, e.g. "text-generation",
     * "text-classification", "feature-extraction", "token-classification".
     */
    'task': (string);
    /**
     * Label names, in class-index order, for classifiers.
     */
    'labels': (string)[];
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
     * Alias name -> version number.
     */
    'aliases': ({
        [key: string]: number;
    });
    /**
     * Highest version number ever created (numbers are never reused).
     */
    'latestVersion': (number);
    /**
     * When the model was created.
     */
    'createTime': (_google_protobuf_Timestamp__Output | null);
    /**
     * When the model was last changed.
     */
    'updateTime': (_google_protobuf_Timestamp__Output | null);
}
