//! The integration tests, in one binary: one link instead of one per file, one process, and one bundled
//! checker built once for all (`common::CHECKER`). Each module is a file of its own beside this one.

mod common;

mod audit;
mod cache;
mod cli;
mod config;
mod data_update;
mod docs;
mod editor_page;
mod fix;
mod gating;
mod hostile;
mod html_report;
mod integrations;
mod layers;
mod lsp;
mod outputs;
mod reference;
mod rules;
mod seed;
mod serve;
mod stream;
mod suppress;
mod world_data;
