#![warn(missing_docs)]
//! The `concord` command line: one module per command, and the one place files are written.

pub mod app;
pub mod commands;
pub mod tables;
pub mod write;

pub use commands::run;
