//! Shared helpers for the integration tests: paths to the fixtures and the bundled registry.
