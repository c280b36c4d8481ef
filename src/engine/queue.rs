//! The future-event list: ordered by time, then by insertion.
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

/// Buckets of the far future in a queue's first replication (see [`EventQueue`]).
const BUCKETS: usize = 256;
/// Scheduled events per bucket the queue aims at from its second replication on.
const EVENTS_PER_BUCKET: usize = 8;
const MIN_BUCKETS: usize = 16;
const MAX_BUCKETS: usize = 1 << 20;

const NIL: u32 = u32::MAX;

/// Where [`EventQueue::pop`] takes the next event from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Run,
    Heap,
    Due,
    Empty,
}

/// An event parked in a bucket of the far future; `next` links the bucket's events.
#[derive(Debug, Clone, Copy)]
struct Node<E> {
    entry: Entry<E>,
    next: u32,
}

/// A priority queue of events keyed by (time, insertion order).
///
/// Events at or after the horizon are never run, so they are not kept: a resident's exit years
/// ahead would otherwise sit in the queue all replication long (about half of the baseline's
/// scheduled events lie beyond its horizon). Dropping them leaves the order of the others as it
/// was: they keep their relative insertion order.
///
/// The rest of the horizon is cut into equal buckets of time. An event in a bucket not yet
/// reached is linked into it in O(1) (parked). When the reached events run out, the next
/// bucket's events are sorted into a run, taken from its front; an event scheduled into a bucket
/// already reached goes to a binary heap, and `pop` takes the earlier of the run's front and the
/// heap's top. So the run and the heap hold about one bucket's events, not every pending exit
/// (a scaled baseline with 6 700 units keeps about one exit per resident pending, some 45 000),
/// and the work per event does not grow with their number. Every reached event lies in an
/// earlier bucket than every parked one and bucket numbers grow with time, so the order is exact whatever the
/// number of buckets. That number is 256 at first; [`clear`](Self::clear) then sizes it from the
/// last replication's count of scheduled events, about eight per bucket (a power of two, changed
/// only when it is off by more than a factor of four, so a reused queue settles and stops
/// allocating).
///
/// Events due at the current time (an answer given at once, a move-in without lead time) wait in
/// a FIFO line, which is already in insertion order. `pop` takes the earlier of the run's front
/// and the heap's top only when it comes before the line's front in (time, insertion) order, so
/// the order of events is exactly that of a single heap.
#[derive(Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    /// The pending events of the last bucket moved out of parking, latest first (taken from
    /// the back).
    run: Vec<Entry<E>>,
    /// Events due at `now`, with their insertion numbers, in insertion order.
    due: VecDeque<(u64, E)>,
    /// First parked event of each bucket (`NIL` if none).
    heads: Vec<u32>,
    /// Parked events, linked per bucket; unused nodes form the free list from `free`.
    nodes: Vec<Node<E>>,
    free: u32,
    /// Number of parked events.
    parked: usize,
    /// Buckets before this one have been reached (moved into the run).
    next: usize,
    /// Number of buckets [`clear`](Self::clear) sets up.
    buckets: usize,
    /// Events pushed into the heap or parked since the last clear.
    scheduled: usize,
    /// Days per bucket (infinite without buckets, as when the horizon is not a positive finite
    /// number: then everything goes to the heap).
    width: SimTime,
    /// Time of the last event taken.
    now: SimTime,
    seq: u64,
    horizon: SimTime,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            run: Vec::new(),
            due: VecDeque::new(),
            heads: Vec::new(),
            nodes: Vec::new(),
            free: NIL,
            parked: 0,
            next: 0,
            buckets: BUCKETS,
            scheduled: 0,
            width: SimTime::INFINITY,
            now: SimTime::NEG_INFINITY,
            seq: 0,
            horizon: SimTime::INFINITY,
        }
    }
}

impl<E: Copy> EventQueue<E> {
    /// Empties the queue, keeping its memory; events at or after `horizon` will be dropped.
    pub fn clear(&mut self, horizon: SimTime) {
        if self.scheduled > 0 {
            let want = (self.scheduled / EVENTS_PER_BUCKET)
                .clamp(MIN_BUCKETS, MAX_BUCKETS)
                .next_power_of_two();
            if want > 4 * self.buckets || 4 * want < self.buckets {
                self.buckets = want;
            }
        }
        self.clear_with(horizon, self.buckets);
    }

    /// [`clear`](Self::clear) with `buckets` buckets of the far future (none: a plain heap).
    pub fn clear_with(&mut self, horizon: SimTime, buckets: usize) {
        self.heap.clear();
        self.run.clear();
        self.due.clear();
        self.nodes.clear();
        self.free = NIL;
        self.parked = 0;
        self.next = 0;
        self.scheduled = 0;
        self.now = SimTime::NEG_INFINITY;
        self.seq = 0;
        self.horizon = horizon;
        let buckets = if horizon.is_finite() && horizon > 0.0 {
            buckets
        } else {
            0
        };
        self.heads.clear();
        self.heads.resize(buckets, NIL);
        self.width = if buckets > 0 {
            horizon / buckets as f64
        } else {
            SimTime::INFINITY
        };
    }

    /// The bucket of time `t`: never decreasing in `t`, so a later bucket holds later events.
    #[inline]
    fn bucket_of(&self, t: SimTime) -> usize {
        // `as` saturates: negative times fall in bucket 0.
        ((t / self.width) as usize).min(self.heads.len().saturating_sub(1))
    }

    /// Schedules `event` at `time` (dropped if `time` is at or after the horizon).
    #[inline]
    pub fn push(&mut self, time: SimTime, event: E) {
        // Also drops a NaN time, which has no place in the order.
        if time.is_nan() || time >= self.horizon {
            return;
        }
        debug_assert!(time >= self.now, "an event scheduled in the past");
        let seq = self.seq;
        self.seq += 1;
        if time == self.now {
            self.due.push_back((seq, event));
            return;
        }
        self.scheduled += 1;
        let entry = Entry { time, seq, event };
        let b = self.bucket_of(time);
        if b < self.next || self.heads.is_empty() {
            self.heap.push(entry);
            return;
        }
        let node = Node {
            entry,
            next: self.heads[b],
        };
        let i = if self.free == NIL {
            self.nodes.push(node);
            debug_assert!(
                self.nodes.len() < NIL as usize,
                "more parked events than node numbers"
            );
            (self.nodes.len() - 1) as u32
        } else {
            let i = self.free;
            self.free = self.nodes[i as usize].next;
            self.nodes[i as usize] = node;
            i
        };
        self.heads[b] = i;
        self.parked += 1;
    }

    /// Whether no reached event is pending (parked ones and the line of due events aside).
    #[inline]
    fn reached_empty(&self) -> bool {
        self.heap.is_empty() && self.run.is_empty()
    }

    /// When no reached event is pending, sorts the next non-empty bucket into the run. (Every
    /// parked event lies in a bucket from `next` on, so the loop stays within the buckets.)
    fn refill(&mut self) {
        while self.reached_empty() && self.parked > 0 {
            let mut i = std::mem::replace(&mut self.heads[self.next], NIL);
            self.next += 1;
            while i != NIL {
                let node = self.nodes[i as usize];
                self.run.push(node.entry);
                self.nodes[i as usize].next = self.free;
                self.free = i;
                self.parked -= 1;
                i = node.next;
            }
            // Latest first: `Entry` orders the earliest as the greatest (for the max-heap), so
            // ascending order puts it last.
            self.run.sort_unstable();
        }
    }

    /// Where the earliest pending event is (after [`refill`](Self::refill)).
    fn source(&self) -> Source {
        let run = self.run.last();
        let (first, source) = match (run, self.heap.peek()) {
            (Some(r), Some(h)) if h > r => (h, Source::Heap),
            (Some(r), _) => (r, Source::Run),
            (None, Some(h)) => (h, Source::Heap),
            (None, None) => {
                return if self.due.is_empty() {
                    Source::Empty
                } else {
                    Source::Due
                };
            }
        };
        match self.due.front() {
            Some(&(seq, _))
                if first.time.total_cmp(&self.now).then(first.seq.cmp(&seq)) != Ordering::Less =>
            {
                Source::Due
            }
            _ => source,
        }
    }

    /// Removes and returns the earliest event.
    #[inline]
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        if self.reached_empty() {
            self.refill();
        }
        let e = match self.source() {
            Source::Run => self.run.pop().expect("the run's front"),
            Source::Heap => self.heap.pop().expect("the heap's top"),
            Source::Due => return self.due.pop_front().map(|(_, e)| (self.now, e)),
            Source::Empty => return None,
        };
        self.now = e.time;
        Some((e.time, e.event))
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len() + self.run.len() + self.due.len() + self.parked
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
        /// Pushing at the current time (the line of due events), into the heap and into the
        /// buckets of the far future, pops in between: the order is exactly (time, insertion),
        /// as with a single heap, for any number of buckets and fractional times.
        #[test]
        fn the_queue_keeps_the_order_of_a_single_heap(
            ops in proptest::collection::vec((0u8..4, 0u8..6, 0u8..4), 1..300),
            buckets in proptest::prop_oneof![0usize..12, proptest::strategy::Just(256), proptest::strategy::Just(4096)],
            horizon in 5.0f64..200.0,
        ) {
            let mut q = EventQueue::default();
            q.clear_with(horizon, buckets);
            let mut reference: BinaryHeap<Entry<usize>> = BinaryHeap::new();
            let mut now = 0.0;
            for (i, (kind, dt, frac)) in ops.into_iter().enumerate() {
                if kind == 0 {
                    // Pop from both and compare.
                    let got = q.pop();
                    let want = reference.pop().map(|e| (e.time, e.event));
                    proptest::prop_assert_eq!(got, want);
                    if let Some((t, _)) = got {
                        now = t;
                    }
                } else {
                    // Push at now (kind 1) or later, on whole days or between them.
                    let t = if kind == 1 { now } else { now + dt as f64 + frac as f64 / 3.0 };
                    q.push(t, i);
                    if t < horizon {
                        reference.push(Entry { time: t, seq: i as u64, event: i });
                    }
                }
                proptest::prop_assert_eq!(q.len(), reference.len());
            }
            while let Some(want) = reference.pop() {
                proptest::prop_assert_eq!(q.pop(), Some((want.time, want.event)));
            }
            proptest::prop_assert_eq!(q.pop(), None);
            proptest::prop_assert!(q.is_empty());
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
