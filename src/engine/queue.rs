//! The future-event list: a binary heap ordered by time, then by insertion.
//!
//! Events at equal times run in the order they were scheduled (a sequence number breaks ties),
//! so a replication is a pure function of its random streams; times compare with `total_cmp`.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use crate::model::SimTime;

#[derive(Debug, Clone, Copy)]
struct Entry<E> {
    time: SimTime,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap and we want the earliest first.
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// A priority queue of events keyed by (time, insertion order).
///
/// Events at or after the horizon are never run, so they are not kept: a resident's exit years
/// ahead would otherwise sit in the heap all replication long and deepen every push and pop
/// (about half of the baseline's scheduled events lie beyond its horizon). Dropping them leaves
/// the order of the others as it was: they keep their relative insertion order.
///
/// Events due at the current time (an answer given at once, a move-in without lead time) do not
/// go through the heap either: they wait in a FIFO line, which is already in insertion order.
/// `pop` takes the heap's top only when it comes before the line's front in (time, insertion)
/// order, so the order of events is exactly that of a single heap.
#[derive(Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    /// Events due at `now`, with their insertion numbers, in insertion order.
    due: VecDeque<(u64, E)>,
    /// Time of the last event taken.
    now: SimTime,
    seq: u64,
    horizon: SimTime,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            due: VecDeque::new(),
            now: SimTime::NEG_INFINITY,
            seq: 0,
            horizon: SimTime::INFINITY,
        }
    }
}

impl<E> EventQueue<E> {
    /// Empties the queue, keeping its memory; events at or after `horizon` will be dropped.
    pub fn clear(&mut self, horizon: SimTime) {
        self.heap.clear();
        self.due.clear();
        self.now = SimTime::NEG_INFINITY;
        self.seq = 0;
        self.horizon = horizon;
    }

    /// Schedules `event` at `time` (dropped if `time` is at or after the horizon).
    pub fn push(&mut self, time: SimTime, event: E) {
        if time >= self.horizon {
            return;
        }
        if time == self.now {
            self.due.push_back((self.seq, event));
        } else {
            self.heap.push(Entry {
                time,
                seq: self.seq,
                event,
            });
        }
        self.seq += 1;
    }

    /// Whether the heap's top comes before the front of the line of events due now.
    fn heap_first(&self) -> bool {
        match (self.heap.peek(), self.due.front()) {
            (Some(top), Some(&(seq, _))) => {
                top.time.total_cmp(&self.now).then(top.seq.cmp(&seq)) == Ordering::Less
            }
            (_, None) => true,
            (None, Some(_)) => false,
        }
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        if self.heap_first() {
            let e = self.heap.pop()?;
            self.now = e.time;
            Some((e.time, e.event))
        } else {
            self.due.pop_front().map(|(_, e)| (self.now, e))
        }
    }

    /// Time of the earliest event.
    pub fn peek_time(&self) -> Option<SimTime> {
        if self.heap_first() {
            self.heap.peek().map(|e| e.time)
        } else {
            Some(self.now)
        }
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len() + self.due.len()
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty() && self.due.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_times_run_in_insertion_order() {
        let mut q = EventQueue::default();
        q.push(5.0, 'c');
        q.push(1.0, 'a');
        q.push(5.0, 'd');
        q.push(1.0, 'b');
        q.push(5.0, 'e');
        q.push(0.5, 'z');
        let order: String = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, "zabcde");
    }

    proptest::proptest! {
        /// Pushing at the current time (the line of due events) and elsewhere (the heap), pops in
        /// between: the order is exactly (time, insertion), as with a single heap.
        #[test]
        fn the_line_of_due_events_keeps_the_order_of_a_single_heap(
            ops in proptest::collection::vec((0u8..4, 0u8..6), 1..200),
        ) {
            let mut q = EventQueue::default();
            q.clear(1e9);
            let mut reference: BinaryHeap<Entry<usize>> = BinaryHeap::new();
            let mut now = 0.0;
            for (i, (kind, dt)) in ops.into_iter().enumerate() {
                if kind == 0 {
                    // Pop from both and compare.
                    let got = q.pop();
                    let want = reference.pop().map(|e| (e.time, e.event));
                    proptest::prop_assert_eq!(got, want);
                    if let Some((t, _)) = got {
                        now = t;
                    }
                } else {
                    // Push at now (kind 1) or later.
                    let t = if kind == 1 { now } else { now + dt as f64 };
                    q.push(t, i);
                    reference.push(Entry { time: t, seq: i as u64, event: i });
                }
            }
            while let Some(want) = reference.pop() {
                proptest::prop_assert_eq!(q.pop(), Some((want.time, want.event)));
            }
            proptest::prop_assert_eq!(q.pop(), None);
        }
    }

    #[test]
    fn events_at_or_after_the_horizon_are_dropped() {
        let mut q = EventQueue::default();
        q.clear(10.0);
        q.push(10.0, 'x');
        q.push(3.0, 'a');
        q.push(1e9, 'y');
        q.push(9.99, 'b');
        assert_eq!(q.len(), 2);
        let order: String = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, "ab");
    }
}
