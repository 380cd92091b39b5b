//! A line on stderr while a long step runs: nothing for a step that ends within two seconds, then its name and
//! the time it has taken every few seconds, so that a user never waits on a silent terminal.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a step runs before its first line, and then between lines.
const QUIET_FOR: Duration = Duration::from_secs(2);
const EVERY: Duration = Duration::from_secs(5);

/// A step in progress; its lines stop when it is dropped.
pub struct Step {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Step {
    /// Starts reporting `what` (e.g. "checking the registry") if it outlasts [`QUIET_FOR`].
    pub fn start(what: impl Into<String>) -> Step {
        let what = what.into();
        let (stop, stopped) = mpsc::channel::<()>();
        let started = Instant::now();
        let thread = std::thread::Builder::new()
            .name("progress".to_owned())
            .spawn(move || {
                let mut wait = QUIET_FOR;
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(wait) {
                    eprintln!("{what}... ({} s)", started.elapsed().as_secs());
                    wait = EVERY;
                }
            })
            .ok();
        Step {
            stop: Some(stop),
            thread,
        }
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_step_ends_at_once_and_says_nothing() {
        let started = Instant::now();
        drop(Step::start("a short step"));
        assert!(
            started.elapsed() < QUIET_FOR,
            "dropping a step stops its thread at once"
        );
    }
}
