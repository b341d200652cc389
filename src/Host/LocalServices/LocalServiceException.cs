namespace Platform.Host.LocalServices;

/// <summary>A server the zero-configuration mode needs is missing or would not start; the message says what to do.</summary>
public class LocalServiceException(string message, Exception? inner = null) : Exception(message, inner);
