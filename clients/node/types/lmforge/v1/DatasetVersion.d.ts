import type { VersionState as _lmforge_v1_VersionState, VersionState__Output as _lmforge_v1_VersionState__Output } from '../../lmforge/v1/VersionState';
import type { DatasetFormat as _lmforge_v1_DatasetFormat, DatasetFormat__Output as _lmforge_v1_DatasetFormat__Output } from '../../lmforge/v1/DatasetFormat';
import type { FileEntry as _lmforge_v1_FileEntry, FileEntry__Output as _lmforge_v1_FileEntry__Output } from '../../lmforge/v1/FileEntry';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';
/**
 * One immutable version of a dataset.
 */
export interface DatasetVersion {
    /**
     * Name of the dataset.
     */
    'dataset'?: (string);
    /**
     * Version number.
     */
    'version'?: (number | string | Long);
    /**
     * Lifecycle state.
     */
    'state'?: (_lmforge_v1_VersionState);
    /**
     * File format of the rows.
     */
    'format'?: (_lmforge_v1_DatasetFormat);
    /**
     * Declared or verified files (all in the same format).
     */
    'files'?: (_lmforge_v1_FileEntry)[];
    /**
     * Number of rows over all files, recorded at finalize.
     */
    'rowCount'?: (number | string | Long);
    /**
     * Column names, recorded at finalize.
     */
    'columns'?: (string)[];
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
     * Object-store key prefix of this version's files (storage_prefix + path),
     * unique to this incarnation of the dataset.
     */
    'storagePrefix'?: (string);
}
/**
 * One immutable version of a dataset.
 */
export interface DatasetVersion__Output {
    /**
     * Name of the dataset.
     */
    'dataset': (string);
    /**
     * Version number.
     */
    'version': (number);
    /**
     * Lifecycle state.
     */
    'state': (_lmforge_v1_VersionState__Output);
    /**
     * File format of the rows.
     */
    'format': (_lmforge_v1_DatasetFormat__Output);
    /**
     * Declared or verified files (all in the same format).
     */
    'files': (_lmforge_v1_FileEntry__Output)[];
    /**
     * Number of rows over all files, recorded at finalize.
     */
    'rowCount': (number);
    /**
     * Column names, recorded at finalize.
     */
    'columns': (string)[];
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
     * Object-store key prefix of this version's files (storage_prefix + path),
     * unique to this incarnation of the dataset.
     */
    'storagePrefix': (string);
}
