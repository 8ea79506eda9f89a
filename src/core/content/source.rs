//! One content file while it is read: its text, TOML parsing with errors that
//! name `file:line`, and the error type every content check reports with.

use super::text::Id;
use serde::de::DeserializeOwned;
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A problem in the content, located as precisely as the file allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// Every problem found in one load, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentErrors {}

/// The text of one content file.
pub struct Source {
    path: PathBuf,
    text: String,
}

impl Source {
    /// Reads `name` from the content directory.
    pub fn read(dir: &Path, name: &str) -> Result<Source, ContentError> {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Source { path, text }),
            Err(error) => Err(ContentError {
                file: path,
                line: None,
                message: format!("cannot read this file: {error}"),
            }),
        }
    }

    /// Parses the file into `T`, reporting the line of the first problem.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ContentError> {
        toml::from_str(&self.text).map_err(|error| {
            let line = error.span().map(|span| self.line_of(span.start));
            self.error(line, error.message().trim().to_string())
        })
    }

    /// An error at the start of `span` (as given by `toml::Spanned`).
    pub fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> ContentError {
        self.error(Some(self.line_of(span.start)), message.into())
    }

    /// An error about the file as a whole.
    pub fn error_in_file(&self, message: impl Into<String>) -> ContentError {
        self.error(None, message.into())
    }

    /// An error for every id that appeared before in `ids`.
    pub fn duplicate_ids<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a Spanned<Id>>,
        what: &str,
    ) -> Vec<ContentError> {
        let mut seen = HashSet::new();
        ids.into_iter()
            .filter(|id| !seen.insert(id.get_ref().clone()))
            .map(|id| {
                self.error_at(
                    id.span(),
                    format!("the {what} id `{}` is used twice", id.get_ref()),
                )
            })
            .collect()
    }

    fn error(&self, line: Option<usize>, message: String) -> ContentError {
        ContentError {
            file: self.path.clone(),
            line,
            message,
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }
}
