import { randomUUID } from "node:crypto";
import { Credentials, PlatformClient } from "../src/index.js";

// The host under test and a key of a user of its own (jobs:read, jobs:write, worker), given by the test that runs these.
export const baseUrl = required("PLATFORM_URL");
export const apiKey = required("PLATFORM_API_KEY");
/** A remote job type the host declares, for the worker's tests. */
export const remoteType = process.env.PLATFORM_REMOTE_TYPE ?? "shout";

export function keyed(): PlatformClient {
  return new PlatformClient({ baseUrl, credentials: Credentials.apiKey(apiKey) });
}

/** A new user, signed in with a password: their client calls with the access token, their key with these scopes. */
export async function newUser(scopes = ["jobs:read", "jobs:write"]): Promise<{ client: PlatformClient; keyed: PlatformClient; userId: string; email: string }> {
  const anonymous = new PlatformClient({ baseUrl });
  const email = `ts-${randomUUID()}@example.com`;
  const password = "correct horse battery staple";
  const profile = await anonymous.register({ email, password, displayName: `TS ${email.slice(3, 11)}` });
  const tokens = await anonymous.login({ email, password, device: "node" });
  const client = anonymous.withCredentials(Credentials.bearer(tokens.accessToken!));
  const key = await client.createApiKey({ name: "tests", scopes, password });
  return { client, keyed: anonymous.withCredentials(Credentials.apiKey(key.secret!)), userId: profile.id!, email };
}

/** Resolves once `found` answers true, checking every 50 ms; fails naming `what` after the deadline. */
export async function eventually(what: string, found: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await found())) {
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name}: these tests run against a real host (tests/IntegrationTests/Clients/TypeScriptClientTests.cs starts one).`);
  return value;
}
