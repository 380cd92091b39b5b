//! Resource limits that keep hostile or broken input from exhausting memory or time.

use std::env;

/// Every limit, with its default and the environment variable that changes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest contract file, in bytes (`CONTRACTS_MAX_FILE_BYTES`, default 4 MiB, at most 4 GiB).
    pub max_file_bytes: u64,
    /// Most files under `contracts/` (`CONTRACTS_MAX_FILES`, default 50,000).
    pub max_files: usize,
    /// Longest single text or key, in bytes (`CONTRACTS_MAX_STRING_BYTES`, default 64 KiB).
    pub max_string_bytes: usize,
    /// Deepest nesting of mappings and lists (`CONTRACTS_MAX_DEPTH`, default 64).
    pub max_depth: usize,
    /// Most YAML nodes in one file, counting every alias expansion (`CONTRACTS_MAX_NODES`, default 250,000).
    pub max_nodes: usize,
    /// Most aliases (`*name`) in one file (`CONTRACTS_MAX_ALIASES`, default 1,000).
    pub max_aliases: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 4 * 1024 * 1024,
            max_files: 50_000,
            max_string_bytes: 64 * 1024,
            max_depth: 64,
            max_nodes: 250_000,
            max_aliases: 1_000,
        }
    }
}

/// The environment variables, in the order they are documented.
pub const ENV_VARS: &[&str] = &[
    "CONTRACTS_MAX_FILE_BYTES",
    "CONTRACTS_MAX_FILES",
    "CONTRACTS_MAX_STRING_BYTES",
    "CONTRACTS_MAX_DEPTH",
    "CONTRACTS_MAX_NODES",
    "CONTRACTS_MAX_ALIASES",
];

impl Limits {
    /// The defaults, overridden by any `CONTRACTS_MAX_*` environment variable that is set.
    pub fn from_env() -> Result<Self, String> {
        let mut limits = Limits::default();
        // Positions in a file are kept as 32-bit offsets: no limit lets a larger file in.
        limits.max_file_bytes =
            read_var(ENV_VARS[0], limits.max_file_bytes)?.min(u64::from(u32::MAX));
        limits.max_files = read_var(ENV_VARS[1], limits.max_files)?;
        limits.max_string_bytes = read_var(ENV_VARS[2], limits.max_string_bytes)?;
        limits.max_depth = read_var(ENV_VARS[3], limits.max_depth)?;
        limits.max_nodes = read_var(ENV_VARS[4], limits.max_nodes)?;
        limits.max_aliases = read_var(ENV_VARS[5], limits.max_aliases)?;
        Ok(limits)
    }

    /// Parser options that enforce these limits.
    pub fn yaml_options(&self) -> serde_saphyr::Options {
        serde_saphyr::options! { budget: Some(self.budget()) }
    }

    /// The parser's budget: the limits on depth, nodes, aliases and scalar bytes of one file.
    pub fn budget(&self) -> serde_saphyr::Budget {
        let mut budget = serde_saphyr::Budget::default();
        budget.max_depth = self.max_depth;
        budget.flow_nesting_limit = self.max_depth;
        budget.max_nodes = self.max_nodes;
        budget.max_aliases = self.max_aliases;
        budget.max_total_scalar_bytes = usize::try_from(self.max_file_bytes)
            .unwrap_or(usize::MAX)
            .saturating_mul(2);
        budget
    }

    /// The options of the YAML event parser, exactly as [`Self::yaml_options`] sets them up inside
    /// `serde_saphyr`, so that reading the events directly accepts the same texts.
    pub fn parser_options(&self) -> serde_saphyr::granit_parser::Options {
        let budget = self.budget();
        let mut options = serde_saphyr::granit_parser::Options::default();
        options.simple_key_max_lookahead = budget.simple_key_max_lookahead;
        options.flow_nesting_limit = budget.flow_nesting_limit;
        options.block_nesting_limit = options
            .block_nesting_limit
            .max(budget.max_depth.saturating_add(1));
        options.emit_comments = false;
        options.strict_indentation = false;
        options
    }
}

fn read_var<T: std::str::FromStr + Copy>(name: &str, default: T) -> Result<T, String> {
    match env::var(name) {
        Err(_) => Ok(default),
        Ok(text) => text.trim().parse().map_err(|_| {
            format!("environment variable {name}=`{text}` is not a whole number; unset it or give a number")
        }),
    }
}
