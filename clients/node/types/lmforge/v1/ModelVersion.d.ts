import type { VersionState as _lmforge_v1_VersionState, VersionState__Output as _lmforge_v1_VersionState__Output } from '../../lmforge/v1/VersionState';
import type { ModelFormat as _lmforge_v1_ModelFormat, ModelFormat__Output as _lmforge_v1_ModelFormat__Output } from '../../lmforge/v1/ModelFormat';
import type { FileEntry as _lmforge_v1_FileEntry, FileEntry__Output as _lmforge_v1_FileEntry__Output } from '../../lmforge/v1/FileEntry';
import type { Lineage as _lmforge_v1_Lineage, Lineage__Output as _lmforge_v1_Lineage__Output } from '../../lmforge/v1/Lineage';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';
/**
 * One immutable version of a model: a full model or a LoRA adapter.
 */
export interface ModelVersion {
    /**
     * Name of the model.
     */
    'model'?: (string);
    /**
     * Version number (1, 2, 3 ...).
     */
    'version'?: (number | string | Long);
    /**
     * Lifecycle state.
     */
    'state'?: (_lmforge_v1_VersionState);
    /**
     * What the files are.
     */
    'format'?: (_lmforge_v1_ModelFormat);
    /**
     * Declared (PENDING) or verified (READY) files.
     */
    'files'?: (_lmforge_v1_FileEntry)[];
    /**
     * Provenance.
     */
    'lineage'?: (_lmforge_v1_Lineage | null);
    /**
     * Metrics, e.g. final training loss or eval accuracy.
     */
    'metrics'?: ({
        [key: string]: number | string;
    });
    /**
     * Free key/value tags.
     */
    'tags'?: ({
        [key: string]: string;
    });
    /**
     * Free text.
     */
    'description'?: (string);
    /**
     * Aliases pointing at this version.
     */
    'aliases'?: (string)[];
    /**
     * Why the version FAILED, if it did.
     */
    'failureReason'?: (string);
    /**
     * Sum of the file sizes.
     */
    'totalSizeBytes'?: (number | string | Long);
    /**
     * When the version was created.
     */
    'createTime'?: (_google_protobuf_Timestamp | null);
    /**
     * When the version last changed state.
     */
    'updateTime'?: (_google_protobuf_Timestamp | null);
    /**
     * Object-store key prefix of this version's files: a service that reads the
     * store directly fetches storage_prefix + path. It carries an id unique to
     * this incarnation of the model, so a deleted and recreated model never
     * shares object keys with the old one.
     */
    'storagePrefix'?: (string);
}
/**
 * One immutable version of a model: a full model or a LoRA adapter.
 */
export interface ModelVersion__Output {
    /**
     * Name of the model.
     */
    'model': (string);
    /**
     * Version number (1, 2, 3 ...).
     */
    'version': (number);
    /**
     * Lifecycle state.
     */
    'state': (_lmforge_v1_VersionState__Output);
    /**
     * What the files are.
     */
    'format': (_lmforge_v1_ModelFormat__Output);
    /**
     * Declared (PENDING) or verified (READY) files.
     */
    'files': (_lmforge_v1_FileEntry__Output)[];
    /**
     * Provenance.
     */
    'lineage': (_lmforge_v1_Lineage__Output | null);
    /**
     * Metrics, e.g. final training loss or eval accuracy.
     */
    'metrics': ({
        [key: string]: number;
    });
    /**
     * Free key/value tags.
     */
    'tags': ({
        [key: string]: string;
    });
    /**
     * Free text.
     */
    'description': (string);
    /**
     * Aliases pointing at this version.
     */
    'aliases': (string)[];
    /**
     * Why the version FAILED, if it did.
     */
    'failureReason': (string);
    /**
     * Sum of the file sizes.
     */
    'totalSizeBytes': (number);
    /**
     * When the version was created.
     */
    'createTime': (_google_protobuf_Timestamp__Output | null);
    /**
     * When the version last changed state.
     */
    'updateTime': (_google_protobuf_Timestamp__Output | null);
    /**
     * Object-store key prefix of this version's files: a service that reads the
     * store directly fetches storage_prefix + path. It carries an id unique to
     * this incarnation of the model, so a deleted and recreated model never
     * shares object keys with the old one.
     */
    'storagePrefix': (string);
}
