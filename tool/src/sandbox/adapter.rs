//! What the Portal's adapter fixes on the wire, which the sandbox plays: its routes, and how it writes times.

/// Where the login and token routes are.
pub const LOGIN_PATH: &str = "/dvcqg/login";
pub const TOKEN_PATH: &str = "/oauth2/token";
pub const ADAPTER_PATH: &str = "/dvcqg";

/// `yyyyMMddHHmmss` in Vietnam time (UTC+7) of a time in milliseconds since 1970.
pub fn vietnam_time(at_ms: i64) -> String {
    let utc = time::OffsetDateTime::from_unix_timestamp(at_ms / 1000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let t = utc.to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC));
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnam_time_is_utc_plus_seven() {
        // 2026-02-10T03:15:00Z
        assert_eq!(vietnam_time(1_770_693_300_000), "20260210101500");
    }
}
