"""ncct-report: validate contributors' yearly submissions and compile the NCCT annual report."""

__version__ = "0.1.0"
