//! What the sandbox remembers between requests: the sessions and tokens it issued, and the status history of
//! every dossier pushed to it. Both are rebuilt from the records when the sandbox starts.

use std::collections::{HashMap, VecDeque};

/// One status a dossier took, as `LayTrangThaiHoSo` returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusEntry {
    /// A code of the catalogue `dossier-status`.
    pub status: String,
    /// When, as `yyyyMMddHHmmss` in Vietnam time.
    pub at: String,
    pub note: Option<String>,
}

/// The dossiers the sandbox has seen, by dossier code `MaHoSo`.
#[derive(Default)]
pub struct Dossiers {
    map: HashMap<String, Vec<StatusEntry>>,
}

impl Dossiers {
    /// The current status of a dossier.
    pub fn current(&self, code: &str) -> Option<&str> {
        self.map
            .get(code)
            .and_then(|h| h.last())
            .map(|e| e.status.as_str())
    }

    /// Every status a dossier took, oldest first.
    pub fn history(&self, code: &str) -> &[StatusEntry] {
        self.map.get(code).map_or(&[], Vec::as_slice)
    }

    /// Records a status: a new dossier, or a change of status (an unchanged status adds nothing).
    pub fn record(&mut self, code: &str, entry: StatusEntry) {
        let history = self.map.entry(code.to_owned()).or_default();
        if history
            .last()
            .is_none_or(|last| last.status != entry.status)
        {
            history.push(entry);
        }
    }
}

/// The sessions and access tokens the sandbox issued, each with the system it was issued to. The oldest are
/// forgotten beyond [`Credentials::CAPACITY`], so that a flood of logins cannot exhaust memory.
#[derive(Default)]
pub struct Credentials {
    by_token: HashMap<String, String>,
    order: VecDeque<String>,
}

impl Credentials {
    pub const CAPACITY: usize = 100_000;

    pub fn insert(&mut self, token: String, system: String) {
        if self.by_token.insert(token.clone(), system).is_none() {
            self.order.push_back(token);
        }
        while self.order.len() > Self::CAPACITY {
            if let Some(oldest) = self.order.pop_front() {
                self.by_token.remove(&oldest);
            }
        }
    }

    /// The system a session or token was issued to.
    pub fn system(&self, token: &str) -> Option<&str> {
        self.by_token.get(token).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(status: &str) -> StatusEntry {
        StatusEntry {
            status: status.to_owned(),
            at: "20260210101500".to_owned(),
            note: None,
        }
    }

    #[test]
    fn an_unchanged_status_adds_no_history() {
        let mut dossiers = Dossiers::default();
        dossiers.record("A", entry("1"));
        dossiers.record("A", entry("1"));
        dossiers.record("A", entry("2"));
        assert_eq!(dossiers.history("A").len(), 2);
        assert_eq!(dossiers.current("A"), Some("2"));
        assert!(dossiers.history("B").is_empty());
    }

    #[test]
    fn the_oldest_credentials_are_forgotten_beyond_the_capacity() {
        let mut credentials = Credentials::default();
        for n in 0..=Credentials::CAPACITY {
            credentials.insert(format!("t{n}"), "S".to_owned());
        }
        assert_eq!(credentials.system("t0"), None);
        assert_eq!(credentials.system("t1"), Some("S"));
    }
}
