//! A time limit that a check polls, so work whose answer is no longer wanted (a `serve` request whose time is up)
//! stops and frees its slot instead of running to the end.

use std::time::{Duration, Instant};

use thiserror::Error;

/// When a check must give up; [`Deadline::NEVER`] for a check that always finishes (the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline(Option<Instant>);

/// A check stopped because its deadline passed; its partial results are dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("the check ran out of time")]
pub struct TimeUp;

impl Deadline {
    pub const NEVER: Deadline = Deadline(None);

    /// A deadline `limit` from now (none, for a limit too far off to represent).
    pub fn after(limit: Duration) -> Deadline {
        Deadline(Instant::now().checked_add(limit))
    }

    /// `Err(TimeUp)` once the deadline has passed: polled per sentence and between the stages of a check.
    pub fn check(self) -> Result<(), TimeUp> {
        match self.0 {
            Some(at) if Instant::now() >= at => Err(TimeUp),
            _ => Ok(()),
        }
    }
}

/// The result of work run with [`Deadline::NEVER`], which never runs out of time.
pub fn finished<T>(result: Result<T, TimeUp>) -> T {
    match result {
        Ok(value) => value,
        Err(TimeUp) => unreachable!("work without a deadline ran out of time"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passed_deadline_is_time_up_and_never_is_not() {
        assert_eq!(Deadline::after(Duration::ZERO).check(), Err(TimeUp));
        assert_eq!(Deadline::after(Duration::from_secs(3600)).check(), Ok(()));
        assert_eq!(Deadline::NEVER.check(), Ok(()));
    }
}
