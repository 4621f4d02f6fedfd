import type { Model as _lmforge_v1_Model, Model__Output as _lmforge_v1_Model__Output } from '../../lmforge/v1/Model';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';
/**
 * Request of UpdateModel.
 */
export interface UpdateModelRequest {
    /**
     * The model with its name and the new values.
     */
    'model'?: (_lmforge_v1_Model | null);
    /**
     * Which fields to update: "description", "tags", "labels". Empty means all
     * three.
     */
    'updateMask'?: (_google_protobuf_FieldMask | null);
}
/**
 * Request of UpdateModel.
 */
export interface UpdateModelRequest__Output {
    /**
     * The model with its name and the new values.
     */
    'model': (_lmforge_v1_Model__Output | null);
    /**
     * Which fields to update: "description", "tags", "labels". Empty means all
     * three.
     */
    'updateMask': (_google_protobuf_FieldMask__Output | null);
}
