//! The future-event list: a binary heap ordered by time, then by insertion.
//!
//! Events at equal times run in the order they were scheduled (a sequence number breaks ties),
//! so a replication is a pure function of its random streams; times compare with `total_cmp`.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

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
#[derive(Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    seq: u64,
    horizon: SimTime,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            seq: 0,
            horizon: SimTime::INFINITY,
        }
    }
}

impl<E> EventQueue<E> {
    /// Empties the queue, keeping its memory; events at or after `horizon` will be dropped.
    pub fn clear(&mut self, horizon: SimTime) {
        self.heap.clear();
        self.seq = 0;
        self.horizon = horizon;
    }

    /// Schedules `event` at `time` (dropped if `time` is at or after the horizon).
    pub fn push(&mut self, time: SimTime, event: E) {
        if time >= self.horizon {
            return;
        }
        self.heap.push(Entry {
            time,
            seq: self.seq,
            event,
        });
        self.seq += 1;
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        self.heap.pop().map(|e| (e.time, e.event))
    }

    /// Time of the earliest event.
    pub fn peek_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|e| e.time)
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
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
