import type { Pooling as _lmforge_v1_Pooling, Pooling__Output as _lmforge_v1_Pooling__Output } from '../../lmforge/v1/Pooling';
/**
 * Request of Embed.
 */
export interface EmbedRequest {
    /**
     * Name of the loaded model.
     */
    'model'?: (string);
    /**
     * The texts; none may be empty.
     */
    'texts'?: (string)[];
    /**
     * How token vectors become one vector.
     */
    'pooling'?: (_lmforge_v1_Pooling);
    /**
     * L2-normalize the vectors.
     */
    'normalize'?: (boolean);
}
/**
 * Request of Embed.
 */
export interface EmbedRequest__Output {
    /**
     * Name of the loaded model.
     */
    'model': (string);
    /**
     * The texts; none may be empty.
     */
    'texts': (string)[];
    /**
     * How token vectors become one vector.
     */
    'pooling': (_lmforge_v1_Pooling__Output);
    /**
     * L2-normalize the vectors.
     */
    'normalize': (boolean);
}
