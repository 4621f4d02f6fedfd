import type { ModelFormat as _lmforge_v1_ModelFormat, ModelFormat__Output as _lmforge_v1_ModelFormat__Output } from '../../lmforge/v1/ModelFormat';
import type { FileEntry as _lmforge_v1_FileEntry, FileEntry__Output as _lmforge_v1_FileEntry__Output } from '../../lmforge/v1/FileEntry';
import type { Lineage as _lmforge_v1_Lineage, Lineage__Output as _lmforge_v1_Lineage__Output } from '../../lmforge/v1/Lineage';
/**
 * Request of CreateModelVersion.
 */
export interface CreateModelVersionRequest {
    /**
     * Name of the model.
     */
    'model'?: (string);
    /**
     * What the files are; MODEL_FORMAT_PEFT_ADAPTER requires lineage.base.
     */
    'format'?: (_lmforge_v1_ModelFormat);
    /**
     * Files declared up front (optional: uploads also declare files).
     */
    'files'?: (_lmforge_v1_FileEntry)[];
    /**
     * Provenance; lineage.base must name a READY version of a text-generation
     * or text-classification model for an adapter.
     */
    'lineage'?: (_lmforge_v1_Lineage | null);
    /**
     * Metrics to record.
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
}
/**
 * Request of CreateModelVersion.
 */
export interface CreateModelVersionRequest__Output {
    /**
     * Name of the model.
     */
    'model': (string);
    /**
     * What the files are; MODEL_FORMAT_PEFT_ADAPTER requires lineage.base.
     */
    'format': (_lmforge_v1_ModelFormat__Output);
    /**
     * Files declared up front (optional: uploads also declare files).
     */
    'files': (_lmforge_v1_FileEntry__Output)[];
    /**
     * Provenance; lineage.base must name a READY version of a text-generation
     * or text-classification model for an adapter.
     */
    'lineage': (_lmforge_v1_Lineage__Output | null);
    /**
     * Metrics to record.
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
}
