//! The memory this process has used, as `bench` and the build's own measurements report it.

/// The peak resident memory of this process (`VmHWM` of `/proc/self/status`), in KiB; `None` where the system
/// does not say.
pub fn peak_resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
