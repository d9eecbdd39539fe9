/**
 * Parameter, memory, KV-cache and FLOP figures (pure).
 *
 * Entry points (errors are `ParamsError` subclasses with a stable `code`: `unsupported_architecture`,
 * `invalid_config`, `config_unreadable`, `invalid_safetensors`, `invalid_gguf`, `not_found`, `unauthorized`):
 *
 *   computeParams(config: unknown, opts?: { context?: number }): ParamReport
 *     From a parsed config.json object (or DeepSeek's native inference config). Default context 8192.
 *
 * The readers that feed it are sources, one per outside format, and depend on this library (never the
 * other way round):
 *
 *   readHfConfig(pathOrRepo: string, opts?: ReadHfConfigOptions): Promise<HfConfig>   (sources/hf-config)
 *     ReadHfConfigOptions = { hubUrl?, fetch?, accessToken?, revision?, signal?, validate? = true }
 *     HfConfig = { config: Record<string, unknown>; source: { kind: 'file' | 'hub'; location; repo? } }
 *     A file path, a model directory (its config.json) or a Hub repo id; honours HF_ENDPOINT, HF_TOKEN.
 *
 *   readSafetensorsParams(pathOrRepo: string, opts?: ReadSafetensorsOptions): Promise<SafetensorsParams>
 *     ReadSafetensorsOptions = { hubUrl?, fetch?, accessToken?, revision?, maxHeaderBytes? = 100 MB, bits? }
 *     SafetensorsParams = { total, byDtype, auxiliary, tensors, dataBytes, packing, files,
 *                           declaredTotal, source: { kind: 'file' | 'hub'; location } }   (sources/safetensors)
 *     A .safetensors file, a model.safetensors.index.json, a model directory, or a Hub repo id.
 *
 *   readGgufParams(pathOrUrl: string, opts?: HubOptions): Promise<GgufParams>   (sources/gguf)
 *     GgufParams = { total, architecture, name, fileType, fileTypeId, byTensorType, experts,
 *                    contextLength, blockCount, embeddingLength, tensors, fileBytes, source }
 *     A local .gguf file, an http(s) URL, or `owner/name/file.gguf` on the Hub.
 */

export { ParamReport } from '../domain/param-report.ts';
export { computeParams, DEFAULT_CONTEXT, MAX_CONTEXT } from './compute-params.ts';
