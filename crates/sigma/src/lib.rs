//! A Sigma rule engine (https://sigmahq.io/docs/): rules are parsed and
//! compiled once, indexed by the channels and event ids of their log
//! source, and matched against normalized events. A rule that cannot be
//! loaded, or uses what the engine does not support, is listed with the
//! reason, never silently dropped.

mod condition;
mod correlation;
mod indicators;
mod logsource;
mod matcher;
mod rule;
mod ruleset;
mod yaml;

pub use correlation::{Correlation, CorrelationHit, CorrelationKind, Occurrence};
pub use indicators::{Indicator, IndicatorHit, IndicatorKind, Indicators};
pub use rule::{Level, Rule};
pub use ruleset::{Loaded, RuleProblem, Ruleset};
