/**
 * A request to an API server that failed. Apart from the client, so that
 * what only handles failures does not load the client library (it takes a
 * noticeable part of a second to load: commands that read files never do).
 */
/** A request that failed: an HTTP status with the server's Status message, or no answer at all (`status` 0). */
export class ApiError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    message: string,
    /** The Status reason (`Forbidden`, `NotFound`, `Expired`), when the server gave one. */
    readonly reason?: string,
  ) {
    super(message);
  }
}
