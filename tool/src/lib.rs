//! The `contracts` tool: the command line over `contracts_core`, with what only the tool needs.
//!
//! [`cli`] is the command line as clap reads it and [`commands`] runs each command. Below them: [`site`] (the
//! website and its signed download bundle), [`versions`] (git history, diff, version checks, migration guides,
//! releases), [`import`] (draft contracts from OpenAPI, JSON Schema and sample payloads), [`sandbox`] and
//! [`probe`] (the test environment that plays the Portal, and the check of endpoints ministries host),
//! [`bench`] (synthetic registries and the measurements of `cargo contracts bench`) and [`validation_bench`]
//! (payloads validated per second, against the `jsonschema` crate). Everything reads the one checked model of
//! `contracts_core`.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod bench;
pub mod cli;
pub mod commands;
pub mod import;
pub mod memory;
pub mod probe;
pub mod progress;
pub mod sandbox;
pub mod site;
pub mod validation_bench;
pub mod versions;
