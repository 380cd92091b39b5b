//! A seam for the tests of interrupted builds. `CONTRACTS_TEST_FAULT` makes a build of the website fail a
//! write the way a full disk does (`disk-full-after=N`: every file write after the first N fails with "no space
//! left on device"), or stop dead at a named point as if the process were killed (`kill-at=POINT` or
//! `kill-at=POINT:N`, the N-th time the build passes it; see [`Point`]). Unset, it costs one check per file.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The environment variable read by [`Faults::from_env`].
pub const ENV: &str = "CONTRACTS_TEST_FAULT";

/// Where a build can be stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Point {
    /// A file of `generated/` staged into the site's bundle.
    Bundle,
    /// A page rendered.
    Page,
    /// A file put into the archive.
    Archive,
    /// A file of `generated/` written.
    Generated,
    /// Everything staged, just before the site is switched.
    Publish,
    /// Just after the switch, before the old site is removed and the state written.
    Published,
}

impl Point {
    const ALL: [(Point, &'static str); 6] = [
        (Point::Bundle, "bundle"),
        (Point::Page, "page"),
        (Point::Archive, "archive"),
        (Point::Generated, "generated"),
        (Point::Publish, "publish"),
        (Point::Published, "published"),
    ];

    fn named(name: &str) -> Option<Point> {
        Point::ALL.iter().find(|(_, n)| *n == name).map(|(p, _)| *p)
    }
}

/// The faults a build is asked to suffer (none, normally).
#[derive(Debug, Default)]
pub struct Faults {
    disk_full_after: Option<usize>,
    kill_at: Option<(Point, usize)>,
    writes: AtomicUsize,
    passes: AtomicUsize,
}

impl Faults {
    /// No fault.
    pub fn none() -> Faults {
        Faults::default()
    }

    /// The faults `CONTRACTS_TEST_FAULT` asks for; an unknown value is an error saying what is accepted.
    pub fn from_env() -> Result<Faults, String> {
        match std::env::var(ENV) {
            Ok(value) => Faults::parse(&value),
            Err(_) => Ok(Faults::none()),
        }
    }

    fn parse(value: &str) -> Result<Faults, String> {
        let wrong = || {
            let points: Vec<&str> = Point::ALL.iter().map(|(_, n)| *n).collect();
            format!(
                "{ENV}={value} is not understood: use disk-full-after=<number of files> or kill-at=<point>[:<n>], a point being one of {}",
                points.join(", ")
            )
        };
        let mut faults = Faults::none();
        if let Some(count) = value.strip_prefix("disk-full-after=") {
            faults.disk_full_after = Some(count.parse().map_err(|_| wrong())?);
        } else if let Some(at) = value.strip_prefix("kill-at=") {
            let (name, n) = at.split_once(':').unwrap_or((at, "1"));
            let point = Point::named(name).ok_or_else(wrong)?;
            faults.kill_at = Some((point, n.parse().map_err(|_| wrong())?));
        } else if !value.is_empty() {
            return Err(wrong());
        }
        Ok(faults)
    }

    /// Called before a file is written: an error as from a full disk once the allowed writes are spent.
    pub fn write(&self) -> io::Result<()> {
        let Some(allowed) = self.disk_full_after else {
            return Ok(());
        };
        if self.writes.fetch_add(1, Ordering::SeqCst) >= allowed {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "No space left on device (simulated by CONTRACTS_TEST_FAULT)",
            ));
        }
        Ok(())
    }

    /// Called at `point`: stops the process at once, as a kill would, when asked to stop there.
    pub fn pass(&self, point: Point) {
        if let Some((at, n)) = self.kill_at
            && at == point
            && self.passes.fetch_add(1, Ordering::SeqCst) + 1 >= n
        {
            std::process::abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seam_reads_its_value_and_fails_writes_when_asked() {
        let faults = Faults::parse("disk-full-after=2").unwrap();
        assert!(faults.write().is_ok() && faults.write().is_ok());
        let error = faults.write().unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
        assert_eq!(
            Faults::parse("kill-at=page:3").unwrap().kill_at,
            Some((Point::Page, 3))
        );
        assert!(Faults::parse("kill-at=nowhere").is_err());
        assert!(Faults::parse("explode").is_err());
        assert!(Faults::parse("").unwrap().write().is_ok());
    }
}
