using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Platform.Storage.Objects;

/// <summary>
/// Objects in one bucket of an S3-compatible server (AWS, MinIO, …), so hosts on several machines share them. The content
/// type is the object's own Content-Type.
/// </summary>
public sealed class S3ObjectStore(IAmazonS3 s3, string bucket, int listPageSize = 1000) : IObjectStore
{
    /// <summary>
    /// A body is sent in parts of this size. The body of a put is a forward-only stream of unknown length (an upload can
    /// be gigabytes), so it is neither held in memory nor spooled to a local file first: a multipart upload keeps one part
    /// in memory at a time, needs no disk on the host, and sends while it receives. S3 shows the object only once the
    /// upload completes, so a body that fails midway leaves nothing behind but parts that the abort (or, where a server
    /// cannot abort, the bucket's rule for incomplete uploads) removes. Parts must be at least 5 MiB; 8 MiB allows
    /// objects up to 78 GiB in S3's 10,000 parts. A body shorter than one part is one plain put.
    /// </summary>
    public const int PartSize = 8 * 1024 * 1024;

    public string Bucket { get; } = bucket;

    /// <summary>A client for the server <paramref name="options"/> name, with their keys (or none: unsigned requests).</summary>
    public static AmazonS3Client CreateClient(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // The SDK would otherwise add a CRC checksum to every upload and check one on every download, headers and
            // trailers that not every S3-compatible server knows; SigV4 already signs each payload's SHA-256.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        AWSCredentials credentials = string.IsNullOrEmpty(options.AccessKey)
            ? new AnonymousAWSCredentials()
            : new BasicAWSCredentials(options.AccessKey, options.SecretKey);
        return new AmazonS3Client(credentials, config);
    }

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken ct)
    {
        ObjectKeys.Require(key);
        var buffer = ArrayPool<byte>.Shared.Rent(PartSize);
        try
        {
            var read = await FillAsync(content, buffer, ct);
            if (read < PartSize)
                await s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = Bucket,
                    Key = key,
                    ContentType = contentType,
                    InputStream = new MemoryStream(buffer, 0, read, writable: false),
                    // A buffer in memory is signed by its SHA-256 in one go. The default, aws-chunked signing, frames the body
                    // in signed chunks that a server must take apart; s3rver, for one, stores the framing as the object.
                    UseChunkEncoding = false,
                }, ct);
            else
                await PutInPartsAsync(key, content, contentType, buffer, read, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PutInPartsAsync(string key, Stream content, string contentType, byte[] buffer, int read, CancellationToken ct)
    {
        var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key, ContentType = contentType }, ct);
        try
        {
            var parts = new List<PartETag>();
            while (read > 0)
            {
                var part = await s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = Bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = parts.Count + 1,
                    InputStream = new MemoryStream(buffer, 0, read, writable: false),
                    UseChunkEncoding = false,
                }, ct);
                parts.Add(new PartETag(parts.Count + 1, part.ETag));
                read = await FillAsync(content, buffer, ct);
            }
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, ct);
        }
        catch
        {
            await AbortAsync(key, upload.UploadId);
            throw;
        }
    }

    // Not with the caller's token: a put cancelled midway must still take its parts away.
    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId });
        }
        catch (Exception)
        {
            // The put's own failure is the one to report. Parts left behind are invisible, and a bucket's rule for incomplete
            // uploads (AbortIncompleteMultipartUpload) removes them; a server without abort (s3rver) keeps them.
        }
    }

    // Reads until the buffer's first PartSize bytes are full or the stream ends.
    private static ValueTask<int> FillAsync(Stream content, byte[] buffer, CancellationToken ct) =>
        content.ReadAtLeastAsync(buffer.AsMemory(0, PartSize), PartSize, throwOnEndOfStream: false, ct);

    public async Task<StoredObject?> OpenAsync(string key, CancellationToken ct)
    {
        ObjectKeys.Require(key);
        try
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, ct);
            return new StoredObject(response.ResponseStream, response.ContentLength,
                response.Headers.ContentType ?? DefaultContentType);
        }
        catch (AmazonS3Exception e) when (IsMissingObject(e))
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<ObjectInfo>> ListAsync(string prefix, CancellationToken ct)
    {
        var found = new List<ObjectInfo>();
        await foreach (var listed in ListedAsync(prefix, ct))
            // A listing carries no content type: one HEAD per object, which suits the few objects a prefix holds here.
            if (await ContentTypeAsync(listed.Key, ct) is { } contentType)
                found.Add(new ObjectInfo(listed.Key, listed.Size ?? 0, contentType));
        return found;
    }

    public async IAsyncEnumerable<StoredKey> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var listed in ListedAsync(prefix, ct))
            if (listed.LastModified is { } written)
                yield return new StoredKey(listed.Key, new DateTimeOffset(written.ToUniversalTime(), TimeSpan.Zero));
    }

    // The objects under the prefix whose keys are valid, a page of the listing at a time.
    private async IAsyncEnumerable<S3Object> ListedAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, MaxKeys = listPageSize };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, ct);
            foreach (var listed in page.S3Objects ?? [])
                if (ObjectKeys.IsValid(listed.Key))
                    yield return listed;
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    // Null when the object went between the listing and this look.
    private async Task<string?> ContentTypeAsync(string key, CancellationToken ct)
    {
        try
        {
            var metadata = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, ct);
            return metadata.Headers.ContentType ?? DefaultContentType;
        }
        catch (AmazonS3Exception e) when (IsMissingObject(e))
        {
            return null;
        }
    }

    /// <summary>S3 answers a delete of a missing key as a success, so this is idempotent as it stands.</summary>
    public Task DeleteAsync(string key, CancellationToken ct) =>
        s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = ObjectKeys.Require(key) }, ct);

    private const string DefaultContentType = "application/octet-stream";

    // A missing bucket is a broken configuration, not a missing object.
    private static bool IsMissingObject(AmazonS3Exception e) => e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket";
}

