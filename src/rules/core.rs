//! Core diagnostics (`CX…`): what cxlint itself reports about the files it
//! reads, as opposed to what a rule finds in them. One table holds each
//! code's name, summary, documentation and default severity; `rules`,
//! `explain`, SARIF and the reports all read it, so no other place spells a
//! core code.

use crate::diag::{Diagnostic, Location, RuleInfo, Severity};

/// One core code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Core {
    SyntaxError,
    UnreadableFile,
    UnusedSuppression,
    ModuleSourceMissing,
    ModuleCycle,
    InternalError,
    InvalidSuppression,
    LimitReached,
}

/// What the table says of a core code.
#[derive(Debug)]
pub struct CoreInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub help: &'static str,
    /// Markdown, with the same headings as a rule's page.
    pub docs: &'static str,
    /// Whether config, `--disable` and suppressions can switch it off. A file
    /// cxlint could not read must never pass silently.
    pub can_disable: bool,
}

impl Core {
    pub const ALL: [Core; 8] = [
        Core::SyntaxError,
        Core::UnreadableFile,
        Core::UnusedSuppression,
        Core::ModuleSourceMissing,
        Core::ModuleCycle,
        Core::InternalError,
        Core::InvalidSuppression,
        Core::LimitReached,
    ];

    pub fn info(self) -> &'static CoreInfo {
        let i = Core::ALL.iter().position(|c| *c == self).unwrap_or(0);
        &TABLE[i]
    }

    pub fn code(self) -> &'static str {
        self.info().code
    }

    /// The core code with this code or name, in any letter case.
    pub fn find(key: &str) -> Option<Core> {
        Core::ALL.into_iter().find(|c| {
            let i = c.info();
            i.code.eq_ignore_ascii_case(key) || i.name.eq_ignore_ascii_case(key)
        })
    }

    /// Whether `code` is this core code.
    pub fn is(self, code: &str) -> bool {
        self.code() == code
    }

    /// A diagnostic of this code at its default severity.
    pub fn diag(self, message: String, location: Location, help: Option<String>) -> Diagnostic {
        let info = self.info();
        Diagnostic {
            code: info.code.to_string(),
            name: info.name.to_string(),
            severity: info.severity,
            message,
            help,
            location,
            resource: None,
            related: Vec::new(),
            url: None,
            fix: None,
        }
    }

    /// CX006 for a panic caught while doing `what`.
    pub fn internal_error(loc: Location, what: &str) -> Diagnostic {
        let help = Core::InternalError.info().help.to_string();
        Core::InternalError.diag(format!("internal error while {what}"), loc, Some(help))
    }

    /// The metadata formatters need (SARIF's rule list, `rules`, `explain`).
    pub fn rule_info(self) -> RuleInfo {
        let i = self.info();
        RuleInfo {
            code: i.code.to_string(),
            name: i.name.to_string(),
            severity: i.severity,
            summary: i.summary.to_string(),
            help: i.help.to_string(),
            docs: i.docs.to_string(),
            url: String::new(),
        }
    }
}

/// The metadata of a core code by its code, for diagnostics that only carry
/// the code string.
pub fn info_for(code: &str) -> Option<&'static CoreInfo> {
    TABLE.iter().find(|i| i.code == code)
}

static TABLE: [CoreInfo; 8] = [
    CoreInfo {
        code: "CX001",
        name: "syntax-error",
        severity: Severity::Error,
        summary: "A file is not valid HCL or JSON",
        help: "fix the syntax error; Terraform rejects the file as well",
        docs: include_str!("core_docs/CX001.md"),
        can_disable: false,
    },
    CoreInfo {
        code: "CX002",
        name: "unreadable-file",
        severity: Severity::Error,
        summary: "A file is not UTF-8 text or cannot be read",
        help: "save the file as UTF-8, or make it readable",
        docs: include_str!("core_docs/CX002.md"),
        can_disable: false,
    },
    CoreInfo {
        code: "CX003",
        name: "unused-suppression",
        severity: Severity::Warning,
        summary: "An ignore comment suppresses nothing",
        help: "remove the suppression, or fix its code",
        docs: include_str!("core_docs/CX003.md"),
        can_disable: true,
    },
    CoreInfo {
        code: "CX004",
        name: "module-source-missing",
        severity: Severity::Warning,
        summary: "A local module source does not exist",
        help: "fix the module's `source` path",
        docs: include_str!("core_docs/CX004.md"),
        can_disable: true,
    },
    CoreInfo {
        code: "CX005",
        name: "module-cycle",
        severity: Severity::Warning,
        summary: "Local module calls form a cycle, or a chain deeper than the limit",
        help: "break the cycle: Terraform rejects recursive module calls",
        docs: include_str!("core_docs/CX005.md"),
        can_disable: true,
    },
    CoreInfo {
        code: "CX006",
        name: "internal-error",
        severity: Severity::Error,
        summary: "A bug in cxlint stopped part of the run",
        help: "this is a bug in cxlint; please report it with the file that triggers it",
        docs: include_str!("core_docs/CX006.md"),
        can_disable: false,
    },
    CoreInfo {
        code: "CX007",
        name: "invalid-suppression",
        severity: Severity::Warning,
        summary: "A `cxlint-ignore` comment does not parse or names an unknown code",
        help: "write `# cxlint-ignore: CODE -- reason` with a known code or name",
        docs: include_str!("core_docs/CX007.md"),
        can_disable: true,
    },
    CoreInfo {
        code: "CX008",
        name: "limit-reached",
        severity: Severity::Info,
        summary: "An evaluation or input limit was reached; what it skipped is unknown",
        help: "nothing was guessed: the values it names are treated as unknown",
        docs: include_str!("core_docs/CX008.md"),
        can_disable: true,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_matches_the_enum() {
        for (i, c) in Core::ALL.iter().enumerate() {
            assert_eq!(c.code(), format!("CX{:03}", i + 1));
            assert_eq!(Core::find(c.code()), Some(*c));
            assert_eq!(Core::find(&c.info().name.to_uppercase()), Some(*c));
            assert!(c.info().docs.starts_with(&format!("# {}", c.code())));
        }
        assert_eq!(Core::find("cx003"), Some(Core::UnusedSuppression));
        assert_eq!(Core::find("GC001"), None);
    }
}
