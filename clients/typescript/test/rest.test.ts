import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Credentials, PlatformClient, PlatformError, RetryPolicy } from "../src/index.js";
import { apiKey, baseUrl, keyed, newUser } from "./platform.js";

describe("REST", () => {
  it("submits a job with an API key, reads it back and finds it in the list", async () => {
    const client = keyed();
    const job = await client.submitJob({ type: "generation", input: { prompt: "a red fox", width: 32, height: 32, steps: 2 } });

    assert.equal(job.type, "generation");
    assert.equal((await client.getJob(job.id!)).id, job.id);
    const page = await client.listJobs({ type: "generation", pageSize: 100 });
    assert.ok(page.items?.some((listed) => listed.id === job.id));
  });

  it("reaches any operation through call() with typed path, query and answer", async () => {
    const client = keyed();
    const job = await client.submitJob({ type: "training", input: { epochs: 2, learningRate: 0.05 } });

    const events = await client.call("get", "/api/v1/jobs/{id}/events", { path: { id: job.id! }, query: { afterVersion: 0 } });
    const types = await client.call("get", "/api/v1/job-types");

    assert.equal(events.events?.[0]?.kind, "submitted");
    assert.ok(types.some((type) => type.name === "training"));
  });

  it("turns a problem into a PlatformError with its status, code, field errors and request id", async () => {
    const error = await keyed()
      .submitJob({ type: "generation", input: { prompt: "x", steps: -1 } })
      .then(() => assert.fail("a job with -1 steps was accepted"), (e: unknown) => e);

    assert.ok(error instanceof PlatformError);
    assert.equal(error.status, 400);
    assert.ok(Object.keys(error.errors).some((field) => field.includes("steps")), JSON.stringify(error.errors));
    assert.ok(error.requestId);
  });

  it("refuses a wrong key with a 401 PlatformError", async () => {
    const error = await new PlatformClient({ baseUrl, credentials: Credentials.apiKey("pk_not_a_key") })
      .listJobs()
      .then(() => assert.fail("a wrong key was let in"), (e: unknown) => e);

    assert.ok(error instanceof PlatformError);
    assert.equal(error.status, 401);
  });

  it("signs in with a password and calls with the bearer token, whose key then works too", async () => {
    const user = await newUser();

    const profile = await user.client.getProfile();
    const submitted = await user.keyed.submitJob({ type: "generation", input: { prompt: "a fox", width: 16, height: 16, steps: 1 } });

    assert.equal(profile.id, user.userId);
    assert.equal((await user.client.getJob(submitted.id!)).id, submitted.id);
  });

  it("acts for an organization: jobs submitted for it are its, not the member's", async () => {
    const user = await newUser();
    const organization = await user.client.call("post", "/api/v1/organizations", { body: { name: "Lighthouse" } });
    const asOrganization = user.client.forOrganization(organization.id!);

    const job = await asOrganization.submitJob({ type: "generation", input: { prompt: "a lighthouse", width: 16, height: 16, steps: 1 } });

    assert.ok((await asOrganization.listJobs()).items?.some((listed) => listed.id === job.id));
    assert.ok(!(await user.client.listJobs()).items?.some((listed) => listed.id === job.id));
  });

  it("fails over to the next base URL when a host does not answer", async () => {
    const client = new PlatformClient({ baseUrl: ["http://127.0.0.1:9/", baseUrl], credentials: Credentials.apiKey(apiKey) });

    await client.listJobs();

    assert.equal(client.http.baseUrl, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  });

  it("retries as the .NET client does: 429 always, 503 only where repeating is safe, after Retry-After", () => {
    const policy = RetryPolicy.default;
    const answer = (status: number, retryAfter?: string) => new Response(null, { status, headers: retryAfter ? { "Retry-After": retryAfter } : {} });

    assert.equal(policy.delayBeforeRetry("POST", answer(429, "2"), 0, false), 2000);
    assert.equal(policy.delayBeforeRetry("POST", answer(503), 0, false), undefined);
    assert.equal(policy.delayBeforeRetry("POST", answer(503), 0, true), 500);
    assert.equal(policy.delayBeforeRetry("GET", answer(503), 1, false), 1000);
    assert.equal(policy.delayBeforeRetry("GET", answer(429, "120"), 0, false), undefined, "longer than 30 s is given to the caller");
    assert.equal(policy.delayBeforeRetry("GET", answer(429), 3, false), undefined, "three retries at most");
  });
});
