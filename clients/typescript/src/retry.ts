/**
 * When the client sends a request again by itself: after 429 Too Many Requests, and after 503 Service Unavailable for
 * requests that are safe to repeat (GET, HEAD, PUT, DELETE, and anything sent with an idempotency key). It waits as long
 * as `Retry-After` says, or backs off from half a second, and gives up when the wait would pass `maxDelayMs`.
 */
export class RetryPolicy {
  static readonly default = new RetryPolicy();
  static readonly none = new RetryPolicy(0);

  constructor(
    readonly maxRetries = 3,
    readonly maxDelayMs = 30_000,
  ) {}

  /** Milliseconds to wait before sending again, or undefined to give the answer to the caller. */
  delayBeforeRetry(method: string, response: Response, retriesSoFar: number, idempotencyKeySent: boolean): number | undefined {
    if (retriesSoFar >= this.maxRetries) return undefined;
    const repeatable = idempotencyKeySent || ["GET", "HEAD", "PUT", "DELETE"].includes(method.toUpperCase());
    if (response.status !== 429 && !(response.status === 503 && repeatable)) return undefined;
    const delay = retryAfter(response) ?? 500 * 2 ** retriesSoFar;
    return delay <= this.maxDelayMs ? delay : undefined;
  }
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get("Retry-After");
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
