"""A Python client of the Platform job platform, on the standard library alone."""
from .client import PlatformClient
from .errors import PlatformError
from .retry import NO_RETRIES, RetryPolicy
from .worker import JobStopped, Worker, WorkerJob

__all__ = ["PlatformClient", "PlatformError", "RetryPolicy", "NO_RETRIES", "Worker", "WorkerJob", "JobStopped"]
__version__ = "0.1.0"
