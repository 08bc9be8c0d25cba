/** A malformed configuration: the message names the file and the key path (`tool.tsrs.slim.keep[2]`). */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly file: string,
    readonly keyPath: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(keyPath ? `${file}: ${keyPath}: ${message}` : `${file}: ${message}`, options);
  }
}
