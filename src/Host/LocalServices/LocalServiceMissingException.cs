namespace Platform.Host.LocalServices;

/// <summary>The server programs are not installed here; the message says how to install them or what to configure instead.</summary>
public sealed class LocalServiceMissingException(string message) : LocalServiceException(message);
