//! Which rules run, and at which severity: the config file's settings, then
//! `--only`, `--enable` and `--disable` from the command line.

use super::core::Core;
use super::{Registry, Rule};
use crate::config::Config;
use crate::diag::Severity;

/// The selection in effect for a run.
pub struct Selection<'a> {
    pub config: &'a Config,
    pub registry: &'a Registry,
    /// Codes or names switched on/off on the command line.
    pub enable: &'a [String],
    pub disable: &'a [String],
    /// `--only`: just these.
    pub only: Option<&'a [String]>,
}

impl<'a> Selection<'a> {
    /// The severity a code runs at, or `None` when it is switched off.
    pub fn severity(&self, code: &str, name: &str, default: Severity) -> Option<Severity> {
        if Core::find(code).is_some_and(|c| !c.info().can_disable) {
            // A file cxlint could not read never passes silently.
            return Some(default);
        }
        let matches = |k: &String| k.eq_ignore_ascii_case(code) || k.eq_ignore_ascii_case(name);
        let settings = self.config.settings(code, name);
        let mut on = settings.and_then(|s| s.enabled).unwrap_or(true);
        if let Some(only) = self.only {
            // Core syntax/read errors always run.
            on = only.iter().any(matches)
                || Core::SyntaxError.is(code)
                || Core::UnreadableFile.is(code);
        }
        if self.enable.iter().any(matches) {
            on = true;
        }
        if self.disable.iter().any(matches) {
            on = false;
        }
        on.then(|| settings.and_then(|s| s.severity).unwrap_or(default))
    }

    /// The rules that run.
    pub fn enabled(&self) -> Vec<&'a Rule> {
        self.registry
            .rules
            .iter()
            .filter(|r| {
                self.severity(&r.def.code, &r.def.name, r.def.severity)
                    .is_some()
            })
            .collect()
    }
}
