"""Errors meant for users. Each message is one line that names the fix."""


class AssistantError(Exception):
    """Base of every error the CLI and the page show as one clean line."""


class UsageError(AssistantError):
    """The caller asked for something that cannot work (bad question, unknown backend...)."""


class IndexMissing(AssistantError):
    """There is no usable index yet."""


class IndexUnavailable(AssistantError):
    """The index exists but cannot be read now: the Chroma server is gone, or the store is damaged."""


class BackendUnavailable(AssistantError):
    """An answer backend cannot run here (server down, model missing, package missing)."""


class NotFound(UsageError):
    """The caller named something that is not there (a document, a model)."""


class TooLarge(UsageError):
    """The caller sent more than a limit allows."""
