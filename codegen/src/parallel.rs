//! Runs independent pieces of work on every core: the file parses of `load` and the output files of `build`.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// How many worker threads to start for `items` pieces of work: one per core, at least one, at most `items`.
fn threads_for(items: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, items.max(1))
}

/// `work` applied to every item, on one thread per core (each with `stack` bytes of stack when given), in the
/// order of `items`.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    stack: Option<usize>,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let mut done: Vec<(usize, R)> = Vec::with_capacity(items.len());
    for_each_result(items, stack, &work, |index, result| {
        done.push((index, result));
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Runs `work` on every item on one thread per core and hands each result, as soon as it is ready, to `sink` on
/// the calling thread (in the order they finish). At most a few results wait for the sink at any time, so
/// memory holds only the pieces in flight. The first error of `sink` stops the remaining work and is returned.
pub fn for_each_result<T: Sync, R: Send, E>(
    items: &[T],
    stack: Option<usize>,
    work: &(impl Fn(&T) -> R + Sync),
    mut sink: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E> {
    let threads = threads_for(items.len());
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (sender, receiver) = mpsc::sync_channel::<(usize, R)>(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let sender = sender.clone();
                let (next, stop) = (&next, &stop);
                let run = move || {
                    while !stop.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else {
                            return;
                        };
                        if sender.send((index, work(item))).is_err() {
                            return;
                        }
                    }
                };
                let mut builder = std::thread::Builder::new().name("contracts-worker".to_owned());
                if let Some(bytes) = stack {
                    builder = builder.stack_size(bytes);
                }
                builder
                    .spawn_scoped(scope, run)
                    .unwrap_or_else(|error| panic!("cannot start a worker thread: {error}"))
            })
            .collect();
        drop(sender);
        let mut outcome = Ok(());
        for (index, result) in receiver.iter() {
            if outcome.is_ok() {
                outcome = sink(index, result);
                if outcome.is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
            }
        }
        for worker in workers {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_the_order_of_the_items() {
        let items: Vec<u64> = (0..500).collect();
        let squares = map(&items, None, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map(&[] as &[u8], None, |n| *n).is_empty());
    }

    #[test]
    fn every_result_reaches_the_sink_once() {
        let items: Vec<usize> = (0..200).collect();
        let mut seen = vec![0; items.len()];
        for_each_result(&items, Some(1 << 20), &|n| n + 1, |index, value| {
            assert_eq!(value, index + 1);
            seen[index] += 1;
            Ok::<(), ()>(())
        })
        .unwrap();
        assert!(seen.iter().all(|&count| count == 1));
    }

    #[test]
    fn an_error_of_the_sink_stops_the_work_and_is_returned() {
        let items: Vec<usize> = (0..10_000).collect();
        let started = AtomicUsize::new(0);
        let work = |n: &usize| {
            started.fetch_add(1, Ordering::Relaxed);
            *n
        };
        let outcome = for_each_result(
            &items,
            None,
            &work,
            |_, n| if n >= 3 { Err(n) } else { Ok(()) },
        );
        assert!(outcome.is_err());
        assert!(started.load(Ordering::Relaxed) < items.len());
    }
}
