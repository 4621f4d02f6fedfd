/**
 * File format of a dataset version.
 */
export declare const DatasetFormat: {
    /**
     * Not set: inferred from the file extension.
     */
    readonly DATASET_FORMAT_UNSPECIFIED: "DATASET_FORMAT_UNSPECIFIED";
    /**
     * One JSON object per line.
     */
    readonly DATASET_FORMAT_JSONL: "DATASET_FORMAT_JSONL";
    /**
     * Comma-separated values with a header row.
     */
    readonly DATASET_FORMAT_CSV: "DATASET_FORMAT_CSV";
    /**
     * Apache Parquet.
     */
    readonly DATASET_FORMAT_PARQUET: "DATASET_FORMAT_PARQUET";
};
/**
 * File format of a dataset version.
 */
export type DatasetFormat = 
/**
 * Not set: inferred from the file extension.
 */
'DATASET_FORMAT_UNSPECIFIED' | 0
/**
 * One JSON object per line.
 */
 | 'DATASET_FORMAT_JSONL' | 1
/**
 * Comma-separated values with a header row.
 */
 | 'DATASET_FORMAT_CSV' | 2
/**
 * Apache Parquet.
 */
 | 'DATASET_FORMAT_PARQUET' | 3;
/**
 * File format of a dataset version.
 */
export type DatasetFormat__Output = typeof DatasetFormat[keyof typeof DatasetFormat];
