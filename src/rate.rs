//! CometChat's rate limits as the client sees them (Part A, "Rate limits"): what the answers'
//! headers say, and whether the next request may go now, after a wait, or not at all. Pure: the
//! header values arrive as numbers (`NaN` when absent or not a number; src/http.rs) and time as
//! milliseconds of a monotonic clock (src/http.rs `now`); only the headers are epoch times.

/// No wait is ever longer than this: CometChat's window is a minute, so a reset or a
/// `Retry-After` further away (a year, or a client clock that is wrong) is a bug, not a plan.
pub const MAX_WAIT_MS: f64 = 60_000.0;
/// Past this, a count is not a count.
const MAX_COUNT: f64 = 1e9;
/// Once a window has ended, a new one of the same limit is assumed to have begun; until an
/// answer says when it ends, requests past its limit are held at most this long.
const PROVISIONAL_MS: f64 = 1000.0;

/// What the server said of the app's current window, and what the client has spent since.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Window {
    pub limit: u32,
    pub remaining: u32,
    /// When the window ends (ms since the epoch).
    pub reset_at: f64,
    /// Nothing may be sent before this (a 429's `Retry-After`), or 0.
    pub blocked_until: f64,
    /// Whether the server ever sent the limit headers.
    pub known: bool,
    /// The window is the client's guess (the last one ended, no answer of the new one yet).
    pub provisional: bool,
}

/// The rate-limit headers of one answer, as numbers (`NaN` when absent).
#[derive(Debug, Clone, Copy)]
pub struct Headers {
    pub limit: f64,
    pub remaining: f64,
    /// `X-Rate-Limit-Reset`: epoch seconds (CometChat, the emulator), epoch milliseconds, or
    /// seconds from now (a small number); all three are seen in the wild.
    pub reset: f64,
    /// `Retry-After`, seconds.
    pub retry_after: f64,
    /// The server's clock when it answered (its `Date`, ms since the epoch; src/http.rs puts the
    /// client's wall clock when there is none): an absolute reset is that far ahead of it. `NaN`:
    /// `now` itself is the epoch time.
    pub date: f64,
}

fn count(v: f64) -> Option<u32> {
    (v.is_finite() && (0.0..=MAX_COUNT).contains(&v)).then_some(v as u32)
}

/// `Retry-After` in ms, capped; `None` when absent or nonsense.
pub fn retry_after_ms(seconds: f64) -> Option<f64> {
    (seconds.is_finite() && seconds >= 0.0).then(|| (seconds * 1000.0).min(MAX_WAIT_MS))
}

/// `X-Rate-Limit-Reset` on the clock of `now`, at most `MAX_WAIT_MS` ahead of it. An absolute
/// reset (epoch ms or s) is the server's own distance to it, from its `date`: a client clock
/// minutes off the server's waits neither minutes too long nor not at all.
fn reset_at(reset: f64, date: f64, now: f64) -> Option<f64> {
    if !reset.is_finite() || reset < 0.0 {
        return None;
    }
    let epoch_ms = if reset >= 1e12 {
        reset
    } else if reset >= 1e9 {
        reset * 1000.0
    } else {
        return Some(now + (reset * 1000.0).min(MAX_WAIT_MS));
    };
    let at = if date.is_finite() { now + (epoch_ms - date) } else { epoch_ms };
    Some(at.min(now + MAX_WAIT_MS))
}

impl Window {
    pub const DEFAULT: Window =
        Window { limit: 0, remaining: 0, reset_at: 0.0, blocked_until: 0.0, known: false, provisional: false };

    /// Takes in an answer's headers at `now`. Answers of one window can arrive out of order: the
    /// lower `remaining` wins within a window (the client's own count includes requests still in
    /// flight), a later window replaces it, an ended one is ignored. `too_many` is a 429.
    pub fn observe(&mut self, h: Headers, too_many: bool, now: f64) {
        if let (Some(limit), Some(remaining), Some(reset_at)) =
            (count(h.limit), count(h.remaining), reset_at(h.reset, h.date, now))
        {
            if reset_at > now {
                let same_window = self.known && (self.provisional || (reset_at - self.reset_at).abs() < 1000.0);
                let remaining = remaining.min(limit);
                self.remaining = if same_window { remaining.min(self.remaining) } else { remaining };
                self.limit = limit;
                self.reset_at = reset_at;
                self.known = true;
                self.provisional = false;
            }
        }
        if too_many {
            // Without a usable Retry-After, the window's end; without that either, a second.
            let wait = retry_after_ms(h.retry_after)
                .or_else(|| (self.known && self.reset_at > now).then_some(self.reset_at - now))
                .unwrap_or(1000.0);
            self.blocked_until = self.blocked_until.max(now + wait);
            if self.known {
                self.remaining = 0;
            }
        }
    }

    /// How long a request must wait at `now` before it may be sent (0: go now).
    pub fn wait(&self, now: f64) -> f64 {
        let mut until = self.blocked_until;
        if self.known && self.remaining == 0 && self.reset_at > until {
            until = self.reset_at;
        }
        (until - now).max(0.0)
    }

    /// A request that would go at `now`: 0 when it may, having spent one of the window's
    /// requests; else how long it must wait first.
    pub fn take(&mut self, now: f64) -> f64 {
        let wait = self.wait(now);
        if wait <= 0.0 {
            self.spend(now);
        }
        wait
    }

    /// A request is sent at `now`: it spends one of the window's requests (so that concurrent
    /// calls do not all rush into the last one). Past the window's end a new one begins, of the
    /// same limit, its end unknown until an answer says.
    fn spend(&mut self, now: f64) {
        if !self.known {
            return;
        }
        if now >= self.reset_at {
            self.remaining = self.limit;
            self.reset_at = now + PROVISIONAL_MS;
            self.provisional = true;
        }
        self.remaining = self.remaining.saturating_sub(1);
    }

    /// `{ limit, remaining, resetAt }` for `getRateLimit()`, once the server has sent them.
    pub fn shown(&self) -> Option<(u32, u32, f64)> {
        self.known.then_some((self.limit, self.remaining, self.reset_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_700_000_000_000.0;
    const NONE: Headers =
        Headers { limit: f64::NAN, remaining: f64::NAN, reset: f64::NAN, retry_after: f64::NAN, date: f64::NAN };

    fn h(limit: f64, remaining: f64, reset: f64) -> Headers {
        Headers { limit, remaining, reset, ..NONE }
    }

    #[test]
    fn an_answer_without_headers_leaves_nothing_known() {
        let mut w = Window::default();
        w.observe(NONE, false, NOW);
        assert_eq!(w.shown(), None);
        assert_eq!(w.wait(NOW), 0.0);
    }

    #[test]
    fn reset_is_read_as_epoch_seconds_epoch_ms_or_seconds_from_now() {
        for (reset, at) in
            [(NOW / 1000.0 + 30.0, NOW + 30_000.0), (NOW + 30_000.0, NOW + 30_000.0), (30.0, NOW + 30_000.0)]
        {
            let mut w = Window::default();
            w.observe(h(10.0, 4.0, reset), false, NOW);
            assert_eq!(w.shown(), Some((10, 4, at)), "reset {reset}");
        }
    }

    #[test]
    fn nonsense_values_are_ignored_and_huge_ones_capped() {
        for bad in [
            h(f64::NAN, 1.0, 30.0),
            h(10.0, -1.0, 30.0),
            h(10.0, 1.0, -5.0),
            h(1e300, 1.0, 30.0),
            h(10.0, f64::INFINITY, 30.0),
        ] {
            let mut w = Window::default();
            w.observe(bad, false, NOW);
            assert_eq!(w.shown(), None, "{bad:?}");
        }
        // A reset a year away, or a Retry-After of a year: a minute at most.
        let mut w = Window::default();
        w.observe(h(10.0, 0.0, NOW / 1000.0 + 365.0 * 86400.0), false, NOW);
        assert_eq!(w.wait(NOW), MAX_WAIT_MS);
        let mut w = Window::default();
        w.observe(Headers { retry_after: 365.0 * 86400.0, ..NONE }, true, NOW);
        assert_eq!(w.wait(NOW), MAX_WAIT_MS);
        assert_eq!(retry_after_ms(f64::NAN), None);
        assert_eq!(retry_after_ms(-1.0), None);
        assert_eq!(retry_after_ms(1.5), Some(1500.0));
    }

    #[test]
    fn an_exhausted_window_waits_for_its_reset_and_a_429_for_retry_after() {
        let mut w = Window::default();
        w.observe(h(5.0, 0.0, 2.0), false, NOW);
        assert_eq!(w.wait(NOW), 2000.0);
        assert_eq!(w.wait(NOW + 2000.0), 0.0);
        let mut w = Window::default();
        w.observe(Headers { retry_after: 3.0, ..h(5.0, 0.0, 2.0) }, true, NOW);
        assert_eq!(w.wait(NOW), 3000.0, "Retry-After beyond the reset wins");
        let mut w = Window::default();
        w.observe(NONE, true, NOW);
        assert_eq!(w.wait(NOW), 1000.0, "a bare 429 still holds the next request back a little");
    }

    #[test]
    fn concurrent_requests_spend_the_window_and_late_answers_never_raise_it() {
        let mut w = Window::default();
        w.observe(h(5.0, 2.0, 60.0), false, NOW);
        assert_eq!(w.take(NOW), 0.0);
        assert_eq!(w.take(NOW), 0.0);
        assert_eq!(w.take(NOW), 60_000.0, "two sent into the last two: the third waits");
        // An older answer of the same window says 3 remain: the lower count stands.
        w.observe(h(5.0, 3.0, 60.0), false, NOW + 10.0);
        assert_eq!(w.shown().map(|s| s.1), Some(0));
        // A new window replaces it.
        w.observe(h(5.0, 4.0, 120.0), false, NOW + 61_000.0);
        assert_eq!(w.shown().map(|s| s.1), Some(4));
    }

    #[test]
    fn past_its_reset_a_new_window_of_the_same_limit_begins_until_an_answer_says() {
        let mut w = Window::default();
        w.observe(h(3.0, 0.0, 1.0), false, NOW);
        assert_eq!(w.take(NOW + 500.0), 500.0, "spent: wait for the reset");
        // After it: three go (the limit), the fourth waits for an answer of the new window.
        let later = NOW + 1500.0;
        for _ in 0..3 {
            assert_eq!(w.take(later), 0.0);
        }
        assert!(w.take(later) > 0.0, "a fourth request went into a window of three");
        // The first answer of the new window: the server counted one, three are in flight.
        w.observe(h(3.0, 2.0, 60.0), false, later + 10.0);
        assert_eq!(w.shown(), Some((3, 0, later + 10.0 + 60_000.0)), "the client's own count stands");
        // A late answer of the ended window changes nothing.
        w.observe(h(3.0, 2.0, (NOW + 1000.0) / 1000.0), false, later + 20.0);
        assert_eq!(w.shown().map(|s| s.1), Some(0));
    }

    /// A monotonic clock's reading: far from the epoch time of the same instant.
    const MONO: f64 = 123_456.0;

    #[test]
    fn an_absolute_reset_is_read_against_the_servers_date_not_the_client_clock() {
        // The client's wall clock is 10 minutes slow: the server says its window ends 2 s after
        // its own now. The wait is those 2 s, not 10 minutes and 2 s.
        let server_now = NOW + 600_000.0;
        for reset in [server_now / 1000.0 + 2.0, server_now + 2000.0] {
            let mut w = Window::default();
            w.observe(Headers { date: server_now, ..h(10.0, 0.0, reset) }, false, MONO);
            assert_eq!(w.wait(MONO), 2000.0, "reset {reset}");
            assert_eq!(w.wait(MONO + 2000.0), 0.0);
        }
        // 10 minutes fast: a reset 2 s ahead of the server is not in this client's past.
        let server_now = NOW - 600_000.0;
        let mut w = Window::default();
        w.observe(Headers { date: server_now, ..h(10.0, 0.0, server_now / 1000.0 + 2.0) }, false, MONO);
        assert_eq!(w.wait(MONO), 2000.0);
        // A reset in seconds from now needs no date.
        let mut w = Window::default();
        w.observe(Headers { date: NOW - 600_000.0, ..h(10.0, 0.0, 2.0) }, false, MONO);
        assert_eq!(w.wait(MONO), 2000.0);
    }

    #[test]
    fn no_reset_or_retry_after_waits_longer_than_the_window() {
        // A reset an hour ahead of the server's clock (any spelling), or a Retry-After of an
        // hour: a minute.
        for reset in [(NOW + 3_600_000.0) / 1000.0, NOW + 3_600_000.0, 3600.0] {
            let mut w = Window::default();
            w.observe(Headers { date: NOW, ..h(10.0, 0.0, reset) }, false, MONO);
            assert_eq!(w.wait(MONO), 60_000.0, "reset {reset}");
        }
        let mut w = Window::default();
        w.observe(Headers { retry_after: 3600.0, ..NONE }, true, MONO);
        assert_eq!(w.wait(MONO), 60_000.0);
        // A server's Date an hour behind its own reset is no longer wait either.
        let mut w = Window::default();
        w.observe(Headers { date: NOW - 3_600_000.0, ..h(10.0, 0.0, NOW / 1000.0) }, false, MONO);
        assert_eq!(w.wait(MONO), 60_000.0);
    }
}
