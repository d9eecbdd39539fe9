/**
 * Errors raised by the parameter library and the weight/config sources. Each has a stable `code`
 * (the API and the CLI map codes to statuses and exit codes in one place) and a message that names
 * the file or field at fault.
 */
export class ParamsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

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
