//! Derive macros that check a user's Rust types against the contract registry at compile time.
