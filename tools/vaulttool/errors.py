"""The one base of the errors a user can cause: the CLI prints each as one line and exits 2."""


class VaulttoolError(Exception):
    """Bad input or a usage error: the vault cannot be read, a setting or code is wrong, an output
    path cannot be written, an optional package is missing. The message is one line."""
