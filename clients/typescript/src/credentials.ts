/** How a client proves who it is: an API key (bots, scripts, workers) or a bearer access token (a person who signed in). */
export type Credentials =
  | { readonly kind: "none" }
  | { readonly kind: "apiKey"; readonly key: string }
  | { readonly kind: "bearer"; readonly accessToken: () => string | Promise<string> };

export const ApiKeyHeader = "X-API-Key";

export const Credentials = {
  none: { kind: "none" } as Credentials,

  apiKey(key: string): Credentials {
    return { kind: "apiKey", key };
  },

  /** A fixed token, or a function asked before each request and each hub (re)connect, so a refreshed token is used at once. */
  bearer(accessToken: string | (() => string | Promise<string>)): Credentials {
    return { kind: "bearer", accessToken: typeof accessToken === "string" ? () => accessToken : accessToken };
  },
};

/** Headers every HTTP call sends for these credentials. */
export async function authorizationHeaders(credentials: Credentials): Promise<Record<string, string>> {
  switch (credentials.kind) {
    case "apiKey":
      return { [ApiKeyHeader]: credentials.key };
    case "bearer":
      return { Authorization: `Bearer ${await credentials.accessToken()}` };
    default:
      return {};
  }
}
