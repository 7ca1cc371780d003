//! Where a list request stands (Part A "Users directory"): which page the next `fetchNext()`
//! asks for and whether the last page was read. Where the official SDK is broken we are not:
//! past the last page nothing is sent; overlapping calls reserve consecutive pages at call time;
//! a failed page is asked for again by the next call. (Which uids were handed out is kept in JS,
//! by `directory`: no uid is copied into wasm for it.) Pure.

use crate::prelude::*;

#[derive(Debug, Default)]
pub struct Paging {
    /// The next page never reserved (1-based); 0 until the first reservation.
    next: u32,
    /// Pages whose request failed, to be asked for again first.
    retry: Vec<u32>,
    /// `total_pages` from the server, once known.
    last: Option<u32>,
    /// A page came back empty: nothing lies past it.
    ended: bool,
    /// `meta.pagination.total`, once known.
    pub total: Option<u32>,
}

impl Paging {
    /// Whether a `fetchNext()` could still return users.
    pub fn has_more(&self) -> bool {
        !self.ended && (!self.retry.is_empty() || self.last.is_none_or(|last| self.next.max(1) <= last))
    }

    /// The page the calling `fetchNext()` asks for, or `None`: past the end, send nothing.
    pub fn reserve(&mut self) -> Option<u32> {
        if !self.has_more() {
            return None;
        }
        if let Some(i) = (0..self.retry.len()).min_by_key(|&i| self.retry.get(i)) {
            return Some(self.retry.swap_remove(i));
        }
        let page = self.next.max(1);
        self.next = page + 1;
        Some(page)
    }

    /// The request for `page` failed: the next call asks for it again.
    pub fn failed(&mut self, page: u32) {
        self.retry.push(page);
    }

    /// `page` came back with `count` users and the server's pagination.
    pub fn read(&mut self, count: usize, total_pages: Option<u32>, total: Option<u32>) {
        if count == 0 {
            self.ended = true;
        }
        if total_pages.is_some() {
            self.last = total_pages;
        }
        if total.is_some() {
            self.total = total;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_until_the_last_then_nothing_is_sent() {
        let mut p = Paging::default();
        assert!(p.has_more());
        assert_eq!(p.reserve(), Some(1));
        p.read(30, Some(3), Some(75));
        assert_eq!((p.reserve(), p.reserve()), (Some(2), Some(3)));
        p.read(30, Some(3), Some(75));
        p.read(15, Some(3), Some(75));
        assert!(!p.has_more());
        assert_eq!(p.reserve(), None);
        assert_eq!(p.total, Some(75));
    }

    #[test]
    fn overlapping_calls_get_consecutive_pages_and_a_failed_page_is_asked_again() {
        let mut p = Paging::default();
        let (a, b) = (p.reserve(), p.reserve());
        assert_eq!((a, b), (Some(1), Some(2)));
        p.failed(1);
        p.read(10, Some(5), None);
        assert_eq!(p.reserve(), Some(1));
        assert_eq!(p.reserve(), Some(3));
    }

    #[test]
    fn an_empty_page_ends_the_list() {
        let mut p = Paging::default();
        p.reserve();
        p.read(0, None, Some(0));
        assert!(!p.has_more());
        assert_eq!(p.reserve(), None);
    }

    #[test]
    fn no_pagination_from_the_server_keeps_paging_until_an_empty_page() {
        let mut p = Paging::default();
        for want in 1..=4 {
            assert_eq!(p.reserve(), Some(want));
            p.read(2, None, None);
        }
        assert!(p.has_more());
    }
}
