//! Formats of peer tools: reading them into concord's files, and writing concord's data back.

pub mod decide;
