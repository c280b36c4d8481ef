//! lss-sim: Monte Carlo capacity planning for Swedish municipal LSS housing.
#![warn(missing_docs)]

pub mod calendar;
pub mod error;
pub mod model;
pub mod scenario;
