/** A problem response (RFC 7807) from the API: status, stable `code`, title, detail, field errors and the request's id in the host's logs. */
export class PlatformError extends Error {
  readonly status: number;
  /** The problem's machine-readable code, e.g. `invalid_credentials`; undefined when the response had none. */
  readonly code: string | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  /** Field errors of a 400, by field (`input.steps`). */
  readonly errors: Readonly<Record<string, string[]>>;
  /** Finds the request in the host's logs. */
  readonly requestId: string | undefined;

  constructor(status: number, title: string, options: { detail?: string; code?: string; errors?: Record<string, string[]>; requestId?: string } = {}) {
    super(options.detail ? `${status} ${title} ${options.detail}` : `${status} ${title}`);
    this.name = "PlatformError";
    this.status = status;
    this.title = title;
    this.code = options.code;
    this.detail = options.detail;
    this.errors = options.errors ?? {};
    this.requestId = options.requestId;
  }

  /** The error a failed response stands for, read from its problem body when it has one. */
  static async from(response: Response): Promise<PlatformError> {
    let problem: Record<string, unknown> = {};
    try {
      const text = await response.text();
      if (text) problem = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON (a proxy's page): the status says enough.
    }
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    return new PlatformError(response.status, text(problem.title) ?? (response.statusText || "Request failed"), {
      detail: text(problem.detail),
      code: text(problem.code),
      errors: typeof problem.errors === "object" && problem.errors !== null ? (problem.errors as Record<string, string[]>) : undefined,
      requestId: text(problem.requestId),
    });
  }
}
