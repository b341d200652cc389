import type { paths } from "./generated/openapi.js";
import { authorizationHeaders, type Credentials } from "./credentials.js";
import { PlatformError } from "./errors.js";
import { RetryPolicy } from "./retry.js";

export type HttpMethod = "get" | "put" | "post" | "delete" | "patch" | "head";
export type ApiPath = keyof paths;

/** The methods the API answers on `P`. */
export type MethodOf<P extends ApiPath> = { [M in HttpMethod]-?: paths[P][M] extends { responses: unknown } ? M : never }[HttpMethod];
export type Operation<P extends ApiPath, M extends MethodOf<P>> = Extract<paths[P][M], { responses: unknown }>;

type PathParams<O> = O extends { parameters: { path?: infer X } } ? Exclude<X, undefined> : never;
type QueryParams<O> = O extends { parameters: { query?: infer X } } ? Exclude<X, undefined> : never;
type JsonBody<O> = O extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
type SuccessStatus = 200 | 201 | 202 | 204;
type Success<O> = O extends { responses: infer R }
  ? { [S in keyof R & SuccessStatus]: R[S] extends { content: { "application/json": infer B } } ? B : void }[keyof R & SuccessStatus]
  : never;

/** What a call sends: its path parameters (required where the path has some), query, JSON body and idempotency key. */
export type CallOptions<O> = ([PathParams<O>] extends [never] ? { path?: undefined } : { path: PathParams<O> }) & {
  query?: QueryParams<O>;
  body?: JsonBody<O>;
  /** Sending the same request with the same key again returns what the first one made; also makes a 503 safe to retry. */
  idempotencyKey?: string;
  signal?: AbortSignal;
};

/** The JSON answer of a successful call to `P` with `M`. */
export type ResponseOf<P extends ApiPath, M extends MethodOf<P>> = Success<Operation<P, M>>;

export interface HttpOptions {
  /** One host, or several of one platform: a request that cannot reach one (and is safe to repeat) goes to the next. */
  baseUrl: string | readonly string[];
  credentials?: Credentials;
  /** Act for this organization (its jobs, files, schedules and live events) rather than for the caller. */
  actingFor?: string;
  retries?: RetryPolicy;
}

type Query = Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;

/** The HTTP the client speaks: credentials, the organization acted for, retries by {@link RetryPolicy}, problems as {@link PlatformError}. */
export class Http {
  readonly baseUrls: readonly string[];
  readonly credentials: Credentials;
  readonly actingFor: string | undefined;
  readonly retries: RetryPolicy;
  private current = 0;

  constructor(options: HttpOptions) {
    const urls = typeof options.baseUrl === "string" ? [options.baseUrl] : options.baseUrl;
    if (urls.length === 0) throw new Error("Give at least one base URL.");
    this.baseUrls = urls.map((url) => (url.endsWith("/") ? url : `${url}/`));
    this.credentials = options.credentials ?? { kind: "none" };
    this.actingFor = options.actingFor;
    this.retries = options.retries ?? RetryPolicy.default;
  }

  /** The base URL calls go to now (the first until one fails to answer). */
  get baseUrl(): string {
    return this.baseUrls[this.current]!;
  }

  /** Moves on to the next base URL, e.g. when the hub cannot reach the current one. */
  failOver(from: string): void {
    if (this.baseUrl === from) this.current = (this.current + 1) % this.baseUrls.length;
  }

  /** The absolute URL of an API path, with the organization acted for. */
  url(path: string, query: Query = {}, base = this.baseUrl): URL {
    const url = new URL(path.replace(/^\//, ""), base);
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(one));
    }
    if (this.actingFor && !url.searchParams.has("actAs")) url.searchParams.set("actAs", this.actingFor);
    return url;
  }

  async json<T>(
    method: string,
    path: string,
    options: { query?: Query; body?: unknown; headers?: Record<string, string>; idempotencyKey?: string; signal?: AbortSignal } = {},
  ): Promise<T> {
    const response = await this.send(method, path, {
      query: options.query,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      headers: options.body === undefined ? options.headers : { ...options.headers, "Content-Type": "application/json" },
      idempotencyKey: options.idempotencyKey,
      signal: options.signal,
    });
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Sends a request as is and answers the successful response; a failed one throws {@link PlatformError}. */
  async send(
    method: string,
    path: string,
    init: { query?: Query; body?: BodyInit; headers?: Record<string, string>; idempotencyKey?: string; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const upper = method.toUpperCase();
    const repeatable = init.idempotencyKey !== undefined || ["GET", "HEAD", "PUT", "DELETE"].includes(upper);
    for (let retries = 0, unreachable = 0; ; ) {
      const base = this.baseUrl;
      const headers: Record<string, string> = { ...init.headers, ...(await authorizationHeaders(this.credentials)) };
      if (init.idempotencyKey !== undefined) headers["Idempotency-Key"] = init.idempotencyKey;
      let response: Response;
      try {
        response = await fetch(this.url(path, init.query, base), { method: upper, headers, body: init.body, signal: init.signal });
      } catch (error) {
        // A host that does not answer at all: another host of the platform may, when the request is safe to send twice.
        if (init.signal?.aborted || !repeatable || ++unreachable >= this.baseUrls.length) throw error;
        this.failOver(base);
        continue;
      }
      const delay = this.retries.delayBeforeRetry(upper, response, retries, init.idempotencyKey !== undefined);
      if (delay === undefined) {
        if (!response.ok) throw await PlatformError.from(response);
        return response;
      }
      await response.body?.cancel();
      retries++;
      await sleep(delay, init.signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/** Fills `{name}` segments of an API path. */
export function fillPath(template: string, params: Record<string, unknown> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`The path ${template} needs ${name}.`);
    return encodeURIComponent(String(value));
  });
}
