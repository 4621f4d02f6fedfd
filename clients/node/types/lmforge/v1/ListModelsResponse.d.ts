import type { Model as _lmforge_v1_Model, Model__Output as _lmforge_v1_Model__Output } from '../../lmforge/v1/Model';
/**
 * Response of ListModels.
 */
export interface ListModelsResponse {
    /**
     * The models of this page, ordered by name.
     */
    'models'?: (_lmforge_v1_Model)[];
    /**
     * Token for the next page; empty on the last page.
     */
    'nextPageToken'?: (string);
}
/**
 * Response of ListModels.
 */
export interface ListModelsResponse__Output {
    /**
     * The models of this page, ordered by name.
     */
    'models': (_lmforge_v1_Model__Output)[];
    /**
     * Token for the next page; empty on the last page.
     */
    'nextPageToken': (string);
}
