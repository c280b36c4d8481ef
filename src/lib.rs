//! lss-sim: Monte Carlo capacity planning for Swedish municipal LSS housing.
#![warn(missing_docs)]

pub mod bench;
pub mod calendar;
pub mod calibrate;
pub mod check;
pub mod cli;
pub mod compare;
pub mod engine;
pub mod error;
pub mod experiment;
pub mod grid;
pub mod init;
pub mod lang;
pub mod metrics;
pub mod model;
pub mod plan;
pub mod report;
pub mod scenario;
pub mod sensitivity;
pub mod stats;
pub mod sweep;
