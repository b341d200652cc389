namespace Platform.Host.LocalServices;

/// <summary>A server the zero-configuration mode needs is not installed; the message says what to install.</summary>
public sealed class LocalServiceMissingException(string message) : Exception(message);
