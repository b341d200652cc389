import type { ReadStream } from "node:fs";
import { DetailedError, Upload } from "tus-js-client";
import type { PlatformClient } from "./client.js";
import { authorizationHeaders } from "./credentials.js";
import { PlatformError } from "./errors.js";
import type { UserFile } from "./types.js";

export interface UploadOptions {
  contentType?: string;
  /** One of the owner's projects the file goes into. */
  project?: string;
  /** The size of each part (8 MiB unless given; at most the platform's `Files:MaxChunkBytes`). */
  chunkBytes?: number;
  /** Hears the bytes the platform has stored so far, and the total. */
  onProgress?: (stored: number, total: number) => void;
}

const fileIdHeader = "Upload-File-Id";

/**
 * A resumable upload (tus 1.0.0) with tus-js-client: the file is sent in parts, and a part that fails (a dropped
 * connection, a host that went away or was busy) is sent again from the offset the platform reports. The platform
 * names the file the upload became on the PATCH that completes it, and on a HEAD after.
 */
export async function uploadFile(client: PlatformClient, content: Uint8Array | ReadStream, name: string, options: UploadOptions): Promise<UserFile> {
  const http = client.http;
  const credentials = await authorizationHeaders(http.credentials);
  const source = content instanceof Uint8Array ? Buffer.from(content.buffer, content.byteOffset, content.byteLength) : content;
  const fileId = await new Promise<string>((resolve, reject) => {
    let named: string | undefined;
    const upload = new Upload(source, {
      endpoint: http.url("api/v1/uploads").toString(),
      chunkSize: options.chunkBytes ?? 8 * 1024 * 1024,
      metadata: {
        filename: name,
        filetype: options.contentType ?? "application/octet-stream",
        ...(options.project ? { project: options.project } : {}),
      },
      headers: credentials,
      retryDelays: [250, 500, 1000, 2000, 4000],
      // A conflict (another part moved the offset), a busy or lost host: ask where the upload stands and go on.
      onShouldRetry: (error) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        return status === 0 || status === 409 || status === 423 || status === 429 || status >= 500;
      },
      removeFingerprintOnSuccess: true,
      onProgress: (sent, total) => options.onProgress?.(sent, total),
      onAfterResponse: (_request, response) => {
        named = response.getHeader(fileIdHeader) ?? named;
      },
      onError: (error) => reject(problemOf(error)),
      onSuccess: () => (named ? resolve(named) : reject(new Error("Every byte arrived, but the platform has not said which file they became."))),
    });
    upload.start();
  });
  return client.getFile(fileId);
}

function problemOf(error: Error | DetailedError): Error {
  const response = "originalResponse" in error ? error.originalResponse : null;
  if (!response) return error;
  let problem: Record<string, unknown> = {};
  try {
    problem = JSON.parse(response.getBody()) as Record<string, unknown>;
  } catch {
    // Not a problem body: the status says enough.
  }
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return new PlatformError(response.getStatus(), text(problem.title) ?? "Upload failed", {
    detail: text(problem.detail),
    code: text(problem.code),
    errors: problem.errors as Record<string, string[]> | undefined,
    requestId: text(problem.requestId),
  });
}
