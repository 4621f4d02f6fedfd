import type { Embedding as _lmforge_v1_Embedding, Embedding__Output as _lmforge_v1_Embedding__Output } from '../../lmforge/v1/Embedding';
import type { Usage as _lmforge_v1_Usage, Usage__Output as _lmforge_v1_Usage__Output } from '../../lmforge/v1/Usage';
/**
 * Response of Embed.
 */
export interface EmbedResponse {
    /**
     * One vector per text, in request order.
     */
    'embeddings'?: (_lmforge_v1_Embedding)[];
    /**
     * Length of each vector.
     */
    'dimensions'?: (number);
    /**
     * Token counts (prompt_tokens = tokens embedded).
     */
    'usage'?: (_lmforge_v1_Usage | null);
}
/**
 * Response of Embed.
 */
export interface EmbedResponse__Output {
    /**
     * One vector per text, in request order.
     */
    'embeddings': (_lmforge_v1_Embedding__Output)[];
    /**
     * Length of each vector.
     */
    'dimensions': (number);
    /**
     * Token counts (prompt_tokens = tokens embedded).
     */
    'usage': (_lmforge_v1_Usage__Output | null);
}
