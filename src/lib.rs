//! coguide builds co-produced guides. The pipeline reads as it works:
//! `guide` (load) → `checks` (check) → `consent` (the gate) → `render` → `output` (write).

// A `Diagnostic` is the error of many functions here. It is only built on the cold path,
// when something is wrong, so its size does not matter; boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod checks;
pub mod cli;
pub mod commands;
pub mod consent;
pub mod diagnostics;
pub mod guide;
pub mod output;
pub mod render;
pub mod serve;
