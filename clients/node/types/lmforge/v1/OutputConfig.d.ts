import type { AdapterOutput as _lmforge_v1_AdapterOutput, AdapterOutput__Output as _lmforge_v1_AdapterOutput__Output } from '../../lmforge/v1/AdapterOutput';
import type { Promotion as _lmforge_v1_Promotion, Promotion__Output as _lmforge_v1_Promotion__Output } from '../../lmforge/v1/Promotion';
/**
 * Where and how the result is registered.
 */
export interface OutputConfig {
    /**
     * Registry model to add the version to (created if missing; default:
     * "<base>-lora" for an adapter, "<base>-ft" for a full or merged model, so
     * the base model's own latest version stays the base).
     */
    'modelName'?: (string);
    /**
     * For LoRA: register an adapter (default) or a merged full model.
     */
    'adapterOutput'?: (_lmforge_v1_AdapterOutput);
    /**
     * Description of the new version.
     */
    'description'?: (string);
    /**
     * Tags of the new version.
     */
    'tags'?: ({
        [key: string]: string;
    });
    /**
     * Gated promotion: when set, a succeeded job moves this alias to its new
     * version (compare-and-swap) only if its metric beats that of the version
     * the alias pointed at when the job was submitted.
     */
    'promote'?: (_lmforge_v1_Promotion | null);
}
/**
 * Where and how the result is registered.
 */
export interface OutputConfig__Output {
    /**
     * Registry model to add the version to (created if missing; default:
     * "<base>-lora" for an adapter, "<base>-ft" for a full or merged model, so
     * the base model's own latest version stays the base).
     */
    'modelName': (string);
    /**
     * For LoRA: register an adapter (default) or a merged full model.
     */
    'adapterOutput': (_lmforge_v1_AdapterOutput__Output);
    /**
     * Description of the new version.
     */
    'description': (string);
    /**
     * Tags of the new version.
     */
    'tags': ({
        [key: string]: string;
    });
    /**
     * Gated promotion: when set, a succeeded job moves this alias to its new
     * version (compare-and-swap) only if its metric beats that of the version
     * the alias pointed at when the job was submitted.
     */
    'promote': (_lmforge_v1_Promotion__Output | null);
}
