//! Front ends: text to [`crate::syntax`] trees, one per syntax.

pub mod hcl;
pub mod json;

use crate::syntax::Body;

/// A syntax error: where and what. `offset` is a byte offset into the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
    /// Where the construct left unclosed starts (byte offset) and a note
    /// for it: an unclosed string, heredoc, bracket, block or comment.
    pub related: Option<(usize, String)>,
}

/// Which syntax a file is written in, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// `.tf`
    Config,
    /// `.tf.json`
    ConfigJson,
    /// `.tfvars`
    Vars,
    /// `.tfvars.json`
    VarsJson,
    /// `.terraform.lock.hcl`
    Lock,
}

impl FileKind {
    pub fn from_name(name: &str) -> Option<FileKind> {
        if name == ".terraform.lock.hcl" {
            Some(FileKind::Lock)
        } else if name.ends_with(".tf.json") {
            Some(FileKind::ConfigJson)
        } else if name.ends_with(".tfvars.json") {
            Some(FileKind::VarsJson)
        } else if name.ends_with(".tf") {
            Some(FileKind::Config)
        } else if name.ends_with(".tfvars") {
            Some(FileKind::Vars)
        } else {
            None
        }
    }

    pub fn is_json(self) -> bool {
        matches!(self, FileKind::ConfigJson | FileKind::VarsJson)
    }

    pub fn is_config(self) -> bool {
        matches!(self, FileKind::Config | FileKind::ConfigJson)
    }

    pub fn is_vars(self) -> bool {
        matches!(self, FileKind::Vars | FileKind::VarsJson)
    }
}

/// Parse a file's text according to its kind.
pub fn parse(kind: FileKind, text: &str) -> Result<Body, ParseError> {
    if kind.is_json() {
        json::parse(kind, text)
    } else {
        hcl::parse(text)
    }
}
