//! Formats of peer tools, read into concord's files (the writers are printers, in concord-print).

pub mod agenda;
pub mod decide;
mod decide_ids;
pub mod private;
pub mod scaffold;
pub mod table;
