/**
 * Parameter, memory, KV-cache and FLOP figures, and the readers that feed them.
 *
 * Entry points (all pure or read-only; errors are `ParamsError` subclasses with a stable `code`:
 * `unsupported_architecture`, `invalid_config`, `config_unreadable`, `invalid_safetensors`,
 * `invalid_gguf`, `not_found`, `unauthorized`):
 *
 *   computeParams(config: unknown, opts?: { context?: number }): ParamReport
 *     From a parsed config.json object (or DeepSeek's native inference config). Default context 8192.
 *
 *   readHfConfig(pathOrRepo: string, opts?: ReadHfConfigOptions): Promise<HfConfig>
 *     ReadHfConfigOptions = { hubUrl?, fetch?, accessToken?, revision?, signal?, validate? = true }
 *     HfConfig = { config: Record<string, unknown>; source: { kind: 'file' | 'hub'; location; repo? } }
 *     A file path, a model directory (its config.json) or a Hub repo id; honours HF_ENDPOINT, HF_TOKEN.
 *
 *   readSafetensorsParams(pathOrRepo: string, opts?: ReadSafetensorsOptions): Promise<SafetensorsParams>
 *     ReadSafetensorsOptions = { hubUrl?, fetch?, accessToken?, revision?, maxHeaderBytes? = 100 MB, bits? }
 *     SafetensorsParams = { total, byDtype, auxiliary, tensors, dataBytes, packing, files,
 *                           declaredTotal, source: { kind: 'file' | 'hub'; location } }
 *     A .safetensors file, a model.safetensors.index.json, a model directory, or a Hub repo id.
 *
 *   readGgufParams(pathOrUrl: string, opts?: HubOptions): Promise<GgufParams>
 *     GgufParams = { total, architecture, name, fileType, fileTypeId, byTensorType, experts,
 *                    contextLength, blockCount, embeddingLength, tensors, fileBytes, source }
 *     A local .gguf file, an http(s) URL, or `owner/name/file.gguf` on the Hub.
 */
export { type GgufParams, readGgufParams } from '../sources/gguf/read-gguf-params.ts';
export {
  type HfConfig,
  type HfConfigSource,
  type HubOptions,
  type ReadHfConfigOptions,
  readHfConfig,
} from '../sources/hf-config/read-hf-config.ts';
export {
  type ReadSafetensorsOptions,
  readSafetensorsParams,
  type SafetensorsParams,
} from '../sources/safetensors/read-safetensors-params.ts';
export {
  computeParams,
  countModel,
  DEFAULT_CONTEXT,
  MAX_CONTEXT,
  SUPPORTED_ARCHITECTURES,
} from './compute-params.ts';
export {
  InvalidConfigError,
  ParamsError,
  UnsupportedArchitectureError,
  WeightsFileError,
} from './errors.ts';
export type { Components, ModelCount } from './model-count.ts';
export { ParamReport } from './param-report.ts';
