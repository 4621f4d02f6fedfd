import type { DatasetFormat as _lmforge_v1_DatasetFormat, DatasetFormat__Output as _lmforge_v1_DatasetFormat__Output } from '../../lmforge/v1/DatasetFormat';
import type { FileEntry as _lmforge_v1_FileEntry, FileEntry__Output as _lmforge_v1_FileEntry__Output } from '../../lmforge/v1/FileEntry';
/**
 * Request of CreateDatasetVersion.
 */
export interface CreateDatasetVersionRequest {
    /**
     * Name of the dataset.
     */
    'dataset'?: (string);
    /**
     * File format (inferred from the first file's extension when unset).
     */
    'format'?: (_lmforge_v1_DatasetFormat);
    /**
     * Files declared up front (optional).
     */
    'files'?: (_lmforge_v1_FileEntry)[];
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
}
/**
 * Request of CreateDatasetVersion.
 */
export interface CreateDatasetVersionRequest__Output {
    /**
     * Name of the dataset.
     */
    'dataset': (string);
    /**
     * File format (inferred from the first file's extension when unset).
     */
    'format': (_lmforge_v1_DatasetFormat__Output);
    /**
     * Files declared up front (optional).
     */
    'files': (_lmforge_v1_FileEntry__Output)[];
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
}
