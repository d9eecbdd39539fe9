import { OmoError } from '../domain/errors.ts';

/**
 * Errors raised by the parameter library and the weight/config sources. Each has a stable `code`
 * (the API and the CLI map codes to statuses and exit codes in one place) and a message that names
 * the file or field at fault. They extend the domain's `OmoError`, so the API and CLI map them with
 * everything else.
 */
export class ParamsError extends OmoError {}

/** The config's `model_type` is not one this library knows how to count exactly. */
export class UnsupportedArchitectureError extends ParamsError {
  constructor(readonly modelType: string) {
    super('unsupported_architecture', `unsupported architecture: ${modelType}`, { modelType });
  }
}

/** A config object is missing a field, or a field has an impossible value. */
export class InvalidConfigError extends ParamsError {
  constructor(message: string, details?: unknown) {
    super('invalid_config', message, details);
  }
}

/** A config file, safetensors file or GGUF file cannot be read or is malformed. */
export class WeightsFileError extends ParamsError {
  constructor(
    code: 'invalid_safetensors' | 'invalid_gguf' | 'config_unreadable',
    message: string,
    details?: unknown,
  ) {
    super(code, message, details);
  }
}
