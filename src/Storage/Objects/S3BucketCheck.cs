using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.Storage.Objects;

/// <summary>
/// Makes sure at start-up that the S3 server answers and the bucket is there, creating it when <c>Storage:S3:CreateBucket</c>
/// says so, before the host takes work: a wrong setting stops the start with a message that names it.
/// </summary>
internal sealed class S3BucketCheck([FromKeyedServices(S3BucketCheck.ClientKey)] IAmazonS3 s3, StorageOptions storage) : IHostedService
{
    /// <summary>The platform's own client is keyed, so an application that embeds the platform keeps its own <see cref="IAmazonS3"/>.</summary>
    public const string ClientKey = "Platform.Storage";

    private readonly S3StorageOptions options = storage.S3;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await ExistsAsync(cancellationToken))
                return;
            if (!options.CreateBucket)
                throw new InvalidOperationException(
                    $"The S3 bucket '{options.Bucket}' (Storage:S3:Bucket) does not exist; create it or set Storage:S3:CreateBucket to true.");
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = options.Bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Another host created it meanwhile.
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new InvalidOperationException($"The S3 server refused the bucket '{options.Bucket}' (Storage:S3:Bucket) to the keys in " +
                $"Storage:S3:AccessKey and Storage:S3:SecretKey: {e.Message}", e);
        }
        catch (Exception e) when (IsUnreachable(e, cancellationToken))
        {
            var server = string.IsNullOrWhiteSpace(options.ServiceUrl) ? $"AWS S3 in {options.Region}" : options.ServiceUrl;
            throw new InvalidOperationException($"The S3 server {server} (Storage:S3:ServiceUrl) could not be reached: {e.Message}", e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<bool> ExistsAsync(CancellationToken ct)
    {
        try
        {
            await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = options.Bucket }, ct);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    // No answer at all (refused, unresolved, timed out); an answer the server gave is an AmazonServiceException.
    private static bool IsUnreachable(Exception e, CancellationToken ct) =>
        e is HttpRequestException || e.InnerException is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested)
        || (e is AmazonClientException && e is not AmazonServiceException);
}
