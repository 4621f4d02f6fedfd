import type { Long } from '@grpc/proto-loader';
/**
 * One file of a model or dataset version, as stored in the object store.
 */
export interface FileEntry {
    /**
     * Path of the file relative to the version's root, with forward slashes
     * (for example "config.json" or "tokenizer/vocab.txt"). Never absolute and
     * never containing "..".
     */
    'path'?: (string);
    /**
     * Size of the file in bytes.
     */
    'sizeBytes'?: (number | string | Long);
    /**
     * Lower-case hex SHA-256 of the file's bytes (64 characters).
     */
    'sha256'?: (string);
}
/**
 * One file of a model or dataset version, as stored in the object store.
 */
export interface FileEntry__Output {
    /**
     * Path of the file relative to the version's root, with forward slashes
     * (for example "config.json" or "tokenizer/vocab.txt"). Never absolute and
     * never containing "..".
     */
    'path': (string);
    /**
     * Size of the file in bytes.
     */
    'sizeBytes': (number);
    /**
     * Lower-case hex SHA-256 of the file's bytes (64 characters).
     */
    'sha256': (string);
}
